package sanitise

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// quotedLines reads a file of Go-quoted strings, one a line: inputs that a
// text file could not hold as they are.
func quotedLines(t testing.TB, name string) []string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.Lines(string(b)) {
		s, err := strconv.Unquote(strings.TrimSpace(line))
		if err != nil {
			t.Fatalf("%s: %q: %v", name, line, err)
		}
		out = append(out, s)
	}
	return out
}

// vectorInputs puts each vector of clean's XSS corpus where an article body
// carries it: markup as it is, a URL in the attributes that take one.
func vectorInputs(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("../clean/testdata/xss/vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	unescape := strings.NewReplacer("{TAB}", "\t", "{NL}", "\n", "{CR}", "\r", "{NUL}", "\x00",
		"{FF}", "\f", "{VT}", "\v", "{ESC}", "\x1b", "{NBSP}", "\u00a0", "{BOM}", "\ufeff")
	var out []string
	isURL := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			isURL = strings.HasSuffix(line, " (url)")
		case line == "", strings.HasPrefix(line, "# "):
		case isURL:
			u := unescape.Replace(line)
			out = append(out, `<p><a href="`+u+`">链接</a><img src="`+u+`"><img data-src="`+u+`" src="/x.gif"></p>`)
		default:
			out = append(out, unescape.Replace(line))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

const pageURL = "https://www.example.edu.cn/news/2024/0724/a.html"
