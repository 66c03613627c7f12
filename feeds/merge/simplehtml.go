package merge

import "strings"

// scanSimpleHTML splits HTML into text blocks as htmlBlocks does, without
// the cost of the html tokeniser, for the markup cleaned content is made
// of: text, plain start and end tags (attributes in quotes), and the
// entities html.Render writes. It calls block with each block until block
// returns false or the blocks hold more than limit bytes, and returns true.
//
// Given anything else (comments, script or style, unquoted attributes,
// other entities, carriage returns, NULs), it returns false, perhaps after
// some blocks: the caller starts over with htmlBlocks. TestSimpleHTML holds
// the two to the same blocks.
func scanSimpleHTML(text string, limit int, block func(string) bool) bool {
	var (
		start, end = 0, 0 // the current block is text[start:end], if not joined
		joined     []byte // the current block, if it is not one run of text
		isJoined   bool
		size       int
	)
	// add appends a piece of text to the current block.
	add := func(i, j int, decoded []byte) {
		switch {
		case decoded == nil && end == start && !isJoined:
			start, end = i, j
			return
		case !isJoined:
			joined = append(joined[:0], text[start:end]...)
			isJoined = true
		}
		if decoded != nil {
			joined = append(joined, decoded...)
		} else {
			joined = append(joined, text[i:j]...)
		}
	}
	// flush ends the current block and reports whether to go on.
	flush := func() bool {
		var b string
		switch {
		case isJoined && len(joined) > 0:
			b = string(joined)
		case !isJoined && end > start:
			b = text[start:end]
		default:
			return true
		}
		start, end, isJoined = 0, 0, false
		size += len(b)
		return block(b) && size <= limit
	}
	var dec []byte
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '<')
		if j < 0 {
			j = len(text)
		} else {
			j += i
		}
		if seg := text[i:j]; seg != "" {
			switch {
			case strings.IndexByte(seg, '\r') >= 0 || strings.IndexByte(seg, 0) >= 0:
				return false // the tokeniser rewrites these
			case strings.IndexByte(seg, '&') < 0:
				add(i, j, nil)
			default:
				var ok bool
				if dec, ok = appendEntities(dec[:0], seg); !ok {
					return false
				}
				add(i, j, dec)
			}
		}
		if j == len(text) {
			break
		}
		name, next, ok := simpleTag(text, j)
		if !ok {
			return false
		}
		i = next
		var lower [16]byte
		if len(name) > len(lower) {
			if !flush() {
				return true
			}
			continue // no tag name this long is inline, skipped or raw
		}
		for k := range len(name) {
			c := name[k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[k] = c
		}
		switch scanTags[string(lower[:len(name)])] {
		case tagInline:
		case tagStop:
			return false
		case tagBlock:
			if !flush() {
				return true
			}
		}
	}
	flush()
	return true
}

// scanTags tells scanSimpleHTML what a tag does: most end a block, inline
// ones do not, and at one whose contents are skipped or raw text it stops
// (htmlBlocks and the tokeniser read those).
var scanTags = func() map[string]tagAction {
	m := make(map[string]tagAction)
	for name := range inlineTags {
		m[name] = tagInline
	}
	for _, set := range []map[string]bool{skippedTags, rawTextTags} {
		for name := range set {
			m[name] = tagStop
		}
	}
	return m
}()

// tagAction is what scanSimpleHTML does at a tag.
type tagAction uint8

const (
	tagBlock tagAction = iota
	tagInline
	tagStop
)

// rawTextTags are the elements whose text the html tokeniser reads raw,
// up to their end tag, tags and all.
var rawTextTags = wordSet(`iframe noembed noframes noscript plaintext script style textarea title xmp`)

// simpleTag reads the tag at text[i] ("<"), which must be "</name>" or
// "<name>", perhaps with attributes in quotes and a closing slash: names
// are ASCII letters and digits. It returns the name and where the tag ends.
// ok is false for any other markup: where the tokeniser might read it
// otherwise, the caller falls back on it.
func simpleTag(text string, i int) (name string, end int, ok bool) {
	k := i + 1
	closing := k < len(text) && text[k] == '/'
	if closing {
		k++
	}
	if k >= len(text) || !isASCIILetter(text[k]) {
		return "", 0, false
	}
	n := k
	for k < len(text) && (isASCIILetter(text[k]) || isASCIIDigit(text[k])) {
		k++
	}
	name = text[n:k]
	if closing {
		if k < len(text) && text[k] == '>' {
			return name, k + 1, true
		}
		return "", 0, false
	}
	for k < len(text) {
		switch text[k] {
		case '>':
			return name, k + 1, true
		case '/':
			if k+1 < len(text) && text[k+1] == '>' {
				return name, k + 2, true
			}
			return "", 0, false
		case ' ':
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if k < len(text) && (text[k] == '>' || text[k] == '/') {
				continue
			}
			if k >= len(text) || !isASCIILetter(text[k]) {
				return "", 0, false
			}
			for k < len(text) && isAttrKeyByte(text[k]) {
				k++
			}
			if k < len(text) && text[k] == '=' {
				k++
				if k >= len(text) || text[k] != '"' && text[k] != '\'' {
					return "", 0, false
				}
				e := strings.IndexByte(text[k+1:], text[k])
				if e < 0 {
					return "", 0, false
				}
				k += e + 2
				if k < len(text) && text[k] != ' ' && text[k] != '>' && text[k] != '/' {
					return "", 0, false
				}
			}
		default:
			return "", 0, false
		}
	}
	return "", 0, false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAttrKeyByte(c byte) bool {
	return isASCIILetter(c) || isASCIIDigit(c) || c == '-' || c == '_' || c == ':' || c == '.'
}

// simpleEntities are the entities html.Render writes in text, and &nbsp;.
var simpleEntities = []struct{ name, text string }{
	{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}, {"&#34;", `"`}, {"&#39;", "'"},
	{"&nbsp;", "\u00a0"},
}

// appendEntities appends s with its entities decoded; ok is false when s
// has an "&" that does not start one of simpleEntities.
func appendEntities(dst []byte, s string) (out []byte, ok bool) {
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			return append(dst, s...), true
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		found := false
		for _, e := range simpleEntities {
			if strings.HasPrefix(s, e.name) {
				dst = append(dst, e.text...)
				s = s[len(e.name):]
				found = true
				break
			}
		}
		if !found {
			return dst, false
		}
	}
}
