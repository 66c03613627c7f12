package merge

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/clean"
)

// cleanSeen is the fetch time the tests clean items at.
var cleanSeen = time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)

// cleaned is an item as the poll hands it to KeysOf: cleaned, with the
// plain text clean computed.
func cleaned(it feeds.Item) feeds.Item {
	return clean.Item(it, clean.Context{Seen: cleanSeen})
}

// textOf is the plain text clean gives a body: what Fingerprint reads.
func textOf(content string) string {
	return cleaned(feeds.Item{Content: content}).Text
}
