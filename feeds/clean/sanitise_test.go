package clean

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// trickyInputs are trees that the sanitiser changes in ways the HTML
// parser would read differently (an element unwrapped from between two
// headings, a section renamed inside a list item, a table out of place…),
// and odd attributes and URLs.
var trickyInputs = []string{
	`<h2>x<span><h3>y</h3></span></h2>`,
	`<ul><li>a<article><li>b</li></article></li></ul>`,
	`<ul><li>a<section><li>b</section></ul>`,
	`<p>a<marquee><p>b</p></marquee></p>`,
	`<a href=/1>x<marquee><a href=/2>y</a></marquee>z</a>`,
	"<pre><span>\nx</span></pre>", "<pre>\u200b<!--c-->\nx</pre>", "<pre>\n\nx</pre>", "<pre><!--c-->\nx</pre>",
	`<table><colgroup><col></colgroup><tr><td>x</td></tr></table>`,
	`<ruby><p><span><rt>x</rt></span></p></ruby>`,
	`<a href=/0><table><tr><td><a href=/y>x</a></td></tr></table></a>`,
	`<a href="javascript:x"><b><a href="/y">x</a></b></a>`,
	`<a><table><tr><td><a href=/y>x</a></td></tr></table>z</a>`,
	`<dl><dd>a<article><dd>b</article></dl>`,
	`<font><p>a</p></font>`, `<p>a<span><div>x</div></span></p>`,
	`<p>x<nostyle>hidden</nostyle>y</p>`,
	"<listing>\nx</listing>", "<listing><span>\n\nx</span></listing>",
	`<table><tr><td>a</td></tr><caption>c</caption></table>`,
	`<p><a href="javascript:1">x</a> <a href=/ok>y</a></p>`,
	`<p><img src=x alt=a></p>`, `<p><img src="http://a b/"></p>`, `<p><a href="mailto:x@y">m</a></p>`,
	`<h1><object><h2>x</h2></object></h1>`, `<p><table><tr><td>x</td></tr></table></p>`,
	`<search><p>x</p></search>`, `<ul><li>a<center><li>b</center></ul>`,
	`<b><b><b><b><p>x</p></b></b></b></b>`, `<b>1<b>2<b>3<b>4<div>x</div>5</b>6</b></b></b>`,
	`<table><tbody><tr><td>x</td></tr></tbody><span>y</span></table>`,
	`<h2><summary><h3>b</h3></summary></h2>`, `<h2><span>a</span><span><h3>b</h3></span></h2>`,
	`<p>a<b>b<p>c</b>d</p>`, `<h2>x<h3>y</h3></h2>`, `<p>a<br><span></span><br>b</p>`,
	`<div>a<span> </span> b<span>c</span></div>`, `<p>a <!--x--> b</p>`,
	`<table><tr><td>a<table><tr><td>b</td></tr></table></td></tr></table>`,
	`<ol><li>a<ol><li>b</li></ol></li><li>c</li></ol>`,
	`<a href=/a><div><p>块</p></div></a>`, `<ul>text<li>一<ul><li>二</li></ul></li></ul>`,
	`<p>a<label><h2>h</h2></label></p>`, `<h3><a href="/x">y<h4>z</h4></a></h3>`,
	`<figure><span><figcaption>c</figcaption></span></figure>`,
	`<td>x</td><tr><td>y`, `<caption>c</caption>`, `<p><colgroup>x</colgroup></p>`,
	`<blockquote><span><p>a</p></span></blockquote>`, `<pre><b>a</b>` + "\n" + `b</pre>`,
	`<dir><li>a<dir><li>b</dir></dir>`, `<menu><li>a</li></menu>`,
	`<details><summary>s</summary><p>x</p></details>`,
	`<p><img src="/a.jpg" width="10%" height="x"><img src="/b.jpg" width="" alt=""></p>`,
	`<table><tr><td colspan=2 rowspan=x>a</td><th colspan="">b</th></tr></table>`,
	`<a href="  https://x.cn/a b ">sp</a><a href="HTTPS://X.CN/%zz">bad</a><a href="https://x.cn/?a=<b>">q</a>`,
	`<span><li>x</li></span>`, `<li><span><li>x</li></span></li>`,
	`<nobr>a<nobr>b</nobr></nobr>`, `<p><rb>x</rb><rt>y</rt></p>`,
	`<select><option>x</option></select><optgroup><p>y</p></optgroup>`,
	`<p>a<xmp><p>b</p></xmp></p>`, `<noframes><p>x</p></noframes>`,
	`<p>1<wbr>2<keygen>3<area>4</p>`, `<image src="/i.png">`,
	`<math><mi>x</mi></math><svg><p>y</p></svg>`,
}

// sanitised renders what the sanitiser keeps of s.
func sanitised(s, base string) (string, *html.Node) {
	root := sanitise(s, base, nil)
	var sb strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		_ = html.Render(&sb, c)
	}
	return sb.String(), root
}

// checkSanitised asserts that the bluemonday policy the sanitiser follows
// finds nothing to remove from its output or from Content's, and that the
// HTML parser reads the output back as the tree the rest of Content works
// on.
func checkSanitised(t *testing.T, in string) {
	t.Helper()
	for _, base := range []string{pageURL, ""} {
		out, tree := sanitised(in, base)
		if again := policy().Sanitize(out); again != out {
			t.Errorf("bluemonday changes the sanitised %q:\n%q\n%q", in, out, again)
		}
		reread := parseFull(t, out)
		normaliseTree(reread)
		if d := sameTree(tree, reread); d != "" {
			t.Errorf("the sanitised tree of %q is not what its HTML %q parses to: %s", in, out, d)
		}
		if c := Content(in, base, nil); policy().Sanitize(c) != c {
			t.Errorf("bluemonday changes Content(%q) = %q", in, c)
		}
	}
}

// sanitiseInputs are the fuzz seeds, the XSS corpus in the places an
// article carries it, and trickyInputs.
func sanitiseInputs(t testing.TB) []string {
	in := append(fuzzSeeds(t), trickyInputs...)
	for _, v := range loadVectors(t) {
		in = append(in, inContent(v)...)
	}
	return in
}

func TestSanitiseBluemonday(t *testing.T) {
	for _, in := range sanitiseInputs(t) {
		checkSanitised(t, in)
	}
}

// FuzzSanitise holds the sanitiser to the bluemonday policy it replaced:
// for any input, bluemonday finds nothing to remove from what it keeps.
func FuzzSanitise(f *testing.F) {
	for _, in := range sanitiseInputs(f) {
		f.Add(in)
	}
	f.Fuzz(checkSanitised)
}
