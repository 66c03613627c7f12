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

// Same states the rule by which the store takes items of two different
// sources, published at ta and tb, for one story: equal non-empty canonical
// links; or equal non-empty title keys published within TitleWindow of each
// other; or non-zero fingerprints within MaxDistance. GUIDs name items only
// within a source and play no part.
func Same(a, b feeds.Keys, ta, tb time.Time) bool {
	if a.Link != "" && a.Link == b.Link {
		return true
	}
	if a.Title != "" && a.Title == b.Title && ta.Sub(tb).Abs() <= TitleWindow {
		return true
	}
	return a.Fingerprint != 0 && b.Fingerprint != 0 && Distance(a.Fingerprint, b.Fingerprint) <= MaxDistance
}
