package sanitise

import (
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/urls"
)

// docExts are attachments that government notices link at their end.
var docExts = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true,
	".pptx": true, ".wps": true, ".et": true, ".ofd": true, ".zip": true, ".rar": true,
	".7z": true, ".txt": true, ".csv": true,
}

func isDocURL(raw string) bool {
	if urls.Plain(raw) {
		_, p := urls.SplitPlain(raw)
		return docExts[strings.ToLower(path.Ext(p))]
	}
	u, err := url.Parse(raw)
	return err == nil && docExts[strings.ToLower(path.Ext(u.Path))]
}

// docNamed reports a link whose text is a document's file name: download
// scripts (JCMS's downfile.jsp, VSB's download.jsp) hide it from the path.
func docNamed(a *html.Node) bool {
	t := a.FirstChild
	if t == nil || t != a.LastChild || t.Type != html.TextNode {
		return false
	}
	return docExts[strings.ToLower(path.Ext(strings.TrimSpace(t.Data)))]
}
