package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/article"
	"github.com/edufeed/edufeed/feeds/clean"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/junk"
	"github.com/edufeed/edufeed/feeds/page"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/internal/wire"
)

// tryReport is what edufeed try makes of a URL; -json prints it as is.
type tryReport struct {
	URL string `json:"url"`
	// Kind is feeds.KindFeed, feeds.KindDiscovered or feeds.KindList.
	Kind    string `json:"kind"`
	FeedURL string `json:"feed_url,omitempty"`
	// Chosen and RunnerUp are the list candidates, for a list page.
	Chosen   *page.Candidate `json:"chosen,omitempty"`
	RunnerUp *page.Candidate `json:"runner_up,omitempty"`
	NextPage string          `json:"next_page,omitempty"`
	Items    []tryItem       `json:"items"`
	// Article is the first item's article page, extracted.
	Article    *tryArticle `json:"article,omitempty"`
	ArticleErr string      `json:"article_error,omitempty"`
}

type tryItem struct {
	Title     string           `json:"title"`
	Link      string           `json:"link"`
	Published time.Time        `json:"published,omitzero"`
	DateFrom  feeds.DateSource `json:"date_from,omitempty"`
	DateText  string           `json:"date_text,omitempty"`
}

type tryArticle struct {
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Published time.Time `json:"published,omitzero"`
	DateFrom  string    `json:"date_from,omitempty"`
	Author    string    `json:"author,omitempty"`
	Source    string    `json:"source,omitempty"`
	Text      string    `json:"text"`
	NextPage  string    `json:"next_page,omitempty"`
}

// cmdTry shows what edufeed makes of a URL, or of a configured source:
// whether it is a feed, a page advertising one, or a list page, the list
// it picked and why, the items with their dates, and the first item's
// article text. Nothing is stored.
func cmdTry(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("try", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	source := fs.String("source", "", "try a configured source (its selectors and settings) instead of a URL")
	asJSON := fs.Bool("json", false, "print JSON")
	allowPrivate := fs.Bool("allow-private", false, "let a URL on loopback or the local network be read")
	// try takes a URL or -source, so it counts its arguments itself.
	pos, err := interspersed(fs, args)
	if err != nil {
		return 2
	}
	src, denyPrivate, err := trySource(pos, common.config, *source)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed try:", err)
		return 2
	}
	if *allowPrivate {
		src.AllowPrivate = true
	}
	client := fetch.NewClient(fetch.Options{UserAgent: "edufeed/" + readVersion().Short() + " (+https://github.com/edufeed/edufeed)",
		DenyPrivate: denyPrivate})
	rep, err := try(ctx, client, src, time.Now())
	if err != nil {
		fmt.Fprintln(stderr, "edufeed try:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(rep)
		return 0
	}
	printTry(stdout, rep)
	return 0
}

// trySource is the source to try: a configured one by name, or the URL
// argument with the config's defaults (or the built-in ones when there is
// no config file).
func trySource(args []string, configPath, name string) (feeds.Source, bool, error) {
	if name != "" {
		if len(args) > 0 {
			return feeds.Source{}, false, errors.New("give a URL or -source NAME, not both")
		}
		cfg, err := loadConfig(configPath)
		if err != nil {
			return feeds.Source{}, false, err
		}
		for _, s := range wire.Sources(cfg) {
			if s.Name == name {
				return s, cfg.Fetch.DenyPrivate, nil
			}
		}
		return feeds.Source{}, false, fmt.Errorf("no source %q in %s", name, cfg.Path)
	}
	if len(args) != 1 {
		return feeds.Source{}, false, errors.New("give one URL, or -source NAME")
	}
	yaml := fmt.Sprintf("sources:\n  - {name: try, url: %q}\n", args[0])
	parsed, err := config.Parse("command line", []byte(yaml), config.Checks{})
	if err != nil {
		return feeds.Source{}, false, err
	}
	src, deny := wire.Sources(parsed)[0], parsed.Fetch.DenyPrivate
	// The config file's defaults apply when there is one.
	cfg, err := loadConfig(configPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return feeds.Source{}, false, err
	default:
		d := cfg.Defaults
		src.UserAgent, src.Timeout, src.Location, deny = d.UserAgent, d.Timeout, d.Location, cfg.Fetch.DenyPrivate
	}
	return src, deny, nil
}

// try fetches src's URL and reads it as the poller would.
func try(ctx context.Context, client *fetch.Client, src feeds.Source, now time.Time) (*tryReport, error) {
	req := fetch.Request{Source: src.Name, URL: src.URL, UserAgent: src.UserAgent, Timeout: src.Timeout,
		AllowPrivate: src.AllowPrivate, Robots: src.Robots && src.Type == feeds.SourceHTML}
	resp, err := client.Fetch(ctx, req)
	if err != nil {
		return nil, err
	}
	base := firstOf(resp.FinalURL, src.URL)
	rep := &tryReport{URL: src.URL}
	if src.Type != feeds.SourceHTML {
		feed, perr := parse.New().Parse(resp.Body)
		switch {
		case perr == nil:
			rep.Kind = feeds.KindFeed
			rep.Items = feedItems(feed, src, base, now)
			return rep, nil
		case src.Type == feeds.SourceFeed || !errors.Is(perr, parse.ErrNotFeed):
			return nil, fmt.Errorf("parse %s: %w", src.URL, perr)
		}
	}
	doc, err := page.Parse(resp.Body)
	if err != nil {
		return nil, err
	}
	if src.Type != feeds.SourceHTML {
		for _, l := range page.Discover(doc, base) {
			fr, ferr := client.Fetch(ctx, fetch.Request{Source: src.Name, URL: l.URL, UserAgent: src.UserAgent, Timeout: src.Timeout})
			if ferr != nil {
				continue
			}
			if feed, perr := parse.New().Parse(fr.Body); perr == nil {
				rep.Kind, rep.FeedURL = feeds.KindDiscovered, l.URL
				rep.Items = feedItems(feed, src, l.URL, now)
				return rep, nil
			}
		}
	}
	if src.Robots && src.Type != feeds.SourceHTML {
		// Fetched before it was known to be a list page; the poller asks
		// robots.txt now too.
		if err := client.CheckRobots(ctx, fetch.Request{Source: src.Name, URL: base, UserAgent: src.UserAgent,
			Timeout: src.Timeout, AllowPrivate: src.AllowPrivate}); err != nil {
			return nil, err
		}
	}
	sel, err := wire.ListSelectors(src.ListRules()).Compile()
	if err != nil {
		return nil, err
	}
	lst, err := page.FindList(doc, base, page.Options{Now: now, Location: src.Location, Selectors: sel})
	if err != nil {
		return nil, err
	}
	rep.Kind = feeds.KindList
	rep.Chosen = &lst.Chosen
	if lst.RunnerUp.Selector != "" {
		rep.RunnerUp = &lst.RunnerUp
	}
	rep.NextPage, _ = page.NextPage(doc, base, base)
	for _, it := range lst.Items {
		rep.Items = append(rep.Items, tryItem{Title: it.Title, Link: it.Link, Published: it.Published, DateFrom: it.DateFrom, DateText: it.DateText})
	}
	if len(lst.Items) > 0 {
		rep.Article, err = tryFirstArticle(ctx, client, src, lst.Items[0].Link, now)
		if err != nil {
			rep.ArticleErr = err.Error()
		}
	}
	return rep, nil
}

// feedItems cleans a feed's items as a poll would, for showing.
func feedItems(feed *feeds.Feed, src feeds.Source, base string, now time.Time) []tryItem {
	rules, _ := junk.NewRules(src.CleanRules()) // checked when the config was loaded
	cc := clean.Context{FeedTitle: feed.Title, FeedLink: firstOf(feed.Link, base), Base: feed.Base, Location: src.Location, Seen: now, Rules: rules}
	var out []tryItem
	for _, raw := range feed.Items {
		it := clean.Item(raw, cc)
		out = append(out, tryItem{Title: it.Title, Link: it.Link, Published: it.Published, DateFrom: it.DateFrom, DateText: raw.RawPublished})
	}
	return out
}

func tryFirstArticle(ctx context.Context, client *fetch.Client, src feeds.Source, link string, now time.Time) (*tryArticle, error) {
	resp, err := client.Fetch(ctx, fetch.Request{Source: src.Name, URL: link, UserAgent: src.UserAgent, Timeout: src.Timeout,
		AllowPrivate: src.AllowPrivate, Robots: src.Robots})
	if err != nil {
		return nil, err
	}
	rules, _ := junk.NewRules(src.CleanRules()) // checked when the config was loaded
	a, err := article.Extract(resp.Body, firstOf(resp.FinalURL, link), article.Options{Location: src.Location, Now: now,
		Override: wire.ArticleOverride(src), Rules: rules})
	if err != nil {
		return nil, err
	}
	return &tryArticle{URL: link, Title: a.Title, Published: a.Published, DateFrom: string(a.DateFrom), Author: a.Author,
		Source: a.Source, Text: a.Text, NextPage: a.NextPage}, nil
}

func printTry(w io.Writer, rep *tryReport) {
	fmt.Fprintf(w, "%s\nkind: %s\n", rep.URL, rep.Kind)
	if rep.FeedURL != "" {
		fmt.Fprintf(w, "advertised feed: %s\n", rep.FeedURL)
	}
	if rep.Chosen != nil {
		fmt.Fprintf(w, "list: %s (%d entries, %d dated, score %.1f)\n  why: %s\n", rep.Chosen.Selector, rep.Chosen.Items, rep.Chosen.Dated, rep.Chosen.Score, rep.Chosen.Reason)
		if rep.RunnerUp != nil {
			fmt.Fprintf(w, "runner-up: %s (%d entries, %d dated, score %.1f)\n  why: %s\n", rep.RunnerUp.Selector, rep.RunnerUp.Items, rep.RunnerUp.Dated, rep.RunnerUp.Score, rep.RunnerUp.Reason)
		}
		if rep.NextPage != "" {
			fmt.Fprintf(w, "next page: %s\n", rep.NextPage)
		}
	}
	fmt.Fprintf(w, "\n%d items:\n", len(rep.Items))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tFROM\tTITLE\tLINK")
	for _, it := range rep.Items {
		date := "-"
		if !it.Published.IsZero() {
			date = it.Published.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", date, firstOf(string(it.DateFrom), "none"), it.Title, it.Link)
	}
	tw.Flush()
	switch {
	case rep.Article != nil:
		a := rep.Article
		fmt.Fprintf(w, "\nfirst article: %s\ntitle: %s\n", a.URL, a.Title)
		if !a.Published.IsZero() {
			fmt.Fprintf(w, "date: %s (from %s)\n", a.Published.Format(time.RFC3339), firstOf(a.DateFrom, "none"))
		}
		if a.Author != "" || a.Source != "" {
			fmt.Fprintf(w, "author: %s  source: %s\n", a.Author, a.Source)
		}
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(a.Text))
	case rep.ArticleErr != "":
		fmt.Fprintf(w, "\nfirst article: %s\n", rep.ArticleErr)
	}
}

// firstOf returns the first non-empty string.
func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
