package article

import (
	"fmt"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Override is a source's own say on its article pages, for a site the
// rules get wrong: the config key article: {content: SELECTOR, remove: [...]}.
type Override struct {
	// Content selects the article container; the first match with text wins.
	Content string
	// Remove selects elements to cut anywhere in the page before extracting.
	Remove []string
}

// SelectorError names the override key whose selector does not parse, so
// that the config loader can point at its line.
type SelectorError struct {
	Key      string // "content" or "remove"
	Index    int    // position in remove; 0 for content
	Selector string
	Err      error
}

// Error names the key, its position and the selector.
func (e *SelectorError) Error() string {
	if e.Key == "remove" {
		return fmt.Sprintf("article: remove[%d] %q: %v", e.Index, e.Selector, e.Err)
	}
	return fmt.Sprintf("article: %s %q: %v", e.Key, e.Selector, e.Err)
}

// Unwrap returns the selector parser's error.
func (e *SelectorError) Unwrap() error { return e.Err }

// Validate reports the first selector of o that does not parse, as a
// *SelectorError.
func (o Override) Validate() error {
	_, err := o.compile()
	return err
}

// selectors are an Override, compiled.
type selectors struct {
	content cascadia.SelectorGroup
	remove  []cascadia.SelectorGroup
}

func (o Override) compile() (selectors, error) {
	var s selectors
	if o.Content != "" {
		g, err := parseSelector(o.Content)
		if err != nil {
			return s, &SelectorError{Key: "content", Selector: o.Content, Err: err}
		}
		s.content = g
	}
	for i, r := range o.Remove {
		g, err := parseSelector(r)
		if err != nil {
			return s, &SelectorError{Key: "remove", Index: i, Selector: r, Err: err}
		}
		s.remove = append(s.remove, g)
	}
	return s, nil
}

func parseSelector(sel string) (cascadia.SelectorGroup, error) { return cascadia.ParseGroup(sel) }

// container is the override's container in body, if it names one that
// holds something.
func (s selectors) container(body *html.Node, counts tally) *html.Node {
	if s.content == nil {
		return nil
	}
	for _, n := range cascadia.QueryAll(body, s.content) {
		if counts.holdsContent(n) {
			return n
		}
	}
	return nil
}
