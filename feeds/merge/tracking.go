package merge

import (
	"strings"

	"github.com/edufeed/edufeed/feeds/urls"
)

// isTrackingParam reports whether a decoded query parameter only tracks the
// reader, for comparing links: urls.IsTrackingParam's rule (which the
// cleaner applies to the links readers see), and also every sharer_* and
// share_* tag. Those are dropped only here: two copies of one story differ
// by them, but a link shown to a reader keeps an unknown share_ parameter in
// case the site needs it.
func isTrackingParam(name, value string) bool {
	if urls.IsTrackingParam(name, value) {
		return true
	}
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "sharer_") || strings.HasPrefix(name, "share_")
}
