package article

import (
	"html"
	"path"
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"
)

// docExts are the files school notices attach.
var docExts = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true,
	".pptx": true, ".wps": true, ".et": true, ".dps": true, ".ofd": true, ".zip": true,
	".rar": true, ".7z": true, ".txt": true, ".csv": true, ".odt": true, ".ods": true,
}

// isDocLink reports a link to a document: by the path's extension, or by a
// link text that names a file (download scripts such as VSB's
// download.jsp hide the name in the query).
func isDocLink(a *xhtml.Node) bool {
	href := attr(a, "href")
	if href == "" {
		return false
	}
	if docURL(href) {
		return true
	}
	t := a.FirstChild
	for t != nil && t.Type == xhtml.ElementNode && t.FirstChild != nil { // <a><span>name.pdf</span></a>
		t = t.FirstChild
	}
	return t != nil && t.Type == xhtml.TextNode && docName(strings.TrimSpace(t.Data))
}

// docURL reports a URL whose path names a document.
func docURL(raw string) bool {
	return docName(strings.TrimSpace(beforeQuery(raw)))
}

// beforeQuery is raw up to its first "?" or "#": what strings.IndexAny
// finds, by two searches for a byte, quicker than IndexAny, which builds
// its set for each of the page's links.
func beforeQuery(raw string) string {
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw = raw[:i]
	}
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw = raw[:i]
	}
	return raw
}

// docName reports a file name with a document's extension: what
// docExts[strings.ToLower(path.Ext(name))] reports, reading only the end
// of the name. No extension of docExts is longer than five bytes, and none
// lowers from a longer one: İ is the only rune that lowers to a letter of
// theirs (i, in .zip), and .zİp is five bytes too.
func docName(name string) bool {
	tail := name[max(0, len(name)-5):]
	i := strings.LastIndexByte(tail, '.')
	if i < 0 || strings.IndexByte(tail[i:], '/') >= 0 {
		return false // no extension, or one longer than five bytes
	}
	return docExts[strings.ToLower(tail[i:])]
}

// maxAttachments bounds what one page lists.
const maxAttachments = 50

// attachments lists the document links in the container.
func attachments(box *xhtml.Node, base string) []Attachment {
	var out []Attachment
	seen := map[string]bool{}
	eachNode(box, func(n *xhtml.Node) bool {
		if len(out) >= maxAttachments {
			return false
		}
		if !isElement(n, "a") || !isDocLink(n) {
			return true
		}
		if u := resolve(attr(n, "href"), base); u != "" && !seen[u] {
			seen[u] = true
			out = append(out, Attachment{URL: u, Name: strings.ReplaceAll(textOf(n, 200), "\n", " ")})
		}
		return true
	})
	return out
}

// attachmentBlock is HTML for the document links that stand just after
// the container (VSB and TRS list them below the body), each as a
// paragraph; it appends them to atts.
func attachmentBlock(box *xhtml.Node, base string, atts *[]Attachment) string {
	seen := map[string]bool{}
	for _, a := range *atts {
		seen[a.URL] = true
	}
	var sb strings.Builder
	for p, level := box, 0; p != nil && p.Parent != nil && level < 3; p, level = p.Parent, level+1 {
		k := 0
		for s := p.NextSibling; s != nil && k < 10; s = s.NextSibling {
			k++
			if s.Type != xhtml.ElementNode || inChrome(s) {
				continue
			}
			eachNode(s, func(n *xhtml.Node) bool {
				if len(*atts) >= maxAttachments || !isElement(n, "a") || !isDocLink(n) {
					return true
				}
				if u := resolve(attr(n, "href"), base); u != "" && !seen[u] {
					seen[u] = true
					name := strings.ReplaceAll(textOf(n, 200), "\n", " ")
					*atts = append(*atts, Attachment{URL: u, Name: name})
					sb.WriteString(`<p>附件：<a href="` + html.EscapeString(u) + `">` + html.EscapeString(name) + `</a></p>`)
				}
				return true
			})
		}
	}
	return sb.String()
}

// contentAttachments lists the document links the cleaned content holds:
// cleaning may have cut or rewritten a link (trackers, script URLs). The
// content is clean's own rendering, so a scan for its <a href="…">…</a>
// serves instead of a parse.
func contentAttachments(content string) []Attachment {
	var out []Attachment
	seen := map[string]bool{}
	for rest := content; len(out) < maxAttachments; {
		i := strings.Index(rest, `<a href="`)
		if i < 0 {
			break
		}
		rest = rest[i+len(`<a href="`):]
		end := strings.IndexByte(rest, '"')
		if end < 0 {
			break
		}
		u := html.UnescapeString(rest[:end])
		name := ""
		if gt := strings.IndexByte(rest, '>'); gt >= 0 {
			if close := strings.Index(rest[gt:], "</a>"); close >= 0 {
				name = html.UnescapeString(tagsOut(rest[gt+1 : gt+close]))
			}
		}
		if !seen[u] && (docURL(u) || docName(strings.TrimSpace(name))) {
			seen[u] = true
			out = append(out, Attachment{URL: u, Name: strings.TrimSpace(name)})
		}
	}
	return out
}

// tagsOut drops the tags of a bit of HTML.
func tagsOut(s string) string {
	var sb strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// linkEmbeds turns the PDF players in the container (WebPlus's
// div.wp_pdf_player with a pdfsrc) into links: the player needs a script,
// and the document is often the notice itself.
func linkEmbeds(sv *survey, box *xhtml.Node) {
	for _, n := range sv.embeds {
		if !within(n, box) || n.Parent == nil {
			continue
		}
		src := attr(n, "pdfsrc")
		name := path.Base(src)
		if m := quotedTitle.FindStringSubmatch(attr(n, "sudyfile-attr")); m != nil {
			name = m[1]
		}
		a := &xhtml.Node{Type: xhtml.ElementNode, Data: "a", Attr: []xhtml.Attribute{{Key: "href", Val: src}}}
		a.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: name})
		p := &xhtml.Node{Type: xhtml.ElementNode, Data: "p"}
		p.AppendChild(a)
		n.Parent.InsertBefore(p, n)
		n.Parent.RemoveChild(n)
	}
}

// quotedTitle reads the file name from WebPlus's sudyfile-attr.
var quotedTitle = regexp.MustCompile(`'title'\s*:\s*'([^']{1,200})'`)
