package config

import (
	"errors"
	"reflect"
	"regexp/syntax"
	"strings"
	"testing"
)

func TestFiltersTagsAndAdminDecode(t *testing.T) {
	type source struct {
		tags             []string
		rules            []TagRule
		include, exclude []string
	}
	tests := []struct {
		name    string
		src     string
		filters Filters
		tags    []TagRule
		token   string
		source  source
	}{
		{
			name:    "none of them",
			src:     "sources:\n  - {name: a, url: 'http://a.org/'}\n",
			filters: Filters{Include: []string{}, Exclude: []string{}},
			tags:    []TagRule{},
			source:  source{[]string{}, []TagRule{}, []string{}, []string{}},
		},
		{
			name: "every key, block style",
			src: `
filters:
  include:
    - 教育
    - "高考|招生"
  exclude:
    - 广告
tags:
  - match: 高考
    tag: gaokao
  - match: '\bexams?\b'
    tag: exams
admin:
  token: s3cret-s3cret-s3cret
sources:
  - name: a
    url: http://a.org/
    include: [通知]
    exclude: ['(?-i)AD']
    tags:
      - policy
      - match: 教师|师资
        tag: teachers
      - moe
      - {match: 'school', tag: schools}
`,
			filters: Filters{Include: []string{"教育", "高考|招生"}, Exclude: []string{"广告"}},
			tags:    []TagRule{{"高考", "gaokao"}, {`\bexams?\b`, "exams"}},
			token:   "s3cret-s3cret-s3cret",
			source: source{
				tags:    []string{"policy", "moe"},
				rules:   []TagRule{{"教师|师资", "teachers"}, {"school", "schools"}},
				include: []string{"通知"},
				exclude: []string{"(?-i)AD"},
			},
		},
		{
			name: "nulls keep the defaults",
			src: `
filters:
  include:
tags:
admin:
  token:
sources:
  - name: a
    url: http://a.org/
    tags:
    include:
`,
			filters: Filters{Include: []string{}, Exclude: []string{}},
			tags:    []TagRule{},
			source:  source{[]string{}, []TagRule{}, []string{}, []string{}},
		},
		{
			name: "rules shared through anchors and merges",
			src: `
x-rule: &gaokao {match: 高考, tag: gaokao}
x-base: &base
  tags: [exam, *gaokao]
  exclude: [广告]
tags: [*gaokao, {<<: *gaokao, tag: gk}]
sources:
  - <<: *base
    name: a
    url: http://a.org/
`,
			filters: Filters{Include: []string{}, Exclude: []string{}},
			tags:    []TagRule{{"高考", "gaokao"}, {"高考", "gk"}},
			source:  source{[]string{"exam"}, []TagRule{{"高考", "gaokao"}}, []string{}, []string{"广告"}},
		},
		{
			name:    "a token of digits tagged as a string",
			src:     "admin:\n  token: !!str 1234567890123456789\nsources: []\n",
			filters: Filters{Include: []string{}, Exclude: []string{}},
			tags:    []TagRule{},
			token:   "1234567890123456789",
		},
		{
			name:    "explicit empty token turns admin off",
			src:     "admin: {token: ''}\nsources: []\n",
			filters: Filters{Include: []string{}, Exclude: []string{}},
			tags:    []TagRule{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := parseOK(t, "/etc/edufeed/test.yaml", tt.src)
			if !reflect.DeepEqual(cfg.Filters, tt.filters) {
				t.Errorf("Filters = %#v, want %#v", cfg.Filters, tt.filters)
			}
			if !reflect.DeepEqual(cfg.Tags, tt.tags) {
				t.Errorf("Tags = %#v, want %#v", cfg.Tags, tt.tags)
			}
			if cfg.Admin.Token != tt.token {
				t.Errorf("Admin.Token = %q, want %q", cfg.Admin.Token, tt.token)
			}
			if len(cfg.Sources) == 0 {
				return
			}
			s := cfg.Sources[0]
			got := source{s.Tags, s.TagRules, s.Include, s.Exclude}
			if !reflect.DeepEqual(got, tt.source) {
				t.Errorf("source = %#v\nwant %#v", got, tt.source)
			}
		})
	}
}

func TestFilterAndTagErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"bad global filters", `
filters:
  include: [教育, "", "(高考"]
  exclude: ["[z-a]", "*"]
`, []want{
			{"filters.include[1]", 3, "empty pattern would match everything"},
			{"filters.include[2]", 3, "missing closing ): `(高考`"},
			{"filters.exclude[0]", 4, "invalid character class range: `z-a`"},
			{"filters.exclude[1]", 4, "missing argument to repetition operator: `*`"},
		}},
		{"filters of the wrong shape", "filters: [a]\n", []want{{"filters", 1, "expected a mapping, got a list"}}},
		{"filter list of the wrong shape", "filters:\n  include: 高考\n  exclude: {a: b}\n", []want{
			{"filters.include", 2, `expected a list such as [a, b], got string "高考"`},
			{"filters.exclude", 3, "expected a list such as [a, b], got a mapping"},
		}},
		{"unknown filter key", "filters:\n  includes: [a]\n", []want{{"filters.includes", 2, `unknown field "includes" (did you mean "include"?)`}}},
		{"top-level typos", "filter: {}\ntag: []\nadmn: {}\n", []want{
			{"filter", 1, `did you mean "filters"?`},
			{"tag", 2, `did you mean "tags"?`},
			{"admn", 3, `did you mean "admin"?`},
		}},
		{"global tags of the wrong shape", "tags: {match: a, tag: b}\n", []want{
			{"tags", 1, "expected a list of rules such as [{match: 高考, tag: gaokao}], got a mapping"},
		}},
		{"global plain tag", "tags: [policy]\n", []want{{"tags[0]", 1, "a global tag needs a rule {match: PATTERN, tag: NAME}"}}},
		{"bad global rules", `
tags:
  - {match: 高考}
  - {tag: gaokao}
  - {}
  - {match: 高考, tags: gaokao}
  - {mach: 高考, tag: gaokao}
  - {match: 5, tag: five}
  - {match: '', tag: x}
  - {match: '(', tag: x}
  - {match: x, tag: two words}
  - {match: x, tag: 'a,b'}
  - {match: x, tag: ''}
  - [a, b]
  -
`, []want{
			{"tags[0]", 3, "a tag rule needs tag"},
			{"tags[1]", 4, "a tag rule needs match"},
			{"tags[2]", 5, "a tag rule needs match"},
			{"tags[2]", 5, "a tag rule needs tag"},
			{"tags[3]", 6, "a tag rule needs tag"},
			{"tags[3].tags", 6, `unknown field "tags" (did you mean "tag"?)`},
			{"tags[4].mach", 7, `unknown field "mach" (did you mean "match"?)`},
			{"tags[4]", 7, "a tag rule needs match"},
			{"tags[5].match", 8, "expected a string, got integer 5"},
			{"tags[6].match", 9, "empty pattern"},
			{"tags[7].match", 10, "missing closing ): `(`"},
			{"tags[8].tag", 11, `tag "two words" must be non-empty, without spaces or commas`},
			{"tags[9].tag", 12, `tag "a,b"`},
			{"tags[10].tag", 13, `tag ""`},
			{"tags[11]", 14, "expected a tag or a rule {match: PATTERN, tag: NAME}, got a list"},
			{"tags[12]", 15, "empty entry"},
		}},
		{"source tags mix names and rules", `
sources:
  - name: a
    url: http://a.org/
    tags:
      - ok
      - {match: 教师, tag: teachers}
      - two words
      - {match: '(', tag: x}
      - 2024
      - {match: x, tag: 'y z'}
`, []want{
			{"sources[0].tags[2]", 8, `tag "two words"`},
			{"sources[0].tags[3].match", 9, "missing closing ): `(`"},
			{"sources[0].tags[4]", 10, "expected a string, got integer 2024 (quote it"},
			{"sources[0].tags[5].tag", 11, `tag "y z"`},
		}},
		{"bad source filters", `
sources:
  - name: a
    url: http://a.org/
    include: ["招生", "(?P<x"]
    exclude: [""]
  - name: b
    url: http://b.org/
    include: 招生
    excludes: [x]
`, []want{
			{"sources[0].include[1]", 5, "invalid named capture"},
			{"sources[0].exclude[0]", 6, "empty pattern"},
			{"sources[1].include", 9, "expected a list such as [a, b]"},
			{"sources[1].excludes", 10, `did you mean "exclude"?`},
		}},
		{"admin of the wrong shape", "admin: secret\n", []want{{"admin", 1, `expected a mapping, got string "secret"`}}},
		{"admin unknown key", "admin:\n  tokn: x\n", []want{{"admin.tokn", 2, `did you mean "token"?`}}},
		{"admin token of the wrong type", "admin:\n  token: 1234567890123456789\n", []want{{"admin.token", 2, "expected a string, got int (quote it)"}}},
		{"admin token too short", "admin:\n  token: hunter2\n", []want{{"admin.token", 2, "too short (7 characters): use at least 16"}}},
		{"admin token with a space", "admin:\n  token: 'abcdefgh ijklmnopq'\n", []want{{"admin.token", 2, "must not contain spaces"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertErrors(t, parseErrors(t, tt.src), tt.want)
		})
	}
}

func TestAdminTokenNeverInErrors(t *testing.T) {
	for _, token := range []string{"short-secret", "a long secret with spaces", "secret\twith-a-tab-1234", "12345678901234567890"} {
		src := "admin:\n  token: \"" + strings.ReplaceAll(token, "\t", `\t`) + "\"\n"
		if strings.Trim(token, "0123456789") == "" {
			src = "admin:\n  token: " + token + "\n"
		}
		errs := parseErrors(t, src)
		if strings.Contains(errs.Error(), token) {
			t.Errorf("error quotes the token: %v", errs)
		}
	}
}

func TestFilterPatternErrorIsRE2s(t *testing.T) {
	_, err := Parse("c.yaml", []byte("filters: {include: ['(高考']}\n"), checks)
	var se *syntax.Error
	if !errors.As(err, &se) {
		t.Fatalf("errors.As(*syntax.Error) failed for %v", err)
	}
	if se.Code != syntax.ErrMissingParen || se.Expr != "(高考" {
		t.Errorf("syntax error = %+v, want missing paren in the pattern as written", se)
	}
	want := "c.yaml:1:21: filters.include[0]: error parsing regexp: missing closing ): `(高考`"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
}

func TestFilterPatternsAcceptRE2(t *testing.T) {
	for _, p := range []string{`高考`, `高考|招生`, `(?-i)MOE`, `\p{Han}{2}考试`, `^通知`, `\Qa+b\E`, `\Q(`, `(?i)already`, `[[:alpha:]]+`} {
		src := "filters:\n  include: ['" + strings.ReplaceAll(p, "'", "''") + "']\n"
		if _, err := Parse("c.yaml", []byte(src), checks); err != nil {
			t.Errorf("pattern %q refused: %v", p, err)
		}
	}
}
