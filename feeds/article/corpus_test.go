package article

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/internal/articlecorpus"
)

// corpusNow is the fetch time the corpus pages are read at: after every
// labelled date, so that none is in the future.
var corpusNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// extractPage runs Extract on a corpus page and its further pages, joined.
func extractPage(p articlecorpus.Page) (Article, error) {
	opts := Options{Location: p.Location(), Now: corpusNow}
	var pages []Article
	u := p.URL
	for i, h := range p.HTML {
		a, err := Extract(h, u, opts)
		if err != nil {
			return Article{}, err
		}
		pages = append(pages, a)
		if u = a.NextPage; i+1 < len(p.HTML) && u == "" {
			return Article{}, fmt.Errorf("page %d: no next page found", i+1)
		}
	}
	return Join(pages), nil
}

// TestCorpus extracts every labelled page and holds it to its labels: every
// keep sentence in the text, no junk string, the title, the date to the
// second, the attachments, images and tables.
func TestCorpus(t *testing.T) {
	pages, err := articlecorpus.Load(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("no corpus pages")
	}
	var kept, keep, junk, dates int
	for _, p := range pages {
		t.Run(p.Name, func(t *testing.T) {
			a, err := extractPage(p)
			if err != nil {
				t.Fatal(err)
			}
			r := articlecorpus.Score(p, articlecorpus.Output{Title: a.Title, HTML: a.Content, Text: a.Text, Date: a.Published})
			kept, keep, junk = kept+r.Kept, keep+r.Keep, junk+len(r.JunkLeft)
			for _, s := range r.Missing {
				t.Errorf("lost %q", s)
			}
			for _, s := range r.JunkLeft {
				t.Errorf("junk left: %q", s)
			}
			if r.DateRight {
				dates++
			} else {
				t.Errorf("date %v (%s), want %v", a.Published, a.DateFrom, r.WantDate)
			}
			if !r.TitleRight {
				t.Errorf("title %q, want %q", a.Title, p.Title)
			}
			if p.Source != "" && a.Source != p.Source {
				t.Errorf("source %q, want %q", a.Source, p.Source)
			}
			if p.Author != "" && a.Author != p.Author {
				t.Errorf("author %q, want %q", a.Author, p.Author)
			}
			for _, u := range r.LostAttach {
				t.Errorf("lost attachment %s", u)
			}
			for _, u := range p.Attachments {
				if !slices.ContainsFunc(a.Attachments, func(x Attachment) bool { return articlecorpus.SameURL(x.URL) == articlecorpus.SameURL(u) }) {
					t.Errorf("attachment %s not listed in %v", u, a.Attachments)
				}
			}
			for _, u := range r.LostImages {
				t.Errorf("lost image %s", u)
			}
			if r.Tables < r.WantTables {
				t.Errorf("%d tables, want %d", r.Tables, r.WantTables)
			}
			if a.NextPage != "" {
				t.Errorf("next page %s after the last page", a.NextPage)
			}
			if t.Failed() {
				t.Logf("text:\n%s", a.Text)
			}
		})
	}
	t.Logf("%d pages: sentences kept %d/%d (%.1f%%), junk left %d, dates right %d/%d",
		len(pages), kept, keep, 100*float64(kept)/float64(max(keep, 1)), junk, dates, len(pages))
}

func (a Attachment) String() string { return fmt.Sprintf("%s (%s)", a.URL, strings.TrimSpace(a.Name)) }
