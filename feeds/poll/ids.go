package poll

import (
	"strings"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
)

// assignIDs gives every item of one document its store id (from the GUID,
// else the cleaned link, else the title and the raw date) and its merge keys. A GUID or link
// counts only when no other item of the same document shares it: some feeds
// repeat one GUID (or the site's home page as the link) for every item, and
// keying on it would collapse distinct stories into one.
func assignIDs(source string, items []feeds.Item) {
	guids := make(map[string]int, len(items))
	links := make(map[string]int, len(items))
	for _, it := range items {
		if g := strings.TrimSpace(it.GUID); g != "" {
			guids[g]++
		}
		if it.Link != "" {
			links[it.Link]++
		}
	}
	for i := range items {
		it := &items[i]
		g := strings.TrimSpace(it.GUID)
		it.Keys = merge.KeysOf(*it)
		switch {
		case g != "" && guids[g] == 1:
			it.ID = feeds.NewID(source, "guid", g)
		case it.Link != "" && links[it.Link] == 1:
			it.ID = feeds.NewID(source, "link", it.Link)
			it.Keys.GUID = ""
		default:
			it.ID = feeds.NewID(source, "title", it.Title, it.RawPublished)
			it.Keys.GUID = ""
		}
		// A link the document repeats (a site's home page on every item)
		// identifies nothing.
		if links[it.Link] > 1 {
			it.Keys.Link = ""
		}
	}
}

// dedupeByID keeps the first of items that ended up with the same id (a
// document listing one story twice), so one poll writes each id once.
func dedupeByID(items []feeds.Item) (kept []feeds.Item, dropped int) {
	seen := make(map[string]bool, len(items))
	kept = items[:0]
	for _, it := range items {
		if seen[it.ID] {
			dropped++
			continue
		}
		seen[it.ID] = true
		kept = append(kept, it)
	}
	return kept, dropped
}
