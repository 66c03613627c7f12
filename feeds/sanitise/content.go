// Package sanitise turns the HTML (or plain text) of an item or a page into
// safe blocks: the elements an article needs and nothing that runs, embeds
// or styles, with absolute links, real images and no trackers. It writes the
// blocks back as HTML and gives their plain text. Pure: no I/O, no clock.
package sanitise

import (
	"golang.org/x/net/html"

	"github.com/andybalholm/cascadia"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

const (
	// MaxContentBytes is the most HTML Render writes. A longer body keeps
	// its first whole blocks (paragraphs, list items, tables) up to the cap
	// and ends in a paragraph saying it was cut, so the HTML stays well
	// formed.
	MaxContentBytes = 512 << 10
	// MaxURLBytes is the longest content href or image src kept. A longer
	// URL is dropped, not cut: a cut URL points elsewhere. 2,048 bytes is
	// what the oldest browsers and many servers accept.
	MaxURLBytes = 2048
	// maxRawContentBytes bounds the HTML that Blocks reads at all, which
	// bounds its time and memory. Four times the output cap leaves room for
	// the markup and page chrome that cleaning removes.
	maxRawContentBytes = 4 * MaxContentBytes
	// maxRawFieldBytes bounds a raw URL before it is read, for the same
	// reason.
	maxRawFieldBytes = 64 << 10
)

// cutNote is the paragraph that ends a body cut at MaxContentBytes.
const cutNote = "<p>[…]</p>"

// Options say what, besides the unsafe, Blocks drops from a page.
type Options struct {
	// Remove drops the elements these selectors match, with all they hold.
	Remove []cascadia.SelectorGroup
	// Noise drops the elements whose name, class or id says they are page
	// chrome (share bars, related links, ads), unless one holds most of
	// the text.
	Noise bool
}

// Blocks sanitises s (plain text becomes a paragraph per line), makes links
// and images absolute against base, drops what o says, and returns the
// blocks a reader would see, in document order. Only the first few MiB of s
// are read: a body longer than that is cut anyway.
func Blocks(s, base string, o Options) []Block {
	s = chars.CutBytes(s, maxRawContentBytes)
	if !looksLikeHTML(s) {
		s = textToHTML(s)
	}
	return buildBlocks(sanitise(s, base, o))
}

// BlocksOf is Blocks for HTML already parsed: root's children are the body,
// and root is taken over (changed and emptied). A caller that holds a
// parsed page, as feeds/article does, spares a render and a parse.
func BlocksOf(root *html.Node, base string, o Options) []Block {
	return buildBlocks(sanitiseNode(root, base, o))
}

// Render writes blocks as HTML, at most MaxContentBytes of it (see render),
// and returns it with its plain text as PlainText gives it, read from the
// blocks instead of parsing the HTML again. Sanitising the HTML again
// changes nothing.
func Render(blocks []Block) (h, text string) {
	h, whole := render(blocks)
	if !whole {
		return h, PlainText(h) // the cut changed the blocks
	}
	return h, blocksText(blocks)
}
