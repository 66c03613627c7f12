package config

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// The YAML parser holds every token and node of a file at once: about 90
// MB for a list of 20,000 sources in 1.3 MB of YAML. A top-level block list
// under "sources:" is therefore cut into chunks of whole entries, each parsed
// and decoded on its own, and the rest of the file is parsed with the list's
// lines left blank, so that every line and column stays where it is. A file
// the cut cannot be sure of (an anchor or alias in the list, a chunk that
// does not parse as a list on its own, the list in another shape) is parsed
// whole, as before, so errors and results are the same either way.

// chunkBytes is about how much of the list one parse holds.
var chunkBytes = 64 << 10

// sourceChunk is a run of whole entries of the sources list.
type sourceChunk struct {
	text    string
	line    int  // the file's line number of the chunk's first line
	entries int  // lines that begin an entry: about how many sources it holds
	more    bool // text ends with a sentinel entry: the file goes on after it
}

// splitSources finds a top-level "sources:" line followed by a block list
// and returns the file with the list's lines blanked and the list in chunks.
// ok is false when the file has no such list or more than one "sources:".
func splitSources(data []byte) (rest []byte, chunks []sourceChunk, ok bool) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	at := -1
	for i, ln := range lines {
		if bytes.HasPrefix(ln, []byte("sources:")) {
			if at >= 0 || !onlyComment(ln[len("sources:"):]) {
				return nil, nil, false
			}
			at = i
		}
	}
	if at < 0 {
		return nil, nil, false
	}
	end := at + 1
	for end < len(lines) && inList(lines[end]) {
		end++
	}
	indent := -1
	for _, ln := range lines[at+1 : end] {
		if !blankOrComment(ln) {
			indent = len(ln) - len(bytes.TrimLeft(ln, " "))
			if !isEntryLine(ln, indent) {
				return nil, nil, false
			}
			break
		}
	}
	if indent < 0 {
		return nil, nil, false
	}
	// The parser places a scalar of several lines at its last line when the
	// input ends there, at its first otherwise: a chunk that the file goes
	// on after ends with a sentinel entry, which is dropped after parsing.
	sentinel := []byte(strings.Repeat(" ", indent) + "- 0\n")
	chunk := func(from, to, entries int) sourceChunk {
		c := sourceChunk{line: from + 1, entries: entries, more: to < len(lines)}
		text := bytes.Join(lines[from:to], nil)
		if c.more {
			text = append(text, sentinel...)
		}
		c.text = string(text)
		return c
	}
	start, size, entries := at+1, 0, 0
	for i := at + 1; i < end; i++ {
		entry := isEntryLine(lines[i], indent)
		if entries > 0 && size >= chunkBytes && entry {
			chunks = append(chunks, chunk(start, i, entries))
			start, size, entries = i, 0, 0
		}
		size += len(lines[i])
		if entry {
			entries++
		}
	}
	chunks = append(chunks, chunk(start, end, entries))
	rest = make([]byte, 0, len(data))
	for i, ln := range lines {
		if i > at && i < end {
			if len(ln) > 0 { // the last of lines is empty when data ends in a newline
				rest = append(rest, '\n')
			}
			continue
		}
		rest = append(rest, ln...)
	}
	return rest, chunks, true
}

// inList reports whether a line after "sources:" can still belong to its
// list: it is indented, blank, a comment or an entry at the margin.
func inList(ln []byte) bool {
	if len(ln) == 0 {
		return true
	}
	switch ln[0] {
	case ' ', '\t', '#', '\r', '\n':
		return true
	}
	return isEntryLine(ln, 0)
}

// isEntryLine reports whether ln is "- ..." after exactly indent spaces.
func isEntryLine(ln []byte, indent int) bool {
	if len(ln) <= indent || len(bytes.TrimLeft(ln[:indent], " ")) != 0 || ln[indent] != '-' {
		return false
	}
	if len(ln) == indent+1 {
		return true
	}
	switch ln[indent+1] {
	case ' ', '\r', '\n':
		return true
	}
	return false
}

// onlyComment reports whether the rest of a line holds nothing but spaces
// and a comment.
func onlyComment(s []byte) bool {
	t := bytes.TrimLeft(s, " ")
	if len(t) == 0 || t[0] == '\r' || t[0] == '\n' {
		return true
	}
	return t[0] == '#' && len(t) < len(s)
}

func blankOrComment(ln []byte) bool {
	t := bytes.TrimLeft(ln, " \t")
	return len(t) == 0 || t[0] == '#' || t[0] == '\r' || t[0] == '\n'
}

// errUnsure stops a chunked parse; Parse then parses the file whole.
type errUnsure struct{ why string }

// chunkedSources decodes the list chunk by chunk; n is what the rest of the
// file gives "sources", where the list's lines are blank. It panics with
// errUnsure when that is not empty (the lines after the list belong to it
// otherwise) or when a chunk is not a plain list of entries on its own.
func (l *loader) chunkedSources(n ast.Node, field string) []Source {
	if _, null := n.(*ast.NullNode); n != nil && !null {
		panic(errUnsure{"the list's key has another value"})
	}
	l.chunked = true
	size := 0
	for _, c := range l.chunks {
		size += c.entries
	}
	// Sized once: a Source is some 400 bytes, and 20,000 of them grown by
	// append would hold half as many again in the copies.
	out := make([]Source, 0, size)
	for ci, c := range l.chunks {
		seq := parseChunk(c)
		if ci == 0 {
			l.mark(field, seq)
		}
		for _, item := range seq.Values {
			f := fmt.Sprintf("%s[%d]", field, len(out))
			out = append(out, newSource())
			l.sourceEntry(item, f, &out[len(out)-1])
		}
	}
	return out
}

// parseChunk parses one chunk with the file's line numbers.
func parseChunk(c sourceChunk) *ast.SequenceNode {
	tokens := lexer.Tokenize(c.text)
	seen := map[*token.Position]bool{}
	for _, tk := range tokens {
		switch tk.Type {
		case token.StringType, token.SingleQuoteType, token.DoubleQuoteType:
			if strings.Contains(strings.TrimSpace(tk.Origin), "\n") {
				// Where the parser places a scalar of several lines
				// depends on what comes after the list.
				panic(errUnsure{"a scalar of several lines"})
			}
		}
		if tk.Position != nil && !seen[tk.Position] {
			seen[tk.Position] = true
			tk.Position.Line += c.line - 1
		}
	}
	f, err := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if err != nil || len(f.Docs) != 1 || f.Docs[0] == nil {
		panic(errUnsure{"chunk does not parse"})
	}
	seq, ok := f.Docs[0].Body.(*ast.SequenceNode)
	if !ok {
		panic(errUnsure{"chunk is not a list"})
	}
	if c.more {
		last := len(seq.Values) - 1
		if last < 0 || nodePos(seq.Values[last]).line != c.line+strings.Count(c.text, "\n")-1 {
			panic(errUnsure{"the sentinel is not an entry of its own"})
		}
		seq.Values = seq.Values[:last]
	}
	ast.Walk(plainVisitor{}, seq)
	return seq
}

// plainVisitor panics at an anchor or alias: they reach across chunks.
type plainVisitor struct{}

func (v plainVisitor) Visit(n ast.Node) ast.Visitor {
	switch n.(type) {
	case *ast.AnchorNode, *ast.AliasNode:
		panic(errUnsure{"anchor or alias in the list"})
	case *ast.NullNode:
		// An empty value takes its place from what follows it, which may
		// be in the next chunk.
		panic(errUnsure{"empty value in the list"})
	}
	return v
}
