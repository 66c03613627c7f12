package clean

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// Caps on what one item may hold. Feeds are written by strangers: a title of
// a megabyte or ten thousand categories must be cut, not stored whole and
// served to every reader. Each cap sits far above what a real item needs.
// Links, enclosure URLs and content are held to sanitise.MaxURLBytes and
// sanitise.MaxContentBytes.
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
	// maxRawFieldBytes bounds a raw title, name or URL before it is read,
	// which bounds cleaning's time and memory.
	maxRawFieldBytes = 64 << 10
)

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

// capGUID keeps a GUID of up to MaxGUIDBytes as it is; a longer one becomes
// its start and a hash of the whole.
func capGUID(g string) string {
	if len(g) <= MaxGUIDBytes {
		return g
	}
	sum := sha256.Sum256([]byte(g))
	tail := "#sha256:" + hex.EncodeToString(sum[:16])
	return chars.CutBytes(g, MaxGUIDBytes-len(tail)) + tail
}
