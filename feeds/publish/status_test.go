package publish

import (
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// everyAt is a scheduler's NextRuns that puts the next poll of every one of
// srcs at t.
func everyAt(srcs []feeds.Source, t time.Time) func([]feeds.SourceState) map[string]time.Time {
	return func([]feeds.SourceState) map[string]time.Time {
		out := make(map[string]time.Time, len(srcs))
		for _, s := range srcs {
			out[s.Name] = t
		}
		return out
	}
}
