package clean

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/content")

// contentBase is where the golden pages claim to come from.
const contentBase = "https://www.example.edu.cn/zwgk/2024/0724/t20240724_1.html"

// TestContentGolden cleans real-shaped bodies (a government notice, a
// WordPress item, a traditional-Chinese page, a WeChat repost) and compares
// them with reviewed output. Run with -update to rewrite, then read the diff.
func TestContentGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/content/*.html")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.html") {
			continue
		}
		t.Run(filepath.Base(in), func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := Content(string(raw), contentBase, nil) + "\n"
			golden := strings.TrimSuffix(in, ".html") + ".golden.html"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			out := strings.TrimSuffix(got, "\n")
			checkContent(t, out)
			if again := Content(out, contentBase, nil); again != out {
				t.Errorf("cleaning again changed it:\n%s", again)
			}
		})
	}
}
