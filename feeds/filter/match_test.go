package filter

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/edufeed/edufeed/feeds"
)

func TestCompileListSplitsLiteralsFromRegexps(t *testing.T) {
	tests := []struct {
		patterns []string
		lits     []string
		needs    [][]string // of the guarded regexps, in order
		regexps  int        // unguarded
	}{
		{nil, nil, nil, 0},
		{[]string{"高考"}, []string{"高考"}, nil, 0},
		{[]string{"高考|招生", "School", "招生"}, []string{"SCHOOL", "招生", "高考"}, nil, 0},
		// The parser factors 高考|高校 into 高[校考]; the class is expanded.
		{[]string{"高考|高校|(?:中|小)学"}, []string{"中学", "小学", "高校", "高考"}, nil, 0},
		{[]string{"exams?"}, []string{"EXAM"}, nil, 0},
		{[]string{"招生|招生简章|高考招生", "s"}, []string{"S", "招生"}, nil, 0},
		{[]string{"(?-i)教育部"}, []string{"教育部"}, nil, 0}, // no case to ignore
		{[]string{"k"}, []string{"K"}, nil, 0},
		{[]string{"x", `\Qa+b`, `\Qc`}, []string{"A+B", "C", "X"}, nil, 0},
		{[]string{`\bexams?\b`, "(?-i)MOE", `^通知`, "a.b", "(?-i)[Aa]b"}, nil,
			[][]string{{"EXAM"}, {"MOE"}, {"通知"}, {"A"}, {"A"}}, 0},
		{[]string{"[0-9]{4}年", "(?-i)[A]", `\b(AI|人工智能)\b`}, nil, [][]string{{"年"}, {"A"}, {"AI", "人工智能"}}, 0},
		{[]string{"^.{0,3}$", `\w+`, "x*"}, nil, nil, 1},
		{[]string{"x", `\Qa+b\E+`, `\Qc\E.`, "y.z", ".?", `\d+`}, []string{"X"},
			[][]string{{"A+"}, {"C"}, {"Y"}, strings.Split("0123456789", "")}, 1},
		{[]string{"x", `\d`}, append(strings.Split("0123456789", ""), "X"), nil, 0},
		// A pattern that matches every text makes a list match every text.
		{[]string{"x", `\+?`}, []string{""}, nil, 0},
	}
	for _, tt := range tests {
		m, err := compileList(tt.patterns)
		if err != nil {
			t.Fatalf("compileList(%q): %v", tt.patterns, err)
		}
		if m == nil {
			if len(tt.patterns) > 0 {
				t.Errorf("compileList(%q) = nil", tt.patterns)
			}
			continue
		}
		var needs [][]string
		for _, g := range m.guarded {
			needs = append(needs, g.need)
		}
		if !slices.Equal(m.lits, tt.lits) || !reflect.DeepEqual(needs, tt.needs) || len(m.res) != tt.regexps {
			t.Errorf("compileList(%q):\nliterals %q, needs %q, %d regexps\n    want %q, needs %q, %d", tt.patterns, m.lits, needs, len(m.res), tt.lits, tt.needs, tt.regexps)
		}
	}
}

// A list must match exactly the texts that one of its patterns, compiled
// alone as a regexp, matches in the text with plain spaces: literals,
// combining and folding change nothing but speed.
func TestListMatchesAsPatternsAlone(t *testing.T) {
	patterns := []string{`(?-i)MOE`, `^通知`, `考试$`, `\Qa+b`, `高考|招生`, `\bexam\b`, `x{2}`, `(?s)开始.结束`,
		`[[:upper:]]{3}`, `(?-i)[AB]c`, `\b(AI|人工智能)\b`, `[0-9]{4}年`, `(?-i)Kelvin`, `^.{0,2}$`, "a\u00a0b", "c\u200bd", "[\u3000]", `straße`, `σοφία`, `ǅ`, `kelvin`, `ＦＵＬＬ`, `中|小学`, `(高|中)考`}
	texts := []string{"", "MOE", "moe", "通知：放假", "放假通知", "英语考试", "考试安排", "a+b", "ab", "高考", "Exams", "EXAM day",
		"xx", "x", "开始\n结束", "开始结束", "ABC", "abc", "\n通知", "second line\n通知", "Ac", "ac", "bc",
		"STRASSE", "STRAßE", "ΣΟΦΊΑ", "σοφία", "ǆ", "Ǆ", "\u212Aelvin", "KELVIN", "ｆｕｌｌ", "中", "小学", "中考", "\xff高考\xfe",
		"AI", "ai", "FAIR", "人工智能", "学人工智能课", "2024年", "24年", "\u212Aelvin", "Kelvin",
		"a\u00a0b", "a b", "c\u200bd", "cd", "\u3000"}
	for i := range patterns {
		list := slices.Delete(slices.Clone(patterns), i, i+1)
		m, err := compileList(list)
		if err != nil {
			t.Fatal(err)
		}
		x := newLiteralIndex()
		m.index(x)
		x.build()
		for _, text := range texts {
			want := false
			for _, p := range list {
				want = want || regexp.MustCompile(foldPrefix+p).MatchString(plainSpaces(text))
			}
			// The title is the whole text when there is no body.
			s := &subject{it: &feeds.Item{}, index: x, raw: text, hasRaw: true}
			if got := m.match(s); got != want {
				t.Errorf("%q on %q: %v, alone %v", list, text, got, want)
			}
		}
	}
}

func TestCaselessRangesHaveNoCase(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if caseless(r) && unicode.SimpleFold(r) != r {
			t.Fatalf("%U is marked caseless but folds to %U", r, unicode.SimpleFold(r))
		}
	}
}

func TestFoldRune(t *testing.T) {
	tests := []struct{ in, want rune }{
		{'a', 'A'}, {'A', 'A'}, {'k', 'K'}, {'\u212A', 'K'}, {'ſ', 'S'}, {'ς', 'Σ'}, {'σ', 'Σ'},
		{'高', '高'}, {'１', '１'}, {'ｆ', 'Ｆ'}, {'ǅ', 'Ǆ'}, {utf8RuneError, utf8RuneError},
	}
	for _, tt := range tests {
		if got := foldRune(tt.in); got != tt.want {
			t.Errorf("foldRune(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const utf8RuneError = '\uFFFD'
