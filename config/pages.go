package config

import (
	"fmt"
	"strings"
	"time"
)

// checkPages checks the keys for sources without feeds: the type, the list
// and article selectors, the page and article limits and the date layout.
func (l *loader) checkPages(f string, s *Source, chk Checks) {
	switch s.Type {
	case TypeAuto, TypeFeed, TypeHTML:
	default:
		l.errField(f+".type", nil, "%q is not a source type: auto, feed or html", s.Type)
	}
	l.inRange(f+".pages", s.Pages, 1, 10)
	l.inRange(f+".max_articles", s.MaxArticles, 1, 500)
	ls := s.List
	for _, part := range []struct{ key, sel string }{
		{"item", ls.Item}, {"title", ls.Title}, {"link", ls.Link}, {"date", ls.Date}, {"summary", ls.Summary},
	} {
		if l.isSet(f + ".list." + part.key) {
			l.selector(f+".list."+part.key, part.sel, chk)
		}
	}
	if ls.Item == "" && (ls.Title != "" || ls.Link != "" || ls.Date != "" || ls.Summary != "") {
		l.errField(f+".list", nil, "list.title, link, date and summary are matched inside list.item: set list.item too")
	}
	if s.Type == TypeFeed && (ls != ListSelectors{}) {
		l.errField(f+".list", nil, "a source of type feed has no list; use type html or auto")
	}
	if l.isSet(f + ".date_format") {
		l.dateFormat(f+".date_format", s.DateFormat)
	}
	if l.isSet(f + ".article.content") {
		l.selector(f+".article.content", s.Article.Content, chk)
	}
	for j, sel := range s.Article.Remove {
		l.selector(fmt.Sprintf("%s.article.remove[%d]", f, j), sel, chk)
	}
}

// dateFormat checks a Go time layout: it must name a day and a month, and
// a date written in it must read back as the same day.
func (l *loader) dateFormat(field, layout string) {
	hasDay := strings.Contains(layout, "02") || strings.Contains(layout, "_2") || strings.Contains(layout, "2")
	hasMonth := strings.Contains(layout, "01") || strings.Contains(layout, "Jan") || strings.Contains(layout, "1")
	probe := time.Date(2025, time.November, 23, 0, 0, 0, 0, time.UTC)
	back, err := time.Parse(layout, probe.Format(layout))
	if !hasDay || !hasMonth || err != nil || back.Month() != probe.Month() || back.Day() != probe.Day() {
		l.errField(field, nil, "%q is not a Go date layout with a month and a day, such as 2006年1月2日 or 02/01/2006", layout)
	}
}
