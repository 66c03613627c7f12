package filter

import (
	"strings"
	"testing"
)

func TestLiteralIndexFindsWhatContainsFinds(t *testing.T) {
	sets := [][]string{
		{"HE", "SHE", "HIS", "HERS"},
		{"高考", "考", "高考招生", "招生简章", "生"},
		{"", "A"},
		{"AAB", "AB", "B", "AAAA"},
		{"\xff", "\xef\xbf\xbd"},
	}
	texts := []string{"", "USHERS", "HISHE", "2026年高考招生简章", "考生", "AAAB", "AAAAA", "\xff", "高\xff考", "\ufffd"}
	for _, lits := range sets {
		x := newLiteralIndex()
		ids := addAll(x, lits)
		x.build()
		for _, text := range texts {
			found := x.find(text)
			for i, lit := range lits {
				if got, want := found[ids[i]], strings.Contains(text, lit); got != want {
					t.Errorf("literals %q in %q: %q found %v, want %v", lits, text, lit, got, want)
				}
			}
		}
	}
}

func TestLiteralIndexReusesIDs(t *testing.T) {
	x := newLiteralIndex()
	a, b, a2 := x.add("高考"), x.add("招生"), x.add("高考")
	if a == b || a != a2 {
		t.Errorf("ids %d, %d, %d", a, b, a2)
	}
}

func TestFoldStringIsFoldOfPlainSpaces(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC", "高考", "高\u3000考", "a\u00a0b\u200bc\ufeff", "\xff\xfe", "ǅ ſ K", "　　教育部", "\xe3\x80", "\xe9\xab", "Straße"} {
		var want strings.Builder
		for _, r := range plainSpaces(s) {
			want.WriteRune(foldRune(r))
		}
		if got := foldString(s); got != want.String() {
			t.Errorf("foldString(%q) = %q, want %q", s, got, want.String())
		}
	}
}

// FuzzLiteralIndex checks the automaton against strings.Contains.
func FuzzLiteralIndex(f *testing.F) {
	f.Add("USHERS", "HE", "SHE", "HERS")
	f.Add("2026年高考招生简章", "高考", "招生", "考招")
	f.Add("AAAB", "AAB", "", "B")
	f.Fuzz(func(t *testing.T, text, a, b, c string) {
		lits := []string{a, b, c}
		x := newLiteralIndex()
		ids := addAll(x, lits)
		x.build()
		found := x.find(text)
		for i, lit := range lits {
			if got, want := found[ids[i]], strings.Contains(text, lit); got != want {
				t.Fatalf("%q in %q: found %v, want %v", lit, text, got, want)
			}
		}
	})
}
