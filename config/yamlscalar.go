package config

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// renderSources writes sources as block list items: dash is the column of
// the dash, content the column of their keys; spaced puts a blank line
// before each.
func renderSources(sources []NewSource, dash, content int, eol string, spaced bool) string {
	var b strings.Builder
	pad := strings.Repeat(" ", content)
	for _, s := range sources {
		if spaced {
			b.WriteString(eol)
		}
		b.WriteString(strings.Repeat(" ", dash) + "-" + strings.Repeat(" ", content-dash-1))
		b.WriteString("name: " + yamlScalar(s.Name, false) + eol)
		if s.Title != "" {
			b.WriteString(pad + "title: " + yamlScalar(s.Title, false) + eol)
		}
		b.WriteString(pad + "url: " + yamlScalar(s.URL, false) + eol)
		if len(s.Tags) > 0 {
			tags := make([]string, len(s.Tags))
			for i, t := range s.Tags {
				tags[i] = yamlScalar(t, true)
			}
			b.WriteString(pad + "tags: [" + strings.Join(tags, ", ") + "]" + eol)
		}
	}
	return b.String()
}

// yamlScalar writes s plain when a YAML reader will surely read it back as
// the same string, and double-quoted otherwise; inFlow is for list entries
// written inside [...].
func yamlScalar(s string, inFlow bool) string {
	if plainSafe(s, inFlow) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == ' ' || (unicode.IsPrint(r) && r != '\uFEFF'):
			b.WriteRune(r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainSafe is deliberately strict: a value that could read as another
// type, an indicator, a comment or a key is quoted.
func plainSafe(s string, inFlow bool) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`.+~0123456789") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") || strings.Contains(s, "#") {
		return false
	}
	if inFlow && strings.ContainsAny(s, ",[]{}:") {
		return false
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && (!unicode.IsPrint(r) || r == '\uFEFF') }) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return false
	}
	return true
}
