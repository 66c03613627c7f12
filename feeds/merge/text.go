package merge

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// storyBlocks returns the paragraphs of an article's text: HTML is
// tokenised (script and style dropped, entities decoded), plain text split
// at line breaks. Byline and toolbar lines, which differ between two
// sources' copies of one story, are left out (see isBylineBlock).
func storyBlocks(text string) []string {
	var raw []string
	if strings.Contains(text, "<") {
		raw = htmlBlocks(text)
	} else {
		raw = strings.Split(html.UnescapeString(text), "\n")
	}
	var blocks []string
	for _, b := range raw {
		for line := range strings.SplitSeq(b, "\n") {
			line = strings.ToLower(norm.NFKC.String(strings.TrimSpace(line)))
			if line != "" && !isBylineBlock(line) {
				blocks = append(blocks, line)
			}
		}
	}
	return blocks
}

// inlineTags do not break a paragraph: text on both sides is one block.
var inlineTags = wordSet(`a abbr b bdi bdo big cite code del dfn em font i ins kbd mark q s samp
	small span strike strong sub sup time tt u var wbr`)

// skippedTags hold no article text.
var skippedTags = wordSet(`script style noscript template iframe object svg head title`)

func htmlBlocks(text string) []string {
	var (
		blocks []string
		cur    strings.Builder
		skip   string // the skipped element we are inside
	)
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, cur.String())
			cur.Reset()
		}
	}
	z := xhtml.NewTokenizer(strings.NewReader(text))
	for {
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
}

// bylineStarts begin the short lines that name a copy's source, editor,
// date or toolbar rather than tell the story.
var bylineStarts = []string{
	"来源", "本文来源", "文章来源", "信息来源", "稿件来源", "转自", "原标题", "责任编辑", "编辑", "责编",
	"作者", "记者", "通讯员", "审核", "审校", "审稿", "校对", "初审", "复审", "终审", "供稿", "撰稿",
	"摄影", "图片", "文字", "发布时间", "发布日期", "发布者", "发布人", "日期", "时间", "浏览", "阅读",
	"点击", "字号", "打印", "关闭", "分享", "扫一扫", "(完)", "(责任编辑", "【责任编辑", "【打印",
	"【关闭", "【字体", "source:", "by ", "editor", "edited by", "editing by", "reporting by",
	"photo", "image", "credit", "copyright", "©", "share this", "related:", "posted ", "published ",
	"updated ", "end",
}

// isBylineBlock reports whether a normalised line is a byline or toolbar
// line: short and starting with one of bylineStarts.
func isBylineBlock(line string) bool {
	if utf8.RuneCountInString(line) > 60 {
		return false
	}
	for _, s := range bylineStarts {
		if strings.HasPrefix(line, s) {
			return true
		}
	}
	// A line with no letters at all: a date, a page number, a rule.
	return strings.IndexFunc(line, unicode.IsLetter) < 0
}
