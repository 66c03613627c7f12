package config

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Load reads the config file at path and parses it.
func Load(path string, chk Checks) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errors{{File: path, Msg: err.Error(), err: err}}
	}
	return Parse(path, data, chk)
}

// Parse decodes and validates data, the contents of the file at path; path
// names the file in errors and anchors relative paths in the config. Any
// error is of type Errors and lists every problem found.
func Parse(path string, data []byte, chk Checks) (*Config, error) {
	if rest, chunks, ok := splitSources(data); ok {
		if cfg, err, sure := parse(path, rest, chunks, chk); sure {
			return cfg, err
		}
	}
	cfg, err, _ := parse(path, data, nil, chk)
	return cfg, err
}

// parse is Parse of data with the sources list, when chunks is not nil, cut
// out of data into chunks (see splitSources). sure is false when the cut
// could change the result; the file is then to be parsed whole.
func parse(path string, data []byte, chunks []sourceChunk, chk Checks) (_ *Config, _ error, sure bool) {
	l := &loader{file: path, pos: map[string]position{}, broken: map[string]bool{}, entryPaths: map[string][]string{}, chunks: chunks}
	if chunks != nil {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(errUnsure); !ok {
					panic(r)
				}
				sure = false
			}
		}()
	}
	cfg := defaultConfig()
	cfg.Path = path
	if body := l.document(data); body != nil {
		l.anchors = collectAnchors(body)
		l.decodeConfig(body, &cfg)
		l.inherit(&cfg)
		l.validate(&cfg, chk)
		l.resolve(&cfg)
	}
	if chunks != nil && !l.chunked {
		return nil, nil, false // the list was not read as the top-level "sources"
	}
	if len(l.errs) > 0 {
		l.errs.sort()
		return nil, l.errs, true
	}
	return &cfg, nil, true
}

// aliasBudget bounds how many aliases and merges one file may expand, so
// that a file of nested aliases cannot make Parse do exponential work.
const aliasBudget = 10000

// position is a place in the file.
type position struct{ line, col int }

// loader holds the state of one Parse: the problems found so far and where
// in the file each field path was set.
type loader struct {
	file    string
	errs    Errors
	pos     map[string]position // field path -> position of its value
	anchors map[string]ast.Node
	aliases int             // aliases and merges expanded so far
	broken  map[string]bool // sources that are not mappings: nothing more to check
	// entryPaths maps a decoded list to the field paths of its entries, for
	// lists whose entries are sorted into several Go slices (tags: plain
	// names and rules), where a slice index is not the file's index.
	entryPaths map[string][]string
	chunks     []sourceChunk // the sources list, when cut out of the file
	chunked    bool          // the chunks were decoded as the top-level "sources"
}

// document parses data and returns the body of its single document, or nil
// after recording why there is none.
func (l *loader) document(data []byte) (body ast.Node) {
	defer func() {
		// The YAML parser is not ours; a panic in it is a problem of the file.
		if r := recover(); r != nil {
			l.errs = append(l.errs, &Error{File: l.file, Line: 1, Column: 1, Msg: fmt.Sprintf("cannot parse YAML: %v", r)})
			body = nil
		}
	}()
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		l.syntaxError(err)
		return nil
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		l.errs = append(l.errs, &Error{File: l.file, Line: 1, Column: 1, Msg: "no configuration"})
		return nil
	}
	if len(docs) > 1 {
		p := nodePos(docs[1].Body)
		l.errs = append(l.errs, &Error{File: l.file, Line: p.line, Column: p.col, Msg: "only one YAML document is allowed"})
	}
	if _, isNull := docs[0].Body.(*ast.NullNode); isNull {
		l.errs = append(l.errs, &Error{File: l.file, Line: 1, Column: 1, Msg: "no configuration"})
		return nil
	}
	return docs[0].Body
}

func (l *loader) syntaxError(err error) {
	e := &Error{File: l.file, Line: 1, Column: 1, Msg: err.Error(), err: err}
	var ye yaml.Error
	if errors.As(err, &ye) {
		e.Msg = "YAML: " + ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		}
	}
	l.errs = append(l.errs, e)
}

// errAt records a problem with field, placed at node n.
func (l *loader) errAt(n ast.Node, field, format string, args ...any) {
	p := nodePos(n)
	if p.line == 0 {
		p = l.at(field)
	}
	l.errs = append(l.errs, &Error{File: l.file, Line: p.line, Column: p.col, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// errField records a problem with field, placed where the file sets it or,
// for a field the file leaves out, where its nearest parent is.
func (l *loader) errField(field string, cause error, format string, args ...any) {
	p := l.at(field)
	l.errs = append(l.errs, &Error{File: l.file, Line: p.line, Column: p.col, Field: field, Msg: fmt.Sprintf(format, args...), err: cause})
}

// at finds the position of field or of its nearest recorded parent.
func (l *loader) at(field string) position {
	for field != "" {
		if p, ok := l.pos[field]; ok {
			return p
		}
		i := strings.LastIndexAny(field, ".[")
		if i < 0 {
			break
		}
		field = field[:i]
	}
	return position{1, 1}
}

// isSet reports whether the file gives field a (non-null) value.
func (l *loader) isSet(field string) bool {
	_, ok := l.pos[field]
	return ok
}

// mark records that the file sets field with node n.
func (l *loader) mark(field string, n ast.Node) {
	if p := nodePos(n); p.line > 0 {
		l.pos[field] = p
	}
}
