package config

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// str decodes a string. Numbers and booleans are refused rather than turned
// into text, so that a value is never silently something else than written;
// an explicit !!str tag or quotes make them strings.
func (l *loader) str(n ast.Node, field string, dst *string) {
	v, tag := l.value(n, field)
	if v == nil {
		return
	}
	switch t := v.(type) {
	case *ast.StringNode:
		*dst = t.Value
	case *ast.LiteralNode:
		if t.Value != nil {
			*dst = t.Value.Value
		}
	default:
		_, isScalar := v.(ast.ScalarNode)
		if tag == "!!str" && isScalar {
			*dst = scalarText(v)
			break
		}
		hint := ""
		if isScalar {
			hint = " (quote it to make it a string)"
		}
		l.errAt(v, field, "expected a string, got %s%s", describe(v), hint)
		return
	}
	l.mark(field, v)
}

// strs decodes a list of strings.
func (l *loader) strs(n ast.Node, field string, dst *[]string) {
	v, _ := l.value(n, field)
	if v == nil {
		return
	}
	seq, ok := v.(*ast.SequenceNode)
	if !ok {
		l.errAt(v, field, "expected a list such as [a, b], got %s", describe(v))
		return
	}
	l.mark(field, seq)
	out := make([]string, 0, len(seq.Values))
	for i, item := range seq.Values {
		f := fmt.Sprintf("%s[%d]", field, i)
		var s string
		before := len(l.errs)
		if iv, _ := l.value(item, f); iv == nil {
			if len(l.errs) == before {
				l.errAt(item, f, "empty entry")
			}
			continue
		}
		l.str(item, f, &s)
		out = append(out, s)
	}
	*dst = out
}

func (l *loader) int(n ast.Node, field string, dst *int) {
	v, _ := l.value(n, field)
	if v == nil {
		return
	}
	t, ok := v.(*ast.IntegerNode)
	if !ok {
		if tk := v.GetToken(); tk != nil && tk.Type == token.StringType && tk.Value != "" && strings.Trim(tk.Value, "0123456789") == "" {
			// The YAML parser leaves unquoted integers that overflow as strings.
			l.errAt(v, field, "%s is too large", clip(tk.Value))
			return
		}
		l.errAt(v, field, "expected an integer, got %s", describe(v))
		return
	}
	switch x := t.Value.(type) {
	case int64:
		*dst = int(x)
	case uint64:
		if x > math.MaxInt64 {
			l.errAt(v, field, "%d is too large", x)
			return
		}
		*dst = int(x)
	default:
		l.errAt(v, field, "expected an integer, got %s", describe(v))
		return
	}
	l.mark(field, v)
}

func (l *loader) bool(n ast.Node, field string, dst *bool) {
	v, _ := l.value(n, field)
	if v == nil {
		return
	}
	t, ok := v.(*ast.BoolNode)
	if !ok {
		l.errAt(v, field, "expected true or false, got %s", describe(v))
		return
	}
	*dst = t.Value
	l.mark(field, v)
}

// duration decodes a string such as "90s", "12h" or "30d".
func (l *loader) duration(n ast.Node, field string, dst *time.Duration) {
	v, _ := l.value(n, field)
	if v == nil {
		return
	}
	var text string
	switch t := v.(type) {
	case *ast.StringNode:
		text = t.Value
	case *ast.IntegerNode, *ast.FloatNode:
		l.errAt(v, field, "a duration needs a unit, as in %q or %q", scalarText(v)+"s", scalarText(v)+"m")
		return
	default:
		l.errAt(v, field, "expected a duration such as \"30s\", got %s", describe(v))
		return
	}
	d, err := ParseDuration(text)
	if err != nil {
		l.errAt(v, field, "%v", err)
		return
	}
	*dst = d
	l.mark(field, v)
}

// size decodes bytes: an integer or a string such as "512KiB" or "10MiB".
func (l *loader) size(n ast.Node, field string, dst *int64) {
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
	default:
		l.errAt(v, field, "expected a size such as 10MiB, got %s", describe(v))
		return
	}
	b, err := ParseSize(text)
	if err != nil {
		l.errAt(v, field, "%v", err)
		return
	}
	*dst = b
	l.mark(field, v)
}

// describe names what a node is, for "expected X, got Y" messages.
func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return fmt.Sprintf("string %q", clip(scalarText(n)))
	case *ast.IntegerNode:
		return "integer " + clip(scalarText(n))
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "number " + clip(scalarText(n))
	case *ast.BoolNode:
		return "boolean " + scalarText(n)
	}
	if n == nil {
		return "nothing"
	}
	return n.Type().YAMLName()
}

// clip shortens long values quoted in messages.
func clip(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return strings.TrimSpace(string(r[:max])) + "…"
	}
	return s
}
