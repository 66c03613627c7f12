package publish

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The causes of a failed poll that the status page names in a few words.
// Each language's pageText.Causes says them.
const (
	causeRobots    = "robots"
	causeLayout    = "layout"
	causeNoList    = "nolist"
	causePrivate   = "private"
	causeHTTP      = "http"
	causeTLS       = "tls"
	causeDNS       = "dns"
	causeRefused   = "refused"
	causeReset     = "reset"
	causeTimeout   = "timeout"
	causeNotFeed   = "notfeed"
	causeEmpty     = "empty"
	causeTooLarge  = "toolarge"
	causeRedirects = "redirects"
	causeOther     = "other"
)

// causeMarks are the texts by which a stored error shows its cause, in the
// order they are tried: an error wraps others, and the outermost that
// explains it comes first (a layout change mentions the list it no longer
// finds; robots.txt that cannot be read mentions why). They are the words
// of our own errors (fetch, parse, page, poll) and of Go's net, tls and
// x509 packages; the store keeps only the text.
var causeMarks = []struct {
	cause string
	marks []string
}{
	{causeRobots, []string{"robots.txt forbids", "robots.txt could not be read"}},
	{causeLayout, []string{"layout changed"}},
	{causeNoList, []string{"no list of article links found"}},
	{causePrivate, []string{"non-public address"}},
	// A status is the server's answer: whatever came before it worked.
	{causeHTTP, []string{"unexpected HTTP status "}},
	{causeTLS, []string{"x509: ", "tls: failed to verify certificate"}},
	{causeDNS, []string{"no such host", "server misbehaving"}},
	{causeRefused, []string{"connection refused"}},
	{causeReset, []string{"connection reset"}},
	{causeTimeout, []string{"timed out after", "deadline exceeded", "Timeout exceeded", "i/o timeout", "handshake timeout"}},
	{causeNotFeed, []string{"not a feed"}},
	{causeEmpty, []string{"empty body"}},
	{causeTooLarge, []string{"body too large"}},
	{causeRedirects, []string{"too many redirects"}},
}

// httpStatus finds the status in fetch.StatusError's text, whose reason
// phrase may be quoted when it is not clean UTF-8.
var httpStatus = regexp.MustCompile(`unexpected HTTP status "?([1-5][0-9][0-9])\b`)

// errorCause names the cause of a stored poll error: one of the cause
// constants, and for causeHTTP the status code.
func errorCause(text string) (cause string, code int) {
	for _, m := range causeMarks {
		for _, mark := range m.marks {
			if !strings.Contains(text, mark) {
				continue
			}
			if m.cause == causeHTTP {
				s := httpStatus.FindStringSubmatch(text)
				if s == nil {
					break // a status we cannot read; some later mark may explain it
				}
				code, _ = strconv.Atoi(s[1])
			}
			return m.cause, code
		}
	}
	return causeOther, 0
}

// causeText says the cause of a stored error in t's language.
func causeText(t *pageText, text string) string {
	cause, code := errorCause(text)
	if cause == causeHTTP {
		return fmt.Sprintf(t.Causes[cause], code)
	}
	return t.Causes[cause]
}
