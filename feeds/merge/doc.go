// Package merge decides which items are one story and what the story keeps.
// It computes the keys that identify a story across sources (canonical
// links, normalised titles, 64-bit fingerprints of the plain text clean
// computed, feeds.Item.Text), holds the rule by which two sources' keys
// are one story (Rule), and joins an incoming copy into a stored story
// (Join). It does no I/O, reads no clock and knows no storage engine: a
// store finds candidates with its own indexes and applies the rule. URL
// trimming and the tracking parameters come from feeds/urls, which the
// cleaner uses too.
package merge
