package fetch

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// replacementChar stands in for bytes that decode to nothing.
var replacementChar = []byte("\uFFFD")

// ToUTF8 converts a feed body to UTF-8 and reports the charset the bytes
// arrived in ("utf-8", "gbk", "gb18030", "big5", "utf-16le", ...).
//
// The evidence is weighed in this order: a byte order mark; UTF-16 without
// one, recognised by the shape of "<?"; bytes that are already UTF-8 (prologs
// and servers lie, the bytes do not); the XML prolog's encoding=; the
// charset an HTML page declares in a <meta> tag; the Content-Type charset;
// finally GB18030, since the sources are mostly Chinese
// sites and it is a superset of GB2312 and GBK. GB2312 and GBK labels are
// decoded as GB18030 for the same reason. An unknown or unusable label is
// skipped, never fatal.
//
// The output has no BOM, and an XML prolog naming another encoding is
// rewritten to say UTF-8, so that a parser honouring it does not decode the
// text a second time. Bytes no decoder can map become U+FFFD, so the output is
// always valid UTF-8. When body is already clean UTF-8 the result shares its
// memory and nothing is allocated. err is non-nil only if a decoder fails
// internally; out is still valid UTF-8 then.
func ToUTF8(body []byte, contentType string) (out []byte, charset string, err error) {
	switch {
	case bytes.HasPrefix(body, utf8BOM):
		return rewriteProlog(validUTF8(body[len(utf8BOM):])), "utf-8", nil
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", body)
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", body)
	case bytes.HasPrefix(body, []byte{'<', 0, '?', 0}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", body)
	case bytes.HasPrefix(body, []byte{0, '<', 0, '?'}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", body)
	}

	if utf8.Valid(body) {
		return rewriteProlog(body), "utf-8", nil
	}
	if mostlyUTF8(body) {
		// A UTF-8 feed with a stray broken byte: one bad character beats
		// decoding the whole feed into mojibake.
		return rewriteProlog(validUTF8(body)), "utf-8", nil
	}

	for _, label := range []string{prologEncoding(body), metaCharset(body), headerCharset(contentType)} {
		enc, name := lookupEncoding(label)
		if enc == nil {
			continue
		}
		return decodeWith(enc, name, body)
	}
	return decodeWith(simplifiedchinese.GB18030, "gb18030", body)
}

// decodeWith decodes body with enc and rewrites the prolog. On a decoder
// failure it still returns valid UTF-8 alongside the error.
func decodeWith(enc encoding.Encoding, name string, body []byte) ([]byte, string, error) {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return rewriteProlog(validUTF8(body)), name, fmt.Errorf("decode %s: %w", name, err)
	}
	// Decoders map bad input to U+FFFD already; validUTF8 is a cheap guard.
	return rewriteProlog(validUTF8(out)), name, nil
}

// lookupEncoding maps a charset label to a decoder for ASCII-compatible
// bytes. It returns nil for unknown labels, for UTF-8 (the caller has already
// found the bytes are not UTF-8, so the label is wrong) and for labels that
// cannot describe bytes in which an ASCII prolog was readable.
func lookupEncoding(label string) (encoding.Encoding, string) {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil, ""
	}
	enc, name := charset.Lookup(label)
	switch name {
	case "", "utf-8", "utf-16le", "utf-16be", "replacement", "x-user-defined":
		return nil, ""
	case "gbk", "gb18030":
		// GB18030 is a superset of GBK and GB2312; sites labelled GB2312
		// routinely use characters outside it.
		return simplifiedchinese.GB18030, name
	}
	return enc, name
}

// mostlyUTF8 reports whether b reads as UTF-8 text with the odd broken
// sequence. GBK and Big5 text form valid UTF-8 sequences only by accident,
// alongside many more invalid ones, so a low error rate among multi-byte
// characters is a reliable sign.
func mostlyUTF8(b []byte) bool {
	var multi, bad int
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			multi++
		}
		i += size
	}
	return multi > 0 && bad*20 <= multi
}

// validUTF8 returns b when it is valid UTF-8, else a copy with each invalid
// run replaced by U+FFFD.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, replacementChar)
}

// headerCharset returns the charset parameter of a Content-Type value.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return params["charset"]
	}
	// Malformed headers are common; look for the parameter by hand. (Not
	// via strings.ToLower: it can change byte offsets.)
	const key = "charset="
	i := 0
	for ; i+len(key) <= len(contentType); i++ {
		if strings.EqualFold(contentType[i:i+len(key)], key) {
			break
		}
	}
	if i+len(key) > len(contentType) {
		return ""
	}
	v := contentType[i+len(key):]
	if j := strings.IndexAny(v, "; \t"); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}

// prologEncoding returns the encoding named by body's XML declaration, if any.
func prologEncoding(body []byte) string {
	start, end := encodingSpan(body)
	if start < 0 {
		return ""
	}
	return string(body[start:end])
}

// rewriteProlog makes an XML declaration in UTF-8 text say encoding="UTF-8".
// It returns b itself when there is nothing to change.
func rewriteProlog(b []byte) []byte {
	start, end := encodingSpan(b)
	if start < 0 || bytes.EqualFold(b[start:end], []byte("utf-8")) {
		return b
	}
	const utf8Label = "UTF-8"
	out := make([]byte, 0, len(b)-(end-start)+len(utf8Label))
	out = append(out, b[:start]...)
	out = append(out, utf8Label...)
	return append(out, b[end:]...)
}

// maxProlog bounds the search for the end of an XML declaration.
const maxProlog = 1024

// encodingSpan finds the value of encoding="..." in the XML declaration at
// the start of b (leading whitespace tolerated, as parsers in the field do).
// It returns -1, -1 when there is no declaration or it names no encoding.
func encodingSpan(b []byte) (start, end int) {
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	off := len(b) - len(trimmed)
	const open = "<?xml"
	if !bytes.HasPrefix(trimmed, []byte(open)) || len(trimmed) == len(open) {
		return -1, -1
	}
	if c := trimmed[len(open)]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
		return -1, -1 // <?xml-stylesheet ...?> or similar, not a declaration
	}
	decl := trimmed[:min(len(trimmed), maxProlog)]
	closeAt := bytes.Index(decl, []byte("?>"))
	if closeAt < 0 {
		return -1, -1
	}
	decl = decl[:closeAt]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return -1, -1
	}
	i = skipSpace(decl, i+len("encoding"))
	if i >= len(decl) || decl[i] != '=' {
		return -1, -1
	}
	i = skipSpace(decl, i+1)
	if i >= len(decl) || (decl[i] != '"' && decl[i] != '\'') {
		return -1, -1
	}
	n := bytes.IndexByte(decl[i+1:], decl[i])
	if n < 0 {
		return -1, -1
	}
	return off + i + 1, off + i + 1 + n
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// maxMetaScan bounds the search for an HTML page's <meta> charset. Pages of
// Chinese CMSs put it after long comment banners and script blocks, well
// past the 1024 bytes the HTML standard's prescan looks at.
const maxMetaScan = 64 << 10

// metaCharset returns the charset an HTML page declares in its head, as
// <meta charset="gbk"> or <meta http-equiv="Content-Type"
// content="text/html; charset=gb2312">, or "" when none comes before
// </head> or maxMetaScan bytes. Only ASCII is compared, so it reads bytes in
// any ASCII-compatible encoding.
func metaCharset(body []byte) string {
	b := body[:min(len(body), maxMetaScan)]
	for {
		i := indexFold(b, "<meta")
		if i < 0 {
			return ""
		}
		if h := indexFold(b[:i], "</head"); h >= 0 {
			return ""
		}
		b = b[i+len("<meta"):]
		end := bytes.IndexByte(b, '>')
		if end < 0 {
			return ""
		}
		tag := b[:end]
		if j := bytes.Index(bytes.ToLower(tag), []byte("charset")); j >= 0 {
			v := bytes.TrimLeft(tag[j+len("charset"):], " \t\r\n")
			if len(v) > 0 && v[0] == '=' {
				v = bytes.TrimLeft(v[1:], " \t\r\n\"'")
				k := 0
				for k < len(v) && (isAlnum(v[k]) || v[k] == '-' || v[k] == '_' || v[k] == '.' || v[k] == ':') {
					k++
				}
				if k > 0 {
					return string(v[:k])
				}
			}
		}
		b = b[end:]
	}
}

// indexFold is bytes.Index ignoring ASCII case, for a needle that starts
// with a byte that has no case ('<', say).
func indexFold(b []byte, needle string) int {
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], needle[0])
		if i < 0 {
			return -1
		}
		i += off
		if i+len(needle) > len(b) {
			return -1
		}
		if strings.EqualFold(string(b[i:i+len(needle)]), needle) {
			return i
		}
		off = i + 1
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
