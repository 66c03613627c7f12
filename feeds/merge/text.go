package merge

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// storyBlocks returns the paragraphs of an article's text, NFKC-folded and
// lower-cased: HTML is tokenised (script and style dropped, entities
// decoded), plain text split at line breaks. What differs between two
// sources' copies of one story without being the story is left out: byline,
// toolbar and salutation lines (see isBylineBlock), a dateline before the
// first paragraph ("新华社北京1月10日电（记者 王鹏）", "WASHINGTON (AP) —") and a
// credit in brackets after a paragraph ("（供稿：党委办公室）").
//
// Only the opening of the text is read: Fingerprint hashes the lead, and
// reading on would cost time on every item of every poll for nothing. The
// blocks kept hold at least leadBytes of story text when the text has it.
func storyBlocks(text string) []string {
	var raw []string
	if strings.Contains(text, "<") {
		raw = htmlBlocks(text, leadBytes)
	} else {
		raw = strings.Split(html.UnescapeString(text), "\n")
	}
	var blocks []string
	kept := 0
	for _, b := range raw {
		if kept >= leadBytes {
			break
		}
		for line := range strings.SplitSeq(b, "\n") {
			line = norm.NFKC.String(strings.TrimSpace(line))
			if len(blocks) == 0 {
				line = trimDateline(line)
			}
			if strings.Contains(line, ")") { // every credit ends in one; skip the regexp otherwise
				line = trailingCredit.ReplaceAllString(line, "")
			}
			line = strings.ToLower(line)
			if line != "" && !isBylineBlock(line) {
				blocks = append(blocks, line)
				kept += len(line)
			}
		}
	}
	return blocks
}

// Datelines and credits, matched after NFKC (which makes "（" "(").
var (
	// "新华社北京5月28日电", "中新网5月28日电", "(中央社記者陳至中台北19日電)", "中国教育在线讯",
	// "本报讯(记者 张三)", each perhaps followed by a reporter in brackets.
	cnDateline = regexp.MustCompile(`^(?:[^\s,。:()]{0,16}?\d{1,2}月\d{1,2}日[电電]|(?:本报|本刊|本网|\p{Han}{1,8}(?:网|在线|社|报|台|新闻))讯|\([^()]{0,40}[电電]\))\s*(?:\((?:记者|記者)[^()]{0,30}\))?\s*`)
	// "WASHINGTON (AP) —", "ANN ARBOR, Mich. —", "BEIJING, June 7 (Reuters) -".
	enDateline = regexp.MustCompile(`^[A-Z][A-Z .'’-]{2,30}(?:,[^—–()]{1,20})?(?:\s*\([^()]{1,30}\))?\s*(?:—|–|--|-)\s*`)
	// A credit closing a paragraph: "(供稿:党委办公室 摄影:宣传部)", "(记者 李四)".
	trailingCredit = regexp.MustCompile(`\((?:供稿|记者|記者|通讯员|通訊員|摄影|攝影|编辑|編輯|责任编辑|責任編輯|责编|审核|作者|来源|來源|文|图|圖)[^()]{0,40}\)\s*\d*$`)
)

// trimDateline removes a dateline from the start of the first paragraph,
// where wire copies have one and republished copies often have another.
func trimDateline(line string) string {
	if loc := cnDateline.FindStringIndex(line); loc != nil && loc[1] < len(line) {
		return line[loc[1]:]
	}
	if loc := enDateline.FindStringIndex(line); loc != nil && loc[1] < len(line) {
		return line[loc[1]:]
	}
	return line
}

// inlineTags do not break a paragraph: text on both sides is one block.
var inlineTags = wordSet(`a abbr b bdi bdo big cite code del dfn em font i ins kbd mark q s samp
	small span strike strong sub sup time tt u var wbr`)

// skippedTags hold no article text, or (figcaption) text that each site
// writes for its own photos.
var skippedTags = wordSet(`script style noscript template iframe object svg head title figcaption`)

// leadBytes is how much story text storyBlocks gathers: several times the
// bytes of leadTokens CJK characters or words, so that byline and caption
// blocks dropped later cannot leave the lead short.
const leadBytes = 1200

// htmlBlocks splits HTML into its text blocks, stopping once the blocks
// hold more than limit bytes.
func htmlBlocks(text string, limit int) []string {
	var (
		blocks []string
		cur    strings.Builder
		skip   string // the skipped element we are inside
		size   int
	)
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, cur.String())
			size += cur.Len()
			cur.Reset()
		}
	}
	z := xhtml.NewTokenizer(strings.NewReader(text))
	for size <= limit {
		switch tt := z.Next(); tt {
		case xhtml.ErrorToken:
			flush()
			return blocks
		case xhtml.TextToken:
			if skip == "" {
				cur.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			b, _ := z.TagName()
			name := string(b)
			switch {
			case skip != "":
				if tt == xhtml.EndTagToken && name == skip {
					skip = ""
				}
			case skippedTags[name] && tt == xhtml.StartTagToken:
				skip = name
			case !inlineTags[name]:
				flush()
			}
		}
	}
	return blocks
}

// bylineStarts begin the short lines that name a copy's source, editor,
// date or toolbar rather than tell the story.
var bylineStarts = []string{
	"来源:", "本文来源", "文章来源", "信息来源", "稿件来源", "转自", "原标题", "责任编辑", "编辑:", "责编",
	"作者:", "记者:", "通讯员:", "审核:", "审校:", "审稿:", "校对:", "初审:", "复审:", "终审:",
	"供稿:", "撰稿:", "摄影:", "图片:", "图文:", "文字:", "文/", "发布时间", "发布日期", "发布者",
	"发布人", "日期:", "时间:", "浏览次数", "阅读次数", "阅读量", "点击数", "点击量", "字号", "打印",
	"关闭", "分享到", "扫一扫", "(完)", "(责任编辑", "(编辑", "(责编", "(来源", "【责任编辑", "【打印",
	"【关闭", "【字体", "來源:", "責任編輯", "編輯:", "記者:", "(編輯", "(來源",
	"source:", "by ", "editor", "edited by", "editing by", "reporting by", "photo", "image",
	"credit", "copyright", "©", "share this", "related:", "posted ", "published ", "updated ",
	"read more", "continue reading",
}

// isBylineBlock reports whether a normalised line is not story text: a
// short line starting with one of bylineStarts, a salutation ("各单位:",
// "dear parents:"), "end", or a line with no letters (a date, a page number).
func isBylineBlock(line string) bool {
	n := utf8.RuneCountInString(line)
	if n > 60 {
		return false
	}
	for _, s := range bylineStarts {
		if strings.HasPrefix(line, s) {
			return true
		}
	}
	if n <= 40 && strings.HasSuffix(line, ":") || line == "end" {
		return true
	}
	return strings.IndexFunc(line, unicode.IsLetter) < 0
}
