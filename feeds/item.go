package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// DateSource records where an item's published date came from, so that a
// reader of the store can tell a date the source gave from one we inferred.
type DateSource string

// The places a published date can come from, most trusted first.
const (
	DateFromFeed      DateSource = "feed"       // the item's own published date
	DateFromUpdated   DateSource = "updated"    // the item's updated date, published being unusable
	DateFromYearless  DateSource = "yearless"   // the feed's date written without a year, given one
	DateFromLink      DateSource = "link"       // a date written in the item's URL
	DateFromContent   DateSource = "content"    // a credible date written in the article
	DateFromFirstSeen DateSource = "first_seen" // the time edufeed first fetched the item
	// A list page's or an article page's own date, for sources without
	// feeds and for feed items whose article page was fetched.
	DateFromList DateSource = "list" // the date beside the item on a list page
	DateFromPage DateSource = "page" // the article page's date (meta, JSON-LD, 发布时间 line)
)

// Item is one story as edufeed keeps and serves it. Parse fills the raw fields,
// clean turns them into what a reader should see, and the store adds identity
// and first-seen time.
type Item struct {
	// ID is the stable store key: 32 hex characters (see NewID).
	ID string `json:"id"`
	// Source is the name of the configured source the item came from; for
	// a story several sources carried, the one whose copy's date won and
	// whose title and link are shown (see feeds/merge.Join).
	Source string `json:"source"`
	// Sources names every source that carried this story, Source first.
	Sources []string `json:"sources,omitempty"`
	GUID    string   `json:"guid,omitempty"`
	// GUIDIsLink is true when the feed declared the GUID a permalink.
	GUIDIsLink bool   `json:"guid_is_link,omitempty"`
	Link       string `json:"link,omitempty"`
	Title      string `json:"title"`
	// Content is the article body as sanitised HTML.
	Content string `json:"content,omitempty"`
	// Summary is plain text for readers that show only a description.
	Summary string `json:"summary,omitempty"`
	// ContentFrom names the source whose copy gave Content and Summary, when
	// several sources carried the story; empty when Source did.
	ContentFrom string      `json:"content_from,omitempty"`
	Authors     []string    `json:"authors,omitempty"`
	Categories  []string    `json:"categories,omitempty"`
	Tags        []string    `json:"tags,omitempty"`
	Enclosures  []Enclosure `json:"enclosures,omitempty"`

	// Published is the date the item is sorted and shown by; DateFrom says
	// where it came from.
	Published time.Time  `json:"published"`
	Updated   time.Time  `json:"updated,omitzero"`
	DateFrom  DateSource `json:"date_from,omitempty"`
	// FirstSeen is when edufeed first stored the item; it never changes.
	FirstSeen time.Time `json:"first_seen,omitzero"`

	// RawPublished and RawUpdated are the dates as the feed wrote them, kept
	// because feed libraries misread many of the forms Chinese sites use.
	RawPublished string `json:"raw_published,omitempty"`
	RawUpdated   string `json:"raw_updated,omitempty"`

	// Text is the plain text of Content (of Summary when there is no
	// content) as clean computed it, a block a line, for merge to
	// fingerprint. It is computed per poll and not stored.
	Text string `json:"-"`

	// Keys are what the store matches the item against stored stories by.
	// They are computed per poll (feeds/merge) and not stored with the item.
	Keys Keys `json:"-"`
}

// Keys identify a story for merging duplicates. feeds/merge computes them;
// the store looks them up and records them in the same write transaction.
// An empty field (or a zero Fingerprint) takes no part in matching.
type Keys struct {
	// GUID is the source's own identity of the item, matched only within the
	// same source; empty when the document repeats it for several items.
	GUID string
	// Link is the canonical link (scheme, www./m./wap. hosts, trailing slash,
	// index pages and tracking parameters normalised); empty when the item
	// has no link, the link is a site's home page, or the document repeats it.
	Link string
	// Title is the normalised title; empty when the title is too generic
	// (通知, 公告, "Weekly update") to identify a story on its own.
	Title string
	// Fingerprint is a 64-bit simhash of the lead of the cleaned text (its
	// opening, where copies agree and summaries come from); 0 when the text
	// is too short to judge.
	Fingerprint uint64
}

// Known is what the store holds of an item, as a poll asks before it
// fetches article pages: whether the item is new, or changed, decides.
type Known struct {
	Title   string
	Updated time.Time
}

// Enclosure is a media file attached to an item (podcast audio, a PDF notice).
type Enclosure struct {
	URL    string `json:"url"`
	Type   string `json:"type,omitempty"`
	Length int64  `json:"length,omitempty"`
}

// Feed is one fetched and parsed document: the channel's own fields and its
// items, before cleaning.
type Feed struct {
	Title       string
	Link        string
	Description string
	Language    string
	// Base is the xml:base of the document, if any, for resolving relative links.
	Base string
	// TTL is the channel's <ttl> in minutes, 0 if absent.
	TTL   int
	Items []Item
}

// NewID derives a fixed-width item id from the parts that identify the item,
// so the same story always lands under the same key.
func NewID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
