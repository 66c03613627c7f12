package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
)

// filePath turns a file: URL into a path: file:///abs/path and file:/abs are
// absolute, file:relative/path is relative to the working directory.
func filePath(u *url.URL) (string, error) {
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("file URL names host %q: only local files can be read", u.Host)
	}
	p := u.Path
	if u.Opaque != "" {
		// url.Parse leaves the opaque part of file:relative/path escaped.
		var err error
		if p, err = url.PathUnescape(u.Opaque); err != nil {
			return "", fmt.Errorf("file URL path: %w", err)
		}
	}
	if p == "" {
		return "", errors.New("file URL names no path")
	}
	return p, nil
}

// fetchFile reads a local feed. The file's mtime stands in for the
// Last-Modified header, so an unchanged file is a 304 without being read.
func (c *Client) fetchFile(ctx context.Context, req Request, u *url.URL) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	path, err := filePath(u)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("feed file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("feed file %s is not a regular file", path)
	}
	resp := &Response{
		StatusCode:   http.StatusOK,
		LastModified: info.ModTime().UTC().Format(http.TimeFormat),
		FinalURL:     req.URL,
	}
	if req.LastModified != "" && req.LastModified == resp.LastModified {
		resp.NotModified = true
		resp.StatusCode = http.StatusNotModified
		return resp, nil
	}
	if info.Size() > c.opts.MaxBody {
		return nil, fmt.Errorf("%w: the file has %s, the limit is %s", ErrTooLarge, formatSize(info.Size()), limitText(c.opts.MaxBody))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("feed file: %w", err)
	}
	defer f.Close()
	// The file may have grown since Stat: the limit still holds.
	body, err := readLimited(f, c.opts.MaxBody, "file", info.Size())
	if err != nil {
		return nil, err
	}
	if resp.Body, resp.Charset, err = decodeBody(body, "", c.opts.MaxBody); err != nil {
		return nil, err
	}
	return resp, nil
}
