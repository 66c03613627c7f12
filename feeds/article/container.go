package article

import (
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// knownContainers are the body containers of the CMS families education
// sites run, most specific first: TRS WCM, VSB (博达), 大汉 JCMS and gov.cn,
// moe.gov.cn, portals, WordPress, Drupal, DedeCMS, WeChat articles, then
// schema.org and <article>.
var knownSelectors = []string{
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
	".node__content", ".viewbox .content", "#js_content", ".rich_media_content", "article",
}

var (
	knownContainers = compileAll(knownSelectors...)
	knownKeys       = indexKeys(knownSelectors)
)

func indexKeys(sels []string) []string {
	out := make([]string, len(sels))
	for i, s := range sels {
		out[i] = indexKey(s)
	}
	return out
}

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
// blocks) the one with the most text wins. A selector is tried only on the
// elements its last part names (see survey).
func knownContainer(sv *survey, counts tally) *html.Node {
	for i, g := range knownContainers {
		var best *html.Node
		for _, n := range sv.index[knownKeys[i]] {
			if !g.Match(n) || !counts.holdsContent(n) {
				continue
			}
			if best == nil || counts[n].all > counts[best].all {
				best = n
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// indexKey is what knownContainer's index files the elements a selector's
// last part matches under: ".class", "#id", "[attr" or the tag name.
func indexKey(sel string) string {
	if i := strings.LastIndexByte(sel, ' '); i >= 0 {
		sel = sel[i+1:]
	}
	if sel[0] == '[' {
		return "[" + strings.ToLower(strings.TrimLeft(strings.FieldsFunc(sel, func(r rune) bool { return r == '=' || r == ']' })[0], "["))
	}
	end := strings.IndexAny(sel[1:], ".#[:")
	if end < 0 {
		return sel
	}
	return sel[:end+1]
}
