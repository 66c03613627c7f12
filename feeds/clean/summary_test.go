package clean

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSummary(t *testing.T) {
	tests := []struct {
		name, text string
		max        int
		want       string
	}{
		{"short", "教育部召开年中推进会。", 200, "教育部召开年中推进会。"},
		{"exactly max", "一二三四五", 5, "一二三四五"},
		{"whitespace", "  教育部\u3000召开\n\n推进会。\r\nSecond line\u200b ", 200, "教育部 召开推进会。 Second line"},
		{"lines between Chinese join", "第一段。\n第二段。”\n第三段", 200, "第一段。第二段。”第三段"},
		{"lines between Latin get a space", "First.\nSecond", 200, "First. Second"},
		{"sentence end", "第一句话说完了。第二句话还没有说完就被截断了", 12, "第一句话说完了。…"},
		{"sentence end with quote", "他们说：“我们会做好。”然后离开了会场去参加另一个会", 14, "他们说：“我们会做好。”…"},
		{"semicolon", "一是加强领导；二是完善机制；三是强化保障措施", 16, "一是加强领导；二是完善机制；…"},
		{"sentence end too early", "短。这是一句很长很长很长很长很长的话没有结尾", 12, "短。这是一句很长很长很…"},
		{"hard cut Chinese", "教育部召开年中推进会全面贯彻落实党的二十大精神", 10, "教育部召开年中推进…"},
		{"hard cut drops a dangling comma", "教育部召开年中，推进会全面贯彻落实", 9, "教育部召开年中…"},
		{"Latin word boundary", "Colleges are weighing new rules for artificial intelligence in classrooms", 30, "Colleges are weighing new…"},
		{"Latin quoted sentence", `He said "we will do it." Then he left the room for good`, 30, `He said "we will do it."…`},
		{"Latin sentence", "Colleges weigh rules. Students are not so sure about them at all", 30, "Colleges weigh rules.…"},
		{"decimal point is no sentence end", "Funding rose 3.5 percent this year across all", 20, "Funding rose 3.5…"},
		{"file name is no sentence end", "请下载附件通知.pdf查看全文内容", 12, "请下载附件通知.pdf…"},
		{"ellipsis not doubled", "他沉默了很久很久……然后才开口说话", 10, "他沉默了很久很久…"},
		{"one long word", "Supercalifragilisticexpialidocious", 10, "Supercali…"},
		{"default max", strings.Repeat("教", 250), 0, strings.Repeat("教", 199) + "…"},
		{"empty", " \n ", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summary(tt.text, tt.max)
			if got != tt.want {
				t.Errorf("Summary(%q, %d) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
			max := tt.max
			if max <= 0 {
				max = 200
			}
			if n := utf8.RuneCountInString(got); n > max {
				t.Errorf("Summary is %d runes, more than %d", n, max)
			}
			if again := Summary(got, tt.max); again != got {
				t.Errorf("Summary of the summary: %q", again)
			}
		})
	}
}

// TestSummarySeedArticle cuts the seed article's first paragraph, as the
// item cleaner does.
func TestSummarySeedArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/seed-article.expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := Summary(string(b), 200)
	if !strings.HasPrefix(got, "7月23日,教育部召开年中推进会") || !strings.HasSuffix(got, "。…") {
		t.Errorf("summary %q", got)
	}
	if n := utf8.RuneCountInString(got); n > 200 || n < 120 {
		t.Errorf("summary is %d runes", n)
	}
}

func FuzzSummary(f *testing.F) {
	f.Add("教育部召开年中推进会。会上，机关司局作了汇报。", 12)
	f.Add("Colleges weigh rules. Students are not so sure", 20)
	f.Add("a\xffb\u3000c\n\nd", 3)
	f.Fuzz(func(t *testing.T, text string, max int) {
		got := Summary(text, max)
		if !utf8.ValidString(got) {
			t.Fatalf("Summary(%q, %d) = %q: invalid UTF-8", text, max, got)
		}
		if max <= 0 {
			max = 200
		}
		if n := utf8.RuneCountInString(got); n > max {
			t.Fatalf("Summary(%q) is %d runes, more than %d", text, n, max)
		}
		if again := Summary(got, max); again != got {
			t.Fatalf("Summary not stable: %q -> %q", got, again)
		}
	})
}
