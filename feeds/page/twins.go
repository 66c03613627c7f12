package page

import (
	"fmt"
	"slices"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Some CMSs split one column's list into several containers of five or ten
// entries (<ul>…</ul><div class="line"></div><ul>…</ul>). Each scores as a
// list of its own; joinTwins puts the winner's twins back to it: lists
// with the same tag and class under the same parent, their entries of the
// same tag, and no heading between them (which would make them sections).

// joinTwins returns the winner (cands[0]) joined with its twins, and the
// other candidates in their order.
func joinTwins(cands []Candidate) (Candidate, []Candidate) {
	win := cands[0]
	twins := []Candidate{win}
	var rest []Candidate
	for _, c := range cands[1:] {
		if c.first.Data == win.first.Data && twin(c.parents[0], win.parents[0]) {
			twins = append(twins, c)
		} else {
			rest = append(rest, c)
		}
	}
	if len(twins) == 1 {
		return win, rest
	}
	slices.SortFunc(twins, func(a, b Candidate) int { return childIndex(a.parents[0]) - childIndex(b.parents[0]) })
	joined := Candidate{first: twins[0].first}
	for _, t := range twins {
		joined.parents = append(joined.parents, t.parents[0])
		joined.members = append(joined.members, t.members...)
		joined.Blocks += t.Blocks
		joined.Items += t.Items
		joined.Dated += t.Dated
		joined.Score += t.Score
	}
	joined.Score = round2(joined.Score)
	joined.Reason = fmt.Sprintf("%d lists of one kind side by side, %d entries in all, %d dated; the best: %s",
		len(twins), joined.Items, joined.Dated, win.Reason)
	return joined, rest
}

// twin reports whether containers a and b are parts of one list.
func twin(a, b *html.Node) bool {
	if a == b || a.Parent != b.Parent || a.Data != b.Data || attr(a, "class") != attr(b, "class") {
		return false
	}
	if childIndex(a) > childIndex(b) {
		a, b = b, a
	}
	for s := a.NextSibling; s != nil && s != b; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		switch s.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return false
		}
		if textOf(s) != "" && s.Data != a.Data {
			return false // a heading or a label in a div
		}
	}
	return true
}
