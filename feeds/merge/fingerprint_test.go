package merge

import (
	"os"
	"strings"
	"testing"
)

func readArticle(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// asHTML wraps each line of text in a paragraph, as a cleaned item's
// content is written.
func asHTML(text string) string {
	return "<p>" + strings.ReplaceAll(text, "\n", "</p>\n<p>") + "</p>"
}

func TestFingerprint(t *testing.T) {
	a := readArticle(t, "article.txt")
	b := readArticle(t, "article2.txt")
	paras := strings.Split(a, "\n")
	fa, fb := Fingerprint(a), Fingerprint(b)
	if fa == 0 || fb == 0 {
		t.Fatalf("Fingerprint of an article is 0: %x, %x", fa, fb)
	}
	lead := string([]rune(a)[:160])
	// A sibling from the same template: the same text with other numbers.
	sibling := strings.NewReplacer("7月23日", "1月15日", "二十大", "十九大", "上半年", "下半年", "2024", "2023").Replace(a)
	tests := []struct {
		name    string
		base    uint64
		text    string
		maxDist int // the copy must be at most this far
		minDist int // the unrelated text must be at least this far
	}{
		{"same text as HTML", fa, asHTML(a), 0, 0},
		{"entities and markup", fa, strings.ReplaceAll(asHTML(a), "，", "&#65292;<b></b>"), 0, 0},
		{"script and style ignored", fa, "<style>p{color:red}</style><script>var x = '教育部';</script>" + asHTML(a), 0, 0},
		{"photo caption ignored", fa, strings.Replace(asHTML(a), "</p>", "</p><figure><img src=x.jpg><figcaption>会议现场。本报记者 张三 摄</figcaption></figure>", 1), 0, 0},
		{"changed footer", fa, asHTML(a) + "<p>责任编辑：张三</p><p>来源：中国教育报</p><p>【打印本页】【关闭窗口】</p>", 0, 0},
		{"byline first", fa, "<p>来源：教育部网站　2024-07-23</p>" + asHTML(a), 0, 0},
		{"salutation first", fa, "<p>各省、自治区、直辖市教育厅（教委）：</p>" + asHTML(a), 0, 0},
		{"extra sentence at the end", fa, asHTML(a) + "<p>会议还对下半年安全稳定工作作了专门部署。</p>", 0, 0},
		{"last paragraph dropped", fa, asHTML(strings.Join(paras[:len(paras)-1], "\n")), 0, 0},
		{"dateline added", fa, "新华社北京7月23日电（记者 王鹏）" + a, 0, 0},
		{"credit after a paragraph", fa, strings.Replace(a, "\n", "（供稿：党委办公室 摄影：宣传部）\n", 1), 0, 0},
		{"full-width and spacing", fa, strings.NewReplacer("，", ", ", "。", ". ", "2", "２").Replace(a), 0, 0},
		{"a summary that is the lead", fa, lead + "…", MaxDistance, 0},
		{"second article, extra sentence", fb, b + "\n典礼在雄壮的校歌声中落下帷幕。", 0, 0},
		{"template sibling", fa, sibling, 64, 2 * MaxDistance},
		{"unrelated articles", fa, b, 64, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.text
			if strings.Contains(text, "<") {
				text = textOf(text) // HTML reaches Fingerprint as clean's text
			}
			f := Fingerprint(text)
			d := Distance(tt.base, f)
			t.Logf("distance %d", d)
			if d > tt.maxDist || d < tt.minDist {
				t.Errorf("distance %d, want %d..%d", d, tt.minDist, tt.maxDist)
			}
		})
	}
}

func TestFingerprintTooShort(t *testing.T) {
	for _, text := range []string{
		"",
		"教育部召开2024年年中推进会",
		"<p>7月23日，教育部召开年中推进会，部署推进下半年重点工作。</p>",
		"Education ministry holds mid-year meeting on key tasks for the second half.",
		"<p>责任编辑：张三</p><p>来源：中国教育报</p>",
		strings.Repeat("通知", 200),
	} {
		if f := Fingerprint(textOf(text)); f != 0 {
			t.Errorf("Fingerprint(%q) = %x, want 0", text, f)
		}
	}
}

func TestFingerprintEnglish(t *testing.T) {
	const a = `Schools across the district will open an hour later on Mondays starting in
September, the board voted on Tuesday night, after a year of debate over teacher planning
time and student sleep. Parents who spoke at the meeting were divided: some welcomed the
extra rest for teenagers, while others worried about child care for younger pupils. The
superintendent said buses would run on the new schedule and that breakfast programmes
would start at the usual time so that no child goes hungry. Teachers will use the hour for
shared planning, which the union had asked for during contract talks last spring.`
	const b = `The state university system announced a tuition freeze for the next two academic
years, citing a larger than expected budget allocation from the legislature. Student
leaders praised the decision but said housing costs remained the main barrier for many
families. The chancellor also promised new funding for mental health counselling and
for campus food pantries, which have seen demand double since the pandemic. Critics
warned that the freeze could strain smaller regional campuses that rely on tuition.`
	fa, fb := Fingerprint(a), Fingerprint(b)
	if fa == 0 || fb == 0 {
		t.Fatalf("Fingerprint of an article is 0: %x, %x", fa, fb)
	}
	if d := Distance(fa, fb); d < 16 {
		t.Errorf("unrelated English articles at distance %d, want >= 16", d)
	}
	copyA := "<p>" + a + "</p><p>Share this:</p><p>By Jane Doe, Staff Writer</p>"
	if d := Distance(fa, Fingerprint(textOf(copyA))); d > MaxDistance {
		t.Errorf("copy with byline at distance %d, want <= %d", d, MaxDistance)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b uint64
		want int
	}{
		{0, 0, 0},
		{1, 0, 1},
		{0xffffffffffffffff, 0, 64},
		{0xf0f0, 0x0ff0, 8},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%x, %x) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzFingerprint(f *testing.F) {
	f.Add(asHTML(readArticle(f, "article.txt")))
	f.Add(readArticle(f, "article2.txt"))
	f.Add("<p>a<b>b</b></p><script>x</script><style>")
	f.Add("&amp;&#xffff;&#0;\xff\xfe")
	for _, it := range loadBenchItems(f)[:2] {
		f.Add(it.Content)
		f.Add(it.Description)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fp := Fingerprint(text)
		// Stored keys must not change: the rewrite gives what the
		// reference implementation gives.
		if ref := refFingerprint(text); fp != ref {
			t.Fatalf("Fingerprint(%q) = %x, reference %x\nstory %q\nref   %q", text, fp, ref, storyBlocks(text), refStoryBlocks(text))
		}
		// A line without letters (a date, a page number) is no text.
		if g := Fingerprint(text + "\n2025-05-19 · 3"); g != fp {
			t.Fatalf("Fingerprint(%q) = %x, with a date line %x", text, fp, g)
		}
		toks := refTokens(refStoryBlocks(text), leadTokens)
		if fp == 0 && len(refShingles(toks, 3)) >= minShingles && refCJKShare(toks) >= 0.5 {
			t.Fatalf("Fingerprint(%q) = 0 with enough shingles", text)
		}
	})
}
