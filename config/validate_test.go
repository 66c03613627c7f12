package config

import (
	"errors"
	"strings"
	"testing"
)

// want is one expected problem: its field path, its line and a part of its message.
type want struct {
	field string
	line  int
	msg   string
}

// parseErrors parses src and returns its problems, failing if there are none.
func parseErrors(t *testing.T, src string) Errors {
	t.Helper()
	cfg, err := Parse("/etc/edufeed/test.yaml", []byte(src), checks)
	if err == nil {
		t.Fatalf("Parse accepted it: %+v", cfg)
	}
	if cfg != nil {
		t.Error("Parse returned a config along with an error")
	}
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v is %T, not Errors", err, err)
	}
	return errs
}

// assertErrors checks that errs are exactly the wanted problems, in order.
func assertErrors(t *testing.T, errs Errors, wants []want) {
	t.Helper()
	if len(errs) != len(wants) {
		t.Errorf("%d errors, want %d:\n%v", len(errs), len(wants), errs)
	}
	for i := range min(len(errs), len(wants)) {
		e, w := errs[i], wants[i]
		if e.Field != w.field || e.Line != w.line || !strings.Contains(e.Msg, w.msg) {
			t.Errorf("error %d = %s\n          want line %d, field %q, msg containing %q", i, e, w.line, w.field, w.msg)
		}
		if e.Column < 1 {
			t.Errorf("error %d has column %d", i, e.Column)
		}
	}
}

func TestThreeMistakesAllReported(t *testing.T) {
	_, err := Load("testdata/three-mistakes.yaml", checks)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Load: %v", err)
	}
	assertErrors(t, errs, []want{
		{"sources[0].schedul", 5, `unknown field "schedul" (did you mean "schedule"?)`},
		{"sources[1].timezone", 8, `unknown time zone "Mars/Olympus"`},
		{"sources[2].timeout", 11, `invalid duration "soon"`},
	})
	wantText := `testdata/three-mistakes.yaml:5:5: sources[0].schedul: unknown field "schedul" (did you mean "schedule"?)
testdata/three-mistakes.yaml:8:15: sources[1].timezone: unknown time zone "Mars/Olympus" (use an IANA name such as Asia/Shanghai)
testdata/three-mistakes.yaml:11:14: sources[2].timeout: invalid duration "soon" (use a number and unit, as in 90s, 30m, 12h or 30d)`
	if err.Error() != wantText {
		t.Errorf("Error() =\n%s\nwant\n%s", err, wantText)
	}
}

func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"empty file", "", []want{{"", 1, "no configuration"}}},
		{"only comments", "# nothing yet\n# really\n", []want{{"", 1, "no configuration"}}},
		{"syntax error", "listen: 127.0.0.1:8080\nsources: [\n", []want{{"", 2, "YAML: sequence end token ']' not found"}}},
		{"tab indent", "sources:\n\t- name: a\n", []want{{"", 2, "YAML:"}}},
		{"two documents", "listen: a:1\n---\nlisten: b:2\n", []want{{"", 3, "only one YAML document"}}},
		{"top level not a mapping", "- a\n- b\n", []want{{"", 1, "expected a mapping of settings"}}},
		{"unknown keys everywhere", `
lisen: 127.0.0.1:8080
store:
  paths: x.db
feed: {titel: x}
defaults:
  concurency: 3
sources:
  - name: a
    url: http://example.org/
    clean: {builtins: false}
`, []want{
			{"lisen", 2, `unknown field "lisen" (did you mean "listen"?)`},
			{"store.paths", 4, `did you mean "path"?`},
			{"feed.titel", 5, `did you mean "title"?`},
			{"defaults.concurency", 7, `did you mean "concurrency"?`},
			{"sources[0].clean.builtins", 11, `did you mean "builtin"?`},
		}},
		{"unknown key far from any", "frobnicate: 1\n", []want{{"frobnicate", 1, `unknown field "frobnicate"`}}},
		{"duplicate key", "listen: a:1\nlisten: b:2\n", []want{{"listen", 2, `duplicate key "listen" (first at line 1)`}}},
		{"wrong types", `
listen: 8080
store: [a]
feed:
  max_items: "200"
  title: 2024
defaults:
  concurrency: 1.5
  timeout: [30s]
  max_body: true
sources:
  - name: a
    url: http://example.org/
    tags: policy
    enabled: "yes"
    schedule: 5
    timeout: 30
    clean:
      builtin: on
      drop: {a: b}
`, []want{
			{"listen", 2, "expected a string, got integer 8080 (quote it"},
			{"store", 3, "expected a mapping, got a list"},
			{"feed.max_items", 5, `expected an integer, got string "200"`},
			{"feed.title", 6, "expected a string, got integer 2024"},
			{"defaults.concurrency", 8, "expected an integer, got number 1.5"},
			{"defaults.timeout", 9, "expected a duration"},
			{"defaults.max_body", 10, "expected a size"},
			{"sources[0].tags", 14, `expected a list such as [a, b], got string "policy"`},
			{"sources[0].enabled", 15, `expected true or false, got string "yes"`},
			{"sources[0].schedule", 16, "expected a string, got integer 5"},
			{"sources[0].timeout", 17, `a duration needs a unit, as in "30s"`},
			{"sources[0].clean.builtin", 19, `expected true or false, got string "on"`},
			{"sources[0].clean.drop", 20, "expected a list"},
		}},
		{"sources not a list", "sources: {name: a}\n", []want{{"sources", 1, "expected a list of sources, got a mapping"}}},
		{"empty and scalar sources", "sources:\n  -\n  - moe\n", []want{
			{"sources[0]", 2, "empty source"},
			{"sources[1]", 3, `expected a source (a mapping with name, url, ...), got string "moe"`},
		}},
		{"missing name and url", "sources:\n  - title: 无名\n  - name: b\n", []want{
			{"sources[0].name", 2, "required"},
			{"sources[0].url", 2, "required"},
			{"sources[1].url", 3, "required"},
		}},
		{"null and empty name", "sources:\n  - name:\n    url: http://a.org/\n  - name: ''\n    url: http://b.org/\n", []want{
			{"sources[0].name", 2, "required"},
			{"sources[1].name", 4, "required"},
		}},
		{"bad names", "sources:\n  - {name: a b, url: 'http://a.org/'}\n  - {name: 教育部, url: 'http://b.org/'}\n  - {name: a?x=1, url: 'http://c.org/'}\n", []want{
			{"sources[0].name", 2, `name "a b" may use only letters, digits`},
			{"sources[1].name", 3, `name "教育部"`},
			{"sources[2].name", 4, `name "a?x=1"`},
		}},
		{"duplicate names", `
sources:
  - name: moe
    url: http://a.org/
  - name: other
    url: http://b.org/
  - name: moe
    url: http://c.org/
  - name: moe
    url: http://d.org/
`, []want{
			{"sources[2].name", 7, `duplicate source name "moe" (first at line 3)`},
			{"sources[3].name", 9, `duplicate source name "moe" (first at line 3)`},
		}},
		{"bad URLs", `
sources:
  - {name: a, url: "ftp://example.org/feed"}
  - {name: b, url: "example.org/feed.xml"}
  - {name: c, url: "http:///feed.xml"}
  - {name: d, url: "https://exa mple.org/"}
  - {name: e, url: "file://server/share/x.xml"}
  - {name: f, url: "file:"}
  - {name: g, url: "file:x.xml?v=1"}
  - {name: h, url: "javascript:alert(1)"}
`, []want{
			{"sources[0].url", 3, `unsupported scheme "ftp"`},
			{"sources[1].url", 4, "has no scheme"},
			{"sources[2].url", 5, "has no host"},
			{"sources[3].url", 6, "invalid URL"},
			{"sources[4].url", 7, `names host "server"`},
			{"sources[5].url", 8, "has no path"},
			{"sources[6].url", 9, "must not have a query"},
			{"sources[7].url", 10, `unsupported scheme "javascript"`},
		}},
		{"bad schedules", `
defaults:
  schedule: "@every 10s"
sources:
  - name: a
    url: http://a.org/
    schedule: "* * *"
  - name: b
    url: http://b.org/
    schedule: ""
  - name: c
    url: http://c.org/
    schedule: "CRON_TZ=Mars/Base 0 8 * * *"
`, []want{
			{"defaults.schedule", 3, "fake: bad schedule"},
			{"sources[0].schedule", 7, "want 5 fields"},
			{"sources[1].schedule", 10, "empty schedule"},
			{"sources[2].schedule", 13, "fake: bad schedule"},
		}},
		{"bad durations", `
store:
  retention: 0s
defaults:
  timeout: -5s
sources:
  - name: a
    url: http://a.org/
    timeout: 3 days
  - name: b
    url: http://b.org/
    timeout: 0d
`, []want{
			{"store.retention", 3, "must be more than zero"},
			{"defaults.timeout", 5, "must be more than zero, got -5s"},
			{"sources[0].timeout", 9, `invalid duration "3 days"`},
			{"sources[1].timeout", 12, "must be more than zero"},
		}},
		{"bad time zones", `
defaults:
  timezone: China/Beijing
sources:
  - name: a
    url: http://a.org/
    timezone: ""
  - name: b
    url: http://b.org/
    timezone: +08:00
`, []want{
			{"defaults.timezone", 3, `unknown time zone "China/Beijing"`},
			{"sources[0].timezone", 7, "empty time zone"},
			{"sources[1].timezone", 10, `unknown time zone "+08:00"`},
		}},
		{"negative keep_per_source", "store:\n  keep_per_source: -1\n", []want{{"store.keep_per_source", 2, "must be 0 (keep none) or more, got -1"}}},
		{"bad listen", "listen: localhost\n", []want{{"listen", 1, `"localhost" is not host:port`}}},
		{"bad listen port", "listen: 127.0.0.1:http\n", []want{{"listen", 1, `port "http" is not a number`}}},
		{"listen port too high", "listen: 127.0.0.1:70000\n", []want{{"listen", 1, "from 0 to 65535"}}},
		{"relative feed link", "feed:\n  link: /feed.xml\n", []want{{"feed.link", 2, "not an absolute http(s) URL"}}},
		{"feed link without http", "feed:\n  link: ftp://example.org/\n", []want{{"feed.link", 2, "not an absolute http(s) URL"}}},
		{"bad language", "feed:\n  language: zh_CN\n", []want{{"feed.language", 2, "not a language tag"}}},
		{"out of range ints", `
store:
  max_items: -1
feed:
  max_items: 10001
defaults:
  concurrency: 0
  per_host: 65
  max_body: 0
`, []want{
			{"store.max_items", 3, "must be 0 (no limit) or more, got -1"},
			{"feed.max_items", 5, "must be from 1 to 10000, got 10001"},
			{"defaults.concurrency", 7, "must be from 1 to 256, got 0"},
			{"defaults.per_host", 8, "must be from 1 to 64, got 65"},
			{"defaults.max_body", 9, "must be more than 0 bytes"},
		}},
		{"bad sizes", "defaults:\n  max_body: 10 parsecs\n", []want{{"defaults.max_body", 2, `invalid size "10 parsecs"`}}},
		{"huge integer", "store:\n  max_items: 99999999999999999999999\n", []want{{"store.max_items", 2, "99999999999999999999999 is too large"}}},
		{"quoted integer", "store:\n  max_items: '12'\n", []want{{"store.max_items", 2, `expected an integer, got string "12"`}}},
		{"empty store path", "store:\n  path: ''\n", []want{{"store.path", 2, "must not be empty"}}},
		{"bad tags", "sources:\n  - name: a\n    url: http://a.org/\n    tags: [ok, 'two words', 'a,b', '']\n", []want{
			{"sources[0].tags[1]", 4, `tag "two words"`},
			{"sources[0].tags[2]", 4, `tag "a,b"`},
			{"sources[0].tags[3]", 4, `tag ""`},
		}},
		{"null tag", "sources:\n  - name: a\n    url: http://a.org/\n    tags:\n      - x\n      -\n", []want{
			{"sources[0].tags[1]", 6, "empty entry"},
		}},
		{"bad user agents", "defaults:\n  user_agent: \"a\\r\\nX-Evil: 1\"\nsources:\n  - {name: a, url: 'http://a.org/', user_agent: \"tab\\there\"}\n", []want{
			{"defaults.user_agent", 2, "control characters"},
			{"sources[0].user_agent", 4, "control characters"},
		}},
		{"bad clean rules", `
sources:
  - name: a
    url: http://a.org/
    clean:
      cut_after: ["^相关(专题"]
      drop: ["ok", "", "[z-a]"]
      remove: [".share-bar", "div[class", ""]
      title_strip: ["*"]
`, []want{
			{"sources[0].clean.cut_after[0]", 6, "missing closing )"},
			{"sources[0].clean.drop[1]", 7, "empty pattern"},
			{"sources[0].clean.drop[2]", 7, "invalid character class range"},
			{"sources[0].clean.remove[1]", 8, "fake: bad selector"},
			{"sources[0].clean.remove[2]", 8, "empty CSS selector"},
			{"sources[0].clean.title_strip[0]", 9, "missing argument to repetition operator"},
		}},
		{"unknown alias", "sources:\n  - *nothing\n", []want{{"sources[0]", 2, "unknown alias *nothing"}}},
		{"unknown key inside a merged anchor", `
x-base: &base
  timeout: 10s
  colour: red
sources:
  - <<: *base
    name: a
    url: http://a.org/
`, []want{{"sources[0].colour", 4, `unknown field "colour"`}}},
		{"merge of a scalar", "x-v: &v 5\nsources:\n  - {<<: *v, name: a, url: 'http://a.org/'}\n", []want{
			{"sources[0]", 1, "a merge (<<) needs a mapping"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertErrors(t, parseErrors(t, tt.src), tt.want)
		})
	}
}

func TestErrorsWrapCheckerErrors(t *testing.T) {
	src := "defaults:\n  schedule: garbage\nsources:\n  - {name: a, url: 'http://a.org/', clean: {remove: ['>p']}}\n"
	_, err := Parse("c.yaml", []byte(src), checks)
	if !errors.Is(err, errFakeSchedule) {
		t.Errorf("errors.Is(err, schedule sentinel) is false: %v", err)
	}
	if !errors.Is(err, errFakeSelector) {
		t.Errorf("errors.Is(err, selector sentinel) is false: %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.File != "c.yaml" || e.Line != 2 || e.Column != 13 || e.Field != "defaults.schedule" {
		t.Errorf("errors.As(*Error) = %+v", e)
	}
}

func TestNilChecksSkipOnlyThoseChecks(t *testing.T) {
	src := "sources:\n  - {name: a, url: 'http://a.org/', schedule: 'garbage', clean: {remove: ['>p']}}\n"
	if _, err := Parse("c.yaml", []byte(src), Checks{}); err != nil {
		t.Errorf("with no checkers: %v", err)
	}
	if _, err := Parse("c.yaml", []byte("defaults: {schedule: ''}\n"), Checks{}); err == nil {
		t.Error("an empty schedule passed with no checker")
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.yaml", Line: 3, Column: 7, Field: "sources[2].schedule", Msg: "bad"}, "a.yaml:3:7: sources[2].schedule: bad"},
		{&Error{File: "a.yaml", Line: 1, Column: 1, Msg: "no configuration"}, "a.yaml:1:1: no configuration"},
		{&Error{File: "a.yaml", Msg: "open a.yaml: permission denied"}, "a.yaml: open a.yaml: permission denied"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	errs := Errors{tests[0].err, tests[1].err}
	if got, want := errs.Error(), tests[0].want+"\n"+tests[1].want; got != want {
		t.Errorf("Errors.Error() = %q, want %q", got, want)
	}
}
