package config

import (
	"strings"
	"testing"
)

const notifySources = `sources:
  - {name: moe, url: https://example.org/moe.xml, tags: [policy]}
  - {name: bureau, url: https://example.org/bureau.xml}
channels:
  - {name: zhaosheng, tags: [policy]}
`

// env is the environment the notify tests see.
func env(vars map[string]string) Checks {
	c := checks
	c.LookupEnv = func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	return c
}

func TestNotifyTargetsDecoded(t *testing.T) {
	src := notifySources + `notify:
  - name: grade-group
    kind: dingtalk
    url_env: DING_URL
    secret_env: DING_SECRET
    tags: [policy]
    exclude: [招聘]
  - name: principal
    kind: email
    url: smtp://mail.example.edu.cn:587
    from: edufeed@example.edu.cn
    to: [head@example.edu.cn]
    username: edufeed
    password_env: SMTP_PASSWORD
    mode: digest
    schedule: "0 7 * * *"
    channel: zhaosheng
`
	cfg, err := Parse("/etc/edufeed/test.yaml", []byte(src), env(map[string]string{
		"DING_URL":      "https://oapi.dingtalk.com/robot/send?access_token=tok123",
		"DING_SECRET":   "SECabc",
		"SMTP_PASSWORD": "pw",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Notify) != 2 {
		t.Fatalf("%d targets, want 2", len(cfg.Notify))
	}
	d, m := cfg.Notify[0], cfg.Notify[1]
	if d.URL != "https://oapi.dingtalk.com/robot/send?access_token=tok123" || d.Secret != "SECabc" || d.Mode != ModeEach ||
		d.Title != cfg.Feed.Title || len(d.Tags) != 1 || d.Exclude[0] != "招聘" {
		t.Errorf("dingtalk target = %+v", d)
	}
	if m.Password != "pw" || m.Channel != "zhaosheng" || m.Mode != ModeDigest || m.MaxItems != DefaultDigestItems || m.Location == nil ||
		m.Unsubscribe != "mailto:edufeed@example.edu.cn?subject=unsubscribe" {
		t.Errorf("email target = %+v", m)
	}
}

func TestNotifyErrors(t *testing.T) {
	src := notifySources + `notify:
  - name: grade-group
    kind: dingtalk
    url_env: DING_URL
    mode: digest
  - name: grade-group
    kind: telegram
    url: https://robot.example/key-in-path-secret
    schedule: "0 7 * * *"
    sources: [moe, moee]
  - name: hook
    kind: webhook
    url: ftp://hook.example/secret-token
    from: a@b.c
  - name: mail
    kind: email
    secret: x
    url: https://mail.example.edu.cn
    to: [not-an-address]
    mode: digest
    schedule: "0 7 * * *"
    max_items: 0
`
	errs := parseErrors(t, src)
	assertErrors(t, errs, []want{
		{"notify[0].schedule", 7, "required for mode: digest"},
		{"notify[0].url_env", 9, "environment variable DING_URL is not set"},
		{"notify[1].name", 11, `duplicate notify target name "grade-group" (first at line 7)`},
		{"notify[1].kind", 12, `kind "telegram" is not one of`},
		{"notify[1].schedule", 14, "schedule is for mode: digest only"},
		{"notify[1].sources[1]", 15, `no source named "moee" (did you mean "moe"?)`},
		{"notify[2].secret_env", 16, "required for kind: webhook"},
		{"notify[2].url", 18, "not an absolute http(s) URL"},
		{"notify[2].from", 19, "from is for kind: email only"},
		{"notify[3].from", 20, "required for kind: email: the sender"},
		{"notify[3].secret", 22, "a secret is for kinds dingtalk, feishu and webhook"},
		{"notify[3].url", 23, "smtp://host:port"},
		{"notify[3].to[0]", 24, `"not-an-address" is not an e-mail address`},
		{"notify[3].max_items", 27, "must be from 1 to 500, got 0"},
	})
	// No message quotes a secret.
	for _, e := range errs {
		for _, secret := range []string{"secret-token", "key-in-path-secret"} {
			if strings.Contains(e.Error(), secret) {
				t.Errorf("error shows a secret: %s", e)
			}
		}
	}
}

func TestNotifyChannelErrors(t *testing.T) {
	src := notifySources + `notify:
  - name: a
    kind: slack
    url: https://hooks.slack.com/services/T/B/X
    channel: zhaosheg
  - name: b
    kind: slack
    url: https://hooks.slack.com/services/T/B/Y
    channel: zhaosheng
    tags: [policy]
`
	assertErrors(t, parseErrors(t, src), []want{
		{"notify[0].channel", 10, `no channel named "zhaosheg" (did you mean "zhaosheng"?)`},
		{"notify[1].tags", 15, "give channel or tags, not both"},
	})
}
