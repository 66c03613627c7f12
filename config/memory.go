package config

import (
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// MemoryLimit is the soft limit on the Go runtime's memory that `edufeed
// serve` and `edufeed poll` set (runtime/debug.SetMemoryLimit). A GOMEMLIMIT in the
// environment wins over it.
type MemoryLimit struct {
	// Auto (the default, "auto" in the file) lets the daemon keep the
	// limit a little above its live heap, re-chosen after every collection.
	Auto bool
	// Bytes is a fixed limit (a size in the file) when Auto is false; 0
	// ("off") sets none, leaving the runtime's default.
	Bytes int64
}

// minMemoryLimit is the least fixed limit a file may set: below it the
// daemon's own live heap at start-up would have the collector run all the
// time.
const minMemoryLimit = 16 << 20

// String reads back as the file would say it.
func (m MemoryLimit) String() string {
	switch {
	case m.Auto:
		return "auto"
	case m.Bytes == 0:
		return "off"
	}
	return formatSize(m.Bytes)
}

// formatSize writes n in the largest IEC unit that divides it.
func formatSize(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// memoryLimit decodes memory_limit: auto, off, or a size.
func (l *loader) memoryLimit(n ast.Node, field string, dst *MemoryLimit) {
	v, _ := l.value(n, field)
	if v == nil {
		return
	}
	var text string
	switch t := v.(type) {
	case *ast.StringNode:
		text = t.Value
	case *ast.IntegerNode:
		text = scalarText(t)
	case *ast.BoolNode:
		// YAML 1.1 readers take a bare off for false; say what to write.
		l.errAt(v, field, "expected auto, off or a size such as 256MiB, got %s (write \"off\" to set no limit)", describe(v))
		return
	default:
		l.errAt(v, field, "expected auto, off or a size such as 256MiB, got %s", describe(v))
		return
	}
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "auto":
		*dst = MemoryLimit{Auto: true}
	case "off":
		*dst = MemoryLimit{}
	default:
		b, err := ParseSize(text)
		if err != nil {
			l.errAt(v, field, "%v, or auto or off", err)
			return
		}
		if b < minMemoryLimit {
			l.errAt(v, field, "must be at least 16MiB, got %s (or auto, or off)", strings.TrimSpace(text))
			return
		}
		*dst = MemoryLimit{Bytes: b}
	}
	l.mark(field, v)
}
