package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Headers of a webhook request. The signature is
// "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)), so that a
// receiver can check both the body and its freshness.
const (
	HeaderSignature = "X-Edufeed-Signature"
	HeaderTimestamp = "X-Edufeed-Timestamp"
	HeaderTarget    = "X-Edufeed-Target"
)

// jsonFeedVersion is the JSON Feed the webhook's bodies follow.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// feedItem is a JSON Feed 1.1 item, with edufeed's extension naming every
// source of the story.
type feedItem struct {
	ID            string     `json:"id"`
	URL           string     `json:"url,omitempty"`
	Title         string     `json:"title"`
	ContentHTML   string     `json:"content_html,omitempty"`
	Summary       string     `json:"summary,omitempty"`
	DatePublished string     `json:"date_published,omitempty"`
	Tags          []string   `json:"tags,omitempty"`
	Authors       []author   `json:"authors,omitempty"`
	Edufeed       *extension `json:"_edufeed,omitempty"`
}

type author struct {
	Name string `json:"name"`
}

type extension struct {
	Sources []string `json:"sources"`
	Group   string   `json:"group,omitempty"`
	Test    bool     `json:"test,omitempty"`
}

func toFeedItem(e entry, test bool) feedItem {
	fi := feedItem{
		ID: e.Item.ID, URL: e.Link, Title: e.Title, ContentHTML: e.Item.Content, Summary: e.Summary,
		Tags:    e.Item.Tags,
		Edufeed: &extension{Sources: e.Sources, Group: e.Group, Test: test},
	}
	if fi.ID == "" {
		fi.ID = "test"
	}
	if !e.Published.IsZero() {
		fi.DatePublished = e.Published.Format(time.RFC3339)
	}
	for _, s := range e.Sources {
		fi.Authors = append(fi.Authors, author{Name: s})
	}
	return fi
}

// sendWebhook POSTs a story as one JSON Feed item, or a batch or digest as
// a JSON Feed document, signed with the target's key.
func sendWebhook(ctx context.Context, c *http.Client, t *Target, m *Message, now time.Time) error {
	var body []byte
	ctype := "application/json"
	if e, ok := m.single(); ok {
		body, _ = json.Marshal(toFeedItem(e, m.Test))
	} else {
		doc := struct {
			Version string     `json:"version"`
			Title   string     `json:"title"`
			Items   []feedItem `json:"items"`
		}{Version: jsonFeedVersion, Title: m.Heading, Items: []feedItem{}}
		for _, e := range m.entries() {
			doc.Items = append(doc.Items, toFeedItem(e, m.Test))
		}
		body, _ = json.Marshal(doc)
		ctype = "application/feed+json"
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	h := http.Header{}
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, Sign(string(t.Key), ts, body))
	h.Set(HeaderTarget, t.Name)
	return post(ctx, c, t, string(t.URL), ctype, body, h)
}

// Sign is the webhook signature of body sent at timestamp ts (unix
// seconds), as a receiver recomputes it.
func Sign(key, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
