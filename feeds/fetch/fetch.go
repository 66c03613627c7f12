// Package fetch does one HTTP GET of a feed done right: shared transport,
// timeouts, size limits, conditional GET, and a body that is always UTF-8.
package fetch

import (
	"context"
	"errors"
	"time"
)

// Options configure a Client. Zero values take the defaults.
type Options struct {
	UserAgent      string        // default "edufeed/dev (+https://github.com/edufeed/edufeed)"
	MaxBody        int64         // bytes after decompression; default 10 MiB
	ConnectTimeout time.Duration // default 10s
	Timeout        time.Duration // whole request when Request.Timeout is 0; default 30s
	MaxRedirects   int           // default 10
}

// Request is one conditional GET of a source.
type Request struct {
	Source       string // source name, for errors
	URL          string // http://, https:// or file:
	ETag         string
	LastModified string
	UserAgent    string        // overrides Options.UserAgent when set
	Timeout      time.Duration // overrides Options.Timeout when set
}

// Response is a fetched feed, its body already converted to UTF-8.
type Response struct {
	Body         []byte
	NotModified  bool
	StatusCode   int
	ETag         string
	LastModified string
	FinalURL     string
	ContentType  string
	Charset      string // the charset the bytes arrived in
}

// Sentinel errors, checked with errors.Is.
var (
	ErrTooLarge = errors.New("body exceeds the size limit")
)

// Client fetches feeds over one shared transport.
type Client struct{ opts Options }

// NewClient returns a Client with opts' defaults filled in.
func NewClient(opts Options) *Client { return &Client{opts: opts} }

// Fetch performs req. SKELETON: replaced by the implementation.
func (c *Client) Fetch(ctx context.Context, req Request) (*Response, error) {
	return nil, errors.New("not implemented")
}
