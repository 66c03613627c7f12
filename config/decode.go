package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// fields maps the keys of one mapping to setters that decode their values.
type fields map[string]func(n ast.Node, field string)

// decodeConfig walks the document into cfg, recording unknown keys and
// values of the wrong type. It does not check values; validate does.
func (l *loader) decodeConfig(body ast.Node, cfg *Config) {
	top := fields{
		"listen": func(n ast.Node, f string) { l.str(n, f, &cfg.Listen) },
		"store": func(n ast.Node, f string) {
			s := &cfg.Store
			l.object(n, f, fields{
				"driver":          func(n ast.Node, f string) { l.str(n, f, &s.Driver) },
				"dsn":             func(n ast.Node, f string) { l.str(n, f, &s.DSN) },
				"lease":           func(n ast.Node, f string) { l.duration(n, f, &s.Lease) },
				"path":            func(n ast.Node, f string) { l.str(n, f, &s.Path) },
				"retention":       func(n ast.Node, f string) { l.duration(n, f, &s.Retention) },
				"max_items":       func(n ast.Node, f string) { l.int(n, f, &s.MaxItems) },
				"keep_per_source": func(n ast.Node, f string) { l.int(n, f, &s.KeepPerSource) },
			})
		},
		"feed": func(n ast.Node, f string) {
			fd := &cfg.Feed
			l.object(n, f, fields{
				"title":       func(n ast.Node, f string) { l.str(n, f, &fd.Title) },
				"link":        func(n ast.Node, f string) { l.str(n, f, &fd.Link) },
				"description": func(n ast.Node, f string) { l.str(n, f, &fd.Description) },
				"language":    func(n ast.Node, f string) { l.str(n, f, &fd.Language) },
				"max_items":   func(n ast.Node, f string) { l.int(n, f, &fd.MaxItems) },
			})
		},
		"defaults": func(n ast.Node, f string) {
			d := &cfg.Defaults
			l.object(n, f, fields{
				"schedule":    func(n ast.Node, f string) { l.str(n, f, &d.Schedule) },
				"timeout":     func(n ast.Node, f string) { l.duration(n, f, &d.Timeout) },
				"user_agent":  func(n ast.Node, f string) { l.str(n, f, &d.UserAgent) },
				"timezone":    func(n ast.Node, f string) { l.str(n, f, &d.Timezone) },
				"concurrency": func(n ast.Node, f string) { l.int(n, f, &d.Concurrency) },
				"per_host":    func(n ast.Node, f string) { l.int(n, f, &d.PerHost) },
				"max_body":    func(n ast.Node, f string) { l.size(n, f, &d.MaxBody) },
				"host_delay":  func(n ast.Node, f string) { l.duration(n, f, &d.HostDelay) },
			})
		},
		"sources": func(n ast.Node, f string) {
			if l.chunks != nil {
				cfg.Sources = l.chunkedSources(n, f)
				return
			}
			cfg.Sources = l.sources(n, f)
		},
		"filters": func(n ast.Node, f string) {
			fl := &cfg.Filters
			l.object(n, f, fields{
				"include": func(n ast.Node, f string) { l.strs(n, f, &fl.Include) },
				"exclude": func(n ast.Node, f string) { l.strs(n, f, &fl.Exclude) },
			})
		},
		"tags":     func(n ast.Node, f string) { l.tagList(n, f, nil, &cfg.Tags) },
		"channels": func(n ast.Node, f string) { cfg.Channels = l.channels(n, f) },
		"admin": func(n ast.Node, f string) {
			a := &cfg.Admin
			l.object(n, f, fields{
				"token": func(n ast.Node, f string) { l.secret(n, f, &a.Token) },
			})
		},
		"notify":       func(n ast.Node, f string) { cfg.Notify = l.notifyTargets(n, f) },
		"memory_limit": func(n ast.Node, f string) { l.memoryLimit(n, f, &cfg.MemoryLimit) },
		"fetch": func(n ast.Node, f string) {
			fe := &cfg.Fetch
			l.object(n, f, fields{
				"deny_private": func(n ast.Node, f string) { l.bool(n, f, &fe.DenyPrivate) },
			})
		},
	}
	l.object(body, "", top)
}

func (l *loader) sources(n ast.Node, field string) []Source {
	v, _ := l.value(n, field)
	if v == nil {
		return []Source{}
	}
	seq, ok := v.(*ast.SequenceNode)
	if !ok {
		l.errAt(v, field, "expected a list of sources, got %s", describe(v))
		return []Source{}
	}
	l.mark(field, seq)
	out := make([]Source, len(seq.Values))
	for i, item := range seq.Values {
		out[i] = newSource()
		l.sourceEntry(item, fmt.Sprintf("%s[%d]", field, i), &out[i])
	}
	return out
}

// sourceEntry decodes one entry of the sources list, field, into s.
func (l *loader) sourceEntry(item ast.Node, f string, s *Source) {
	before := len(l.errs)
	switch iv, _ := l.value(item, f); iv.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		l.source(item, f, s)
	case nil:
		if len(l.errs) == before { // not already reported as a bad alias
			l.errAt(item, f, "empty source: a source needs at least a name and a url")
		}
		l.broken[f] = true
	default:
		l.errAt(iv, f, "expected a source (a mapping with name, url, ...), got %s", describe(iv))
		l.broken[f] = true
	}
}

func (l *loader) source(n ast.Node, field string, s *Source) {
	l.object(n, field, fields{
		"name":          func(n ast.Node, f string) { l.str(n, f, &s.Name) },
		"title":         func(n ast.Node, f string) { l.str(n, f, &s.Title) },
		"url":           func(n ast.Node, f string) { l.str(n, f, &s.URL) },
		"schedule":      func(n ast.Node, f string) { l.str(n, f, &s.Schedule) },
		"tags":          func(n ast.Node, f string) { l.tagList(n, f, &s.Tags, &s.TagRules) },
		"include":       func(n ast.Node, f string) { l.strs(n, f, &s.Include) },
		"exclude":       func(n ast.Node, f string) { l.strs(n, f, &s.Exclude) },
		"timezone":      func(n ast.Node, f string) { l.str(n, f, &s.Timezone) },
		"enabled":       func(n ast.Node, f string) { l.bool(n, f, &s.Enabled) },
		"timeout":       func(n ast.Node, f string) { l.duration(n, f, &s.Timeout) },
		"user_agent":    func(n ast.Node, f string) { l.str(n, f, &s.UserAgent) },
		"allow_private": func(n ast.Node, f string) { l.bool(n, f, &s.AllowPrivate) },
		"type":          func(n ast.Node, f string) { l.str(n, f, &s.Type) },
		"pages":         func(n ast.Node, f string) { l.int(n, f, &s.Pages) },
		"date_format":   func(n ast.Node, f string) { l.str(n, f, &s.DateFormat) },
		"full_text":     func(n ast.Node, f string) { l.bool(n, f, &s.FullText) },
		"max_articles":  func(n ast.Node, f string) { l.int(n, f, &s.MaxArticles) },
		"robots":        func(n ast.Node, f string) { l.bool(n, f, &s.Robots) },
		"list": func(n ast.Node, f string) {
			ls := &s.List
			l.object(n, f, fields{
				"item":    func(n ast.Node, f string) { l.str(n, f, &ls.Item) },
				"title":   func(n ast.Node, f string) { l.str(n, f, &ls.Title) },
				"link":    func(n ast.Node, f string) { l.str(n, f, &ls.Link) },
				"date":    func(n ast.Node, f string) { l.str(n, f, &ls.Date) },
				"summary": func(n ast.Node, f string) { l.str(n, f, &ls.Summary) },
			})
		},
		"article": func(n ast.Node, f string) {
			a := &s.Article
			l.object(n, f, fields{
				"content": func(n ast.Node, f string) { l.str(n, f, &a.Content) },
				"remove":  func(n ast.Node, f string) { l.strs(n, f, &a.Remove) },
			})
		},
		"clean": func(n ast.Node, f string) {
			c := &s.Clean
			l.object(n, f, fields{
				"builtin":     func(n ast.Node, f string) { l.bool(n, f, &c.Builtin) },
				"cut_after":   func(n ast.Node, f string) { l.strs(n, f, &c.CutAfter) },
				"drop":        func(n ast.Node, f string) { l.strs(n, f, &c.Drop) },
				"remove":      func(n ast.Node, f string) { l.strs(n, f, &c.Remove) },
				"title_strip": func(n ast.Node, f string) { l.strs(n, f, &c.TitleStrip) },
			})
		},
	})
}

// object decodes a mapping whose keys are known; every other key is reported.
// A null leaves everything at its default.
func (l *loader) object(n ast.Node, field string, known fields) {
	v, _ := l.value(n, field)
	if v == nil {
		return
	}
	var m *ast.MappingNode
	switch t := v.(type) {
	case *ast.MappingNode:
		m = t
	case *ast.MappingValueNode:
		m = &ast.MappingNode{BaseNode: t.BaseNode, Values: []*ast.MappingValueNode{t}}
	default:
		what := "a mapping"
		if field == "" {
			what = "a mapping of settings (listen, store, feed, defaults, sources, ...)"
		}
		l.errAt(v, field, "expected %s, got %s", what, describe(v))
		return
	}
	l.mark(field, m)
	for _, e := range l.entries(m, field, 0) {
		f := join(field, e.key)
		set, ok := known[e.key]
		if !ok && field == "" && strings.HasPrefix(e.key, "x-") {
			// Top-level x- keys are free, to hold anchors that sources merge with <<.
			continue
		}
		if !ok {
			l.errAt(e.keyNode, f, "unknown field %q%s", e.key, suggest(e.key, slices.Sorted(maps.Keys(known))))
			continue
		}
		set(e.value, f)
	}
}
