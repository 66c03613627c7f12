package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"

	"golang.org/x/net/idna"
)

// ErrPrivateAddress means Options.DenyPrivate refused a connection to an
// address that is not on the public internet: loopback, private, link-local
// (cloud metadata), CGNAT, multicast, reserved, or such an address wrapped in
// IPv6. The wrapping error names the address and its kind.
var ErrPrivateAddress = errors.New("refused to connect to a non-public address")

// privateWaysOut tells the operator, in the error of a refused fetch, the
// two ways to let a feed on their own network through.
const privateWaysOut = "fetch.deny_private is on, the default: for a feed on your own network set allow_private: true " +
	"on its source, which lets it reach its own host only, or set fetch.deny_private: false to turn the guard off for all sources"

// refusePrivate is a net.Dialer ControlContext. It runs after name
// resolution, on the very address about to be connected to, so a host name
// that resolves to a private address (or that a DNS rebinding attack switches
// to one between two lookups) is refused like an IP literal.
func refusePrivate(_ context.Context, _, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		// Not an IP address: nothing we can vouch for.
		return fmt.Errorf("%w: cannot tell what %q is", ErrPrivateAddress, address)
	}
	if class := addrClass(ap.Addr()); class != "" {
		return fmt.Errorf("%w: %s is %s (%s)", ErrPrivateAddress, ap.Addr(), class, privateWaysOut)
	}
	return nil
}

// guardedDial returns a DialContext that applies refusePrivate to every
// connection except those to allowHost (a host name or IP literal as
// canonicalHost gives it; empty allows none).
func guardedDial(base *net.Dialer, allowHost string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	guarded := *base
	guarded.ControlContext = refusePrivate
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if allowHost != "" {
			if host, _, err := net.SplitHostPort(addr); err == nil && canonicalHost(host) == allowHost {
				return base.DialContext(ctx, network, addr)
			}
		}
		return guarded.DialContext(ctx, network, addr)
	}
}

// canonicalHost is host as the transport dials it (IDNA ASCII form), lower
// case, so that the host of a URL and the host of a dial address compare
// equal. A name that is not valid IDNA is kept as is: it then only matches
// itself, which fails closed.
func canonicalHost(host string) string {
	if a, err := idna.Lookup.ToASCII(host); err == nil {
		host = a
	}
	return strings.ToLower(host)
}

// Address ranges that are not on the public internet, each with the words
// that name it in an error. The first range holding an address names it, so
// a more specific range comes before the range around it.
var (
	privateV4 = []addrRange{
		{netip.MustParsePrefix("0.0.0.0/8"), "a \"this network\" address, which reaches the local host"},
		{netip.MustParsePrefix("10.0.0.0/8"), "a private address (RFC 1918)"},
		{netip.MustParsePrefix("100.64.0.0/10"), "a shared carrier-grade NAT address (RFC 6598)"},
		{netip.MustParsePrefix("127.0.0.0/8"), "a loopback address"},
		{netip.MustParsePrefix("169.254.169.254/32"), "the cloud metadata address"},
		{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address"},
		{netip.MustParsePrefix("172.16.0.0/12"), "a private address (RFC 1918)"},
		{netip.MustParsePrefix("192.0.0.0/24"), "a reserved IETF protocol address"},
		{netip.MustParsePrefix("192.0.2.0/24"), "a reserved documentation address"},
		{netip.MustParsePrefix("192.168.0.0/16"), "a private address (RFC 1918)"},
		{netip.MustParsePrefix("198.18.0.0/15"), "a reserved benchmarking address"},
		{netip.MustParsePrefix("198.51.100.0/24"), "a reserved documentation address"},
		{netip.MustParsePrefix("203.0.113.0/24"), "a reserved documentation address"},
		{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
		{netip.MustParsePrefix("255.255.255.255/32"), "the broadcast address"},
		{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	}
	privateV6 = []addrRange{
		{netip.MustParsePrefix("::/128"), "the unspecified address, which reaches the local host"},
		{netip.MustParsePrefix("::1/128"), "a loopback address"},
		{netip.MustParsePrefix("::/96"), "a deprecated IPv4-compatible address"},
		{netip.MustParsePrefix("64:ff9b:1::/48"), "a local-use NAT64 address (RFC 8215)"},
		{netip.MustParsePrefix("100::/64"), "a discard-only address"},
		{netip.MustParsePrefix("2001:db8::/32"), "a reserved documentation address"},
		{netip.MustParsePrefix("fc00::/7"), "a private (unique local) address"},
		{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
		{netip.MustParsePrefix("fec0::/10"), "a deprecated site-local address"},
		{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
	}
)

type addrRange struct {
	prefix netip.Prefix
	class  string
}

// IPv6 ranges that carry an IPv4 address, which decides whether the whole
// address is public. (IPv4-mapped addresses are netip's Is4In6.)
var (
	nat64Prefix      = netip.MustParsePrefix("64:ff9b::/96")    // RFC 6052 well-known prefix
	translatedPrefix = netip.MustParsePrefix("::ffff:0:0:0/96") // RFC 2765 SIIT
	sixToFourPrefix  = netip.MustParsePrefix("2002::/16")       // RFC 3056
	teredoPrefix     = netip.MustParsePrefix("2001::/32")       // RFC 4380
)

// addrClass names the kind of non-public address ip is, with its article
// ("a loopback address"), or returns "" for a public address. IPv6 forms
// that embed an IPv4 address (IPv4-mapped, NAT64, SIIT, 6to4, Teredo) are
// judged by the address they embed, since that is where the packets go.
func addrClass(ip netip.Addr) string {
	ip = ip.WithZone("")
	if ip.Is4In6() {
		return embedded("an IPv4-mapped address", ip.Unmap())
	}
	if ip.Is4() {
		for _, r := range privateV4 {
			if r.prefix.Contains(ip) {
				return r.class
			}
		}
		return ""
	}
	b := ip.As16()
	switch {
	case nat64Prefix.Contains(ip):
		return embedded("a NAT64 address", netip.AddrFrom4([4]byte(b[12:16])))
	case translatedPrefix.Contains(ip):
		return embedded("an IPv4-translated address", netip.AddrFrom4([4]byte(b[12:16])))
	case sixToFourPrefix.Contains(ip):
		return embedded("a 6to4 address", netip.AddrFrom4([4]byte(b[2:6])))
	case teredoPrefix.Contains(ip):
		// The client's address is stored inverted in the last four bytes.
		client := [4]byte{^b[12], ^b[13], ^b[14], ^b[15]}
		return embedded("a Teredo address", netip.AddrFrom4(client))
	}
	for _, r := range privateV6 {
		if r.prefix.Contains(ip) {
			return r.class
		}
	}
	return ""
}

// embedded classifies the IPv4 address v4 found inside an IPv6 address of
// the given kind.
func embedded(kind string, v4 netip.Addr) string {
	class := addrClass(v4)
	if class == "" {
		return ""
	}
	return fmt.Sprintf("%s embedding %s, %s", kind, v4, class)
}
