package fetch

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// TestToUTF8HTMLPages covers the ways HTML pages of education sites declare
// their encoding: <meta charset>, <meta http-equiv> (JCMS and TRS pages,
// often gb2312 while the server says nothing or something else), a
// declaration after a long banner, and none at all.
func TestToUTF8HTMLPages(t *testing.T) {
	const text = "关于做好2025年普通高校招生工作的通知"
	const trad = "教育部公布114學年度大學招生名額"
	banner := "<!-- " + strings.Repeat("TRS WCM template banner ", 200) + " -->\n"
	tests := []struct {
		name        string
		enc         encoding.Encoding
		body        string
		contentType string
		want        string
		wantCS      string
	}{
		{"meta charset gbk", simplifiedchinese.GBK,
			`<html><head><meta charset="gbk"><title>` + text + `</title></head>`, "text/html", text, "gbk"},
		{"http-equiv gb2312", simplifiedchinese.GBK,
			`<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312"></HEAD><BODY>` + text, "", text, "gbk"},
		{"http-equiv wins over a lying header", simplifiedchinese.GBK,
			`<html><head><meta http-equiv=Content-Type content='text/html;charset=GB2312'></head><body>` + text, "text/html; charset=iso-8859-1", text, "gbk"},
		{"meta after a long banner", simplifiedchinese.GBK,
			"<html><head>" + banner + `<meta charset=gb18030></head><body>` + text, "", text, "gb18030"},
		{"big5 meta", traditionalchinese.Big5,
			`<html><head><meta http-equiv="content-type" content="text/html; charset=big5"></head><body>` + trad, "", trad, "big5"},
		{"big5 header only", traditionalchinese.Big5,
			`<html><head><title>x</title></head><body>` + trad, "text/html; charset=Big5", trad, "big5"},
		{"no declaration: GB18030", simplifiedchinese.GBK,
			`<html><head><title>x</title></head><body>` + text, "text/html", text, "gb18030"},
		// A meta in the body names nothing for the page (an embedded sample).
		{"meta after head ignored", simplifiedchinese.GBK,
			`<html><head></head><body><meta charset="big5">` + text, "", text, "gb18030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := tt.enc.NewEncoder().Bytes([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			out, cs, err := ToUTF8(raw, tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if cs != tt.wantCS {
				t.Errorf("charset = %q, want %q", cs, tt.wantCS)
			}
			if !bytes.Contains(out, []byte(tt.want)) {
				t.Errorf("decoded page lacks %q:\n%.300s", tt.want, out)
			}
		})
	}
}

func TestMetaCharset(t *testing.T) {
	for in, want := range map[string]string{
		`<meta charset="utf-8">`:   "utf-8",
		`<meta charset = 'GBK' />`: "GBK",
		`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`: "gb2312",
		`<meta name="keywords" content="招生"><meta charset=big5>`:               "big5",
		`<meta name="description" content="no charset here">`:                  "",
		`<meta charset=`: "",
		`<meta`:          "",
		``:               "",
	} {
		if got := metaCharset([]byte(in)); got != want {
			t.Errorf("metaCharset(%q) = %q, want %q", in, got, want)
		}
	}
}
