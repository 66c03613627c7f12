package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
)

// xmlText drops every character XML 1.0 forbids, and any invalid UTF-8, from
// s. The cleaner already does this on the way in; doing it again here means one
// bad item in the store can never make a whole feed unparseable. Clean strings
// are returned as they are, without allocating.
func xmlText(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !xmlChar(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && xmlChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// xmlChar reports whether r is in the Char production of XML 1.0.
func xmlChar(r rune) bool {
	switch {
	case r == 0x09 || r == 0x0A || r == 0x0D:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// xmlTexts cleans each string, dropping those left empty.
func xmlTexts(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = strings.TrimSpace(xmlText(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// itemURN is the one id an item carries in every format, so that a reader
// following both the RSS and the Atom feed never sees a story twice. It is
// the item's store id written as a version 8 UUID; an id that is not 32 hex
// digits (which the store never produces) is hashed first so the result is
// still a valid UUID.
func itemURN(id string) string {
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != 16 {
		sum := sha256.Sum256([]byte(id))
		b = sum[:16]
	}
	var raw [16]byte
	copy(raw[:], b)
	return uuidURN(raw)
}

// hashURN derives a deterministic UUID URN from text, for ids of things that
// have no store id of their own (the Atom feed, a source).
func hashURN(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	var raw [16]byte
	copy(raw[:], sum[:16])
	return uuidURN(raw)
}

// uuidURN formats raw as urn:uuid:8-4-4-4-12 with the RFC 9562 version 8
// ("custom") and variant bits set.
func uuidURN(raw [16]byte) string {
	raw[6] = raw[6]&0x0F | 0x80
	raw[8] = raw[8]&0x3F | 0x80
	var b [9 + 36]byte
	copy(b[:], "urn:uuid:")
	p := 9
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[p] = '-'
			p++
		}
		hex.Encode(b[p:p+2], []byte{c})
		p += 2
	}
	return string(b[:])
}

// itemTerms lists an item's tags then its categories, each once.
func itemTerms(it *feeds.Item) []string {
	seen := make(map[string]bool, len(it.Tags)+len(it.Categories))
	var out []string
	for _, list := range [][]string{it.Tags, it.Categories} {
		for _, t := range xmlTexts(list) {
			k := strings.ToLower(t)
			if !seen[k] {
				seen[k] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// itemSources lists the sources that carried an item, its first source first.
func itemSources(it *feeds.Item) []string {
	out := make([]string, 0, 1+len(it.Sources))
	if it.Source != "" {
		out = append(out, it.Source)
	}
	for _, s := range it.Sources {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// itemUpdated is the last time an item changed as far as a reader knows.
func itemUpdated(it *feeds.Item) time.Time {
	switch {
	case !it.Updated.IsZero():
		return it.Updated
	case !it.Published.IsZero():
		return it.Published
	}
	return it.FirstSeen
}

// itemPublished is the date an item is shown by; an item without one (the
// store always sets it, but be safe) falls back to when it was first seen.
func itemPublished(it *feeds.Item) time.Time {
	if !it.Published.IsZero() {
		return it.Published
	}
	return it.FirstSeen
}

// newest returns the latest of the items' update times, zero if none.
func newest(items []feeds.Item) time.Time {
	var t time.Time
	for i := range items {
		if u := itemUpdated(&items[i]); u.After(t) {
			t = u
		}
	}
	return t
}
