package config

import (
	"slices"
	"testing"
)

// channelBase is a config with two sources and a global tag rule, for the
// channels of the tests below to name.
const channelBase = `sources:
  - name: moe
    title: 教育部新闻
    url: https://www.moe.gov.cn/rss.xml
    tags: [policy, {match: 招生, tag: admissions}]
  - name: eol
    url: https://www.eol.cn/rss.xml
tags:
  - {match: 高考, tag: gaokao}
`

func TestChannelsParsed(t *testing.T) {
	src := channelBase + `channels:
  - name: zhaosheng
    title: 招生考试
    description: 给招生办
    tags: [admissions, GaoKao]
    exclude: [招聘]
  - name: policy
    sources: [moe]
    include: [政策|文件]
  - name: everything
`
	cfg, err := Parse("/etc/edufeed/test.yaml", []byte(src), checks)
	if err != nil {
		t.Fatal(err)
	}
	want := []Channel{
		{Name: "zhaosheng", Title: "招生考试", Description: "给招生办", Tags: []string{"admissions", "GaoKao"},
			Sources: []string{}, Include: []string{}, Exclude: []string{"招聘"}},
		{Name: "policy", Title: "policy", Tags: []string{}, Sources: []string{"moe"}, Include: []string{"政策|文件"}, Exclude: []string{}},
		{Name: "everything", Title: "everything", Tags: []string{}, Sources: []string{}, Include: []string{}, Exclude: []string{}},
	}
	if len(cfg.Channels) != len(want) {
		t.Fatalf("%d channels, want %d: %+v", len(cfg.Channels), len(want), cfg.Channels)
	}
	for i, w := range want {
		c := cfg.Channels[i]
		if c.Name != w.Name || c.Title != w.Title || c.Description != w.Description ||
			!slices.Equal(c.Tags, w.Tags) || !slices.Equal(c.Sources, w.Sources) ||
			!slices.Equal(c.Include, w.Include) || !slices.Equal(c.Exclude, w.Exclude) {
			t.Errorf("channel %d = %+v\nwant %+v", i, c, w)
		}
	}
	if c, ok := cfg.ChannelByName("policy"); !ok || c.Sources[0] != "moe" {
		t.Errorf("ChannelByName(policy) = %+v, %v", c, ok)
	}
	if s, _ := cfg.SourceByName("moe"); s.Title != "教育部新闻" {
		t.Errorf("source title %q", s.Title)
	}
	if s, _ := cfg.SourceByName("eol"); s.Title != "eol" {
		t.Errorf("source without a title: title %q, want its name", s.Title)
	}
}

func TestChannelErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"unknown tag", "channels:\n  - name: a\n    tags: [admissions, gaokao, exams]\n",
			[]want{{"channels[0].tags[2]", 12, `unknown tag "exams": no source or tag rule gives it`}}},
		{"near miss of a tag", "channels:\n  - name: a\n    tags: [admission]\n",
			[]want{{"channels[0].tags[0]", 12, `unknown tag "admission": no source or tag rule gives it (did you mean "admissions"?)`}}},
		{"unknown source", "channels:\n  - name: a\n    sources: [moe, moe-news]\n",
			[]want{{"channels[0].sources[1]", 12, `unknown source "moe-news"`}}},
		{"duplicate name", "channels:\n  - name: a\n  - name: b\n  - name: a\n",
			[]want{{"channels[2].name", 13, `duplicate channel name "a" (first at line 11)`}}},
		{"name not URL-safe", "channels:\n  - name: 招生 考试\n",
			[]want{{"channels[0].name", 11, `name "招生 考试" may use only letters, digits, '.', '_' and '-'`}}},
		{"slash in name", "channels:\n  - name: a/b\n",
			[]want{{"channels[0].name", 11, `may use only letters`}}},
		{"no name", "channels:\n  - title: 招生\n",
			[]want{{"channels[0].name", 11, "required: a unique name"}}},
		{"empty entry", "channels:\n  -\n",
			[]want{{"channels[0]", 11, "empty channel"}}},
		{"not a list", "channels: {name: a}\n",
			[]want{{"channels", 10, "expected a list of channels, got a mapping"}}},
		{"entry not a mapping", "channels:\n  - admissions\n",
			[]want{{"channels[0]", 11, "expected a channel (a mapping with name, title, tags, ...)"}}},
		{"unknown key", "channels:\n  - name: a\n    tag: [policy]\n",
			[]want{{"channels[0].tag", 12, `unknown field "tag" (did you mean "tags"?)`}}},
		{"bad include pattern", "channels:\n  - name: a\n    include: ['招生(']\n",
			[]want{{"channels[0].include[0]", 12, "missing closing )"}}},
		{"empty exclude pattern", "channels:\n  - name: a\n    exclude: ['']\n",
			[]want{{"channels[0].exclude[0]", 12, "empty pattern would match everything"}}},
		{"tags not a list", "channels:\n  - name: a\n    tags: policy\n",
			[]want{{"channels[0].tags", 12, `expected a list such as [a, b], got string "policy"`}}},
		{"every mistake at once", "channels:\n  - name: a\n    tags: [nope]\n    sources: [nobody]\n  - name: a\n",
			[]want{
				{"channels[0].tags[0]", 12, `unknown tag "nope"`},
				{"channels[0].sources[0]", 13, `unknown source "nobody"`},
				{"channels[1].name", 14, `duplicate channel name "a" (first at line 11)`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertErrors(t, parseErrors(t, channelBase+tt.src), tt.want)
		})
	}
}

// TestChannelErrorText checks the whole line an operator reads: the file,
// line and column, the field and the message.
func TestChannelErrorText(t *testing.T) {
	errs := parseErrors(t, channelBase+"channels:\n  - name: a\n    sources: [edu]\n")
	const want = `/etc/edufeed/test.yaml:12:15: channels[0].sources[0]: unknown source "edu" (did you mean "eol"?)`
	if got := errs.Error(); got != want {
		t.Errorf("error text\n%s\nwant\n%s", got, want)
	}
}
