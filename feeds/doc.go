// Package feeds holds the domain types that every stage of edufeed shares: the
// item as it flows from parse through clean and merge into the store, the source
// it came from, and the fetch state kept for that source.
//
// It has no behaviour beyond small helpers on those types, so that every other
// package can import it without pulling in I/O.
package feeds
