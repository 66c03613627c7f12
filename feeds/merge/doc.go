// Package merge computes the keys that identify one story across sources:
// canonical links, normalised titles and 64-bit fingerprints of the plain
// text clean computed (feeds.Item.Text). It does no I/O and reads no clock;
// the store looks the keys up (see Same for the rule). URL trimming and the
// tracking parameters come from feeds/urls, which the cleaner uses too.
package merge
