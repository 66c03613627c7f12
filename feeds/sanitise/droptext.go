package sanitise

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// DropText drops the first n runes of the block's text that are not space,
// with the spaces among them and after them, and measures the block again:
// for a line that starts with page junk (a byline) and runs on into the
// story. Elements stay, though they may be left empty of text.
func (bl *Block) DropText(n int) {
	for _, node := range bl.Nodes {
		if n = dropText(node, n); n < 0 {
			break
		}
	}
	bl.Text, bl.Runes, bl.LinkRunes, bl.Media, bl.DocLink = "", 0, 0, false, false
	bl.measure()
}

// dropText drops up to n non-space runes from the text under node and the
// spaces that follow them, and returns how many are left to drop; -1 when
// the text left starts with one to keep.
func dropText(node *html.Node, n int) int {
	switch node.Type {
	case html.TextNode:
		s := node.Data
		for n > 0 && s != "" {
			r, size := chars.Next(s, 0)
			if !chars.IsSpace(r) {
				n--
			}
			s = s[size:]
		}
		s = strings.TrimLeftFunc(s, chars.IsSpace)
		node.Data = s
		if s != "" {
			return -1
		}
		return n
	case html.ElementNode:
		if skippedTag(node.Data) {
			return n
		}
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			if n = dropText(c, n); n < 0 {
				return n
			}
		}
	}
	return n
}
