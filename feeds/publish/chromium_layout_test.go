package publish

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// layoutHarness is a page of the test's own, not the status page (which
// allows no script): it fetches the status page in each language and shows
// it in a frame of each width, which is the frame's viewport, and writes
// what the browser laid out into #result once everything has loaded.
const layoutHarness = `<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body><pre id="result"></pre><script>
const frames = [];
for (const c of %s) {
  const x = new XMLHttpRequest();
  x.open("GET", "/", false);
  x.setRequestHeader("Accept-Language", c.accept);
  x.send();
  const f = document.createElement("iframe");
  f.style.cssText = "display:block;border:0;height:900px;width:" + c.width + "px";
  f.srcdoc = x.responseText;
  document.body.appendChild(f);
  frames.push([c, f]);
}
window.addEventListener("load", () => {
  const out = frames.map(([c, f]) => {
    const d = f.contentDocument, e = d.documentElement;
    return {
      accept: c.accept, width: c.width, lang: e.lang,
      viewport: e.clientWidth, scroll: e.scrollWidth,
      // What sticks out, to say where the page breaks.
      wide: [...d.body.querySelectorAll("*")]
        .filter(n => n.getBoundingClientRect().right > e.clientWidth + 0.5)
        .map(n => n.tagName + " " + n.textContent.slice(0, 60)).slice(0, 5),
      headings: [...d.querySelectorAll("h2")].map(n => n.textContent),
      counts: d.querySelector(".counts").textContent,
      // The label a phone shows before a stacked cell, or "none" in a table.
      label: getComputedStyle(d.querySelector("#sources td[data-label]"), "::before").content,
      causes: [...d.querySelectorAll("#sources summary")].map(n => n.textContent),
    };
  });
  document.getElementById("result").textContent = JSON.stringify(out);
});
</script></body></html>`

// layoutResult is what the harness reports of one frame.
type layoutResult struct {
	Accept   string
	Width    int
	Lang     string
	Viewport int
	Scroll   int
	Wide     []string
	Headings []string
	Counts   string
	Label    string
	Causes   []string
}

// TestIndexLayoutInChromium lays the status page out in headless Chromium
// in English and Chinese, at a 1280-pixel window and a phone's 390, and
// fails when the page is wider than the window (a reader would have to
// scroll sideways) or a language shows the other's words.
func TestIndexLayoutInChromium(t *testing.T) {
	bin := chromium(t)
	type layoutCase struct {
		Accept string `json:"accept"`
		Width  int    `json:"width"`
	}
	var cases []layoutCase
	for _, accept := range []string{"en-US,en;q=0.9", "zh-CN,zh;q=0.9"} {
		for _, w := range []int{1280, 390} {
			cases = append(cases, layoutCase{accept, w})
		}
	}
	js, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", newBrowserHandler(t))
	mux.HandleFunc("/harness", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, layoutHarness, js)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	out := dumpDOM(t, bin, srv.URL+"/harness", "--window-size=1400,1000")
	var got []layoutResult
	if err := json.Unmarshal([]byte(textOf(byID(t, parseHTML(t, out), "result"))), &got); err != nil || len(got) != len(cases) {
		t.Fatalf("harness wrote %d results (%v); DOM:\n%s", len(got), err, out)
	}
	han := regexp.MustCompile(`\p{Han}`)
	for _, r := range got {
		name := fmt.Sprintf("%s at %d px", r.Accept, r.Width)
		t.Logf("%s: page %d px wide in a %d px window; counts %q; causes %q", name, r.Scroll, r.Viewport, r.Counts, r.Causes)
		if r.Viewport != r.Width {
			t.Errorf("%s: the frame's viewport is %d px", name, r.Viewport)
		}
		if r.Scroll > r.Viewport {
			t.Errorf("%s: the page is %d px wide in a %d px window; wider than it: %q", name, r.Scroll, r.Viewport, r.Wide)
		}
		zh := strings.HasPrefix(r.Accept, "zh")
		want := struct{ lang, headings, cause, label string }{"en", "Newest items|Feeds by tag|Channels|Sources", "HTTP 503", `"URL: "`}
		if zh {
			want = struct{ lang, headings, cause, label string }{"zh-CN", "最新条目|按标签订阅|频道|来源", "TLS 证书不受信任", `"网址: "`}
		}
		if r.Lang != want.lang || strings.Join(r.Headings, "|") != want.headings {
			t.Errorf("%s: lang %q, headings %q; want %q, %q", name, r.Lang, r.Headings, want.lang, want.headings)
		}
		if !slices.ContainsFunc(r.Causes, func(c string) bool { return strings.HasPrefix(c, want.cause) }) {
			t.Errorf("%s: causes %q lack %q", name, r.Causes, want.cause)
		}
		if zh != han.MatchString(r.Counts) {
			t.Errorf("%s: counts read %q", name, r.Counts)
		}
		// A phone stacks the table's cells, each with its label; a wide
		// window keeps the table and its head.
		if phone := r.Width < 600; (r.Label == want.label) != phone {
			t.Errorf("%s: cell label %s", name, r.Label)
		}
	}
}
