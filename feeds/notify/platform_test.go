package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Each platform gets the request its documentation describes: the message
// type, the markdown or card with the title linked to the article and the
// sources named, and the signature where the robot has a secret.
func TestPlatformRequests(t *testing.T) {
	ok := map[string]string{
		KindWeCom: `{"errcode":0,"errmsg":"ok"}`, KindDingTalk: `{"errcode":0,"errmsg":"ok"}`,
		KindFeishu: `{"code":0,"msg":"success","data":{}}`, KindSlack: "ok", KindWebhook: "",
	}
	it := story("jyt", 1, start.Add(-time.Hour))
	it.Sources = []string{"jyt", "moe"}
	link := "[" + it.Title + "](" + it.Link + ")"
	tests := []struct {
		kind, path, key string
		check           func(t *testing.T, rec *recorder)
	}{
		{KindWeCom, "/cgi-bin/webhook/send?key=693a91f6-7xxx", "", func(t *testing.T, rec *recorder) {
			b := rec.body(t, 0)
			content := b["markdown"].(map[string]any)["content"].(string)
			if b["msgtype"] != "markdown" || !strings.Contains(content, link) || !strings.Contains(content, "来源：省教育厅、教育部") {
				t.Errorf("body = %v", b)
			}
			if q := rec.requests[0].URL.Query().Get("key"); q != "693a91f6-7xxx" {
				t.Errorf("key = %q", q)
			}
		}},
		{KindDingTalk, "/robot/send?access_token=abc123", "SECb0d9", func(t *testing.T, rec *recorder) {
			b := rec.body(t, 0)
			md := b["markdown"].(map[string]any)
			if b["msgtype"] != "markdown" || md["title"] != it.Title || !strings.Contains(md["text"].(string), link) {
				t.Errorf("body = %v", b)
			}
			q := rec.requests[0].URL.Query()
			ts := q.Get("timestamp")
			mac := hmac.New(sha256.New, []byte("SECb0d9"))
			mac.Write([]byte(ts + "\nSECb0d9"))
			if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); q.Get("sign") != want || q.Get("access_token") != "abc123" {
				t.Errorf("query %v: sign want %s", q, want)
			}
			if ms, _ := strconv.ParseInt(ts, 10, 64); ms != start.UnixMilli() {
				t.Errorf("timestamp %s is not the send time in ms", ts)
			}
		}},
		{KindFeishu, "/open-apis/bot/v2/hook/0f3c-hook", "fs-secret", func(t *testing.T, rec *recorder) {
			b := rec.body(t, 0)
			card := b["card"].(map[string]any)
			title := card["header"].(map[string]any)["title"].(map[string]any)["content"]
			el := card["elements"].([]any)[0].(map[string]any)
			if b["msg_type"] != "interactive" || title != it.Title || el["tag"] != "markdown" || !strings.Contains(el["content"].(string), link) {
				t.Errorf("body = %v", b)
			}
			ts := b["timestamp"].(string)
			mac := hmac.New(sha256.New, []byte(ts+"\nfs-secret"))
			if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); b["sign"] != want || ts != strconv.FormatInt(start.Unix(), 10) {
				t.Errorf("sign %v, timestamp %v; want %s", b["sign"], ts, want)
			}
		}},
		{KindSlack, "/services/T000/B000/XXXX", "", func(t *testing.T, rec *recorder) {
			b := rec.body(t, 0)
			text := b["blocks"].([]any)[0].(map[string]any)["text"].(map[string]any)["text"].(string)
			if !strings.Contains(text, "<"+it.Link+"|"+it.Title+">") || !strings.Contains(text, "教育部") || b["text"] == "" {
				t.Errorf("body = %v", b)
			}
		}},
		{KindWebhook, "/hooks/edufeed", "whsec", func(t *testing.T, rec *recorder) {
			r := rec.requests[0]
			ts := r.Header.Get(HeaderTimestamp)
			if got, want := r.Header.Get(HeaderSignature), Sign("whsec", ts, rec.bodies[0]); got != want {
				t.Errorf("signature %q, want %q", got, want)
			}
			var fi feedItem
			if err := json.Unmarshal(rec.bodies[0], &fi); err != nil {
				t.Fatal(err)
			}
			if fi.ID != it.ID || fi.URL != it.Link || fi.Title != it.Title || len(fi.Authors) != 2 || fi.Authors[1].Name != "教育部" ||
				r.Header.Get("Content-Type") != "application/json" || r.Header.Get(HeaderTarget) != "hook" {
				t.Errorf("item %+v, headers %v", fi, r.Header)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			rec, srv := newRecorder(t, reply{code: 200, body: ok[tc.kind]})
			h := newHarness(t, Target{Name: "hook", Kind: tc.kind, URL: Secret(srv.URL + tc.path), Key: Secret(tc.key)})
			save(t, h.st, start, it)
			h.step()
			if rec.count() != 1 {
				t.Fatalf("%d requests, want 1", rec.count())
			}
			tc.check(t, rec)
			h.step()
			if rec.count() != 1 || h.obs.get("hook sent") != 1 {
				t.Errorf("sent again: %d requests, %v", rec.count(), h.obs.n)
			}
		})
	}
}

// A WeCom robot answers an invalid key with HTTP 200 and errcode 93000: a
// failure that names the target and says the platform's message, never
// the key; the story stays in the backlog.
func TestErrcodeInBody(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 200, body: `{"errcode":93000,"errmsg":"invalid webhook url, hint: [1733] from ip: 1.2.3.4"}`})
	h := newHarness(t, Target{Name: "grade-7", Kind: KindWeCom, URL: Secret(srv.URL + "/cgi-bin/webhook/send?key=SECRETKEY")})
	save(t, h.st, start, story("jyt", 1, start))
	h.step()
	s := h.n.Status()[0]
	if rec.count() != 1 || s.ConsecutiveErrors != 1 || s.Backlog != 1 || h.obs.get("grade-7 failed") != 1 {
		t.Fatalf("status %+v after %d requests", s, rec.count())
	}
	for _, want := range []string{`"grade-7"`, "93000", "invalid webhook url"} {
		if !strings.Contains(s.LastError, want) {
			t.Errorf("error %q lacks %q", s.LastError, want)
		}
	}
	b, _ := json.Marshal(h.n.Status())
	if strings.Contains(string(b), "SECRETKEY") {
		t.Errorf("status shows the key: %s", b)
	}
	h.step() // backing off: no request
	if rec.count() != 1 {
		t.Errorf("retried during backoff: %d requests", rec.count())
	}
}

// A refused connection's error names the endpoint's host only.
func TestTransportErrorHidesKey(t *testing.T) {
	tg := Target{Name: "down", Kind: KindWeCom, URL: "http://127.0.0.1:1/cgi-bin/webhook/send?key=SECRETKEY", Title: "t"}
	h := newHarness(t, tg)
	save(t, h.st, start, story("jyt", 1, start))
	h.step()
	s := h.n.Status()[0]
	if s.LastError == "" || strings.Contains(s.LastError, "SECRETKEY") || s.Endpoint != "http://127.0.0.1:1" {
		t.Errorf("status %+v", s)
	}
}
