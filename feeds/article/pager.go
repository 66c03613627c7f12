package article

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// MaxPages is how many pages of one article Join joins.
const MaxPages = 5

// pageSuffix is the page number sites add to an article's file name:
// t20240723_123_1.html (TRS counts from _1 for the second page),
// a_2.shtml (portals count from _2).
var pageSuffix = regexp.MustCompile(`^(.*?)_(\d{1,2})$`)

// nextPage finds the link to the article's next page: a link whose file
// name is the page's own with the next page number, or a 下一页 link near
// the container. Links to the next article (下一篇, 下一条) are not pages.
func nextPage(root, box *html.Node, base, pageURL string) string {
	// The candidates are parsed once, not once per link of the page.
	var want []*url.URL
	for _, w := range nextNames(pageURL) {
		if u, err := url.Parse(w); err == nil {
			want = append(want, u)
		}
	}
	var byText string
	near := box
	for range 2 {
		if near.Parent != nil && near.Parent.Type == html.ElementNode && near.Parent.Data != "body" {
			near = near.Parent
		}
	}
	for n := range root.Descendants() {
		if !isElement(n, "a") {
			continue
		}
		u := resolve(attr(n, "href"), base)
		if u == "" || u == pageURL {
			continue
		}
		if len(want) > 0 && sameFile(u, want) {
			return u
		}
		if byText == "" && within(n, near) {
			switch squeeze(textOf(n, 20)) {
			case "下一页", "下一頁", "下页", "下頁", "下一页>", "下一页>>", "下一页»", "Nextpage", "Next»", "Next›":
				byText = u
			}
		}
	}
	return byText
}

// nextNames are the URLs the next page may have.
func nextNames(pageURL string) []string {
	u, err := url.Parse(pageURL)
	if err != nil || u.Path == "" {
		return nil
	}
	ext := path.Ext(u.Path)
	stem := strings.TrimSuffix(u.Path, ext)
	with := func(p string) string {
		v := *u
		v.Path, v.RawQuery, v.Fragment, v.RawPath = p+ext, "", "", ""
		return v.String()
	}
	if m := pageSuffix.FindStringSubmatch(path.Base(stem)); m != nil {
		k, _ := strconv.Atoi(m[2])
		if k < 100 {
			dir := strings.TrimSuffix(stem, path.Base(stem))
			return []string{with(dir + m[1] + "_" + strconv.Itoa(k+1))}
		}
	}
	return []string{with(stem + "_1"), with(stem + "_2")}
}

// sameFile reports whether a names the file of one of files.
func sameFile(a string, files []*url.URL) bool {
	ua, err := url.Parse(a)
	if err != nil {
		return false
	}
	for _, f := range files {
		if strings.EqualFold(ua.Host, f.Host) && ua.Path == f.Path {
			return true
		}
	}
	return false
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
