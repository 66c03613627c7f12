package article

import (
	"html"
	"net/url"
	"path"
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
	if docURL(attr(a, "href")) {
		return true
	}
	t := strings.ToLower(strings.TrimSpace(textOf(a, 200)))
	return docExts[path.Ext(t)] && attr(a, "href") != ""
}

func docURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && docExts[strings.ToLower(path.Ext(u.Path))]
}

// maxAttachments bounds what one page lists.
const maxAttachments = 50

// attachments lists the document links in the container.
func attachments(box *xhtml.Node, base string) []Attachment {
	var out []Attachment
	seen := map[string]bool{}
	for n := range box.Descendants() {
		if len(out) >= maxAttachments {
			break
		}
		if !isElement(n, "a") || !isDocLink(n) {
			continue
		}
		u := resolve(attr(n, "href"), base)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, Attachment{URL: u, Name: strings.ReplaceAll(textOf(n, 200), "\n", " ")})
	}
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
			for n := range s.Descendants() {
				if len(*atts) >= maxAttachments || !isElement(n, "a") || !isDocLink(n) {
					continue
				}
				u := resolve(attr(n, "href"), base)
				if u == "" || seen[u] {
					continue
				}
				seen[u] = true
				name := strings.ReplaceAll(textOf(n, 200), "\n", " ")
				*atts = append(*atts, Attachment{URL: u, Name: name})
				sb.WriteString(`<p>附件：<a href="` + html.EscapeString(u) + `">` + html.EscapeString(name) + `</a></p>`)
			}
		}
	}
	return sb.String()
}

// contentAttachments lists the document links the cleaned content holds:
// cleaning may have cut or rewritten a link (trackers, script URLs).
func contentAttachments(content string) []Attachment {
	if !strings.Contains(content, "<a ") {
		return nil
	}
	root, err := xhtml.Parse(strings.NewReader(content))
	if err != nil {
		return nil
	}
	return attachments(root, "")
}
