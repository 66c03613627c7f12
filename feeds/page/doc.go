// Package page reads an HTML page that is not a feed: it finds the feeds the
// page advertises, or the page's main list of article links as raw items,
// and the link to the list's next page.
//
// It is pure like parse and clean: it takes a parsed document, the page's
// URL and the fetch time, and does no I/O and reads no clock. The caller
// (poll, edufeed try) fetches the page, decodes its charset, parses it with
// golang.org/x/net/html (Parse) and loops over next pages with a Pager.
package page
