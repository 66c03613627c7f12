package poll

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// ArticleReader takes an article page's text and metadata; internal/wire
// adapts feeds/article to it. It is pure: the poll fetches, the reader reads.
type ArticleReader interface {
	// Article reads one page of an article.
	Article(body []byte, pageURL string, src feeds.Source, rules *junk.Rules, now time.Time) (Article, error)
	// Join makes one article of the pages of an article, in order.
	Join(pages []Article) Article
}

// Article is what an article page gave.
type Article struct {
	Title string
	// Content is the article's body as HTML, the page's junk already cut.
	Content string
	Author  string
	// Published is the page's date (zero when it gives none) and DateFrom
	// where on the page it was read.
	Published time.Time
	DateFrom  feeds.DateSource
	// Next is the URL of the article's own next page, "" when none.
	Next string
	// Page is the reader's own reading of the page, for Join.
	Page any
}

// maxArticlePages caps the pages of one article that are joined.
const maxArticlePages = 5

// summaryRunes is the text length under which a feed item counts as a
// summary whose article is worth fetching: a sentence or two.
const summaryRunes = 280

// articles fetches the article pages of the cleaned items that need one,
// at most src.Articles.Max per poll, and fills the items from them, cleaned
// again by reclean. It returns the items to save: those the store already
// holds and that need no article are left out (counted as unchanged),
// since saving them as the list or the feed gives them would replace their
// article text; so are those whose article waits for a later poll, so that
// they are new then. It also returns how many wait, how many were fetched
// and how many failed. A failed article keeps the item as the list or the
// feed gave it: the poll does not fail for it.
func (p *pollRun) articles(ctx context.Context, items []feeds.Item, list bool, rules *junk.Rules, reclean func(feeds.Item) feeds.Item) (out []feeds.Item, unchanged, pending, fetched, failed int) {
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	known, err := p.s.store.Known(ids)
	if err != nil {
		p.s.log.Warn("cannot tell which articles are new; fetching none this poll", "source", p.src.Name, "error", err)
		return items, 0, 0, 0, 0
	}
	out = items[:0:0]
	p.validators = make(map[string]feeds.Validators)
	p.lastValidators = p.st.ArticleValidators.Map()
	for _, it := range items {
		if v, ok := p.lastValidators[it.Link]; ok {
			p.validators[it.Link] = v // kept while the document lists it
		}
		_, isKnown := known[it.ID]
		switch need := p.needsArticle(it, known, list); {
		case isKnown && !need:
			// The store holds it with its article's text; saving the list
			// entry or the feed's summary again would replace that text.
			unchanged++
			continue
		case !need:
			out = append(out, it)
			continue
		}
		if fetched+failed >= p.src.ArticleRules().Max || ctx.Err() != nil {
			pending++
			continue
		}
		a, err := p.fetchArticle(ctx, it.Link, isKnown, rules)
		if errors.Is(err, errArticleNotModified) {
			unchanged++ // the stored text is the page's still
			continue
		}
		if err != nil {
			failed++
			p.s.log.Warn("article not fetched; keeping the item as listed", "source", p.src.Name,
				"url", redact(it.Link), "error", err)
			out = append(out, it)
			continue
		}
		fetched++
		out = append(out, reclean(withArticle(it, a, list)))
	}
	return out, unchanged, pending, fetched, failed
}

// needsArticle reports whether an item's article page must be fetched: a
// list entry that is new or whose text changed, or a new feed item that
// carries only a summary, or one the feed says was updated.
func (p *pollRun) needsArticle(it feeds.Item, known map[string]feeds.Known, list bool) bool {
	if it.Link == "" {
		return false
	}
	st, ok := known[it.ID]
	if list {
		return !ok || (st.Title != "" && st.Title != it.Title && !cutShort(it.Title))
	}
	if ok {
		return !it.Updated.IsZero() && it.Updated.After(st.Updated)
	}
	return utf8.RuneCountInString(sanitise.PlainText(firstNonEmpty(it.Content, it.Summary))) < summaryRunes
}

// errArticleNotModified: a known item's article page answered 304.
var errArticleNotModified = errors.New("article page not modified")

// fetchArticle fetches an article page and the pages it continues on,
// and joins them. The first page of a known item's article is asked for
// conditionally, with the validators it last answered with; the
// validators of every first page fetched are kept for the next time.
func (p *pollRun) fetchArticle(ctx context.Context, link string, known bool, rules *junk.Rules) (Article, error) {
	var pages []Article
	seen := map[string]bool{}
	next := link
	for n := 0; n < maxArticlePages && next != "" && !seen[next] && sameHost(next, link); n++ {
		seen[next] = true
		req := p.pageRequest(next, true)
		if v, ok := p.lastValidators[link]; ok && n == 0 && known {
			req.ETag, req.LastModified = v.ETag, v.LastModified
		}
		resp, err := p.s.fetcher.Fetch(ctx, req)
		if err == nil && n == 0 {
			if resp.NotModified {
				return Article{}, errArticleNotModified
			}
			if resp.ETag != "" || resp.LastModified != "" {
				p.validators[link] = feeds.Validators{ETag: resp.ETag, LastModified: resp.LastModified}
			}
		}
		if err != nil {
			if n > 0 { // a later page lost costs that page only
				p.s.log.Warn("article page not fetched", "source", p.src.Name, "url", redact(next), "error", err)
				break
			}
			return Article{}, err
		}
		a, err := p.s.articlesReader.Article(resp.Body, firstNonEmpty(resp.FinalURL, next), p.src, rules, p.now)
		if err != nil {
			if n > 0 {
				break
			}
			return Article{}, err
		}
		pages = append(pages, a)
		next = a.Next
	}
	if len(pages) == 1 {
		return pages[0], nil
	}
	return p.s.articlesReader.Join(pages), nil
}

// withArticle fills a listed or fed item from its article page. For a list
// the page's date wins over the list's; for a feed the feed's own date
// stays unless it was missing, or gave only the day the page also gives.
// A title cut short ("…") gives way to the page's.
func withArticle(it feeds.Item, a Article, list bool) feeds.Item {
	if a.Content != "" && (list || len(sanitise.PlainText(a.Content)) > len(sanitise.PlainText(firstNonEmpty(it.Content, it.Summary)))) {
		if !list && it.Summary == "" {
			it.Summary = it.Content
		}
		it.Content = a.Content
	}
	if a.Title != "" && (it.Title == "" || cutShort(it.Title)) {
		it.Title = a.Title
	}
	if a.Author != "" && len(it.Authors) == 0 {
		it.Authors = []string{a.Author}
	}
	if !a.Published.IsZero() && (list || it.Published.IsZero() && it.RawPublished == "" || sameDayOnly(it.Published, a.Published)) {
		it.Published, it.DateFrom, it.RawPublished = a.Published, a.DateFrom, ""
	}
	return it
}

// cutShort reports whether a title was cut by the list it came from.
func cutShort(title string) bool {
	t := strings.TrimSpace(title)
	return strings.HasSuffix(t, "…") || strings.HasSuffix(t, "...")
}

// sameDayOnly reports whether d gives only a day (midnight) and page falls
// on that day: the page then says more.
func sameDayOnly(d, page time.Time) bool {
	if d.IsZero() {
		return false
	}
	page = page.In(d.Location())
	return d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 &&
		d.Year() == page.Year() && d.YearDay() == page.YearDay()
}
