package clean

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// knownSites are names that education sites append to or put before their
// headlines, stripped even when the channel title does not name them.
var knownSites = []string{
	"中国教育在线", "教育部政府门户网站", "中华人民共和国教育部政府门户网站", "中国教育新闻网",
	"中国教育报", "人民网", "新华网", "新华社", "央视网", "中国新闻网", "中新网", "光明网",
	"中国青年网", "中青网", "澎湃新闻", "中国日报网", "中国网", "高考网", "中国高校之窗", "教育频道",
	"Inside Higher Ed", "The Hechinger Report", "EdSurge", "EdSurge News", "Education Week",
	"The Chronicle of Higher Education", "Times Higher Education", "University World News",
	"Chalkbeat", "The 74", "K-12 Dive", "Higher Ed Dive", "eSchool News", "Edutopia", "BBC News",
	"The Guardian",
}

// separators are the characters sites put between a headline and their
// name: "标题 - 网站", "标题_网站", "标题 | Site", "标题——网站", "标题｜网站".
const separators = "-–—_|｜丨·"

// Title cleans an item title: entities decoded (twice-escaped ones too),
// tags removed, whitespace made single plain spaces, invisible and
// XML-forbidden characters dropped. Then it strips a site name written
// before or after the headline with a separator: a name taken from the
// channel title or a well-known education site. Last, the source's strip
// patterns remove what they match. A strip never empties a title, and a
// name is left in place when it is most of the title. The title is plain
// text that stays text when a reader takes it for HTML (see defuse), and
// is cut to MaxTitleRunes.
func Title(raw, feedTitle string, strip []*regexp.Regexp) string {
	t := plainTitle(chars.CutBytes(raw, maxRawFieldBytes))
	if t == "" {
		return ""
	}
	if hasSeparator(t) { // no site name is cut off without one
		t = stripSites(t, siteNames(feedTitle))
	}
	out := t
	for _, re := range strip {
		out = re.ReplaceAllString(out, "")
	}
	if out = flatten(out); out == "" {
		out = t
	}
	return cutRunes(sanitise.Defuse(out), MaxTitleRunes)
}

// plainName cleans an author or a category as a title is cleaned, without
// the site names, and cuts it to MaxNameRunes.
func plainName(raw string) string {
	return cutRunes(sanitise.Defuse(plainTitle(chars.CutBytes(raw, maxRawFieldBytes))), MaxNameRunes)
}

// tagLikeTitle matches the HTML that feeds leave in titles: tags, comments,
// doctypes and processing instructions. A tag is a name of the letters,
// digits, ":" and "-" that tag names are made of, then a space or "/"
// (browsers read "<svg/onload=…>" as a tag) and anything up to ">",
// including a "<" ("<script src=x?< b>" is one tag). A "<" that starts no
// tag ("a < b", "<三体>", "<C++ Primer>") is text, which defuse later keeps
// from opening one.
var tagLikeTitle = regexp.MustCompile(`(?s)<(?:(/?[a-zA-Z][a-zA-Z0-9:-]*)(?:[\s/][^>]*)?|!--.*?--|[!?][^>]*)>`)

// plainTitle decodes and untags a title until nothing changes: feeds
// escape titles once, twice, or put escaped HTML in them.
func plainTitle(s string) string {
	s = flatten(s)
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '&') < 0 { // not ContainsAny, which builds its set per call
		return s // no tag, no entity: the loop would change nothing
	}
	for range 4 {
		// Flattening inside the loop, because a character it drops may
		// be all that kept "<b\u200b>" from being a tag.
		next := flatten(html.UnescapeString(tagLikeTitle.ReplaceAllStringFunc(s, tagGap)))
		if next == s {
			break
		}
		s = next
	}
	return s
}

// tagGap is what a removed tag leaves: a space where it broke a line, else
// nothing, so that "<b>教育</b>部" reads "教育部".
func tagGap(tag string) string {
	name := strings.ToLower(strings.TrimLeft(strings.TrimPrefix(tag, "<"), "/"))
	for _, t := range []string{"br", "p", "div", "li"} {
		if strings.HasPrefix(name, t) && (len(name) == len(t) || !isASCIIAlnum(name[len(t)])) {
			return " "
		}
	}
	return ""
}

// flatten makes one line of s: every whitespace run one space, control,
// format (zero-width) and XML-forbidden characters and invalid UTF-8 gone.
func flatten(s string) string {
	if flat(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, r == '\ufffe', r == '\uffff', unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// flat reports whether flatten(s) is s.
func flat(s string) bool {
	_, ok := flatCount(s)
	return ok
}

// flatCount is flat, with the runes of s counted when it is.
func flatCount(s string) (int, bool) {
	n := 0
	space := true // a space at the start would go
	for i := 0; i < len(s); n++ {
		if chars.CJK3(s, i) {
			space = false
			i += 3
			continue
		}
		r, size := chars.Next(s, i)
		i += size
		switch {
		case r == ' ':
			if space {
				return 0, false
			}
			space = true
			continue
		case chars.IsSpace(r), r == utf8.RuneError, r == '\ufffe', r == '\uffff', unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return 0, false
		}
		space = false
	}
	return n, !space || s == ""
}

// siteNames lists the names to strip from titles: the channel title, each
// part of it ("中国教育在线 - 教育新闻" gives both halves) and the known
// sites, longest first so that "EdSurge News" goes before "EdSurge". The
// list is sortedSites when the channel title adds nothing: callers only
// read it.
func siteNames(feedTitle string) []string {
	ft := plainTitle(feedTitle)
	if ft == "" {
		return sortedSites
	}
	names := slices.Clone(sortedSites)
	add := func(name string) {
		if i, found := slices.BinarySearchFunc(names, name, bySiteOrder); !found {
			names = slices.Insert(names, i, name)
		}
	}
	add(ft)
	for _, p := range splitSeparators(ft) {
		if utf8.RuneCountInString(p) >= 2 {
			add(p)
		}
	}
	return names
}

// sortedSites are the known sites in siteNames's order, once.
var sortedSites = sortSites(slices.Clone(knownSites))

func sortSites(names []string) []string {
	slices.SortFunc(names, bySiteOrder)
	return slices.Compact(names)
}

// bySiteOrder puts longer names first, and names of one length in byte
// order.
func bySiteOrder(a, b string) int {
	if len(a) != len(b) {
		return len(b) - len(a)
	}
	return strings.Compare(a, b)
}

// hasSeparator is strings.ContainsAny(s, separators) by bytes: each
// separator past ASCII is looked for at its lead byte, which no other
// character's bytes hold as a continuation.
func hasSeparator(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '-', '_', '|':
			return true
		case 0xC2: // ·
			if strings.HasPrefix(s[i:], "·") {
				return true
			}
		case 0xE2: // – —
			if strings.HasPrefix(s[i:], "–") || strings.HasPrefix(s[i:], "—") {
				return true
			}
		case 0xE4: // 丨
			if strings.HasPrefix(s[i:], "丨") {
				return true
			}
		case 0xEF: // ｜
			if strings.HasPrefix(s[i:], "｜") {
				return true
			}
		}
	}
	return false
}

// splitSeparators splits a channel title at the separators a title's site
// name would be written with.
func splitSeparators(s string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); {
		if n := separatorAt(s, i); n > 0 {
			parts = append(parts, strings.TrimSpace(s[start:i]))
			i += n
			start = i
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

// separatorAt returns the length of the separator at s[i:], spaces around
// it included, or 0. A bare "-" counts only between non-Latin characters
// ("标题-网站", not "K-12" or "2024-2025"), and "·" only with spaces.
func separatorAt(s string, i int) int {
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	k := j
	for k < len(s) {
		r, size := utf8.DecodeRuneInString(s[k:])
		if !strings.ContainsRune(separators, r) || k-j >= 6 {
			break
		}
		k += size
	}
	if k == j || i > 0 && s[i-1] == ' ' {
		return 0 // no separator, or the spaces before it were counted already
	}
	e := k
	for e < len(s) && s[e] == ' ' {
		e++
	}
	run, spaced := s[j:k], j > i || e > k
	if !spaced && (run == "-" || run == "·") {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[k:])
		if run == "·" || before < utf8.RuneSelf || after < utf8.RuneSelf {
			return 0
		}
	}
	if i == 0 || e == len(s) {
		return 0 // a separator needs something on both sides
	}
	return e - i
}

// stripSites removes site names from the ends of a title, again and again
// ("标题 - 教育新闻 - 中国教育在线"), as long as each leaves a headline.
func stripSites(t string, names []string) string {
	for changed := true; changed; {
		changed = false
		for _, name := range names {
			if rest, ok := cutSite(t, name); ok {
				t, changed = rest, true
				break
			}
		}
	}
	return t
}

// cutSite removes name from the end or the start of t when a separator
// sets it off and enough headline remains. At the start only a spaced
// separator or a bar counts: "教育部-财政部联合发文" is a headline.
func cutSite(t, name string) (string, bool) {
	n := len(name)
	if len(t) <= n {
		return t, false
	}
	if i := len(t) - n; utf8.RuneStart(t[i]) && strings.EqualFold(t[i:], name) {
		if j := lastSeparator(t[:i+1]); j > 0 && enoughLeft(t[:j], name) {
			return t[:j], true
		}
	}
	if utf8.RuneStart(t[n]) && strings.EqualFold(t[:n], name) {
		if m := separatorAt(t, n); m > 0 && enoughLeft(t[n+m:], name) {
			sep := strings.TrimSpace(t[n : n+m])
			if strings.ContainsAny(sep, "|｜丨") || m > len(sep)+1 {
				return t[n+m:], true
			}
		}
	}
	return t, false
}

// lastSeparator finds the longest separator that ends just before the last
// rune of s (the first rune of the name) and returns where it starts, or 0.
func lastSeparator(s string) int {
	_, size := utf8.DecodeLastRuneInString(s)
	end, start := len(s)-size, 0
	for i := end - 1; i > 0; i-- {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && !strings.ContainsRune(separators, r) {
			break
		}
		if n := separatorAt(s, i); n > 0 && i+n == end {
			start = i
		}
	}
	return start
}

// enoughLeft reports whether what remains is a headline and not a scrap
// beside a site name that was most of the title.
func enoughLeft(rest, name string) bool {
	n := utf8.RuneCountInString(rest)
	return n >= 2 && 2*n >= utf8.RuneCountInString(name)
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
