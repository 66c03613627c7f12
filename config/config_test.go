package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo
)

var errFakeSchedule = errors.New("fake: bad schedule")

// fakeSchedule stands in for poll.CheckSchedule: "@every <duration of at
// least 1m>", "@hourly", "@daily" and 5-field specs, with an optional
// CRON_TZ= prefix.
func fakeSchedule(spec string) error {
	body := spec
	if rest, ok := strings.CutPrefix(spec, "CRON_TZ="); ok {
		zone, after, ok := strings.Cut(rest, " ")
		if !ok {
			return fmt.Errorf("%w %q", errFakeSchedule, spec)
		}
		if _, err := time.LoadLocation(zone); err != nil {
			return fmt.Errorf("%w %q: %v", errFakeSchedule, spec, err)
		}
		body = after
	}
	if every, ok := strings.CutPrefix(body, "@every "); ok {
		if d, err := time.ParseDuration(every); err == nil && d >= time.Minute {
			return nil
		}
		return fmt.Errorf("%w %q", errFakeSchedule, spec)
	}
	if body == "@hourly" || body == "@daily" {
		return nil
	}
	field := regexp.MustCompile(`^[0-9*/,-]+$`)
	parts := strings.Fields(body)
	if len(parts) != 5 {
		return fmt.Errorf("%w %q: want 5 fields", errFakeSchedule, spec)
	}
	for _, p := range parts {
		if !field.MatchString(p) {
			return fmt.Errorf("%w %q: bad field %q", errFakeSchedule, spec, p)
		}
	}
	return nil
}

var errFakeSelector = errors.New("fake: bad selector")

// fakeSelector rejects what no CSS parser accepts: unbalanced brackets and
// a leading combinator.
func fakeSelector(sel string) error {
	if strings.Count(sel, "[") != strings.Count(sel, "]") || strings.HasPrefix(sel, ">") {
		return fmt.Errorf("%w %q", errFakeSelector, sel)
	}
	return nil
}

var checks = Checks{Schedule: fakeSchedule, Selector: fakeSelector}

func mustLoad(t *testing.T, path string) *Config {
	t.Helper()
	cfg, err := Load(path, checks)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return cfg
}

func TestFakeScheduleRejectsGarbage(t *testing.T) {
	for _, spec := range []string{"@every 30m", "@hourly", "*/20 * * * *", "CRON_TZ=Asia/Shanghai 0 8-20 * * *"} {
		if err := fakeSchedule(spec); err != nil {
			t.Errorf("fakeSchedule(%q) = %v", spec, err)
		}
	}
	for _, spec := range []string{"", "soon", "@every 1s", "* * * *", "CRON_TZ=Mars/X 0 8 * * *", "a b c d e"} {
		if err := fakeSchedule(spec); err == nil {
			t.Errorf("fakeSchedule(%q) accepted", spec)
		}
	}
}

func TestLoadFull(t *testing.T) {
	cfg := mustLoad(t, "testdata/full.yaml")
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	hongKong, _ := time.LoadLocation("Asia/Hong_Kong")
	want := &Config{
		Listen: "[::1]:9090",
		Store:  Store{Driver: DriverBolt, Lease: DefaultLease, Path: filepath.Join(dir, "data", "news.db"), Retention: 14 * 24 * time.Hour, MaxItems: 5000, KeepPerSource: 5},
		Feed: Feed{
			Title:       "教育新闻聚合",
			Link:        "https://news.example.org/edu/",
			Description: "各地教育新闻",
			Language:    "zh-Hans-CN",
			MaxItems:    500,
		},
		Defaults: Defaults{
			Schedule:    "@every 15m",
			Timeout:     45 * time.Second,
			UserAgent:   "Mozilla/5.0 (compatible; edufeed-test)",
			Timezone:    "Asia/Hong_Kong",
			Location:    hongKong,
			Concurrency: 16,
			PerHost:     4,
			MaxBody:     512 << 10,
			HostDelay:   2500 * time.Millisecond,
		},
		Sources: []Source{{
			Name:      "moe-news",
			Title:     "教育部新闻",
			URL:       "https://example.org/moe/feed.xml",
			Schedule:  "*/20 * * * *",
			Tags:      []string{"policy", "moe"},
			TagRules:  []TagRule{{Match: "教师", Tag: "teachers"}},
			Include:   []string{"通知", "公告"},
			Exclude:   []string{"招聘"},
			Timezone:  "Asia/Shanghai",
			Location:  shanghai,
			Enabled:   false,
			Timeout:   20 * time.Second,
			UserAgent: "curl/8",
			Clean: CleanRules{
				Builtin:    false,
				CutAfter:   []string{"^相关专题"},
				Drop:       []string{"^来源：", "^责任编辑"},
				Remove:     []string{".share-bar", "div#footer"},
				TitleStrip: []string{"_某某大学$"},
			},
			Type:        TypeHTML,
			Pages:       3,
			List:        ListSelectors{Item: "ul.list > li", Title: "a", Link: "a", Date: "span.date", Summary: "p"},
			DateFormat:  "2006年1月2日",
			FullText:    false,
			FullTextSet: true,
			MaxArticles: 10,
			Robots:      false,
			Article:     ArticleSelectors{Content: "div.TRS_Editor", Remove: []string{".share", "#print"}},
		}, {
			// Everything but name and url inherited.
			Name:        "local.copy",
			Title:       "local.copy",
			URL:         "file://" + filepath.ToSlash(filepath.Join(dir, "feeds", "local.xml")),
			Schedule:    "@every 15m",
			Tags:        []string{},
			TagRules:    []TagRule{},
			Include:     []string{},
			Exclude:     []string{},
			Timezone:    "Asia/Hong_Kong",
			Location:    hongKong,
			Enabled:     true,
			Timeout:     45 * time.Second,
			UserAgent:   "Mozilla/5.0 (compatible; edufeed-test)",
			Clean:       CleanRules{Builtin: true, CutAfter: []string{}, Drop: []string{}, Remove: []string{}, TitleStrip: []string{}},
			Type:        TypeAuto,
			Pages:       1,
			MaxArticles: 30,
			Robots:      true,
			Article:     ArticleSelectors{Remove: []string{}},
		}},
		Filters: Filters{Include: []string{"教育", "school"}, Exclude: []string{"广告|推广"}},
		Tags:    []TagRule{{Match: "高考|招生", Tag: "gaokao"}, {Match: `\bexams?\b`, Tag: "exams"}},
		Channels: []Channel{
			{Name: "zhaosheng", Title: "招生考试", Description: "招生办的新闻", Tags: []string{"gaokao", "teachers"},
				Sources: []string{}, Include: []string{}, Exclude: []string{"招聘"}},
			{Name: "moe-only", Title: "moe-only", Tags: []string{}, Sources: []string{"moe-news"},
				Include: []string{"通知"}, Exclude: []string{}},
		},
		Admin:       Admin{Token: "0123456789abcdef0123"},
		Fetch:       Fetch{DenyPrivate: true},
		MemoryLimit: MemoryLimit{Bytes: 512 << 20},
		Path:        "testdata/full.yaml",
	}
	assertConfig(t, cfg, want)
}

func TestLoadMinimalGetsEveryDefault(t *testing.T) {
	cfg := mustLoad(t, "testdata/minimal.yaml")
	dir, _ := filepath.Abs("testdata")
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	want := &Config{
		Listen: "127.0.0.1:8080",
		Store:  Store{Driver: DriverBolt, Lease: DefaultLease, Path: filepath.Join(dir, "edufeed.db"), Retention: 720 * time.Hour, MaxItems: 0, KeepPerSource: 20},
		Feed:   Feed{Title: "edufeed", Link: "http://127.0.0.1:8080/", Description: "", Language: "zh-CN", MaxItems: 200},
		Defaults: Defaults{
			Schedule:    "@every 30m",
			Timeout:     30 * time.Second,
			UserAgent:   "",
			Timezone:    "Asia/Shanghai",
			Location:    shanghai,
			Concurrency: 8,
			PerHost:     2,
			MaxBody:     10 << 20,
			HostDelay:   time.Second,
		},
		Sources: []Source{{
			Name:        "moe",
			Title:       "moe",
			URL:         "https://example.org/feed.xml",
			Schedule:    "@every 30m",
			Tags:        []string{},
			TagRules:    []TagRule{},
			Include:     []string{},
			Exclude:     []string{},
			Timezone:    "Asia/Shanghai",
			Location:    shanghai,
			Enabled:     true,
			Timeout:     30 * time.Second,
			Clean:       CleanRules{Builtin: true, CutAfter: []string{}, Drop: []string{}, Remove: []string{}, TitleStrip: []string{}},
			Type:        TypeAuto,
			Pages:       1,
			MaxArticles: 30,
			Robots:      true,
			Article:     ArticleSelectors{Remove: []string{}},
		}},
		Filters:        Filters{Include: []string{}, Exclude: []string{}},
		Tags:           []TagRule{},
		Fetch:          Fetch{DenyPrivate: true},
		MemoryLimit:    MemoryLimit{Auto: true},
		Channels:       []Channel{},
		Path:           "testdata/minimal.yaml",
		linkFromListen: true,
	}
	assertConfig(t, cfg, want)
}

// assertConfig compares configs, with time zones compared by name.
func assertConfig(t *testing.T, got, want *Config) {
	t.Helper()
	if got.Defaults.Location.String() != want.Defaults.Location.String() {
		t.Errorf("Defaults.Location = %v, want %v", got.Defaults.Location, want.Defaults.Location)
	}
	got.Defaults.Location, want.Defaults.Location = nil, nil
	if len(got.Sources) != len(want.Sources) {
		t.Fatalf("%d sources, want %d", len(got.Sources), len(want.Sources))
	}
	for i := range got.Sources {
		if g, w := got.Sources[i].Location, want.Sources[i].Location; g == nil || g.String() != w.String() {
			t.Errorf("Sources[%d].Location = %v, want %v", i, g, w)
		}
		got.Sources[i].Location, want.Sources[i].Location = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("config mismatch\n got: %+v\nwant: %+v", got, want)
	}
}

func TestLoadExampleConfig(t *testing.T) {
	cfg := mustLoad(t, "../config.example.yaml")
	if len(cfg.Sources) < 4 {
		t.Fatalf("example has %d sources, want the sample and some real ones", len(cfg.Sources))
	}
	if len(cfg.Channels) < 2 {
		t.Errorf("example has %d channels, want two to show how", len(cfg.Channels))
	}
	sample, ok := cfg.SourceByName("sample")
	if !ok {
		t.Fatal("example has no source named sample")
	}
	abs, _ := filepath.Abs("../examples/seed-feed.xml")
	if want := "file://" + filepath.ToSlash(abs); sample.URL != want {
		t.Errorf("sample URL = %q, want %q", sample.URL, want)
	}
	if !reflect.DeepEqual(sample.Tags, []string{"sample"}) {
		t.Errorf("sample tags = %q", sample.Tags)
	}
	for _, s := range cfg.Sources {
		if !s.Enabled || s.Location == nil || s.Timeout <= 0 || s.Schedule == "" {
			t.Errorf("source %s not fully resolved: %+v", s.Name, s)
		}
	}
	// The example shows every default: the same file without its values
	// but with the same sources must give the same top-level settings.
	if cfg.Listen != "127.0.0.1:8080" || cfg.Feed.MaxItems != 200 || cfg.Defaults.MaxBody != 10<<20 ||
		cfg.Store.Retention != 720*time.Hour || cfg.Defaults.Concurrency != 8 || cfg.Defaults.PerHost != 2 {
		t.Errorf("example does not show the defaults: %+v", cfg)
	}
}

func TestSourceByName(t *testing.T) {
	cfg := mustLoad(t, "testdata/full.yaml")
	s, ok := cfg.SourceByName("local.copy")
	if !ok || s.Name != "local.copy" {
		t.Fatalf("SourceByName(local.copy) = %v, %v", s, ok)
	}
	// The result points into the config, so a caller's change sticks.
	s.Enabled = false
	if cfg.Sources[1].Enabled {
		t.Error("SourceByName returned a copy")
	}
	if _, ok := cfg.SourceByName("nope"); ok {
		t.Error("SourceByName(nope) found something")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"), checks)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("Load of a missing file: %v (%T), want Errors", err, err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(err, fs.ErrNotExist) is false for %v", err)
	}
}
