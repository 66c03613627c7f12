package opml

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
)

// Name and slug lengths: long enough to tell feeds apart, short enough for ?source=.
const (
	maxNameLen = 48
	maxHostLen = 64
)

// deriveName makes a source name from an outline's title or, when the title
// is not plain ASCII (Chinese titles) or empty, from its URL's host and path.
func deriveName(title string, u *url.URL) string {
	if s, ascii := asciiSlug(title); ascii && s != "" {
		return trimSlug(s, maxNameLen)
	}
	name := hostSlug(u)
	if name == "" {
		return "feed"
	}
	return name
}

// hostSlug is the slug of a URL's host and path, without the last segments
// that only name the feed file: www.moe.gov.cn/jyb_xwfb/rss.xml gives
// www-moe-gov-cn-jyb-xwfb.
func hostSlug(u *url.URL) string {
	parts := []string{u.Hostname()}
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	for len(segs) > 0 && feedFileName(segs[len(segs)-1]) {
		segs = segs[:len(segs)-1]
	}
	parts = append(parts, segs...)
	s, _ := asciiSlug(strings.Join(parts, "-"))
	return trimSlug(s, maxHostLen)
}

// feedFileName reports whether a path segment names a file (rss.xml,
// index.php) or is a word such as "feed" that says nothing of the feed.
func feedFileName(seg string) bool {
	if strings.Contains(seg, ".") {
		return true
	}
	switch strings.ToLower(seg) {
	case "rss", "rss2", "feed", "feeds", "atom", "index", "xml":
		return true
	}
	return false
}

// asciiSlug lower-cases s and joins its ASCII letters and digits with
// single hyphens. ascii is false when s has letters or digits of another
// script, which the slug would lose.
func asciiSlug(s string) (slug string, ascii bool) {
	var b strings.Builder
	ascii = true
	dash := false
	for _, r := range s {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			ascii = false
			dash = true
		default:
			dash = true
		}
	}
	return b.String(), ascii
}

// trimSlug cuts a slug to at most n bytes, at a hyphen when one is near.
func trimSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}

// slugTags turns folder names into tags. Tags may hold any letter (the
// config refuses only spaces and commas), so Chinese folder names stay
// Chinese; letters are lower-cased and other runs of characters become one
// hyphen.
func slugTags(folders []string) []string {
	var tags []string
	for _, f := range folders {
		var b strings.Builder
		dash := false
		for _, r := range f {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = false
				b.WriteRune(unicode.ToLower(r))
			} else {
				dash = true
			}
		}
		if t := b.String(); t != "" {
			tags = appendNew(tags, t)
		}
	}
	return tags
}

// appendNew appends the values that list does not hold yet.
func appendNew(list []string, values ...string) []string {
	for _, v := range values {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}
