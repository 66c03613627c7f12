package sanitise

import (
	"net/url"
	"path"
	"strings"
)

// docExts are attachments that government notices link at their end.
var docExts = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true,
	".pptx": true, ".wps": true, ".et": true, ".ofd": true, ".zip": true, ".rar": true,
	".7z": true, ".txt": true, ".csv": true,
}

func isDocURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && docExts[strings.ToLower(path.Ext(u.Path))]
}
