package page

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// 大汉 JCMS pages often hold a column's entries not in the page but in a
// <script type="text/xml"> data block that the site's JavaScript renders:
//
//	<datastore><recordset><record><![CDATA[<li><a href=…>…</a><span>…</span></li>]]></record>…
//
// FindList reads those records as blocks of a <datastore> element whose
// parent is the script's parent (so the list is scored in its place on
// the page), though the page's own tree does not hold it. Selectors match
// inside it too: "datastore > li".

// jcmsRecord is one record's HTML.
var jcmsRecord = regexp.MustCompile(`(?s)<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>`)

// maxDatastore bounds the script text read for records.
const maxDatastore = 2 << 20

// datastores returns a <datastore> element for each JCMS data block in doc
// that holds records.
func datastores(doc *html.Node) []*html.Node {
	var out []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		if n.DataAtom != atom.Script {
			return true
		}
		if n.FirstChild == nil || n.FirstChild.Type != html.TextNode {
			return false
		}
		text := n.FirstChild.Data
		if len(text) > maxDatastore || !strings.Contains(text, "<record") {
			return false
		}
		if ds := readDatastore(text, n.Parent); ds != nil {
			out = append(out, ds)
		}
		return false
	})
	return out
}

// readDatastore parses the records of one data block into a <datastore>
// element hung below parent.
func readDatastore(text string, parent *html.Node) *html.Node {
	ds := &html.Node{Type: html.ElementNode, Data: "datastore"}
	for _, m := range jcmsRecord.FindAllStringSubmatch(text, maxGroupBlocks) {
		rec := strings.TrimSpace(m[1])
		context := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		if strings.HasPrefix(strings.ToLower(rec), "<tr") {
			context = &html.Node{Type: html.ElementNode, Data: "tbody", DataAtom: atom.Tbody}
		}
		nodes, err := html.ParseFragment(strings.NewReader(rec), context)
		if err != nil {
			continue
		}
		for _, c := range nodes {
			ds.AppendChild(c)
		}
	}
	if ds.FirstChild == nil {
		return nil
	}
	ds.Parent = parent // not among parent's children: the page stays as it was
	return ds
}
