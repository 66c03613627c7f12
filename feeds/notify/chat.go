package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SendError is a failed send. The text never holds the target's URL.
type SendError struct {
	Target string
	// Msg says what went wrong, with the platform's own message.
	Msg string
	// RateLimited: the platform asked us to slow down (HTTP 429, or its
	// own code in a 200 body); RetryAfter is how long it asked for, or 0.
	RateLimited bool
	RetryAfter  time.Duration
}

func (e *SendError) Error() string { return fmt.Sprintf("notify target %q: %s", e.Target, e.Msg) }

// Platform codes, inside a 200 body, that mean "too many messages".
var rateCodes = map[string][]int{
	KindWeCom:    {45009},
	KindDingTalk: {130101, 410100},
	KindFeishu:   {9499, 11232, 11233},
}

// maxBody bounds how much of a platform's answer is read.
const maxBody = 64 << 10

// post sends body to the target's URL (u, which may carry signing
// parameters) and checks the answer by the platform's rules.
func post(ctx context.Context, client *http.Client, t *Target, u string, contentType string, body []byte, header http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return &SendError{Target: t.Name, Msg: "bad URL (not shown: it holds the key)"}
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "edufeed-notify")
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := client.Do(req)
	if err != nil {
		// *url.Error quotes the URL, which holds the key: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &SendError{Target: t.Name, Msg: fmt.Sprintf("POST %s: %v", t.Endpoint(), err)}
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	return checkAnswer(t, resp, answer)
}

// checkAnswer turns a platform's answer into nil or a *SendError.
func checkAnswer(t *Target, resp *http.Response, answer []byte) error {
	fail := func(format string, args ...any) *SendError {
		return &SendError{Target: t.Name, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		e := fail("HTTP 429 Too Many Requests: %s", snippet(answer))
		e.RateLimited, e.RetryAfter = true, retryAfter(resp.Header.Get("Retry-After"))
		return e
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return fail("HTTP %d: %s", resp.StatusCode, snippet(answer))
	}
	var code int
	var msg string
	switch t.Kind {
	case KindWeCom, KindDingTalk:
		var r struct {
			ErrCode *int   `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		if err := json.Unmarshal(answer, &r); err != nil || r.ErrCode == nil {
			return fail("answer is not %s's {errcode, errmsg}: %s", t.Kind, snippet(answer))
		}
		code, msg = *r.ErrCode, r.ErrMsg
	case KindFeishu:
		var r struct {
			Code          *int   `json:"code"`
			Msg           string `json:"msg"`
			StatusCode    *int   `json:"StatusCode"`
			StatusMessage string `json:"StatusMessage"`
		}
		if err := json.Unmarshal(answer, &r); err != nil || (r.Code == nil && r.StatusCode == nil) {
			return fail("answer is not feishu's {code, msg}: %s", snippet(answer))
		}
		if r.Code != nil {
			code, msg = *r.Code, r.Msg
		} else {
			code, msg = *r.StatusCode, r.StatusMessage
		}
	default:
		return nil
	}
	if code == 0 {
		return nil
	}
	e := fail("%s answered code %d: %s", t.Kind, code, msg)
	for _, c := range rateCodes[t.Kind] {
		if c == code {
			e.RateLimited = true
		}
	}
	return e
}

// retryAfter reads a Retry-After header in seconds; dates are rare here.
func retryAfter(v string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 0
}

func snippet(b []byte) string {
	return strconv.Quote(clip(strings.TrimSpace(string(b)), 200))
}

// sendWeCom posts a WeCom group robot's markdown message.
func sendWeCom(ctx context.Context, c *http.Client, t *Target, m *Message, _ time.Time) error {
	body, _ := json.Marshal(map[string]any{
		"msgtype":  "markdown",
		"markdown": map[string]string{"content": clipBytes(m.markdown(), 4096)},
	})
	return post(ctx, c, t, string(t.URL), "application/json", body, nil)
}

// sendDingTalk posts a DingTalk robot's markdown message, signed when the
// robot has a secret: timestamp (ms) and sign = base64(HMAC-SHA256(secret,
// timestamp+"\n"+secret)) in the query.
func sendDingTalk(ctx context.Context, c *http.Client, t *Target, m *Message, now time.Time) error {
	title := m.Heading
	if e, ok := m.single(); ok {
		title = e.Title
	}
	body, _ := json.Marshal(map[string]any{
		"msgtype":  "markdown",
		"markdown": map[string]string{"title": clip(title, 64), "text": clipBytes(m.markdown(), 18000)},
	})
	u := string(t.URL)
	if t.Key != "" {
		ts := strconv.FormatInt(now.UnixMilli(), 10)
		mac := hmac.New(sha256.New, []byte(t.Key))
		mac.Write([]byte(ts + "\n" + string(t.Key)))
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + "timestamp=" + ts + "&sign=" + url.QueryEscape(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	return post(ctx, c, t, u, "application/json", body, nil)
}

// sendFeishu posts a Feishu robot's interactive card, signed when the
// robot has a secret: timestamp (s) and sign = base64(HMAC-SHA256 keyed
// with timestamp+"\n"+secret over nothing) in the body.
func sendFeishu(ctx context.Context, c *http.Client, t *Target, m *Message, now time.Time) error {
	title := m.Heading
	if e, ok := m.single(); ok {
		title = e.Title
	}
	payload := map[string]any{
		"msg_type": "interactive",
		"card": map[string]any{
			"config": map[string]any{"wide_screen_mode": true},
			"header": map[string]any{
				"title":    map[string]string{"tag": "plain_text", "content": clip(title, 100)},
				"template": "blue",
			},
			"elements": []any{map[string]string{"tag": "markdown", "content": clipBytes(m.markdown(), 20000)}},
		},
	}
	if t.Key != "" {
		ts := strconv.FormatInt(now.Unix(), 10)
		mac := hmac.New(sha256.New, []byte(ts+"\n"+string(t.Key)))
		payload["timestamp"] = ts
		payload["sign"] = base64.StdEncoding.EncodeToString(mac.Sum(nil))
	}
	body, _ := json.Marshal(payload)
	return post(ctx, c, t, string(t.URL), "application/json; charset=utf-8", body, nil)
}

// slackText escapes what Slack's mrkdwn treats as markup.
var slackText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// sendSlack posts to a Slack incoming webhook: a text fallback and a
// section block in mrkdwn, links as <url|title>.
func sendSlack(ctx context.Context, c *http.Client, t *Target, m *Message, _ time.Time) error {
	link := func(e entry) string {
		if e.Link == "" {
			return slackText.Replace(e.Title)
		}
		return "<" + e.Link + "|" + strings.ReplaceAll(slackText.Replace(e.Title), "|", "¦") + ">"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\n", slackText.Replace(m.Heading))
	for _, g := range m.Groups {
		if g.Name != "" {
			fmt.Fprintf(&b, "\n*%s*\n", slackText.Replace(g.Name))
		}
		for _, e := range g.Entries {
			fmt.Fprintf(&b, "• %s — %s\n", link(e), slackText.Replace(m.byline(e)))
		}
	}
	if m.More > 0 {
		fmt.Fprintf(&b, "\n%d more not listed.\n", m.More)
	}
	text := clip(b.String(), 2900) // a section's text takes at most 3000 characters
	body, _ := json.Marshal(map[string]any{
		"text":   m.Heading,
		"blocks": []any{map[string]any{"type": "section", "text": map[string]string{"type": "mrkdwn", "text": text}}},
	})
	return post(ctx, c, t, string(t.URL), "application/json", body, nil)
}
