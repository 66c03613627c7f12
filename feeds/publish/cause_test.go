package publish

import "testing"

// TestErrorCause reads errors in the shapes the poller stores them: the
// source's name, the stage and URL, then the error of fetch, parse, page or
// Go's net packages.
func TestErrorCause(t *testing.T) {
	tests := []struct {
		name, err string
		cause     string
		code      int
	}{
		{"dns", `source "gaokao": fetch https://gaokao.example.cn/rss.xml: Get "https://gaokao.example.cn/rss.xml": dial tcp: lookup gaokao.example.cn on 127.0.0.53:53: no such host`, causeDNS, 0},
		{"dns server", `source "a": fetch https://a.example.cn/: Get "https://a.example.cn/": dial tcp: lookup a.example.cn: server misbehaving`, causeDNS, 0},
		{"http 403", `source "moe": fetch https://www.moe.example.cn/rss: unexpected HTTP status 403 Forbidden`, causeHTTP, 403},
		{"http 429 retry", `source "moe": fetch https://www.moe.example.cn/rss: unexpected HTTP status 429 Too Many Requests (retry after 2m0s)`, causeHTTP, 429},
		{"http quoted reason", `source "x": fetch https://x.example.cn/: unexpected HTTP status "503 \xb7\xfe\xce\xf1"`, causeHTTP, 503},
		{"http no reason", `source "x": fetch https://x.example.cn/: unexpected HTTP status 502`, causeHTTP, 502},
		{"no list", `source "notices": https://www.school.example.cn/tzgg/: no list of article links found (the page has 3 links, none under a repeated block); set list.item (and list.title, link, date) to the page's selectors`, causeNoList, 0},
		{"robots", `source "notices": fetch https://www.school.example.cn/tzgg/: robots.txt forbids this page to edufeed (https://www.school.example.cn/robots.txt); set robots: false on the source only if the site allows you`, causeRobots, 0},
		{"robots unreadable", `source "notices": fetch https://www.school.example.cn/tzgg/: robots.txt could not be read (unexpected HTTP status 503 Service Unavailable): every page counts as forbidden until it can`, causeRobots, 0},
		{"own timeout", `source "edweek": fetch https://www.edweek.example.org/feed/: timed out after 30s: Get "https://www.edweek.example.org/feed/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, causeTimeout, 0},
		{"tls handshake timeout", `source "a": fetch https://a.example.cn/: Get "https://a.example.cn/": net/http: TLS handshake timeout`, causeTimeout, 0},
		{"dns timeout", `source "a": fetch https://a.example.cn/: Get "https://a.example.cn/": dial tcp: lookup a.example.cn on 127.0.0.53:53: read udp 127.0.0.1:40000->127.0.0.53:53: i/o timeout`, causeTimeout, 0},
		{"layout changed", `source "notices": the page's layout changed: https://www.school.example.cn/tzgg/ listed 20 articles at the last poll and now none (no list of article links found); check the page, or set list.item`, causeLayout, 0},
		{"unknown authority", `source "b": fetch https://b.example.cn/rss: Get "https://b.example.cn/rss": tls: failed to verify certificate: x509: certificate signed by unknown authority`, causeTLS, 0},
		{"expired", `source "b": fetch https://b.example.cn/rss: Get "https://b.example.cn/rss": x509: certificate has expired or is not yet valid: current time 2026-12-07T20:00:00Z is after 2026-11-30T23:59:59Z`, causeTLS, 0},
		{"wrong name", `source "b": fetch https://b.example.cn/rss: Get "https://b.example.cn/rss": tls: failed to verify certificate: x509: certificate is valid for www.example.cn, not b.example.cn`, causeTLS, 0},
		{"refused", `source "c": fetch https://c.example.cn/rss: Get "https://c.example.cn/rss": dial tcp 203.0.113.7:443: connect: connection refused`, causeRefused, 0},
		{"reset", `source "c": fetch https://c.example.cn/rss: Get "https://c.example.cn/rss": read tcp 192.0.2.1:50000->203.0.113.7:443: read: connection reset by peer`, causeReset, 0},
		{"not a feed", `source "d": parse https://d.example.cn/rss.xml: not a feed: the document is an HTML page`, causeNotFeed, 0},
		{"empty", `source "d": fetch https://d.example.cn/rss.xml: empty body (0 bytes)`, causeEmpty, 0},
		{"too large", `source "d": fetch https://d.example.cn/rss.xml: body too large: the server announced 80 MiB, the limit is 10 MiB (fetch.max_body)`, causeTooLarge, 0},
		{"redirect loop", `source "d": fetch https://d.example.cn/rss.xml: Get "https://d.example.cn/a": stopped after 10 redirects: too many redirects (a redirect loop?)`, causeRedirects, 0},
		{"private", `source "e": fetch https://intranet.example.cn/: Get "https://intranet.example.cn/": dial tcp: refused to connect to a non-public address: 10.0.0.5 is private (set allow_private on the source)`, causePrivate, 0},
		{"other", `source "f": save 3 items: store closed`, causeOther, 0},
		{"empty text", ``, causeOther, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cause, code := errorCause(tt.err)
			if cause != tt.cause || code != tt.code {
				t.Errorf("errorCause = %s %d, want %s %d", cause, code, tt.cause, tt.code)
			}
		})
	}
}

// TestCauseText checks that every cause is said in every language.
func TestCauseText(t *testing.T) {
	for _, lt := range languages {
		for _, m := range causeMarks {
			if lt.Causes[m.cause] == "" {
				t.Errorf("%s: cause %s has no text", lt.Lang, m.cause)
			}
		}
		if lt.Causes[causeOther] == "" {
			t.Errorf("%s: no text for other causes", lt.Lang)
		}
		if got := causeText(lt, `unexpected HTTP status 403 Forbidden`); got != "HTTP 403" {
			t.Errorf("%s: HTTP 403 said as %q", lt.Lang, got)
		}
	}
	if got := causeText(&textZH, "dial tcp: lookup a.example.cn: no such host"); got != "无法解析主机名" {
		t.Errorf("Chinese DNS cause %q", got)
	}
}
