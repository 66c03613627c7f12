package clean

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Caps on what one item may hold. Feeds are written by strangers: a title of
// a megabyte or ten thousand categories must be cut, not stored whole and
// served to every reader. Each cap sits far above what a real item needs.
const (
	// MaxTitleRunes is the longest title kept; a longer one is cut at a rune
	// boundary and ends in "…". Real headlines stay under 100.
	MaxTitleRunes = 500
	// MaxNameRunes is the longest author or category name kept, cut the same
	// way as a title.
	MaxNameRunes = 200
	// MaxAuthors is how many authors an item keeps, the first ones.
	MaxAuthors = 20
	// MaxCategories is how many categories an item keeps, the first ones.
	MaxCategories = 50
	// MaxEnclosures is how many enclosures an item keeps, the first ones.
	MaxEnclosures = 20
	// MaxURLBytes is the longest link, enclosure URL, content href or image
	// src kept. A longer URL is dropped, not cut: a cut URL points elsewhere.
	// 2,048 bytes is what the oldest browsers and many servers accept.
	MaxURLBytes = 2048
	// MaxGUIDBytes is the longest GUID kept as written. A longer one is
	// replaced by its start and a hash of the whole, so it still tells items
	// apart and stays the same on every poll.
	MaxGUIDBytes = 1024
	// MaxTypeBytes is the longest enclosure MIME type kept (RFC 6838 allows
	// 127 bytes for each of type and subtype).
	MaxTypeBytes = 255
	// MaxRawDateBytes is the longest raw date string kept and read; no date
	// form is longer than a few dozen bytes.
	MaxRawDateBytes = 128
	// MaxContentBytes is the most cleaned HTML an item keeps. A longer body
	// keeps its first whole blocks (paragraphs, list items, tables) up to the
	// cap and ends in a paragraph saying it was cut, so the HTML stays well
	// formed.
	MaxContentBytes = 512 << 10
	// maxRawContentBytes bounds the HTML that cleaning reads at all, which
	// bounds its time and memory. Four times the output cap leaves room for
	// the markup and page chrome that cleaning removes.
	maxRawContentBytes = 4 * MaxContentBytes
	// maxRawFieldBytes bounds a raw title, name or URL before it is read, for
	// the same reason.
	maxRawFieldBytes = 64 << 10
)

// cutNote is the paragraph that ends a body cut at MaxContentBytes.
const cutNote = "<p>[…]</p>"

// cutRunes returns s when it has at most max runes, else its first max-1
// runes and "…", so that cutting a cut string changes nothing.
func cutRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return strings.TrimRight(s[:i], " ") + "…"
		}
		n++
	}
	return s
}

// cutBytes returns the longest start of s that has at most max bytes and
// ends on a rune boundary.
func cutBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}

// capGUID keeps a GUID of up to MaxGUIDBytes as it is; a longer one becomes
// its start and a hash of the whole.
func capGUID(g string) string {
	if len(g) <= MaxGUIDBytes {
		return g
	}
	sum := sha256.Sum256([]byte(g))
	tail := "#sha256:" + hex.EncodeToString(sum[:16])
	return cutBytes(g, MaxGUIDBytes-len(tail)) + tail
}
