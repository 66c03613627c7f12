package article

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// survey is what one walk over the page finds for the later steps, so
// that each of them does not walk the whole tree again: the elements they
// look for, and how much text, link text and media each element holds.
type survey struct {
	elements          int
	counts            tally // every visible element's text, links and media
	body, title, base *html.Node
	frames            bool
	metas, jsonld     []*html.Node
	itemprops         []*html.Node
	links             []*html.Node // <a> elements with an href
	labels            []*html.Node // text nodes outside links holding a date label, in page order
	times             []*html.Node // <time datetime> elements, in page order
	authors, sources  []*html.Node // elements whose class says author or source
	embeds            []*html.Node // WebPlus PDF players: pdfsrc attributes
	enp               string       // Founder (方正) CMS's enpproperty comment
	// appendix is the HTML of TRS's attachment list that only a script
	// writes (var file_appendix='…'); wechatTime is the creation time a
	// WeChat article page keeps only in its script.
	appendix, wechatTime string
	// index files elements under the keys knownContainers ask for
	// (".class", "#id", "[attr", tag) and under "h1", "h2", "h3" and
	// "title-class".
	index map[string][]*html.Node
}

// maxElements is more elements than any article page has (they have a few
// thousand). The survey cuts what follows them, so that a page of 10 MiB
// of markup costs what a big page does, and the article, which comes
// early, stays.
const maxElements = 40000

// bytesPerElement is about the fewest bytes of markup an element takes on
// the corpus's pages (33 on the densest).
const bytesPerElement = 40

// indexed are the keys survey files elements under; classNames, idNames
// and attrNames hold the names of the ".class", "#id" and "[attr" keys
// without their sign, so that most class tokens, ids and attributes are
// ruled out without building a key. indexedTags are the keys that are tag
// names, asked of every element of the page.
var indexed, classNames, idNames, attrNames, indexedTags = indexKnownKeys()

func indexKnownKeys() (keys map[string]bool, classes, ids, attrs, tags *nameSet) {
	keys = map[string]bool{"h1": true, "h2": true, "h3": true}
	classes, ids, attrs, tags = newNameSet(), newNameSet(), newNameSet(), newNameSet()
	for _, h := range []string{"h1", "h2", "h3"} {
		tags.add(h)
	}
	for _, k := range knownKeys {
		keys[k] = true
		switch k[0] {
		case '.':
			classes.add(k[1:])
		case '#':
			ids.add(k[1:])
		case '[':
			attrs.add(k[1:])
		default:
			tags.add(k)
		}
	}
	return keys, classes, ids, attrs, tags
}

// nameSet is a set of names that rules most others out before a map is
// asked: it has a bit for each first byte and length (below 64) of its
// names. The survey asks it of every class token, id and attribute name
// of the page.
type nameSet struct {
	lens  [256]uint64
	names map[string]bool
}

func newNameSet() *nameSet { return &nameSet{names: map[string]bool{}} }

func (ns *nameSet) add(name string) {
	ns.names[name] = true
	if l := len(name); l > 0 && l < 64 {
		ns.lens[name[0]] |= 1 << l
	}
}

func (ns *nameSet) has(name string) bool {
	if l := len(name); l > 0 && l < 64 && ns.lens[name[0]]&(1<<l) == 0 {
		return false
	}
	return ns.names[name]
}

// surveyPage walks the page once. size is the page's length in bytes, or
// 0 when unknown: it sizes the tally, which holds an entry per element.
// The survey comes from a pool: release gives it back.
func surveyPage(root *html.Node, size int) *survey {
	s := surveys.Get().(*survey)
	if s.counts == nil {
		s.counts = make(tally, min(size/bytesPerElement, maxElements))
		s.index = map[string][]*html.Node{}
	}
	s.walk(root, false, false)
	return s
}

// surveys keeps surveys between pages, so that the tally's and the
// index's maps are not built again for every page.
var surveys = sync.Pool{New: func() any { return new(survey) }}

// maxPooled is the most tally entries a survey goes back to the pool
// with: the maps keep their size when cleared, and clearing one that a
// huge page grew would cost every small page after it.
const maxPooled = 4096

// release empties s and gives it back to the pool; nothing of it may be
// used afterwards.
func (s *survey) release() {
	if len(s.counts) > maxPooled {
		return
	}
	counts, index := s.counts, s.index
	clear(counts)
	clear(index)
	// The page's links, metas and labels were most of what the survey
	// allocated besides its maps: their arrays stay, emptied.
	links, metas, labels := reuse(s.links), reuse(s.metas), reuse(s.labels)
	*s = survey{counts: counts, index: index, links: links, metas: metas, labels: labels}
	surveys.Put(s)
}

// reuse is ns emptied, its array cleared of the page's nodes.
func reuse(ns []*html.Node) []*html.Node {
	clear(ns)
	return ns[:0]
}

func (s *survey) add(key string, n *html.Node) {
	if indexed[key] {
		s.index[key] = append(s.index[key], n)
	}
}

// addNamed files n under sign+name ("." and a class token, say) if names
// holds name.
func (s *survey) addNamed(names *nameSet, sign, name string, n *html.Node) {
	if names.has(name) {
		s.add(sign+name, n)
	}
}

func (s *survey) walk(n *html.Node, hidden, inLink bool) textCount {
	var c textCount
	switch n.Type {
	case html.CommentNode:
		if s.enp == "" && strings.HasPrefix(strings.TrimSpace(n.Data), "enpproperty") {
			s.enp = n.Data
		}
		return c
	case html.TextNode:
		if hidden {
			return c
		}
		// Not the whitespace between tags, nor link text: dateLine passes
		// over labels in links, and menus are most of a page's links.
		all, label := textStats(n.Data, !inLink && len(n.Data) > 4)
		if label {
			s.labels = append(s.labels, n)
		}
		c.all = int32(all)
		if inLink {
			c.link = c.all
		}
		return c
	case html.ElementNode:
		s.elements++
		s.element(n)
		hidden = hidden || invisible(n.Data)
		switch n.Data {
		case "a":
			inLink = true
			if isDocLink(n) {
				c.docs++
			}
		case "img", "table":
			c.media++
		}
	}
	for k := n.FirstChild; k != nil; {
		next := k.NextSibling
		if s.elements >= maxElements {
			n.RemoveChild(k) // the rest of a page too big to be an article
		} else {
			kc := s.walk(k, hidden, inLink)
			c.all += kc.all
			c.link += kc.link
			c.media += kc.media
			c.docs += kc.docs
		}
		k = next
	}
	if hidden {
		return textCount{}
	}
	if n.Type == html.ElementNode && c != (textCount{}) { // a missing entry reads as empty
		s.counts[n] = c
	}
	return c
}

// textStats is runeCount(s) and, if labels, dateLabelWords.in(s), in one
// pass over the text. No word starts inside a character, so the pass
// steps from character to character.
func textStats(s string, labels bool) (runes int, label bool) {
	for i := 0; i < len(s); {
		if labels && !label && s[i] != ' ' && s[i] != '\n' && s[i] != '\t' {
			label = dateLabelWords.at(s, i)
		}
		if chars.CJK3(s, i) {
			runes++
			i += 3
			continue
		}
		r, size := chars.Next(s, i)
		if !chars.IsSpace(r) {
			runes++
		}
		i += size
	}
	return runes, label
}

func (s *survey) element(n *html.Node) {
	switch n.Data {
	case "body":
		if s.body == nil {
			s.body = n
		}
	case "title":
		if s.title == nil {
			s.title = n
		}
	case "base":
		if s.base == nil {
			s.base = n
		}
	case "meta":
		s.metas = append(s.metas, n)
	case "script":
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
			s.jsonld = append(s.jsonld, n)
		} else if c := n.FirstChild; c != nil && c.Type == html.TextNode {
			s.script(c.Data)
		}
	case "a":
		if attr(n, "href") != "" {
			s.links = append(s.links, n)
		}
	case "frameset", "frame", "iframe":
		s.frames = true
	case "time":
		if attr(n, "datetime") != "" {
			s.times = append(s.times, n)
		}
	}
	if indexedTags.has(n.Data) {
		s.index[n.Data] = append(s.index[n.Data], n)
	}
	titled := false
	for i := range n.Attr {
		a := &n.Attr[i]
		switch a.Key {
		case "class":
			for tok := range strings.FieldsSeq(a.Val) {
				s.addNamed(classNames, ".", tok, n)
				if !mayName(tok) {
					continue
				}
				l := strings.ToLower(tok)
				titled = titled || titleToken(l)
				switch {
				case slices.Contains(authorClasses, l):
					s.authors = append(s.authors, n)
				case slices.Contains(sourceClasses, l):
					s.sources = append(s.sources, n)
				}
			}
		case "id":
			s.addNamed(idNames, "#", a.Val, n)
			if a.Val == "js_name" { // a WeChat account's name: its author and source
				s.authors = append(s.authors, n)
				s.sources = append(s.sources, n)
			}
			titled = titled || mayName(a.Val) && titleToken(strings.ToLower(a.Val))
		case "pdfsrc":
			s.embeds = append(s.embeds, n)
		case "itemprop":
			s.itemprops = append(s.itemprops, n)
			s.add("[itemprop", n)
		default:
			s.addNamed(attrNames, "[", a.Key, n)
		}
	}
	if titled && n.Data != "title" && n.Data != "a" {
		s.index["title-class"] = append(s.index["title-class"], n)
	}
}

// mayName reports whether a class token may be, in lower case, a title
// token or an author or source word: every one holds a t, an l or an s.
// It passes every token that is not ASCII, whose lower case may differ
// from the byte's, so most class names of a page skip the lowering and
// the searches.
func mayName(tok string) bool {
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; c | 0x20 {
		case 't', 'l', 's':
			return true
		default:
			if c >= utf8.RuneSelf {
				return true
			}
		}
	}
	return false
}

// The classes that mark the author's and the source's names.
var (
	authorClasses = []string{"author", "byline-author", "article-author", "writer"}
	sourceClasses = []string{"source", "article-source", "ly", "laiyuan"}
)

// titleToken reports a class or id that names a headline: "title",
// "news_title", pinyin "biaoti" and the short forms "bt", "tit", "ttl".
func titleToken(l string) bool {
	return strings.Contains(l, "title") || strings.Contains(l, "biaoti") || l == "bt" || l == "tit" || l == "ttl"
}

var (
	appendixVar = regexp.MustCompile(`file_appendix\s*=\s*'([^']+)'`)
	createTime  = regexp.MustCompile(`createTime\s*=\s*['"]([0-9: -]{8,19})['"]`)
)

func (s *survey) script(js string) {
	if s.appendix == "" && strings.Contains(js, "file_appendix") {
		if m := appendixVar.FindStringSubmatch(js); m != nil {
			s.appendix = m[1]
		}
	}
	if s.wechatTime == "" && strings.Contains(js, "createTime") {
		if m := createTime.FindStringSubmatch(js); m != nil {
			s.wechatTime = m[1]
		}
	}
}
