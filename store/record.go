package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds"
)

// An item record of schema 3 is the item in a compact binary form: a format
// byte, then the fields, strings as uvarint length and bytes, lists as
// uvarint count and elements, times as described at appendTime. The fields
// a write or a source filter needs come first, so that decodeHead stops
// there. Compared with the JSON of schema 2 a record is some 300 bytes
// smaller (no field names, no quoting, short times), which lets two
// ~2 KB news items share a 4 KB page instead of taking one each, and it
// encodes and decodes several times faster.
//
// A record decodes to exactly the item that JSON would have given back
// (record_test.go checks every field against encoding/json), so readers
// see no difference. A field added to feeds.Item must be added here too;
// the test fails until it is.
//
// Format 2 is format 1 with ContentFrom at the end. An item without it is
// written in format 1, so that the records of stories with one source stay
// byte for byte what they were (an unchanged item is found by its bytes).
const (
	recordFormat            = 1
	recordFormatContentFrom = 2
)

var errRecord = errors.New("damaged item record")

// encodeItem appends the record of it to buf.
func encodeItem(buf []byte, it *feeds.Item) []byte {
	if buf == nil {
		// Room for the long fields and some, so that it is allocated once.
		n := 128 + len(it.Content) + len(it.Summary) + len(it.Title) + len(it.Link) + len(it.GUID) + len(it.ID) + len(it.RawPublished)
		buf = make([]byte, 0, n)
	}
	if it.ContentFrom != "" {
		buf = append(buf, recordFormatContentFrom)
	} else {
		buf = append(buf, recordFormat)
	}
	// Head.
	buf = appendString(buf, it.Source)
	buf = appendStrings(buf, it.Sources)
	buf = appendTime(buf, it.Published, false)
	buf = appendString(buf, string(it.DateFrom))
	buf = appendTime(buf, it.FirstSeen, true)
	// The rest.
	buf = appendString(buf, it.ID)
	buf = appendString(buf, it.GUID)
	if it.GUIDIsLink {
		buf = append(buf, 1)
	} else {
		buf = append(buf, 0)
	}
	buf = appendString(buf, it.Link)
	buf = appendString(buf, it.Title)
	buf = appendString(buf, it.Content)
	buf = appendString(buf, it.Summary)
	buf = appendStrings(buf, it.Authors)
	buf = appendStrings(buf, it.Categories)
	buf = appendStrings(buf, it.Tags)
	buf = binary.AppendUvarint(buf, uint64(len(it.Enclosures)))
	for _, e := range it.Enclosures {
		// Enclosure's fields, in order; record_test.go counts them.
		buf = appendString(buf, e.URL)
		buf = appendString(buf, e.Type)
		buf = binary.AppendVarint(buf, e.Length)
	}
	buf = appendTime(buf, it.Updated, true)
	buf = appendString(buf, it.RawPublished)
	buf = appendString(buf, it.RawUpdated)
	if it.ContentFrom != "" {
		buf = appendString(buf, it.ContentFrom)
	}
	return buf
}

// decodeItem decodes a record. Its strings share one copy of v.
func decodeItem(v []byte) (feeds.Item, error) {
	d, err := newRecordDecoder(v)
	if err != nil {
		return feeds.Item{}, err
	}
	var it feeds.Item
	d.head(&it.Source, &it.Sources, &it.Published, &it.DateFrom, &it.FirstSeen)
	it.ID = d.string()
	it.GUID = d.string()
	it.GUIDIsLink = d.byte() == 1
	it.Link = d.string()
	it.Title = d.string()
	it.Content = d.string()
	it.Summary = d.string()
	it.Authors = d.strings()
	it.Categories = d.strings()
	it.Tags = d.strings()
	if n := d.count(); n > 0 {
		it.Enclosures = make([]feeds.Enclosure, n)
		for i := range it.Enclosures {
			e := &it.Enclosures[i]
			e.URL, e.Type, e.Length = d.string(), d.string(), d.varint()
		}
	}
	it.Updated = d.time(true)
	it.RawPublished = d.string()
	it.RawUpdated = d.string()
	if d.format == recordFormatContentFrom {
		it.ContentFrom = d.string()
	}
	if d.err != nil {
		return feeds.Item{}, d.err
	}
	return it, nil
}

// decodeHead decodes the head of a record.
func decodeHead(v []byte) (itemHead, error) {
	d, err := newRecordDecoder(v)
	if err != nil {
		return itemHead{}, err
	}
	var h itemHead
	d.head(&h.Source, &h.Sources, &h.Published, &h.DateFrom, &h.FirstSeen)
	return h, d.err
}

// decodeStored decodes an item stored in either layout: JSON in a schema 1
// or 2 file, a record in schema 3.
func decodeStored(v []byte, legacy bool) (feeds.Item, error) {
	if !legacy {
		return decodeItem(v)
	}
	var it feeds.Item
	err := json.Unmarshal(v, &it)
	return it, err
}

// decodeStoredHead is decodeStored for the head.
func decodeStoredHead(v []byte, legacy bool) (itemHead, error) {
	if !legacy {
		return decodeHead(v)
	}
	var h itemHead
	err := json.Unmarshal(v, &h)
	return h, err
}

// appendString writes s as JSON would give it back: every byte that is not
// part of valid UTF-8 becomes U+FFFD.
func appendString(buf []byte, s string) []byte {
	if !utf8.ValidString(s) {
		s = jsonValidUTF8(s)
	}
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func jsonValidUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// appendStrings writes a list; an empty one reads back as nil, as the
// omitempty lists of JSON did.
func appendStrings(buf []byte, list []string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(list)))
	for _, s := range list {
		buf = appendString(buf, s)
	}
	return buf
}

// appendTime writes t as a flag byte (0: the zero time of a field JSON
// omits when zero), the instant (varint unix seconds, uvarint nanoseconds)
// and the zone offset in seconds. Decoding gives the location
// time.Time.UnmarshalJSON would: UTC for offset 0, Local when Local had that
// offset then, else a fixed zone. (Unlike JSON, an offset with seconds, as
// in the local mean times of old dates, is kept whole, and no year is out
// of range.)
func appendTime(buf []byte, t time.Time, omitZero bool) []byte {
	if omitZero && t.IsZero() {
		return append(buf, 0)
	}
	buf = append(buf, 1)
	_, offset := t.Zone()
	buf = binary.AppendVarint(buf, t.Unix())
	buf = binary.AppendUvarint(buf, uint64(t.Nanosecond()))
	return binary.AppendVarint(buf, int64(offset))
}

// recordDecoder reads a record; the first error sticks and reads after it
// give zero values.
type recordDecoder struct {
	s      string // the record, copied once
	format byte
	err    error
}

func newRecordDecoder(v []byte) (*recordDecoder, error) {
	if len(v) == 0 || v[0] != recordFormat && v[0] != recordFormatContentFrom {
		return nil, fmt.Errorf("%w: unknown format", errRecord)
	}
	return &recordDecoder{s: string(v[1:]), format: v[0]}, nil
}

func (d *recordDecoder) head(source *string, sources *[]string, published *time.Time, from *feeds.DateSource, firstSeen *time.Time) {
	*source = d.string()
	*sources = d.strings()
	*published = d.time(false)
	*from = feeds.DateSource(d.string())
	*firstSeen = d.time(true)
}

func (d *recordDecoder) fail() {
	if d.err == nil {
		d.err = errRecord
	}
	d.s = ""
}

func (d *recordDecoder) byte() byte {
	if len(d.s) == 0 {
		d.fail()
		return 0
	}
	b := d.s[0]
	d.s = d.s[1:]
	return b
}

func (d *recordDecoder) uvarint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		b := d.byte()
		if d.err != nil {
			return 0
		}
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	d.fail()
	return 0
}

func (d *recordDecoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a length that must fit in what is left of the record.
func (d *recordDecoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *recordDecoder) string() string {
	n := d.count()
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *recordDecoder) strings() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = d.string()
	}
	return list
}

func (d *recordDecoder) time(omitZero bool) time.Time {
	if d.byte() == 0 {
		if omitZero || d.err != nil {
			return time.Time{}
		}
		d.fail()
		return time.Time{}
	}
	sec, nsec, offset := d.varint(), d.uvarint(), d.varint()
	if d.err != nil || nsec >= 1e9 {
		d.fail()
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	if offset == 0 {
		return t.UTC()
	}
	if _, local := t.Zone(); int64(local) == offset {
		return t // time.Unix gives Local
	}
	return t.In(time.FixedZone("", int(offset)))
}
