package postgres

import (
	"regexp"
	"strings"
)

// passwordParam finds a password in a key=value DSN or in a message quoting one.
var passwordParam = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)`)

// Redact returns dsn with any password replaced by "xxxxx", for logs,
// /healthz and /api/sources. It works on URLs (postgres://u:p@h/db) and on
// key=value strings (host=h password=p), and on messages that quote either.
func Redact(dsn string) string {
	out := passwordParam.ReplaceAllString(dsn, "${1}xxxxx")
	if i := strings.Index(out, "://"); i >= 0 {
		// The user info runs to the last @ before the host's path.
		rest := out[i+3:]
		end := strings.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
			if colon := strings.Index(rest[:at], ":"); colon >= 0 {
				out = out[:i+3] + rest[:colon] + ":xxxxx" + rest[at:]
			}
		}
	}
	return out
}
