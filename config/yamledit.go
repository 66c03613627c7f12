package config

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// emptySourcesLine matches the rest of a "sources:" line whose value is
// empty, null or [] and keeps its anchor or tag and its comment.
var emptySourcesLine = regexp.MustCompile(`^((?:[ \t]+[&!][^ \t#]*)*)[ \t]*(?:null|Null|NULL|~|\[[ \t]*\])?([ \t]*(?:#.*)?)$`)

// appendSources adds sources to the end of the sources list of a config
// file as text, leaving every other line as it is.
func appendSources(data []byte, sources []NewSource) ([]byte, error) {
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, err
	}
	var body ast.Node
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			body = unwrapNode(d.Body)
			break
		}
	}
	var top *ast.MappingNode
	switch b := body.(type) {
	case *ast.MappingNode:
		top = b
	case *ast.MappingValueNode:
		top = &ast.MappingNode{Values: []*ast.MappingValueNode{b}}
	}
	if top == nil {
		return nil, errors.New("the file is not a mapping of settings")
	}
	if top.IsFlowStyle {
		return nil, errors.New("the file is written as one {...} mapping: write it in block style to import into it")
	}
	e := newLineEditor(data)
	var key *ast.MappingValueNode
	for _, mv := range top.Values {
		if mv != nil && mv.Key != nil && scalarText(mv.Key) == "sources" {
			key = mv
		}
	}
	if key == nil {
		// No sources yet: add the key at the end, at the indentation of the others.
		indent := 0
		if len(top.Values) > 0 && top.Values[0] != nil && top.Values[0].Key != nil {
			if tk := top.Values[0].Key.GetToken(); tk != nil && tk.Position != nil {
				indent = tk.Position.Column - 1
			}
		}
		dash := indent + e.step()
		text := strings.Repeat(" ", indent) + "sources:" + e.eol + renderSources(sources, dash, dash+2, e.eol, false)
		return e.insertAfter(len(e.lines)-1, text, true), nil
	}
	kt := key.Key.GetToken()
	if kt == nil || kt.Position == nil {
		return nil, errors.New("cannot find the sources key")
	}
	keyLine, keyIndent := kt.Position.Line-1, kt.Position.Column-1
	if keyLine < 0 || keyLine >= len(e.lines) {
		return nil, errors.New("cannot find the sources key")
	}
	switch v := unwrapNode(key.Value).(type) {
	case *ast.SequenceNode:
		if !v.IsFlowStyle {
			l := e.blockList(keyLine, keyIndent)
			return e.insertAfter(l.last, renderSources(sources, l.dash, l.content, e.eol, l.spaced), false), nil
		}
		if len(v.Values) > 0 {
			return nil, errors.New("sources is written as a [...] list: write it as a block list (one \"- name: ...\" per source) to import into it")
		}
	case nil, *ast.NullNode:
	case *ast.AliasNode:
		return nil, errors.New("sources is an alias (*name): cannot append to it")
	default:
		return nil, fmt.Errorf("sources is %s, not a list", describe(v))
	}
	// An empty list or null: drop the value from the key's line, keeping any
	// anchor, tag and comment, and start a block list below it.
	if err := e.emptyValue(keyLine, keyIndent); err != nil {
		return nil, err
	}
	dash := keyIndent + e.step()
	return e.insertAfter(e.commentsBelow(keyLine, keyIndent), renderSources(sources, dash, dash+2, e.eol, false), false), nil
}

// commentsBelow is the last line of the comments indented under the key on
// line keyLine, such as "# Add sources below.", or keyLine when there are none.
func (e *lineEditor) commentsBelow(keyLine, keyIndent int) int {
	last := keyLine
	for i := keyLine + 1; i < len(e.lines); i++ {
		t, indent, ok := e.content(i)
		if ok || (t != "" && indent <= keyIndent) {
			break
		}
		if t != "" {
			last = i
		}
	}
	return last
}

// unwrapNode strips anchors and tags, which stay in the text untouched.
func unwrapNode(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.AnchorNode:
			n = t.Value
		case *ast.TagNode:
			n = t.Value
		default:
			return n
		}
	}
}

// lineEditor edits a file line by line; lines keep their line endings.
type lineEditor struct {
	lines [][]byte
	eol   string // the file's line ending, for the lines we add
}

func newLineEditor(data []byte) *lineEditor {
	e := &lineEditor{eol: "\n"}
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			e.lines = append(e.lines, data)
			break
		}
		e.lines = append(e.lines, data[:i+1])
		data = data[i+1:]
	}
	if len(e.lines) > 0 && bytes.HasSuffix(e.lines[0], []byte("\r\n")) {
		e.eol = "\r\n"
	}
	return e
}

// content is line i without its ending, its indentation and whether it
// holds YAML content (not blank, not only a comment).
func (e *lineEditor) content(i int) (text string, indent int, ok bool) {
	s := strings.TrimRight(string(e.lines[i]), "\r\n")
	t := strings.TrimLeft(s, " ")
	return t, len(s) - len(t), strings.TrimSpace(t) != "" && !strings.HasPrefix(t, "#")
}

// blockList describes the block list under the key on line keyLine.
type blockList struct {
	last    int  // its last content line
	dash    int  // the column of its items' dash
	content int  // the column of its items' keys
	spaced  bool // a blank line separates its items
}

// blockList finds where the block list under the key on line keyLine ends
// and how its items are written.
func (e *lineEditor) blockList(keyLine, keyIndent int) blockList {
	l := blockList{last: keyLine, dash: -1, content: -1}
	items := 0
	for i := keyLine + 1; i < len(e.lines); i++ {
		t, indent, ok := e.content(i)
		if !ok {
			continue
		}
		item := t == "-" || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "-\t")
		if indent < keyIndent || (indent == keyIndent && !item) || (indent == 0 && (strings.HasPrefix(t, "---") || strings.HasPrefix(t, "..."))) {
			break
		}
		l.last = i
		if !item || (l.dash >= 0 && indent != l.dash) {
			continue
		}
		if items++; items > 1 && e.blankAbove(i) {
			l.spaced = true
		}
		if l.dash >= 0 {
			continue
		}
		l.dash = indent
		rest := strings.TrimLeft(t[1:], " \t")
		if rest != "" && !strings.HasPrefix(rest, "#") {
			l.content = indent + len(t) - len(rest)
		} else if i+1 < len(e.lines) {
			if _, next, ok := e.content(i + 1); ok && next > indent {
				l.content = next
			}
		}
	}
	if l.dash < 0 {
		l.dash = keyIndent + e.step()
	}
	if l.content <= l.dash {
		l.content = l.dash + 2
	}
	return l
}

// blankAbove reports whether a blank line comes before line i, above the
// comments that may sit right before it.
func (e *lineEditor) blankAbove(i int) bool {
	for j := i - 1; j >= 0; j-- {
		t, _, ok := e.content(j)
		if ok {
			return false
		}
		if strings.TrimSpace(t) == "" {
			return true
		}
	}
	return false
}

// step is the file's indentation step: the smallest indentation of a content line.
func (e *lineEditor) step() int {
	step := 0
	for i := range e.lines {
		if _, indent, ok := e.content(i); ok && indent > 0 && (step == 0 || indent < step) {
			step = indent
		}
	}
	if step == 0 || step > 8 {
		return 2
	}
	return step
}

// emptyValue removes an empty or null value from the key's line.
func (e *lineEditor) emptyValue(keyLine, keyIndent int) error {
	line := string(e.lines[keyLine])
	body := strings.TrimRight(line, "\r\n")
	ending := line[len(body):]
	colon := strings.IndexByte(body[keyIndent:], ':')
	if colon < 0 {
		return errors.New("cannot find the colon after sources")
	}
	colon += keyIndent
	m := emptySourcesLine.FindStringSubmatch(body[colon+1:])
	if m == nil {
		return errors.New("cannot read the line of sources: write \"sources:\" on a line of its own to import")
	}
	rest := m[1]
	if c := strings.TrimSpace(m[2]); c != "" {
		rest += " " + c
	}
	e.lines[keyLine] = []byte(body[:colon+1] + rest + ending)
	return nil
}

// insertAfter returns the file with text inserted after line i; blankLine
// puts an empty line before the text.
func (e *lineEditor) insertAfter(i int, text string, blankLine bool) []byte {
	var b bytes.Buffer
	for j, l := range e.lines {
		b.Write(l)
		if j != i {
			continue
		}
		if !bytes.HasSuffix(l, []byte("\n")) {
			b.WriteString(e.eol)
		}
		if blankLine {
			b.WriteString(e.eol)
		}
		b.WriteString(text)
	}
	if len(e.lines) == 0 {
		b.WriteString(text)
	}
	return b.Bytes()
}
