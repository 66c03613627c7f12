package article

import (
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// knownContainers are the body containers of the CMS families education
// sites run, most specific first: TRS WCM, VSB (博达), 大汉 JCMS and gov.cn,
// moe.gov.cn, portals, WordPress, Drupal, then schema.org and <article>.
var knownContainers = compileAll(
	".TRS_Editor", ".trs_editor_view", ".TRS_UEDITOR",
	"#vsb_content .v_news_content", ".v_news_content", "#vsb_content",
	"form[name=_newscontent_fromname]",
	"#UCAP-CONTENT", "#content_body_xxgk", ".moe-detail-box", "#zoom", ".zoom",
	"#Zoom", "#fontzoom", "#BodyLabel", ".pages_content", "#ArticleContent",
	"#articleContent", "#article_content", ".article-content", ".article_content",
	".articleContent", "#newsContent", ".news_content", ".news-content", ".newsContent",
	".detail-content", ".detail_content", ".content_detail", "#detail",
	".wp_articlecontent", ".article-body", ".article_body", ".post-content",
	"[itemprop=articleBody]", ".entry-content", ".field-name-body", ".field--name-body",
	".node__content", "article",
)

func compileAll(sels ...string) []cascadia.SelectorGroup {
	out := make([]cascadia.SelectorGroup, len(sels))
	for i, s := range sels {
		g, err := cascadia.ParseGroup(s)
		if err != nil {
			panic(err) // a typo in the tables above
		}
		out[i] = g
	}
	return out
}

// knownContainer is the first known container in the page with content.
// Where one selector matches several elements (articles in a list, nested
// blocks) the one with the most text wins.
func knownContainer(body *html.Node) *html.Node {
	for _, g := range knownContainers {
		var best *html.Node
		bestN := 0
		for _, n := range cascadia.QueryAll(body, g) {
			if !holdsContent(n) {
				continue
			}
			if c := runeCount(textOf(n, 0)); best == nil || c > bestN {
				best, bestN = n, c
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}
