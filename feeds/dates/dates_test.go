package dates

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/edufeed/edufeed/feeds/internal/chars"
)

// cst is China's +08:00, as the results of parsing are compared with it.
var cst = time.FixedZone("CST", 8*3600)

// januaryNow is a fetch time early in a year, for year-less dates written
// in the December before it.
var januaryNow = time.Date(2026, 1, 10, 9, 0, 0, 0, cst)

func TestParse(t *testing.T) {
	decemberNow := time.Date(2025, 12, 20, 9, 0, 0, 0, cst)
	tests := []struct {
		in   string
		now  time.Time
		want string // RFC 3339; "" when the string must not parse
	}{
		// RFC 822 / 1123 and relatives
		{"Tue, 23 Jul 2024 10:00:00 +0800", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"Tue, 23 Jul 2024 10:00:00 GMT", januaryNow, "2024-07-23T10:00:00Z"},
		{"Tue, 23 Jul 2024 10:00:00 CST", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"Tue, 23 Jul 2024 10:00:00 +0800 (CST)", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"23 Jul 2024 10:00:00 +0000", januaryNow, "2024-07-23T10:00:00Z"},
		{"Tue, 23 Jul 2024 10:00 UTC", januaryNow, "2024-07-23T10:00:00Z"},
		{"Tue, 3 Jul 2024 10:00:00 -0500", januaryNow, "2024-07-03T10:00:00-05:00"},
		{"Tue, 23 Jul 24 10:00:00 EDT", januaryNow, "2024-07-23T10:00:00-04:00"},
		{"Tuesday, 23-Jul-24 10:00:00 UTC", januaryNow, "2024-07-23T10:00:00Z"},
		{"Tue, 23 Jul 2024 10:00:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"Tue, 23 Jul 2024 10:00:00 GMT+8", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"Tue Jul 23 10:00:00 2024", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"Tue Jul 23 10:00:00 CST 2024", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"Thu, 01 Jan 1970 00:00:00 +0000", januaryNow, "1970-01-01T00:00:00Z"},
		// RFC 3339 / ISO 8601
		{"2024-07-23T10:00:00Z", januaryNow, "2024-07-23T10:00:00Z"},
		{"2024-07-23T10:00:00+08:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024-07-23T10:00:00.123456789+08:00", januaryNow, "2024-07-23T10:00:00.123456789+08:00"},
		{"2024-07-23T02:00:00.000Z", januaryNow, "2024-07-23T02:00:00Z"},
		{"2024-07-23T10:00:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024-07-23 10:00:00.5", januaryNow, "2024-07-23T10:00:00.5+08:00"},
		{"2024-07-23 10:00:00 +0800", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"1970-01-01", januaryNow, "1970-01-01T00:00:00+08:00"},
		// Chinese forms
		{"2024年7月23日", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"2024年7月23日 10:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024年07月23日10:00:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024年7月23日 下午3:05", januaryNow, "2024-07-23T15:05:00+08:00"},
		{"2024年7月23日 上午9:05", januaryNow, "2024-07-23T09:05:00+08:00"},
		{"2024年7月23日 晚上8:00", januaryNow, "2024-07-23T20:00:00+08:00"},
		{"2024年7月23日 中午12:30", januaryNow, "2024-07-23T12:30:00+08:00"},
		{"2024年7月23日 凌晨12:30", januaryNow, "2024-07-23T00:30:00+08:00"},
		{"2024年7月23日 星期二 10:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024年7月23日（周二）10:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024年7月23日 10时30分", januaryNow, "2024-07-23T10:30:00+08:00"},
		{"2024年7月23号", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"2025年11月20日 09:30", januaryNow, "2025-11-20T09:30:00+08:00"},
		{"2024-07-23 10:00:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024-07-23 10:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024-7-23 9:05", januaryNow, "2024-07-23T09:05:00+08:00"},
		{"2024/7/23", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"2024/07/23 10:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"2024.07.23", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"20240723", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"202407231030", januaryNow, "2024-07-23T10:30:00+08:00"},
		{"20240723103015", januaryNow, "2024-07-23T10:30:15+08:00"},
		{"20240723T103015Z", januaryNow, "2024-07-23T10:30:15Z"},
		{"20240723 10:30", januaryNow, "2024-07-23T10:30:00+08:00"},
		{"发布时间：2024-07-23 10:00", januaryNow, "2024-07-23T10:00:00+08:00"},
		{"[2024-07-23]", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"【2024年7月23日】", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"（2024-07-23）", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"２０２４－０７－２３　１０：００", januaryNow, "2024-07-23T10:00:00+08:00"},
		{" \u00a02024-07-23\u200b ", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"2024年2月29日", januaryNow, "2024-02-29T00:00:00+08:00"},
		// year-less: this year, or last year when this year is in the future
		{"07-23", januaryNow, "2025-07-23T00:00:00+08:00"},
		{"07-23 10:00", januaryNow, "2025-07-23T10:00:00+08:00"},
		{"7月23日", januaryNow, "2025-07-23T00:00:00+08:00"},
		{"7月23日 10:00", januaryNow, "2025-07-23T10:00:00+08:00"},
		{"12-28 18:00", januaryNow, "2025-12-28T18:00:00+08:00"},
		{"01-09", januaryNow, "2026-01-09T00:00:00+08:00"},
		{"01-11 08:00", januaryNow, "2025-01-11T08:00:00+08:00"}, // 23 h ahead: last year
		{"01-10 09:05", januaryNow, "2026-01-10T09:05:00+08:00"}, // 5 min ahead: a fast clock
		{"01-10 09:30", januaryNow, "2025-01-10T09:30:00+08:00"}, // 30 min ahead: last year
		{"01-12", januaryNow, "2025-01-12T00:00:00+08:00"},       // 39 h ahead: last year
		{"12-19", decemberNow, "2025-12-19T00:00:00+08:00"},
		{"12月21日 08:00", decemberNow, "2024-12-21T08:00:00+08:00"}, // 23 h ahead: last year
		{"1月5日", decemberNow, "2025-01-05T00:00:00+08:00"},
		// relative to now
		{"刚刚", januaryNow, "2026-01-10T09:00:00+08:00"},
		{"5分钟前", januaryNow, "2026-01-10T08:55:00+08:00"},
		{"30 秒前", januaryNow, "2026-01-10T08:59:30+08:00"},
		{"3小时前", januaryNow, "2026-01-10T06:00:00+08:00"},
		{"3个小时前", januaryNow, "2026-01-10T06:00:00+08:00"},
		{"半小时前", januaryNow, "2026-01-10T08:30:00+08:00"},
		{"2天前", januaryNow, "2026-01-08T09:00:00+08:00"},
		{"1周前", januaryNow, "2026-01-03T09:00:00+08:00"},
		{"2个月前", januaryNow, "2025-11-10T09:00:00+08:00"},
		{"今天 08:30", januaryNow, "2026-01-10T08:30:00+08:00"},
		{"昨天 08:30", januaryNow, "2026-01-09T08:30:00+08:00"},
		{"昨天 下午3:05", januaryNow, "2026-01-09T15:05:00+08:00"},
		{"前天", januaryNow, "2026-01-08T00:00:00+08:00"},
		{"2 hours ago", januaryNow, "2026-01-10T07:00:00+08:00"},
		{"an hour ago", januaryNow, "2026-01-10T08:00:00+08:00"},
		{"yesterday", januaryNow, "2026-01-09T00:00:00+08:00"},
		// English
		{"July 23, 2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"Jul. 23, 2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"Tuesday, July 23rd, 2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"July 23, 2024 3:05 PM", januaryNow, "2024-07-23T15:05:00+08:00"},
		{"July 23, 2024 at 12:05 am EDT", januaryNow, "2024-07-23T00:05:00-04:00"},
		{"23 Jul 2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"23 July 2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"07/23/2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"23/07/2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"23.07.2024", januaryNow, "2024-07-23T00:00:00+08:00"},
		{"1721700000", januaryNow, "2024-07-23T02:00:00Z"},
		// not dates
		{"", januaryNow, ""},
		{"   ", januaryNow, ""},
		{"abc", januaryNow, ""},
		{"2024-13-01", januaryNow, ""},
		{"2024-02-30", januaryNow, ""},
		{"2023年2月29日", januaryNow, ""},
		{"2024-07-23 25:00", januaryNow, ""},
		{"2024-07-23 10:61", januaryNow, ""},
		{"2024-07-231", januaryNow, ""},
		{"202407231", januaryNow, ""},
		{"20240723103", januaryNow, ""},
		{"时间：", januaryNow, ""},
		{"2024-07-23 10:00 foo", januaryNow, ""},
		{"2024-07-23 10:00:00 +2500", januaryNow, ""},
		{"2024-07-23 15:00 pm", januaryNow, ""},
		{"2024年7月23日 上午15:00", januaryNow, ""},
		{"2024年", januaryNow, ""},
		{"7月", januaryNow, ""},
		{"July 2024", januaryNow, ""},
		{"Tue, 23 Foo 2024 10:00:00 GMT", januaryNow, ""},
		{"Foo, 23 Jul 2024 10:00:00 GMT", januaryNow, ""},
		{"下午3:05", januaryNow, ""},
		{"0-0", januaryNow, ""},
		{"00-00", januaryNow, ""},
		{"未知", januaryNow, ""},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in, nil, tt.now)
		if tt.want == "" {
			if ok {
				t.Errorf("Parse(%q) = %v, want no date", tt.in, got)
			}
			continue
		}
		want, err := time.Parse(time.RFC3339Nano, tt.want)
		if err != nil {
			t.Fatal(err)
		}
		if !ok || !got.Equal(want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, ok, want)
			continue
		}
		if _, off := got.Zone(); off != offsetOf(want) {
			t.Errorf("Parse(%q) = %v: offset %d, want %d", tt.in, got, off, offsetOf(want))
		}
	}
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

// TestParseDateZone checks the classic eight-hour bug from both sides: a
// naive time is China time unless the caller says otherwise.
func TestParseZone(t *testing.T) {
	got, ok := Parse("2024-07-23 10:00:00", nil, januaryNow)
	if want := time.Date(2024, 7, 23, 2, 0, 0, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("nil loc: %v, want %v", got, want)
	}
	got, ok = Parse("2024-07-23 10:00:00", cst, januaryNow)
	if want := time.Date(2024, 7, 23, 2, 0, 0, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("CST loc: %v, want %v", got, want)
	}
	got, ok = Parse("2024-07-23 10:00:00", time.UTC, januaryNow)
	if want := time.Date(2024, 7, 23, 10, 0, 0, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("UTC loc: %v, want %v", got, want)
	}
	// An explicit zone wins over loc.
	got, ok = Parse("Tue, 23 Jul 2024 10:00:00 CST", time.UTC, januaryNow)
	if want := time.Date(2024, 7, 23, 2, 0, 0, 0, time.UTC); !ok || !got.Equal(want) || offsetOf(got) != 8*3600 {
		t.Errorf("CST name: %v, want %v at +08:00", got, want)
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		t    time.Time
		now  time.Time
		want bool
	}{
		{time.Unix(0, 0), januaryNow, false},
		{time.Date(1990, 6, 1, 0, 0, 0, 0, cst), januaryNow, false},
		{time.Date(1994, 12, 31, 23, 59, 0, 0, time.UTC), januaryNow, false},
		{time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC), januaryNow, true},
		{time.Date(2024, 7, 23, 10, 0, 0, 0, cst), januaryNow, true},
		{januaryNow.Add(23 * time.Hour), januaryNow, true},
		{januaryNow.Add(24 * time.Hour), januaryNow, true},
		{januaryNow.Add(25 * time.Hour), januaryNow, false},
		{time.Date(2030, 1, 1, 0, 0, 0, 0, cst), januaryNow, false},
		{time.Date(2030, 1, 1, 0, 0, 0, 0, cst), time.Time{}, true},
		{time.Time{}, januaryNow, false},
	}
	for _, tt := range tests {
		if got := Valid(tt.t, tt.now); got != tt.want {
			t.Errorf("Valid(%v, %v) = %v, want %v", tt.t, tt.now, got, tt.want)
		}
	}
}

func TestFromLink(t *testing.T) {
	tests := []struct {
		link string
		want string // date at midnight in China; "" for none
	}{
		{"https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml", "2024-07-24"},
		{"/news/2024/0724/moe-midyear.shtml?utm_source=rss", "2024-07-24"},
		{"http://www.moe.gov.cn/jyb_xwfb/gzdt_gzdt/s5987/202407/t20240723_1142291.html", "2024-07-23"},
		{"http://www.news.cn/politics/2024-07/23/c_1130170000.htm", "2024-07-23"},
		{"https://example.edu.cn/2024-07-23/story.html", "2024-07-23"},
		{"https://example.edu.cn/news/2024-7-3.html", "2024-07-03"},
		{"https://example.edu.cn/20240723/abc.html", "2024-07-23"},
		{"https://example.edu.cn/news/20240723_1.html", "2024-07-23"},
		{"https://example.edu.cn/info/content_20240723.html", "2024-07-23"},
		{"https://www.insidehighered.com/news/2024/07/23/colleges-weigh-ai-rules", "2024-07-23"},
		{"https://example.edu.cn/news/12345678.html", ""},
		{"https://example.edu.cn/news/20241399.html", ""},
		{"https://example.edu.cn/news/123456789/a.html", ""},
		{"https://example.edu.cn/a?date=2024-07-23", ""},
		{"https://example.edu.cn/a#2024-07-23", ""},
		{"https://2024-07-23.example.edu.cn/a", ""},
		{"https://example.edu.cn/2024/07/", ""},
		{"https://example.edu.cn/2030/0101/x.html", ""},
		{"https://example.edu.cn/1970/0101/x.html", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := FromLink(tt.link, nil, januaryNow)
		if tt.want == "" {
			if ok {
				t.Errorf("FromLink(%q) = %v, want none", tt.link, got)
			}
			continue
		}
		want, _ := time.ParseInLocation("2006-01-02", tt.want, cst)
		if !ok || !got.Equal(want) {
			t.Errorf("FromLink(%q) = %v, %v; want %v", tt.link, got, ok, want)
		}
	}
}

func TestFromText(t *testing.T) {
	long := ""
	for range 60 {
		long += "教育部召开会议部署工作。"
	}
	tests := []struct {
		name, text string
		want       string // RFC 3339; "" for none
	}{
		{"labelled", "发布时间：2024-07-23 10:00　来源：教育部\n正文从这里开始。", "2024-07-23T10:00:00+08:00"},
		{"dateline", "本报讯 2024年7月23日，教育部召开年中推进会。", "2024-07-23T00:00:00+08:00"},
		{"label beats first", "会议回顾了2023年9月1日的决定。\n发布日期：2024/07/23", "2024-07-23T00:00:00+08:00"},
		{"first unlabelled", "2024年7月22日，会议召开。2024年7月23日，会议闭幕。", "2024-07-22T00:00:00+08:00"},
		{"with weekday and time", "2024年7月23日 星期二 下午3:05 教育部发布通知", "2024-07-23T15:05:00+08:00"},
		{"full-width", "发布时间：２０２４－０７－２３", "2024-07-23T00:00:00+08:00"},
		{"yearless", "7月23日，教育部召开年中推进会。", ""},
		{"epoch", "· 1970-01-01 -\n聪明的父母", ""},
		{"epoch then real", "· 1970-01-01 -\n日期：2024-07-23", "2024-07-23T00:00:00+08:00"},
		{"future", "本办法自2030年1月1日起施行。", ""},
		{"in a number", "电话：12024-07-23", ""},
		{"after the window", long + "发布时间：2024-07-23", ""},
		{"empty", "", ""},
		{"english byline", "Posted on July 23, 2024 by Jane Doe. The board voted on March 3, 2024.", "2024-07-23T00:00:00+08:00"},
		{"english published", "Published 23 Jul 2024 | Staff", "2024-07-23T00:00:00+08:00"},
		{"english unlabelled", "The board voted on March 3, 2024 to extend the day.", ""},
		{"numeric label beats english", "Posted on July 23, 2024\n发布时间：2024-07-22", "2024-07-22T00:00:00+08:00"},
		{"traditional label", "發佈時間：2024年07月23日 發佈者：某某中學", "2024-07-23T00:00:00+08:00"},
		{"traditional label beats first", "會議回顧了2023年9月1日的決定。\n發佈時間：2024/07/23", "2024-07-23T00:00:00+08:00"},
	}
	for _, tt := range tests {
		got, ok := FromText(tt.text, nil, januaryNow)
		if tt.want == "" {
			if ok {
				t.Errorf("%s: FromText = %v, want none", tt.name, got)
			}
			continue
		}
		want, _ := time.Parse(time.RFC3339, tt.want)
		if !ok || !got.Equal(want) {
			t.Errorf("%s: FromText = %v, %v; want %v", tt.name, got, ok, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Tue, 23 Jul 2024 10:00:00 CST", "2024-07-23T10:00:00.123+08:00", "2024年7月23日 下午3:05",
		"07-23 10:00", "7月23日", "3小时前", "昨天 08:30", "July 23, 2024 3:05 PM", "20240723",
		"Tue Jul 23 10:00:00 CST 2024", "1721700000", "２０２４－０７－２３", "12-31 23:59:60",
		"20240723T103015Z", "发布时间：【2024-07-23】",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Parse(s, nil, januaryNow)
		if !ok && !got.IsZero() {
			t.Errorf("Parse(%q) = %v with ok false", s, got)
		}
		if ok && (got.Year() < 1 || got.Year() > 9999) {
			t.Errorf("Parse(%q) = %v: year out of range", s, got)
		}
		FromText(s, nil, januaryNow)
		FromLink(s, nil, januaryNow)
	})
}

// TestDateRun holds FromText's textDates run on the start of the text
// dateRun gives to the pattern run on the whole text, on random texts of
// dates, their parts, spaces and other text.
func TestDateRun(t *testing.T) {
	parts := []string{"2024", "7", "23", "年", "月", "日", "号", "-", "/", ".", ":", " ", "\t", "\v", "\f", "\r\n", "\u3000",
		"（", "(", "）", ")", "星期", "周", "三", "天", "上午", "晚上", "中午", "10:30", "08:05:09",
		"2024年7月23日", "2024-07-23", "2024/7/23 ", "2024.7.23", "教育", "x", "\xe5", "\xff"}
	heads := []string{"2024", "2024年7月23日", "2024 年 7 月 23 号", "2024-07-23", "2024/7/23", "2024.7.23", "2024-7"}
	rng := rand.New(rand.NewPCG(16, 19))
	matched := 0
	for range 100000 {
		var sb strings.Builder
		sb.WriteString(heads[rng.IntN(len(heads))])
		for range rng.IntN(8) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		want := textDates.FindStringIndex(s)
		if got := textDates.FindStringIndex(s[:dateRun(s)]); !slices.Equal(got, want) {
			t.Fatalf("textDates on %q cut at %d: %v, want %v", s, dateRun(s), got, want)
		}
		if want != nil && want[1] > 4 {
			matched++
		}
	}
	if matched < 1000 {
		t.Fatalf("%d dates matched, too few", matched)
	}
}

// refDateText is dateText as it copied kept characters one at a time.
func refDateText(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		if c := s[i]; chars.CJK3(s, i) || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			size := 1
			if c >= utf8.RuneSelf {
				size = 3
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, unicode.Is(unicode.Cf, r), unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// refRuneOffset is runeOffset as it ranged over every rune.
func refRuneOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// TestTextRuns holds dateText's run copy and runeOffset's byte steps to
// their slow forms on random texts of dates, ideographs, letters of both
// cases, full-width forms, spaces, invisible and broken characters.
func TestTextRuns(t *testing.T) {
	parts := []string{"2024", "7", "23", "年", "月", "日", "发布时间", "：", ":", " ", "\t", "\u3000", "\u00a0", "\u200b",
		"２０２４", "Ｊｕｌ", "July", "jul", "Posted", "-", "/", "x", "é", "\xe5", "\xe5\x8f", "\xff", "\x00", "😀", "İ"}
	rng := rand.New(rand.NewPCG(16, 23))
	for range 100000 {
		var sb strings.Builder
		for range rng.IntN(40) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		if got, want := dateText(s), refDateText(s); got != want {
			t.Fatalf("dateText(%q) = %q, want %q", s, got, want)
		}
		n := rng.IntN(len(s) + 3)
		if got, want := runeOffset(s, n), refRuneOffset(s, n); got != want {
			t.Fatalf("runeOffset(%q, %d) = %d, want %d", s, n, got, want)
		}
	}
}

// TestEnglishSpan holds textDatesEN on englishSpan's part of a text to
// the pattern on the whole text, on random texts of months, days, years,
// ordinals, words run into them and other characters.
func TestEnglishSpan(t *testing.T) {
	parts := []string{"jan", "july", "sept", "may", "dec.", "march", "x", "_", "a", "1", "23", "3rd", "21st", "2024", "20245", "1999",
		" ", " ", ",", ".", "posted on ", "日", "é", "\xe5",
		"july 23, 2024", "23 may 2024", "dec. 1st 1999", "sept 9 2024", "x9 june 2024", "june 9, 20245", "jul", "y 4", ", 20", "24 "}
	rng := rand.New(rand.NewPCG(16, 29))
	matched := 0
	for range 200000 {
		var sb strings.Builder
		for range rng.IntN(16) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		s := sb.String()
		want := textDatesEN.FindAllStringIndex(s, -1)
		from, to := englishSpan(s)
		got := textDatesEN.FindAllStringIndex(s[from:to], -1)
		for _, m := range got {
			m[0], m[1] = m[0]+from, m[1]+from
		}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("textDatesEN on %q[%d:%d]: %v, want %v", s, from, to, got, want)
		}
		matched += len(want)
	}
	if matched < 1000 {
		t.Fatalf("%d dates matched, too few", matched)
	}
}
