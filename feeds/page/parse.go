package page

import (
	"bytes"
	"errors"
	"fmt"

	"golang.org/x/net/html"
)

// ErrTooDeep is the error of a page nested deeper than x/net/html builds:
// it stops at 512 open elements (tables in tables in tables…).
var ErrTooDeep = errors.New("the page nests its elements too deep to read")

// Parse parses a page already decoded to UTF-8, as every function of this
// package takes it. Its only failure is a page nested too deep, reported
// as ErrTooDeep so that the caller can say what is wrong with the page.
func Parse(b []byte) (*html.Node, error) {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrTooDeep, err)
	}
	return doc, nil
}
