package filter

import (
	"html"
	"strings"

	"github.com/edufeed/edufeed/feeds"
)

// rawText is the title, then the plain text of the content, or the summary
// when there is no content.
func rawText(it *feeds.Item) string {
	body := it.Summary
	if it.Content != "" {
		body = plainText(it.Content)
	}
	return it.Title + "\n" + body
}

// matchText is what patterns are matched against: rawText with its odd
// spaces made plain.
func matchText(it *feeds.Item) string {
	return plainSpaces(rawText(it))
}

// plainText is the text of stored content: tags dropped, the ends of blocks
// turned into line breaks (so that words of two paragraphs do not run
// together and a keyword cannot span them) and entities decoded.
//
// It is not an HTML parser: stored content is sanitised HTML, every render
// runs this for every item, and a wrong guess on odd markup costs at most one
// match, never safety.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		if len(s) < 2 || !opensTag(s[1]) {
			// A '<' that starts no tag is text, as in HTML.
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		if strings.HasPrefix(s, "<!--") {
			s = after(s[4:], "-->")
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			break // an unterminated tag: HTML drops it too
		}
		name, closing := tagName(s[1:end])
		s = s[end+1:]
		if !closing && (name == "script" || name == "style") {
			s = afterFold(s, "</"+name)
			s = after(s, ">")
			continue
		}
		if isBlock(name) {
			b.WriteByte('\n')
		}
	}
	out := b.String()
	if strings.IndexByte(out, '&') >= 0 {
		out = html.UnescapeString(out)
	}
	return out
}

// opensTag reports whether c, following '<', begins a tag, an end tag, a
// comment or a processing instruction.
func opensTag(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// tagName is the lower-case name of the tag whose inside (between < and >)
// is tag, and whether it is an end tag.
func tagName(tag string) (name string, closing bool) {
	if strings.HasPrefix(tag, "/") {
		tag, closing = tag[1:], true
	}
	n := 0
	for n < len(tag) && (tag[n] >= 'a' && tag[n] <= 'z' || tag[n] >= 'A' && tag[n] <= 'Z' || tag[n] >= '0' && tag[n] <= '9') {
		n++
	}
	return strings.ToLower(tag[:n]), closing
}

// isBlock reports whether a tag ends a run of text.
func isBlock(name string) bool {
	switch name {
	case "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd",
		"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
		"table", "tr", "td", "th", "caption", "figure", "figcaption",
		"section", "article", "header", "footer", "aside", "nav":
		return true
	}
	return false
}

// after is what follows the first sep in s, or "" without one.
func after(s, sep string) string {
	if i := strings.Index(s, sep); i >= 0 {
		return s[i+len(sep):]
	}
	return ""
}

// afterFold is s from the first sep, matched ignoring ASCII case, on; ""
// without one. sep is lower case.
func afterFold(s, sep string) string {
	for i := 0; i+len(sep) <= len(s); i++ {
		if s[i] == '<' && strings.EqualFold(s[i:i+len(sep)], sep) {
			return s[i+len(sep):]
		}
	}
	return ""
}

// plainSpaces reads no-break and ideographic spaces as spaces and drops
// zero-width ones (U+200B-U+200D, U+2060, U+FEFF), which patterns would not
// expect. foldString does the same in its own pass.
func plainSpaces(s string) string {
	if !hasOddSpace(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u3000':
			return ' '
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, s)
}

// hasOddSpace is a byte scan: strings.ContainsAny decodes every rune of a
// long text and costs more than the rest of a match.
func hasOddSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xC2, 0xE2, 0xE3, 0xEF:
			switch rest := s[i:]; {
			case strings.HasPrefix(rest, "\u00a0"), strings.HasPrefix(rest, "\u3000"),
				strings.HasPrefix(rest, "\u200b"), strings.HasPrefix(rest, "\u200c"), strings.HasPrefix(rest, "\u200d"),
				strings.HasPrefix(rest, "\u2060"), strings.HasPrefix(rest, "\ufeff"):
				return true
			}
		}
	}
	return false
}
