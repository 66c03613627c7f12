package page

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

var update = flag.Bool("update", false, "rewrite the golden files of the list fixtures")

// fixtureNow is the fetch time of every fixture: mid-January, so that the
// year-less dates of December fall in the year before.
var fixtureNow = time.Date(2025, 1, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// fixtureCase is a fixture's case.json: the page's URL and family, and
// which article pages of the fixture its entries link to.
type fixtureCase struct {
	Family string `json:"family"`
	URL    string `json:"url"`
	// ZoneHours is the site's UTC offset (default +8).
	ZoneHours *int              `json:"zone_hours,omitempty"`
	Articles  map[string]string `json:"articles"`
}

// golden is what a fixture's golden.json holds.
type golden struct {
	Chosen      string       `json:"chosen"`
	ChosenWhy   string       `json:"chosen_why"`
	RunnerUp    string       `json:"runner_up,omitempty"`
	RunnerUpWhy string       `json:"runner_up_why,omitempty"`
	Next        string       `json:"next,omitempty"`
	Feeds       []FeedLink   `json:"feeds,omitempty"`
	Items       []goldenItem `json:"items"`
}

type goldenItem struct {
	Title     string `json:"title"`
	Link      string `json:"link"`
	Published string `json:"published,omitempty"`
	DateFrom  string `json:"date_from,omitempty"`
	DateText  string `json:"date_text,omitempty"`
	Inferred  bool   `json:"year_inferred,omitempty"`
	Summary   string `json:"summary,omitempty"`
	Image     string `json:"image,omitempty"`
}

func fixtureDirs(t testing.TB) []string {
	dirs, err := filepath.Glob("testdata/lists/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return dirs
}

// loadFixture reads a fixture's case and its list page, decoding the page's
// charset as the fetcher does (from <meta>, here with no HTTP header).
func loadFixture(t testing.TB, dir string) (fixtureCase, *html.Node, []byte) {
	var c fixtureCase
	b, err := os.ReadFile(filepath.Join(dir, "case.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "list.html"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := charset.NewReader(bytes.NewReader(raw), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	return c, doc, raw
}

func (c fixtureCase) options() Options {
	h := 8
	if c.ZoneHours != nil {
		h = *c.ZoneHours
	}
	return Options{Now: fixtureNow, Location: time.FixedZone("site", h*3600)}
}

func TestFixtures(t *testing.T) {
	for _, dir := range fixtureDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			c, doc, _ := loadFixture(t, dir)
			o := c.options()
			l, err := FindList(doc, c.URL, o)
			if err != nil {
				t.Fatal(err)
			}
			got := golden{Chosen: l.Chosen.Selector, ChosenWhy: l.Chosen.Reason, RunnerUp: l.RunnerUp.Selector,
				RunnerUpWhy: l.RunnerUp.Reason, Feeds: Discover(doc, c.URL)}
			got.Next, _ = NextPage(doc, c.URL, c.URL)
			for _, it := range l.Items {
				g := goldenItem{Title: it.Title, Link: it.Link, DateFrom: string(it.DateFrom), DateText: it.DateText,
					Inferred: it.YearInferred, Summary: it.Summary, Image: it.Image}
				if !it.Published.IsZero() {
					g.Published = it.Published.In(o.Location).Format(time.RFC3339)
				}
				got.Items = append(got.Items, g)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", " ")
			if err := enc.Encode(got); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			path := filepath.Join(dir, "golden.json")
			if *update {
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("%s: list differs from golden.json\nchosen: %s\nrunner-up: %s\ngot:\n%s", dir, l.Chosen.Reason, l.RunnerUp.Reason, out)
			}
			links := map[string]bool{}
			for _, it := range l.Items {
				links[it.Link] = true
			}
			for link, file := range c.Articles {
				if !links[link] {
					t.Errorf("article page %s: its link %s is not among the items", file, link)
				}
				if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}
