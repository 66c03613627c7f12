package merge

import (
	"testing"
	"unicode/utf8"
)

// TestSimplifiedTable holds the generated table to OpenCC's data: its size,
// a few of its pairs, and the characters it must leave alone.
func TestSimplifiedTable(t *testing.T) {
	ts := simplified()
	if n := len(ts.to); n < 4000 {
		t.Errorf("table holds %d characters, OpenCC's TSCharacters some 4,100", n)
	}
	for _, tt := range []struct{ trad, simp rune }{
		{'學', '学'}, {'臺', '台'}, {'為', '为'}, {'爲', '为'}, {'啟', '启'}, {'後', '后'},
		{'裡', '里'}, {'峯', '峰'},
		{'薴', '苎'}, // 薴 → 苧 → 苎, followed to the end
		{'㑮', '𫝈'}, // CJK extension A to B
		{'𠁞', '𠀾'}, // extension B
	} {
		if got, ok := ts.fold(tt.trad); !ok || got != tt.simp {
			t.Errorf("fold(%c) = %c, %v; want %c", tt.trad, got, ok, tt.simp)
		}
	}
	for _, r := range "学台为教育部年度著彷覆A，。" {
		if got, ok := ts.fold(r); ok {
			t.Errorf("fold(%c) = %c: not a traditional character", r, got)
		}
	}
	// Every simplified form is final: folding is idempotent.
	for trad, simp := range ts.to {
		if again, ok := ts.fold(simp); ok {
			t.Errorf("%c folds to %c, which folds to %c", trad, simp, again)
		}
	}
}

func TestFoldTraditional(t *testing.T) {
	tests := []struct{ in, want string }{
		{"教育部公布114學年度大學考試入學分發結果", "教育部公布114学年度大学考试入学分发结果"},
		{"教育部公布114学年度大学考试入学分发结果", "教育部公布114学年度大学考试入学分发结果"},
		{"香港中學文憑考試 2025", "香港中学文凭考试 2025"},
		{"壞\xff字節學", "坏\xff字节学"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := foldTraditional(tt.in); got != tt.want {
			t.Errorf("foldTraditional(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if utf8.ValidString(tt.in) {
			if got, _, _ := appendNFKC(nil, tt.in); string(got) != tt.want {
				t.Errorf("appendNFKC(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	}
	if a, b := TitleKey("教育部公布114學年度大學分發入學錄取結果"), TitleKey("教育部公布114学年度大学分发入学录取结果"); a != b || a == "" {
		t.Errorf("title keys differ: %q, %q", a, b)
	}
}
