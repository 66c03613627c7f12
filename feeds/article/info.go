package article

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// infoText is the text around the container where pages put the date,
// source and author lines: the short blocks before it (up to five levels
// up) and the container's start and end, one part a line.
//
// The parts are written into one buffer and joined once at the end:
// infoText runs for every page, and copying each part out and joining
// them level by level was a fifth of what the extractor allocated.
func infoText(box *html.Node, counts tally) string {
	w := getWriter(0, false)
	defer w.release()
	before := w.before[:0] // the blocks before the box, nearest first
	for p, level := box, 0; p != nil && p.Parent != nil && level < 5; p, level = p.Parent, level+1 {
		if inChrome(p.Parent) {
			continue // and so is every sibling of p: no info line there
		}
		kept, looked := 0, 0
		for s := p.PrevSibling; s != nil && kept < 4 && looked < 12; s = s.PrevSibling {
			looked++
			if s.Type == html.ElementNode && (counts[s].all > 300 || counts[s].all == 0) || chrome(s) {
				continue // a column or a list, not an info line; no text at all; chrome
			}
			if sp := w.part(s, 301); sp.to > sp.from && w.partRunes() <= 300 {
				before = append(before, sp)
				kept++
			} else {
				w.buf = w.buf[:sp.from]
			}
		}
	}
	// Read nearest first, the blocks before the box stand in the page's
	// order reversed; so do the tail's parts (see tailParts).
	slices.Reverse(before)
	parts := append(before, w.part(box, 300))
	tail, _ := tailParts(w, box, 300, counts, w.tail[:0])
	if len(tail) == 0 {
		tail = append(tail, span{len(w.buf), len(w.buf)}) // an empty tail is an empty line
	}
	slices.Reverse(tail)
	parts = append(parts, tail...)
	size := len(parts) - 1
	for _, sp := range parts {
		size += sp.to - sp.from
	}
	var sb strings.Builder
	sb.Grow(size)
	for i, sp := range parts {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.Write(w.buf[sp.from:sp.to])
	}
	w.before, w.tail = parts[:0], tail[:0] // for the next page's
	return sb.String()
}

// tailParts writes about the last limit runes of n's text, read from its
// last children, for the source lines that close an article. It appends
// the parts to spans last first, each child's text one part, a long last
// child's own end in its parts, and returns them with the length in runes
// of the parts joined by line breaks.
func tailParts(w *textWriter, n *html.Node, limit int, counts tally, spans []span) ([]span, int) {
	got, runes, parts := 0, 0, 0
	for c := n.LastChild; c != nil && got < limit; c = c.PrevSibling {
		r := 0
		switch {
		case c.Type == html.ElementNode && int(counts[c].all) > limit-got:
			before := len(spans)
			spans, r = tailParts(w, c, limit-got, counts, spans) // a long last block: its own end
			if len(spans) == before {
				spans = append(spans, span{len(w.buf), len(w.buf)})
			}
		case c.Type != html.ElementNode || counts[c].all > 0: // else it has no text
			sp := w.part(c, 0)
			spans = append(spans, sp)
			r = w.partRunes()
		default:
			spans = append(spans, span{len(w.buf), len(w.buf)})
		}
		got += max(r, 1)
		runes += r
		parts++
	}
	if parts > 0 {
		runes += parts - 1 // the line breaks
	}
	return spans, runes
}
