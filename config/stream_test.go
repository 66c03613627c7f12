package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestSplitSources: which files have their sources list cut into chunks,
// and that the rest of the file keeps its lines.
func TestSplitSources(t *testing.T) {
	list := "  - {name: a, url: \"http://x/a\"}\n  - {name: b, url: \"http://x/b\"}\n  - name: c\n    url: http://x/c\n"
	tests := []struct {
		name    string
		in      string
		ok      bool
		entries int
	}{
		{"indented list", "listen: :8080\nsources:\n" + list + "feed: {title: t}\n", true, 3},
		{"list at the margin", "sources:\n- name: a\n  url: http://x/a\n- name: b\n  url: http://x/b\n", true, 2},
		{"comment after the key, comments and blanks in the list", "sources: # all\n\n  # first\n" + list + "\n# end\n", true, 3},
		{"CRLF", "sources:\r\n  - {name: a, url: \"http://x/a\"}\r\nlisten: :1\r\n", true, 1},
		{"flow list", "sources: [{name: a, url: \"http://x/a\"}]\n", false, 0},
		{"anchored list", "sources: &s\n" + list, false, 0},
		{"no list under the key", "sources:\nlisten: :1\n", false, 0},
		{"a mapping under the key", "sources:\n  a: b\n", false, 0},
		{"two sources keys", "sources:\n" + list + "sources:\n" + list, false, 0},
		{"no sources", "listen: :1\n", false, 0},
		{"nested sources key only", "x-a:\n  sources:\n" + list, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rest, chunks, ok := splitSources([]byte(tc.in))
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			entries := 0
			for _, c := range chunks {
				entries += c.entries
			}
			if entries != tc.entries {
				t.Errorf("entries = %d, want %d", entries, tc.entries)
			}
			if got, want := bytes.Count(rest, []byte("\n")), strings.Count(tc.in, "\n"); got != want {
				t.Errorf("rest has %d lines, the file %d:\n%s", got, want, rest)
			}
			if strings.Contains(string(rest), "name:") {
				t.Errorf("rest still holds the list:\n%s", rest)
			}
		})
	}
}

// TestSplitSourcesChunks: a long list is cut at entries once a chunk holds
// chunkBytes, and every chunk knows the file's line it starts at.
func TestSplitSourcesChunks(t *testing.T) {
	defer func(n int) { chunkBytes = n }(chunkBytes)
	chunkBytes = 100
	var b strings.Builder
	b.WriteString("listen: :1\nsources:\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  - name: s%d\n    url: http://x/%d\n", i, i)
	}
	_, chunks, ok := splitSources([]byte(b.String()))
	if !ok {
		t.Fatal("not split")
	}
	if len(chunks) < 10 {
		t.Fatalf("%d chunks, want one every few entries", len(chunks))
	}
	n := 0
	for _, c := range chunks {
		// Line 3 holds s0's name; entry i starts at line 3 + 2i.
		if want := fmt.Sprintf("  - name: s%d\n", n); !strings.HasPrefix(c.text, want) || c.line != 3+2*n {
			t.Fatalf("chunk at line %d starts %q, want line %d, %q", c.line, c.text[:min(len(c.text), 20)], 3+2*n, want)
		}
		n += c.entries
	}
	if n != 50 {
		t.Errorf("%d entries, want 50", n)
	}
}

// TestChunkedParseSameAsWhole: Parse, with a list cut into chunks of one
// entry each, gives the same config and the same errors, at the same lines
// and columns, as the file parsed whole; files it cannot be sure of are
// parsed whole.
func TestChunkedParseSameAsWhole(t *testing.T) {
	defer func(n int) { chunkBytes = n }(chunkBytes)
	chunkBytes = 1
	head := "store: {path: /tmp/x.db}\n"
	tests := []struct {
		name    string
		in      string
		chunked bool // whether the chunks decide the result
	}{
		{"plain", head + "sources:\n  - {name: a, url: \"http://x/a\"}\n  - name: b\n    url: http://x/b\n    tags: [x, {match: y, tag: z}]\nfeed: {title: t}\n", true},
		{"at the margin, comments", head + "sources:\n# c\n- name: a\n  url: http://x/a # c\n\n- name: b\n  url: http://x/b\n", true},
		{"errors in entries", head + "sources:\n  - {name: a, url: \"http://x/a\", colour: red}\n  - {name: a, url: \"ftp://x/b\", pages: many}\n  - 7\n  - {url: \"http://x/c\"}\n", true},
		{"empty entry", head + "sources:\n  - {name: a, url: \"http://x/a\"}\n  -\n  - {name: b, url: \"http://x/b\"}\n", false},
		{"empty value", head + "sources:\n  - name: a\n    url: http://x/a\n    title:\n  - {name: b, url: \"http://x/b\"}\n", false},
		{"duplicate key in an entry", head + "sources:\n  - name: a\n    url: http://x/a\n    name: b\n", true},
		{"error beside the list", head + "listen: 7x\nsources:\n  - {name: a, url: \"http://x/a\"}\nbogus: 1\n", true},
		{"tags and merges inside an entry", head + "sources:\n  - <<: {timeout: 5s}\n    name: a\n    url: !!str http://x/a\n", true},
		{"anchor in the list", head + "sources:\n  - &a {name: a, url: \"http://x/a\"}\n  - <<: *a\n    name: b\n", false},
		{"alias to an anchor outside", "x-base: &b {timeout: 5s}\n" + head + "sources:\n  - <<: *b\n    name: a\n    url: http://x/a\n", false},
		{"alias to the list from outside", head + "sources:\n  - &s {name: a, url: \"http://x/a\"}\nx-a: *s\n", false},
		{"syntax error in an entry", head + "sources:\n  - {name: a, url: \"http://x/a\"\n  - {name: b}\n", false},
		{"quoted scalar over several lines", head + "sources:\n  - name: a\n    url: http://x/a\n    title: \"one\n  - two\"\n", false},
		{"plain scalar over several lines", head + "sources:\n- name: a\n  url: http://x/a\n- 0\n -\n---\n", false},
		{"second document", head + "sources:\n  - {name: a, url: \"http://x/a\"}\n---\nlisten: :1\n", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			compareWithWhole(t, "cfg.yaml", []byte(tc.in), tc.chunked)
		})
	}
}

// TestChunkedParseTestdata: every config under testdata parses the same cut
// into chunks as whole.
func TestChunkedParseTestdata(t *testing.T) {
	defer func(n int) { chunkBytes = n }(chunkBytes)
	chunkBytes = 1
	files, _ := filepath.Glob("testdata/*.yaml")
	example, _ := filepath.Glob("../*.yaml")
	files = append(files, example...)
	if len(files) < 3 {
		t.Fatalf("found only %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(f, func(t *testing.T) {
			_, _, split := splitSources(data)
			compareWithWhole(t, f, data, split)
		})
	}
}

func compareWithWhole(t *testing.T, path string, data []byte, chunked bool) {
	t.Helper()
	want, wantErr, _ := parse(path, data, nil, Checks{})
	if rest, chunks, ok := splitSources(data); ok {
		_, _, sure := parse(path, rest, chunks, Checks{})
		if sure != chunked {
			t.Errorf("chunks decide: %v, want %v", sure, chunked)
		}
	} else if chunked {
		t.Error("not split")
	}
	got, gotErr := Parse(path, data, Checks{})
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Errorf("errors differ:\nchunked: %v\nwhole:   %v", gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("configs differ:\nchunked: %+v\nwhole:   %+v", got, want)
	}
}

// FuzzChunkedSameAsWhole: whatever the file, Parse with the sources list
// cut into one-entry chunks says what the file parsed whole says.
func FuzzChunkedSameAsWhole(f *testing.F) {
	f.Add([]byte("sources:\n  - {name: a, url: \"http://x/a\"}\n  - name: b\n    url: http://x/b\n"))
	f.Add([]byte("sources:\n- name: a\n  title: \"x\n- y\"\n  url: http://x/a\nlisten: 1\n"))
	f.Add([]byte("x: &a {timeout: 1s}\nsources:\n  - <<: *a\n    name: a\n  - {name: b, tags: [c, {match: d}]}\n"))
	f.Add([]byte("sources: # c\n  # d\n  - 7\n  - [1]\n  - {name: a, url: 'file:a.xml', colour: red}\n---\nx: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func(n int) { chunkBytes = n }(chunkBytes)
		chunkBytes = 1
		want, wantErr, _ := parse("fuzz.yaml", data, nil, checks)
		got, gotErr := Parse("fuzz.yaml", data, checks)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("errors differ:\nchunked: %v\nwhole:   %v", gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("configs differ:\nchunked: %+v\nwhole:   %+v", got, want)
		}
	})
}
