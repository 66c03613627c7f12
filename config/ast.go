package config

import (
	"github.com/goccy/go-yaml/ast"
)

// nodePos is where n begins; a mapping begins at its first key, not at the
// colon the parser gives it.
func nodePos(n ast.Node) position {
	if n == nil {
		return position{}
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 && m.Values[0].Key != nil {
		n = m.Values[0].Key
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return position{}
	}
	return position{tk.Position.Line, tk.Position.Column}
}

// collectAnchors maps anchor names to their values, for resolving aliases.
func collectAnchors(body ast.Node) map[string]ast.Node {
	anchors := map[string]ast.Node{}
	ast.Walk(anchorVisitor(anchors), body)
	return anchors
}

type anchorVisitor map[string]ast.Node

func (v anchorVisitor) Visit(n ast.Node) ast.Visitor {
	if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil {
		v[scalarText(a.Name)] = a.Value
	}
	return v
}

// value unwraps anchors, tags and aliases around n. It returns nil for a
// null, and tag is the innermost explicit tag ("!!str"), if any.
func (l *loader) value(n ast.Node, field string) (v ast.Node, tag string) {
	for range 64 {
		switch t := n.(type) {
		case nil:
			return nil, tag
		case *ast.NullNode:
			return nil, tag
		case *ast.AnchorNode:
			n = t.Value
		case *ast.TagNode:
			if t.Start != nil {
				tag = t.Start.Value
			}
			n = t.Value
		case *ast.AliasNode:
			name := scalarText(t.Value)
			target, ok := l.anchors[name]
			if !ok {
				l.errAt(t, field, "unknown alias *%s", name)
				return nil, ""
			}
			if !l.spendAlias(t, field) {
				return nil, ""
			}
			n = target
		default:
			return n, tag
		}
	}
	l.errAt(n, field, "aliases nest too deeply")
	return nil, ""
}

// spendAlias counts one alias or merge expansion against the budget.
func (l *loader) spendAlias(n ast.Node, field string) bool {
	l.aliases++
	if l.aliases == aliasBudget+1 {
		l.errAt(n, field, "too many aliases (more than %d expansions)", aliasBudget)
	}
	return l.aliases <= aliasBudget
}

// scalarText is the text of a scalar node as written, or "" for others.
func scalarText(n ast.Node) string {
	switch t := n.(type) {
	case nil:
		return ""
	case *ast.StringNode:
		if t == nil {
			return ""
		}
		return t.Value
	case *ast.LiteralNode:
		if t.Value == nil {
			return ""
		}
		return t.Value.Value
	case *ast.MappingKeyNode:
		return scalarText(t.Value)
	case *ast.AnchorNode:
		return scalarText(t.Value)
	case *ast.TagNode:
		return scalarText(t.Value)
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

// entry is one key of a mapping, merges already expanded.
type entry struct {
	key     string
	keyNode ast.Node
	value   ast.Node
}

// entries lists the keys of mapping m. Keys brought in by "<<" merges yield
// to keys written in m itself; a key written twice is a problem.
func (l *loader) entries(m *ast.MappingNode, field string, depth int) []entry {
	var own, merged []entry
	seen := map[string]ast.Node{}
	for _, mv := range m.Values {
		if mv == nil || mv.Key == nil {
			continue
		}
		if mv.Key.IsMergeKey() {
			merged = append(merged, l.mergeEntries(mv.Value, field, depth)...)
			continue
		}
		key := scalarText(mv.Key)
		if first, dup := seen[key]; dup {
			l.errAt(mv.Key, join(field, key), "duplicate key %q (first at line %d)", key, nodePos(first).line)
			continue
		}
		seen[key] = mv.Key
		own = append(own, entry{key, mv.Key, mv.Value})
	}
	for _, e := range merged {
		if _, ok := seen[e.key]; !ok {
			seen[e.key] = e.keyNode
			own = append(own, e)
		}
	}
	return own
}

// mergeEntries expands the value of a "<<" key: a mapping or a list of them.
func (l *loader) mergeEntries(n ast.Node, field string, depth int) []entry {
	if depth > 16 {
		l.errAt(n, field, "merges nest too deeply")
		return nil
	}
	if !l.spendAlias(n, field) {
		return nil
	}
	v, _ := l.value(n, field)
	switch t := v.(type) {
	case *ast.MappingNode:
		return l.entries(t, field, depth+1)
	case *ast.SequenceNode:
		var out []entry
		seen := map[string]bool{}
		for _, item := range t.Values {
			for _, e := range l.mergeEntries(item, field, depth+1) {
				// In a list of merges the first mapping that has a key wins.
				if !seen[e.key] {
					seen[e.key] = true
					out = append(out, e)
				}
			}
		}
		return out
	case nil:
		return nil
	}
	l.errAt(v, field, "a merge (<<) needs a mapping or a list of mappings, got %s", describe(v))
	return nil
}

// join appends key to a field path.
func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}
