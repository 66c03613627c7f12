package notify

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
)

// entry is one story as a message shows it.
type entry struct {
	Seq       uint64
	Item      feeds.Item
	Title     string
	Link      string
	Sources   []string // display names, first carrier first
	Published time.Time
	Summary   string
	Group     string
}

// group is a digest's heading and its stories, newest first.
type group struct {
	Name    string
	Entries []entry
}

// Message is what one send carries: one story, a batch, a digest or a test.
type Message struct {
	// Heading is the message's title: the target's title and what it holds.
	Heading string
	Groups  []group
	// More counts selected stories a digest left out (max_items).
	More   int
	Digest bool
	Test   bool
	loc    *time.Location
}

// entries lists every story of m in the order shown.
func (m *Message) entries() []entry {
	var out []entry
	for _, g := range m.Groups {
		out = append(out, g.Entries...)
	}
	return out
}

// single is the one story of a message that has only one.
func (m *Message) single() (entry, bool) {
	es := m.entries()
	if len(es) == 1 && !m.Digest {
		return es[0], true
	}
	return entry{}, false
}

// summaryRunes bounds a story's summary in chat messages.
const summaryRunes = 120

// newMessage builds a message of entries for t. A digest groups them and
// sorts each group newest first; a batch keeps the order of arrival.
func newMessage(t *Target, es []entry, digest bool, more int) *Message {
	m := &Message{Digest: digest, More: more, loc: t.Location}
	n := len(es) + more
	switch {
	case digest:
		m.Heading = fmt.Sprintf("%s · %d 条新消息", t.Title, n)
	case len(es) == 1:
		m.Heading = t.Title
	default:
		m.Heading = fmt.Sprintf("%s · %d 条新消息", t.Title, n)
	}
	if !digest {
		m.Groups = []group{{Entries: es}}
		return m
	}
	byName := map[string]int{}
	for _, e := range es {
		i, ok := byName[e.Group]
		if !ok {
			i = len(m.Groups)
			byName[e.Group] = i
			m.Groups = append(m.Groups, group{Name: e.Group})
		}
		m.Groups[i].Entries = append(m.Groups[i].Entries, e)
	}
	for i := range m.Groups {
		slices.SortStableFunc(m.Groups[i].Entries, func(a, b entry) int {
			return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(b.Seq, a.Seq))
		})
	}
	return m
}

// testMessage is what POST /admin/notify/test sends.
func testMessage(t *Target, link string, now time.Time) *Message {
	e := entry{Title: "edufeed 测试消息 / test message", Link: link, Sources: []string{"edufeed"}, Published: now,
		Summary: "If this arrives, target " + t.Name + " works."}
	m := newMessage(t, []entry{e}, false, 0)
	m.Test = true
	return m
}

// when formats a story's date in the target's zone.
func (m *Message) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if m.loc != nil {
		t = t.In(m.loc)
	}
	return t.Format("2006-01-02 15:04")
}

// byline names a story's sources and its date.
func (m *Message) byline(e entry) string {
	parts := []string{}
	if len(e.Sources) > 0 {
		parts = append(parts, "来源："+strings.Join(e.Sources, "、"))
	}
	if w := m.when(e.Published); w != "" {
		parts = append(parts, w)
	}
	return strings.Join(parts, " · ")
}

// markdown renders m in the markdown the Chinese robots read: links as
// [title](url), > quotes, bold and headings.
func (m *Message) markdown() string {
	var b strings.Builder
	if e, ok := m.single(); ok {
		fmt.Fprintf(&b, "**%s**\n\n", mdLink(e.Title, e.Link))
		if line := m.byline(e); line != "" {
			fmt.Fprintf(&b, "> %s\n\n", line)
		}
		if e.Summary != "" {
			b.WriteString(mdText(e.Summary))
			b.WriteString("\n")
		}
		return b.String()
	}
	fmt.Fprintf(&b, "### %s\n", mdText(m.Heading))
	for _, g := range m.Groups {
		if g.Name != "" {
			fmt.Fprintf(&b, "\n**%s**\n", mdText(g.Name))
		}
		b.WriteString("\n")
		for i, e := range g.Entries {
			fmt.Fprintf(&b, "%d. %s\n> %s\n", i+1, mdLink(e.Title, e.Link), m.byline(e))
		}
	}
	if m.More > 0 {
		fmt.Fprintf(&b, "\n还有 %d 条未列出。\n", m.More)
	}
	return b.String()
}

// plain renders m as text, for e-mail and notification previews.
func (m *Message) plain() string {
	var b strings.Builder
	b.WriteString(m.Heading + "\n")
	for _, g := range m.Groups {
		if g.Name != "" {
			fmt.Fprintf(&b, "\n== %s ==\n", g.Name)
		}
		for _, e := range g.Entries {
			fmt.Fprintf(&b, "\n%s\n%s\n%s\n", e.Title, e.Link, m.byline(e))
			if e.Summary != "" {
				b.WriteString(e.Summary + "\n")
			}
		}
	}
	if m.More > 0 {
		fmt.Fprintf(&b, "\n还有 %d 条未列出。\n", m.More)
	}
	return b.String()
}

// mdText keeps text from being read as markdown links or headings.
var mdReplacer = strings.NewReplacer("[", "［", "]", "］", "\n", " ", "#", "＃", "*", "＊", "`", "'", "<", "＜", ">", "＞")

func mdText(s string) string { return mdReplacer.Replace(s) }

// mdLink is [title](url), the URL's parentheses and spaces escaped.
func mdLink(title, link string) string {
	if link == "" {
		return mdText(title)
	}
	return "[" + mdText(title) + "](" + strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(link) + ")"
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}

// clipBytes cuts s at a line break so that it fits max bytes (WeCom's
// markdown takes at most 4096).
func clipBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := s[:max-len("\n…")]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i]
	}
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	return cut + "\n…"
}
