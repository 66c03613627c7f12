package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestRecordCoversItem fails when feeds.Item or feeds.Enclosure gains a
// field: encodeItem and decodeItem must learn it (and then this list).
func TestRecordCoversItem(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want []string
	}{
		{reflect.TypeFor[feeds.Item](), []string{"ID", "Source", "Sources", "GUID", "GUIDIsLink", "Link", "Title", "Content", "Summary",
			"ContentFrom", "Authors", "Categories", "Tags", "Enclosures", "Published", "Updated", "DateFrom", "FirstSeen", "RawPublished", "RawUpdated", "Text", "Keys"}},
		{reflect.TypeFor[feeds.Enclosure](), []string{"URL", "Type", "Length"}},
	}
	for _, tt := range tests {
		var got []string
		for f := range tt.typ.Fields() {
			got = append(got, f.Name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s has fields %v; the record codes %v (Text and Keys are not stored)", tt.typ, got, tt.want)
		}
	}
}

// viaJSON is it as schema 2 stored and read it back.
func viaJSON(t *testing.T, it feeds.Item) feeds.Item {
	t.Helper()
	v, err := encodeJSON(it)
	if err != nil {
		t.Fatal(err)
	}
	var back feeds.Item
	if err := json.Unmarshal(v, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

func TestRecordMatchesJSON(t *testing.T) {
	full := feeds.Item{
		ID: feeds.NewID("moe", "1"), Source: "moe", Sources: []string{"moe", "portal"},
		GUID: "https://moe.gov.cn/1.html", GUIDIsLink: true, Link: "https://moe.gov.cn/1.html",
		Title: "教育部召开2025年年中推进会", Content: "<p>正文 & <b>加粗</b></p>", Summary: "正文 加粗",
		Authors: []string{"王五"}, Categories: []string{"政策", ""}, Tags: []string{"policy"},
		Enclosures: []feeds.Enclosure{{URL: "https://moe.gov.cn/1.pdf", Type: "application/pdf", Length: 12345}, {URL: "u"}},
		Published:  day, Updated: day.Add(time.Hour), DateFrom: feeds.DateFromFeed, FirstSeen: day.Add(2 * time.Hour),
		RawPublished: "2025年11月20日 09:30", RawUpdated: "Thu, 20 Nov 2025 10:30:00 +0800",
		Keys: feeds.Keys{GUID: "x"},
	}
	zoned := func(loc *time.Location) feeds.Item {
		it := full
		it.Published = time.Date(2025, 11, 20, 9, 30, 0, 123456789, loc)
		it.Updated = it.Published.Add(time.Minute)
		it.FirstSeen = it.Published.Add(time.Hour).In(time.UTC)
		return it
	}
	tests := []struct {
		name string
		it   feeds.Item
	}{
		{"every field", full},
		{"content from another source", func() feeds.Item { it := full; it.ContentFrom = "portal"; return it }()},
		{"zero item", feeds.Item{}},
		{"empty lists", feeds.Item{Sources: []string{}, Tags: []string{}, Enclosures: []feeds.Enclosure{}}},
		{"UTC", zoned(time.UTC)},
		{"Local", zoned(time.Local)},
		{"fixed zone", zoned(time.FixedZone("CST", 8*3600))},
		{"negative offset", zoned(time.FixedZone("", -(3*3600 + 30*60)))},
		{"pre-1970", feeds.Item{Published: time.Date(1969, 7, 20, 20, 17, 40, 5, time.UTC)}},
		{"zero published in a zone", feeds.Item{Published: time.Time{}.In(time.FixedZone("", 3600))}},
		{"invalid UTF-8", feeds.Item{Title: "bad \xff\xfe byte", Tags: []string{"\xc3"}, Enclosures: []feeds.Enclosure{{URL: "\x80"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := viaJSON(t, tt.it)
			got, err := decodeItem(encodeItem(nil, &tt.it))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("record gives\n%#v\nJSON gives\n%#v", got, want)
			}
			head, err := decodeHead(encodeItem(nil, &tt.it))
			if err != nil {
				t.Fatal(err)
			}
			wantHead := itemHead{Source: want.Source, Sources: want.Sources, Published: want.Published, DateFrom: want.DateFrom, FirstSeen: want.FirstSeen}
			if !reflect.DeepEqual(head, wantHead) {
				t.Errorf("head %+v, want %+v", head, wantHead)
			}
		})
	}
}

// TestRecordDamaged: every truncation of a record is an error, not a panic
// or a wrong item.
func TestRecordDamaged(t *testing.T) {
	it := benchPoll(1, 1)[0]
	it.Enclosures = []feeds.Enclosure{{URL: "https://x/1.mp3", Length: 9}}
	v := encodeItem(nil, &it)
	for n := range len(v) {
		if _, err := decodeItem(v[:n]); err == nil {
			t.Fatalf("a record cut to %d of %d bytes decoded", n, len(v))
		}
	}
	it.ContentFrom = "portal"
	v2 := encodeItem(nil, &it)
	for n := range len(v2) {
		if _, err := decodeItem(v2[:n]); err == nil {
			t.Fatalf("a record with ContentFrom cut to %d of %d bytes decoded", n, len(v2))
		}
	}
	if _, err := decodeItem(append([]byte{recordFormatContentFrom + 1}, v[1:]...)); err == nil {
		t.Error("a record of an unknown format decoded")
	}
}

func FuzzDecodeItem(f *testing.F) {
	for _, it := range benchPoll(2, 3) {
		f.Add(encodeItem(nil, &it))
	}
	f.Add(encodeItem(nil, &feeds.Item{}))
	f.Add(encodeItem(nil, &feeds.Item{Source: "moe", Sources: []string{"moe", "portal"}, ContentFrom: "portal"}))
	f.Fuzz(func(t *testing.T, v []byte) {
		it, err := decodeItem(v)
		if err != nil {
			return
		}
		// What decodes encodes to a record that decodes; a damaged
		// record's invalid UTF-8 is mended once (testdata/fuzz has one),
		// and after that the round trip changes nothing.
		once, err := decodeItem(encodeItem(nil, &it))
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		twice, err := decodeItem(encodeItem(nil, &once))
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		if !reflect.DeepEqual(once, twice) {
			t.Fatalf("round trip changed the item:\n%#v\n%#v", once, twice)
		}
	})
}
