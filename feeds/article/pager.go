package article

import (
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/urls"
)

// MaxPages is how many pages of one article Join joins.
const MaxPages = 5

// pageNumber splits the page number sites add to an article's file name
// off name (the name without its extension): t20240723_123_1 (TRS counts
// from _1 for the second page), a_2 (portals count from _2). It is
// `^(.*?)_(\d{1,2})$` matched by its bytes: the number follows the last
// '_', and the pattern's '.' takes no line break. Every page asks, and the
// regexp was most of what finding the next page's name cost.
func pageNumber(name string) (stem string, k int, ok bool) {
	i := strings.LastIndexByte(name, '_')
	digits := name[i+1:]
	if i < 0 || len(digits) < 1 || len(digits) > 2 || strings.IndexByte(name[:i], '\n') >= 0 {
		return "", 0, false
	}
	for j := 0; j < len(digits); j++ {
		if digits[j] < '0' || digits[j] > '9' {
			return "", 0, false
		}
		k = k*10 + int(digits[j]-'0')
	}
	return name[:i], k, true
}

// nextPage finds the link to the article's next page: a link whose file
// name is the page's own with the next page number, or a 下一页 link near
// the container. Links to the next article (下一篇, 下一条) are not pages.
func nextPage(sv *survey, box *html.Node, base, pageURL string) string {
	want := nextNames(pageURL)
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = path.Base(w)
	}
	for _, n := range sv.links {
		href := beforeQuery(attr(n, "href"))
		if !slices.Contains(names, path.Base(strings.TrimSpace(href))) {
			continue // most links: resolve only the likely ones
		}
		u := resolve(attr(n, "href"), base)
		for _, w := range want {
			if u != "" && sameFile(u, w) {
				return u
			}
		}
	}
	near := box
	for range 2 {
		if near.Parent != nil && near.Parent.Type == html.ElementNode && near.Parent.Data != "body" {
			near = near.Parent
		}
	}
	for _, n := range sv.links {
		if !within(n, near) {
			continue
		}
		switch keyOf(n, 20) {
		case "下一页", "下一頁", "下页", "下頁", "下一页>", "下一页>>", "下一页»", "Nextpage", "Next»", "Next›":
			if u := resolve(attr(n, "href"), base); u != "" && u != pageURL {
				return u
			}
		}
	}
	return ""
}

// nextNames are the URLs the next page may have.
func nextNames(pageURL string) []string {
	origin, pagePath := "", ""
	var u *url.URL
	if urls.Plain(pageURL) {
		// net/url writes a plain URL back as it is, and the paths below
		// are made of plain bytes too: no parse, no writing.
		_, pagePath = urls.SplitPlain(pageURL)
		origin = pageURL[:len(pageURL)-len(pagePath)]
	} else {
		var err error
		if u, err = url.Parse(pageURL); err != nil || u.Path == "" {
			return nil
		}
		pagePath = u.Path
	}
	ext := path.Ext(pagePath)
	stem := strings.TrimSuffix(pagePath, ext)
	with := func(p string) string {
		if u == nil {
			return origin + p + ext
		}
		v := *u
		v.Path, v.RawQuery, v.Fragment, v.RawPath = p+ext, "", "", ""
		return v.String()
	}
	if name, k, ok := pageNumber(path.Base(stem)); ok {
		dir := strings.TrimSuffix(stem, path.Base(stem))
		return []string{with(dir + name + "_" + strconv.Itoa(k+1))}
	}
	return []string{with(stem + "_1"), with(stem + "_2")}
}

func sameFile(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.EqualFold(ua.Host, ub.Host) && ua.Path == ub.Path
}

// Join joins the pages of one article, in order, up to MaxPages: the first
// page's metadata, every page's content and attachments.
func Join(pages []Article) Article {
	if len(pages) == 0 {
		return Article{}
	}
	pages = pages[:min(len(pages), MaxPages)]
	out := pages[0]
	out.Attachments = append([]Attachment(nil), out.Attachments...)
	seen := map[string]bool{}
	for _, a := range out.Attachments {
		seen[a.URL] = true
	}
	var content, text strings.Builder
	for i, p := range pages {
		if i > 0 {
			content.WriteString("\n")
			text.WriteString("\n")
		}
		content.WriteString(p.Content)
		text.WriteString(p.Text)
		for _, a := range p.Attachments {
			if !seen[a.URL] {
				seen[a.URL] = true
				out.Attachments = append(out.Attachments, a)
			}
		}
		if out.Published.IsZero() && !p.Published.IsZero() {
			out.Published, out.DateFrom = p.Published, p.DateFrom
		}
		setOnce(&out.Author, p.Author)
		setOnce(&out.Source, p.Source)
	}
	out.Content, out.Text = content.String(), text.String()
	out.NextPage = pages[len(pages)-1].NextPage
	return out
}
