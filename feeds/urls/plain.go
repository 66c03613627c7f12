package urls

import (
	"strings"
	"sync/atomic"
)

// Most links in a page are plain: an absolute http(s) URL or a path of
// letters, digits and slashes. net/url's parse, resolution and writing
// give them back as they are, or joined to the base, and Link, Resolve and
// the sanitiser ask for them several times a link; so they are told by
// their bytes, not parsed. TestPlainFastPaths holds the fast paths to the
// parsing ones on many random and real-shaped links.

// Plain reports an absolute http or https URL that net/url parses and
// writes back unchanged and that Link and Resolve leave as it is: a host
// of lower-case letters, digits, dots and hyphens (no port, no user), a
// path of plainPath's bytes, and no query or fragment.
func Plain(s string) bool {
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		rest = s[len("https://"):]
	case strings.HasPrefix(s, "http://"):
		rest = s[len("http://"):]
	default:
		return false
	}
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		return false // no host, or no path (Link adds the "/")
	}
	for i := 0; i < slash; i++ {
		if c := rest[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return plainPath(rest[slash:])
}

// SplitPlain returns a Plain URL's host and path, as net/url's Hostname
// and Path give them.
func SplitPlain(s string) (host, path string) {
	_, rest, _ := strings.Cut(s, "://")
	slash := strings.IndexByte(rest, '/')
	return rest[:slash], rest[slash:]
}

// plainPath reports a non-empty path of ASCII letters, digits and
// "-_.~/" with no "." or ".." segment: what URL escaping and dot-segment
// removal leave as it is.
func plainPath(p string) bool {
	if p == "" {
		return false
	}
	seg := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			if s := p[seg:i]; s == "." || s == ".." {
				return false
			}
			seg = i + 1
			continue
		}
		if c := p[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return true
}

// resolvedBase is what a plain path resolves to against a base: root+path
// for an absolute path, dir+path for a relative one; root is "" when the
// base is no absolute http(s) URL, and the slow path answers.
type resolvedBase struct {
	raw, root, dir string
}

var lastResolved atomic.Pointer[resolvedBase]

// baseOf works out root and dir by resolving "/" and "x" the slow way: a
// plain path joins the base's root or directory as these do, its bytes
// needing no escape and holding no dot segment.
func baseOf(base string) *resolvedBase {
	if b := lastResolved.Load(); b != nil && b.raw == base {
		return b
	}
	b := &resolvedBase{raw: base}
	root, dir := resolve("/", base), resolve("x", base)
	if strings.HasSuffix(root, "/") && strings.HasSuffix(dir, "/x") &&
		(strings.HasPrefix(root, "http://") || strings.HasPrefix(root, "https://")) {
		b.root, b.dir = root[:len(root)-1], dir[:len(dir)-1]
	}
	lastResolved.Store(b)
	return b
}
