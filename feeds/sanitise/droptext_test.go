package sanitise

import (
	"testing"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

func TestDropText(t *testing.T) {
	tests := []struct {
		in, drop string
		want     string // the block's HTML and text after
		text     string
	}{
		{"<p>发布时间：2026年12月01日 发布者：某某中学。学校举办科技节活动。</p>", "发布时间：2026年12月01日 发布者：某某中学。", "<p>学校举办科技节活动。</p>", "学校举办科技节活动。"},
		{"<p><strong>来源：某某日报</strong> 记者张三报道 <b>近日</b>，学校召开会议。</p>", "来源：某某日报 记者张三报道", "<p><strong></strong><b>近日</b>，学校召开会议。</p>", "近日，学校召开会议。"},
		{`<p>Posted on <a href="https://x.cn/">July 23</a> by Jane. The board voted.</p>`, "Posted on July 23 by Jane.", `<p><a href="https://x.cn/" rel="nofollow"></a>The board voted.</p>`, "The board voted."},
		{"<p>短</p>", "短句子", "<p></p>", ""},
	}
	for _, tt := range tests {
		bs := Blocks(tt.in, "", Options{})
		bs[0].DropText(chars.Count(tt.drop))
		h, text := Render(bs)
		if h != tt.want || text != tt.text || bs[0].Text != tt.text {
			t.Errorf("DropText(%q, %q) = %q, %q (Text %q); want %q, %q", tt.in, tt.drop, h, text, bs[0].Text, tt.want, tt.text)
		}
	}
}
