package merge

import (
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TitleWindow is how far apart two sources may publish one story for equal
// title keys to merge it: news repeats a title within days, and a generic
// title that slipped through TitleKey repeats it every year.
const TitleWindow = 72 * time.Hour

// KeysOf computes an item's merge keys: its trimmed GUID, CanonicalLink of
// its link, TitleKey of its title and Fingerprint of its plain text, which
// clean.Item computed (of the content, or of the summary when there is no
// content). An item that was not cleaned has no text and no fingerprint.
func KeysOf(it feeds.Item) feeds.Keys {
	return feeds.Keys{
		GUID:        strings.TrimSpace(it.GUID),
		Link:        CanonicalLink(it.Link),
		Title:       TitleKey(it.Title),
		Fingerprint: Fingerprint(it.Text),
	}
}
