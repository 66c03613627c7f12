package merge

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// pair is one labelled case of testdata/pairs.json: two sources' items and
// whether they are one story.
type pair struct {
	ID        string   `json:"id"`
	Duplicate bool     `json:"duplicate"`
	Note      string   `json:"note"`
	A         pairItem `json:"a"`
	B         pairItem `json:"b"`
}

type pairItem struct {
	Source    string    `json:"source"`
	Title     string    `json:"title"`
	Link      string    `json:"link"`
	GUID      string    `json:"guid"`
	Published time.Time `json:"published"`
	Content   string    `json:"content"`
	Summary   string    `json:"summary"`
}

// raw is the pair's item as the feed gave it.
func (p pairItem) raw() feeds.Item {
	return feeds.Item{
		Source: p.Source, Title: p.Title, Link: p.Link, GUID: p.GUID,
		Published: p.Published, Content: p.Content, Summary: p.Summary,
	}
}

// item is the pair's item as the poll hands it to KeysOf: cleaned.
func (p pairItem) item() feeds.Item { return cleaned(p.raw()) }

func loadPairs(t *testing.T) []pair {
	t.Helper()
	b, err := os.ReadFile("testdata/pairs.json")
	if err != nil {
		t.Fatal(err)
	}
	var ps []pair
	if err := json.Unmarshal(b, &ps); err != nil {
		t.Fatalf("testdata/pairs.json: %v", err)
	}
	return ps
}

// why names the rules by which Same holds for two items' keys.
func why(a, b feeds.Keys, ta, tb time.Time) string {
	var rules []string
	if a.Link != "" && a.Link == b.Link {
		rules = append(rules, "link")
	}
	if a.Title != "" && a.Title == b.Title && ta.Sub(tb).Abs() <= TitleWindow {
		rules = append(rules, "title")
	}
	if a.Fingerprint != 0 && b.Fingerprint != 0 && Distance(a.Fingerprint, b.Fingerprint) <= MaxDistance {
		rules = append(rules, "fingerprint")
	}
	if len(rules) == 0 {
		return "none"
	}
	return strings.Join(rules, "+")
}

// TestPairs measures the cross-source rule on labelled pairs: no false
// merge is allowed, and at least 90% of the duplicates must be found.
func TestPairs(t *testing.T) {
	ps := loadPairs(t)
	var tp, fp, fn, tn int
	byRule := map[string]int{}
	for _, p := range ps {
		ka, kb := KeysOf(p.A.item()), KeysOf(p.B.item())
		got := DefaultRule.Same(ka, kb, p.A.Published, p.B.Published)
		rule := why(ka, kb, p.A.Published, p.B.Published)
		switch {
		case got && p.Duplicate:
			tp++
			byRule[rule]++
		case got && !p.Duplicate:
			fp++
			t.Errorf("false merge %s by %s (%s)\n\ta: %q %s\n\tb: %q %s", p.ID, rule, p.Note, p.A.Title, describe(ka), p.B.Title, describe(kb))
		case !got && p.Duplicate:
			fn++
			t.Logf("missed duplicate %s (%s)\n\ta: %q %s\n\tb: %q %s\n\tdistance %d", p.ID, p.Note,
				p.A.Title, describe(ka), p.B.Title, describe(kb), Distance(ka.Fingerprint, kb.Fingerprint))
		default:
			tn++
		}
	}
	precision, recall := ratio(tp, tp+fp), ratio(tp, tp+fn)
	t.Logf("%d pairs: %d true merges, %d false merges, %d missed, %d kept apart", len(ps), tp, fp, fn, tn)
	t.Logf("precision %.3f, recall %.3f; merges by rule: %v", precision, recall, byRule)
	if tp+fn < 35 || fp+tn < 35 {
		t.Errorf("corpus has %d duplicate and %d distinct pairs, want at least 35 of each", tp+fn, fp+tn)
	}
	if fp > 0 {
		t.Errorf("precision %.3f, want 1", precision)
	}
	if recall < 0.9 {
		t.Errorf("recall %.3f, want >= 0.9", recall)
	}
}

func describe(k feeds.Keys) string {
	return fmt.Sprintf("link=%q title=%q fp=%016x", k.Link, k.Title, k.Fingerprint)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestFingerprintDistances shows the distance between the fingerprints of
// duplicates and of distinct stories, which MaxDistance is chosen from: it
// must lie below every distinct pair's distance.
func TestFingerprintDistances(t *testing.T) {
	var dup, distinct []int
	zero := 0
	for _, p := range loadPairs(t) {
		fa, fb := KeysOf(p.A.item()).Fingerprint, KeysOf(p.B.item()).Fingerprint
		if fa == 0 || fb == 0 {
			zero++
			continue
		}
		d := Distance(fa, fb)
		if p.Duplicate {
			dup = append(dup, d)
		} else {
			distinct = append(distinct, d)
		}
	}
	slices.Sort(dup)
	slices.Sort(distinct)
	t.Logf("pairs with a text too short to fingerprint: %d", zero)
	t.Logf("duplicates (%d):     %s", len(dup), histogram(dup))
	t.Logf("distinct pairs (%d): %s", len(distinct), histogram(distinct))
	within := 0
	for _, d := range dup {
		if d <= MaxDistance {
			within++
		}
	}
	t.Logf("MaxDistance %d: %d of %d fingerprinted duplicates within it", MaxDistance, within, len(dup))
	if len(distinct) > 0 && distinct[0] <= MaxDistance {
		t.Errorf("a distinct pair at distance %d <= MaxDistance %d", distinct[0], MaxDistance)
	}
}

// histogram writes sorted distances as "d×count" runs.
func histogram(ds []int) string {
	var b strings.Builder
	for i := 0; i < len(ds); {
		j := i
		for j < len(ds) && ds[j] == ds[i] {
			j++
		}
		fmt.Fprintf(&b, "%d×%d ", ds[i], j-i)
		i = j
	}
	return b.String()
}
