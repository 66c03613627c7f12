package wire

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/article"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/page"
	"github.com/edufeed/edufeed/feeds/poll"
)

// PageReader reads list pages with feeds/page, for the poller.
type PageReader struct{}

// FeedLinks returns the feeds a page advertises, best first.
func (PageReader) FeedLinks(body []byte, base string) []string {
	doc, err := page.Parse(body)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range page.Discover(doc, base) {
		out = append(out, l.URL)
	}
	return out
}

// List finds the page's list of articles and its next page.
func (PageReader) List(body []byte, base string, src feeds.Source, now time.Time) (poll.Listing, error) {
	doc, err := page.Parse(body)
	if err != nil {
		return poll.Listing{}, err
	}
	sel, err := ListSelectors(src.ListRules()).Compile()
	if err != nil {
		return poll.Listing{}, err
	}
	lst, err := page.FindList(doc, base, page.Options{Now: now, Location: src.Location, Selectors: sel})
	if err != nil {
		return poll.Listing{}, err
	}
	next, _ := page.NextPage(doc, base, base)
	return poll.Listing{Items: page.FeedItems(lst.Items), Next: next}, nil
}

// ListSelectors are a source's list rules as feeds/page takes them.
func ListSelectors(r feeds.ListRules) page.Selectors {
	return page.Selectors{Item: r.Item, Title: r.Title, Link: r.Link, Date: r.Date, Summary: r.Summary, DateFormat: r.DateFormat}
}

// ArticleOverride is a source's article rules as feeds/article takes them.
func ArticleOverride(src feeds.Source) article.Override {
	a := src.ArticleRules()
	return article.Override{Content: a.Content, Remove: a.Remove}
}

// ArticleReader reads article pages with feeds/article, for the poller.
type ArticleReader struct{}

// Article extracts an article page's text, title, date and author.
func (ArticleReader) Article(body []byte, pageURL string, src feeds.Source, rules *junk.Rules, now time.Time) (poll.Article, error) {
	a, err := article.Extract(body, pageURL, article.Options{
		Location: src.Location,
		Now:      now,
		Override: ArticleOverride(src),
		Rules:    rules,
	})
	if err != nil {
		return poll.Article{}, err
	}
	return pollArticle(a), nil
}

// Join joins an article's pages with article.Join: their text in order,
// and the date, author and attachments the first page lacked.
func (ArticleReader) Join(pages []poll.Article) poll.Article {
	as := make([]article.Article, 0, len(pages))
	for _, p := range pages {
		if a, ok := p.Page.(article.Article); ok {
			as = append(as, a)
		}
	}
	if len(as) == 0 {
		return poll.Article{}
	}
	j := pollArticle(article.Join(as))
	j.Next = ""
	return j
}

// pollArticle is an extracted article as the poller takes it.
func pollArticle(a article.Article) poll.Article {
	out := poll.Article{Title: a.Title, Content: a.Content, Author: a.Author, Published: a.Published, Next: a.NextPage, Page: a}
	switch a.DateFrom {
	case article.DateNone:
	case article.DateFromLink:
		out.DateFrom = feeds.DateFromLink
	default:
		out.DateFrom = feeds.DateFromPage
	}
	return out
}
