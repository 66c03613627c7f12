package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

func TestAddrClass(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want string // a part of the class; "" for a public address
	}{
		// Public.
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"202.205.109.205", ""}, // a moe.gov.cn address
		{"100.63.255.255", ""},  // just below CGNAT
		{"100.128.0.0", ""},     // just above CGNAT
		{"172.15.255.255", ""},  // just below 172.16/12
		{"172.32.0.0", ""},      // just above it
		{"169.253.255.255", ""}, // just below link-local
		{"223.255.255.255", ""}, // just below multicast
		{"2001:4860:4860::8888", ""},
		{"2400:da00::6666", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""},                     // NAT64 of 8.8.8.8
		{"2002:808:808::1", ""},                      // 6to4 of 8.8.8.8
		{"2001:0:4136:e378:8000:63bf:f7f7:f7f7", ""}, // Teredo, client 8.8.8.8

		// IPv4.
		{"0.0.0.0", `"this network"`},
		{"0.1.2.3", `"this network"`},
		{"10.0.0.1", "private address (RFC 1918)"},
		{"10.255.255.255", "private address (RFC 1918)"},
		{"172.16.0.1", "private address (RFC 1918)"},
		{"172.31.255.255", "private address (RFC 1918)"},
		{"192.168.1.1", "private address (RFC 1918)"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"127.0.0.1", "loopback"},
		{"127.255.255.254", "loopback"},
		{"169.254.169.254", "cloud metadata"},
		{"169.254.1.1", "link-local"},
		{"192.0.0.170", "IETF protocol"},
		{"192.0.2.1", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"198.51.100.1", "documentation"},
		{"203.0.113.1", "documentation"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"240.0.0.1", "reserved"},
		{"255.255.255.255", "broadcast"},

		// IPv6.
		{"::", "unspecified"},
		{"::1", "loopback"},
		{"::127.0.0.1", "IPv4-compatible"},
		{"fc00::1", "unique local"},
		{"fd12:3456:789a::1", "unique local"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"febf:ffff::1", "link-local"},
		{"fec0::1", "site-local"},
		{"ff02::1", "multicast"},
		{"100::1", "discard-only"},
		{"2001:db8::1", "documentation"},
		{"64:ff9b:1::a00:1", "local-use NAT64"},

		// IPv4 wrapped in IPv6.
		{"::ffff:127.0.0.1", "IPv4-mapped address embedding 127.0.0.1, a loopback address"},
		{"::ffff:10.1.2.3", "IPv4-mapped address embedding 10.1.2.3, a private"},
		{"::ffff:169.254.169.254", "cloud metadata"},
		{"::ffff:0.0.0.0", `"this network"`},
		{"::ffff:100.64.0.1", "carrier-grade NAT"},
		{"64:ff9b::7f00:1", "NAT64 address embedding 127.0.0.1, a loopback"},
		{"64:ff9b::a9fe:a9fe", "NAT64 address embedding 169.254.169.254, the cloud metadata"},
		{"64:ff9b::c0a8:101", "NAT64 address embedding 192.168.1.1"},
		{"::ffff:0:a00:1", "IPv4-translated address embedding 10.0.0.1"},
		{"2002:7f00:1::1", "6to4 address embedding 127.0.0.1"},
		{"2002:c0a8:101::1", "6to4 address embedding 192.168.1.1"},
		{"2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo address embedding 127.0.0.1"},
	} {
		ip := netip.MustParseAddr(tc.addr)
		got := addrClass(ip)
		if tc.want == "" && got != "" {
			t.Errorf("%s: %q, want public", tc.addr, got)
		}
		if tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want a class mentioning %q", tc.addr, got, tc.want)
		}
	}
}

func TestRefusePrivateAddressForms(t *testing.T) {
	for _, tc := range []struct {
		address string
		want    string // in the error; "" for allowed
	}{
		{"8.8.8.8:443", ""},
		{"[2001:4860:4860::8888]:443", ""},
		{"127.0.0.1:80", "127.0.0.1 is a loopback address"},
		{"[::1]:80", "::1 is a loopback address"},
		{"[::ffff:169.254.169.254]:80", "::ffff:169.254.169.254 is an IPv4-mapped address embedding 169.254.169.254, the cloud metadata address"},
		{"[fe80::1%eth0]:80", "fe80::1%eth0 is a link-local address"},
		{"example.org:80", `cannot tell what "example.org:80" is`},
	} {
		err := refusePrivate(context.Background(), "tcp", tc.address, nil)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v, want allowed", tc.address, err)
			}
			continue
		}
		if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrPrivateAddress saying %q", tc.address, err, tc.want)
		}
	}
}

// countingServer serves a tiny feed and counts the requests it gets, so a
// test can tell "refused before connecting" from "connected and failed".
func countingServer(t *testing.T, l net.Listener) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		_, _ = w.Write([]byte("<rss/>"))
	})
	srv := httptest.NewUnstartedServer(h)
	if l != nil {
		srv.Listener.Close()
		srv.Listener = l
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestDenyPrivate(t *testing.T) {
	srv, hits := countingServer(t, nil)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	ctx := context.Background()

	for _, tc := range []struct {
		name    string
		opts    Options
		req     Request
		refused string // in the error; "" when the fetch must succeed
	}{
		{"guard off", Options{}, Request{URL: srv.URL}, ""},
		{"guard off, allow_private is moot", Options{}, Request{URL: srv.URL, AllowPrivate: true}, ""},
		{"loopback literal", Options{DenyPrivate: true}, Request{URL: srv.URL}, "127.0.0.1 is a loopback address"},
		{"host name resolving to loopback", Options{DenyPrivate: true}, Request{URL: "http://localhost:" + port + "/"}, "is a loopback address"},
		{"IPv4-mapped literal", Options{DenyPrivate: true}, Request{URL: "http://[::ffff:127.0.0.1]:" + port + "/"}, "127.0.0.1 is a loopback address"},
		{"unspecified address", Options{DenyPrivate: true}, Request{URL: "http://0.0.0.0:" + port + "/"}, `0.0.0.0 is a "this network" address`},
		{"allowed for its own host", Options{DenyPrivate: true}, Request{URL: srv.URL, AllowPrivate: true}, ""},
		{"allowed host by name", Options{DenyPrivate: true}, Request{URL: "http://LocalHost:" + port + "/", AllowPrivate: true}, ""},
		{"redirect within the allowed host", Options{DenyPrivate: true},
			Request{URL: srv.URL + "/?to=" + url.QueryEscape("/feed.xml"), AllowPrivate: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := hits.Load()
			tc.req.Source = "s"
			resp, err := NewClient(tc.opts).Fetch(ctx, tc.req)
			if tc.refused == "" {
				if err != nil {
					t.Fatal(err)
				}
				if string(resp.Body) != "<rss/>" {
					t.Errorf("body %q", resp.Body)
				}
				return
			}
			if !errors.Is(err, ErrPrivateAddress) || !strings.Contains(err.Error(), tc.refused) {
				t.Fatalf("err = %v, want ErrPrivateAddress saying %q", err, tc.refused)
			}
			for _, way := range []string{"allow_private: true", "fetch.deny_private: false"} {
				if !strings.Contains(err.Error(), way) {
					t.Errorf("error %q does not name the way out %q", err, way)
				}
			}
			if !strings.HasPrefix(err.Error(), `source "s": fetch `+tc.req.URL+": ") {
				t.Errorf("error %q does not name the source and URL", err)
			}
			if n := hits.Load() - before; n != 0 {
				t.Errorf("server got %d requests: the guard let the connection through", n)
			}
		})
	}
}

// TestAllowPrivateRedirectToOtherHost: the operator allowed one private
// host; a redirect from it to another private host is refused at dial time.
func TestAllowPrivateRedirectToOtherHost(t *testing.T) {
	from, _ := countingServer(t, nil)
	for _, addr := range []string{"127.0.0.2:0", "[::1]:0"} {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Logf("cannot listen on %s (%v): that case is skipped", addr, err)
			continue
		}
		srv, hits := countingServer(t, l)
		t.Run(addr, func(t *testing.T) { checkRedirectRefused(t, from.URL, srv.URL, hits) })
	}
	// Another name for the same loopback server is another host too.
	other, hits := countingServer(t, nil)
	t.Run("localhost", func(t *testing.T) {
		checkRedirectRefused(t, from.URL, strings.Replace(other.URL, "127.0.0.1", "localhost", 1), hits)
	})
	// The allowance is for the host, whatever the port.
	t.Run("same host, other port", func(t *testing.T) {
		c := NewClient(Options{DenyPrivate: true})
		_, err := c.Fetch(context.Background(), Request{URL: from.URL + "/?to=" + url.QueryEscape(other.URL+"/"), AllowPrivate: true})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func checkRedirectRefused(t *testing.T, from, to string, hits *atomic.Int32) {
	t.Helper()
	c := NewClient(Options{DenyPrivate: true})
	_, err := c.Fetch(context.Background(), Request{Source: "s", URL: from + "/?to=" + url.QueryEscape(to+"/feed.xml"), AllowPrivate: true})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("redirect to %s: err = %v, want ErrPrivateAddress", to, err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("redirect target got %d requests", n)
	}
	// Without the guard the target is there to be reached: the refusal
	// above is the guard's doing.
	if _, err := NewClient(Options{}).Fetch(context.Background(), Request{URL: to}); err != nil {
		t.Errorf("target unreachable even without the guard: %v", err)
	}
}

// TestAllowPrivateConnectionNotReused: a connection dialled for an
// allow-private request must not serve a later request without the
// allowance, though both go to the same host through the same Client.
func TestAllowPrivateConnectionNotReused(t *testing.T) {
	srv, hits := countingServer(t, nil)
	c := NewClient(Options{DenyPrivate: true})
	ctx := context.Background()
	for range 2 {
		if _, err := c.Fetch(ctx, Request{URL: srv.URL, AllowPrivate: true}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.Fetch(ctx, Request{URL: srv.URL})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("err = %v, want ErrPrivateAddress", err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("server got %d requests, want the 2 allowed ones", n)
	}
}

// TestDenyPrivateIgnoresProxy: through a proxy the guard would see only the
// proxy's address, so with DenyPrivate no transport uses one.
func TestDenyPrivateIgnoresProxy(t *testing.T) {
	u, _ := url.Parse("http://example.org/feed.xml")
	open := NewClient(Options{})
	if open.http.Transport.(*http.Transport).Proxy == nil {
		t.Error("without DenyPrivate the environment's proxy should be used")
	}
	c := NewClient(Options{DenyPrivate: true})
	if c.http.Transport.(*http.Transport).Proxy != nil {
		t.Error("shared transport uses a proxy despite DenyPrivate")
	}
	hc, done := c.clientFor(Request{AllowPrivate: true}, u)
	defer done()
	tr := hc.Transport.(*http.Transport)
	if tr.Proxy != nil || !tr.DisableKeepAlives {
		t.Errorf("allow-private transport: proxy set %v, keep-alives off %v; want no proxy, no keep-alive", tr.Proxy != nil, tr.DisableKeepAlives)
	}
	if hc == c.http {
		t.Error("allow-private request shares the guarded client")
	}
}

func TestCanonicalHost(t *testing.T) {
	for in, want := range map[string]string{
		"Example.ORG":            "example.org",
		"127.0.0.1":              "127.0.0.1",
		"::1":                    "::1",
		"教育.中国":                  "xn--wcvs22d.xn--fiqs8s",
		"xn--wcvs22d.xn--fiqs8s": "xn--wcvs22d.xn--fiqs8s",
	} {
		if got := canonicalHost(in); got != want {
			t.Errorf("canonicalHost(%q) = %q, want %q", in, got, want)
		}
	}
}
