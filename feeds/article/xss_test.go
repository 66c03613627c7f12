package article

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The XSS vectors feed content resists (feeds/clean's corpus), put where an
// article page carries them: in the body, in URL attributes, in the title
// and the metadata. What Extract returns must hold nothing active.

type vector struct {
	line int
	url  bool
	text string
}

var vectorEscapes = strings.NewReplacer("{TAB}", "\t", "{NL}", "\n", "{CR}", "\r", "{NUL}", "\x00",
	"{FF}", "\f", "{VT}", "\v", "{ESC}", "\x1b", "{NBSP}", "\u00a0", "{BOM}", "\ufeff")

func loadVectors(t *testing.T) []vector {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "clean", "testdata", "xss", "vectors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []vector
	isURL := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			isURL = strings.HasSuffix(line, " (url)")
		case line == "", strings.HasPrefix(line, "# "):
		default:
			out = append(out, vector{line: n, url: isURL, text: vectorEscapes.Replace(line)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// xssPages puts a vector into article pages of a known and of an unknown
// container.
func xssPages(v vector) []string {
	body := []string{v.text + "<p>各地各校要认真落实本通知的要求。</p>", "<p>教育部发布通知，要求各地做好寒假安全工作。</p>" + v.text + "<p>特此通知。</p>"}
	if v.url {
		u := v.text
		body = []string{
			`<p>详见<a href="` + u + `">通知全文</a>。</p><p>各地各校要认真落实。</p>`,
			`<p><img src="` + u + `" alt="图"><img data-src="` + u + `" src="/loading.gif"></p><p>正文内容在此。</p>`,
			`<p><a href="` + u + `">附件.pdf</a></p><p>正文内容在此，请查收附件。</p>`,
			`<iframe src="` + u + `"></iframe><form action="` + u + `"><button formaction="` + u + `">提交</button></form><p>正文</p>`,
		}
	}
	var out []string
	for _, b := range body {
		head := `<title>` + v.text + `</title><meta name="ArticleTitle" content="` + html.EscapeString(v.text) +
			`"><meta name="author" content="` + html.EscapeString(v.text) + `"><base href="` + html.EscapeString(v.text) + `">`
		out = append(out,
			`<html><head>`+head+`</head><body><h1>`+v.text+`</h1><div class="info">来源：`+v.text+`</div><div class="TRS_Editor">`+b+`</div></body></html>`,
			`<html><head>`+head+`</head><body><div id="x"><p>`+v.text+`</p>`+b+`<p>学校将于下周一起放寒假，请家长做好安排。</p></div></body></html>`,
		)
	}
	return out
}

func TestXSSExtract(t *testing.T) {
	vectors := loadVectors(t)
	if len(vectors) < 80 {
		t.Fatalf("only %d vectors", len(vectors))
	}
	tried, extracted := 0, 0
	for _, v := range vectors {
		for _, page := range xssPages(v) {
			tried++
			a, err := Extract([]byte(page), "https://www.example.gov.cn/art/2025/1/8/art_1229_5731201.html", Options{Now: corpusNow})
			if err != nil {
				continue // no article is a safe answer
			}
			extracted++
			for _, p := range activeMarkup(a.Content) {
				t.Errorf("vectors.txt:%d %q\ncontent %q\n%s", v.line, v.text, a.Content, p)
			}
			for field, s := range map[string]string{"title": a.Title, "author": a.Author, "source": a.Source} {
				if startsMarkup(s) {
					t.Errorf("vectors.txt:%d: %s holds markup: %q", v.line, field, s)
				}
			}
			for _, at := range a.Attachments {
				if !strings.HasPrefix(at.URL, "http://") && !strings.HasPrefix(at.URL, "https://") {
					t.Errorf("vectors.txt:%d: attachment %q", v.line, at.URL)
				}
			}
			if a.NextPage != "" && !strings.HasPrefix(a.NextPage, "http") {
				t.Errorf("vectors.txt:%d: next page %q", v.line, a.NextPage)
			}
		}
	}
	// Every page holds an article, but an unclosed <script>, <object> or
	// <plaintext> rightly swallows the rest of its page.
	if extracted*100 < tried*95 {
		t.Errorf("only %d of %d pages gave an article", extracted, tried)
	}
}

// startsMarkup reports a "<" that would open a tag in HTML.
func startsMarkup(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if c := s[i+1]; s[i] == '<' && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?') {
			return true
		}
	}
	return false
}

var activeElements = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "svg": true, "math": true, "base": true, "meta": true, "link": true, "style": true,
	"form": true, "input": true, "button": true, "isindex": true, "portal": true, "param": true,
}

// activeMarkup parses h as a browser would and lists what in it can run
// code, load a document or send a form: active elements, on* handlers,
// srcdoc, style, and URL attributes whose scheme is not http, https or
// mailto.
func activeMarkup(h string) []string {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(h), ctx)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, top := range nodes {
		check := func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			if activeElements[n.Data] {
				out = append(out, fmt.Sprintf("<%s> element", n.Data))
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"), key == "srcdoc", key == "style", key == "srcset", key == "formaction", key == "action":
					out = append(out, fmt.Sprintf("<%s %s=%q>", n.Data, key, a.Val))
				case (key == "href" || key == "src") && !safeScheme(a.Val):
					out = append(out, fmt.Sprintf("<%s %s=%q>", n.Data, key, a.Val))
				}
			}
		}
		check(top)
		for n := range top.Descendants() {
			check(n)
		}
	}
	return out
}

// safeScheme reports a URL that is absolute http, https or mailto.
func safeScheme(v string) bool {
	l := strings.ToLower(strings.TrimSpace(v))
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:")
}
