package merge

import (
	"os"
	"strings"
	"testing"
)

func TestTry2(t *testing.T) {
	a, _ := os.ReadFile("testdata/article.txt")
	b, _ := os.ReadFile("testdata/article2.txt")
	A, B := string(a), string(b)
	paras := strings.Split(strings.TrimSpace(A), "\n")
	html := "<div><p>" + strings.Join(paras, "</p>\n<p>") + "</p><p>责任编辑：张三</p></div>"
	variants := map[string]string{
		"html+byline":     html,
		"footer":          A + "\n来源：中国教育报\n编辑：李四\n【打印】【关闭】",
		"extra sentence":  A + "\n会议还对下半年安全稳定工作作了专门部署。",
		"extra lead":      "新华社北京7月23日电 " + A,
		"drop last para":  strings.Join(paras[:len(paras)-1], "\n"),
		"unrelated":       B,
		"b extra sentence": B + "\n典礼在雄壮的校歌声中落下帷幕。",
	}
	fa := Fingerprint(A)
	fb := Fingerprint(B)
	for k, v := range variants {
		f := Fingerprint(v)
		t.Logf("%-18s dA=%2d dB=%2d", k, Distance(fa, f), Distance(fb, f))
	}
	t.Logf("short: %d", Fingerprint("教育部召开年中推进会"))
}
