package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// smtpTimeout bounds one whole SMTP conversation.
const smtpTimeout = 60 * time.Second

// sendEmail sends m as one e-mail over SMTP: STARTTLS when the server
// offers it, then the login if the target has one (net/smtp refuses a
// plain-text login without TLS except to localhost).
func sendEmail(ctx context.Context, t *Target, m *Message, now time.Time, base *tls.Config) error {
	fail := func(format string, args ...any) error {
		return &SendError{Target: t.Name, Msg: fmt.Sprintf(format, args...)}
	}
	u, err := url.Parse(string(t.URL))
	if err != nil {
		return fail("bad SMTP URL")
	}
	from, err := mail.ParseAddress(t.From)
	if err != nil {
		return fail("from: %v", err)
	}
	data, err := buildMail(t, m, now)
	if err != nil {
		return fail("build message: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, smtpTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return fail("SMTP %s: %v", u.Host, err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, u.Hostname())
	if err != nil {
		conn.Close()
		return fail("SMTP %s: greeting: %v", u.Host, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		conf := &tls.Config{}
		if base != nil {
			conf = base.Clone()
		}
		conf.ServerName, conf.MinVersion = u.Hostname(), tls.VersionTLS12
		if err := c.StartTLS(conf); err != nil {
			return fail("SMTP %s: STARTTLS: %v", u.Host, err)
		}
	}
	if t.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", t.Username, string(t.Password), u.Hostname())); err != nil {
			return fail("SMTP %s: login as %s refused: %v", u.Host, t.Username, err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fail("SMTP %s: MAIL FROM: %v", u.Host, err)
	}
	for _, to := range t.To {
		a, err := mail.ParseAddress(to)
		if err != nil {
			return fail("to %q: %v", to, err)
		}
		if err := c.Rcpt(a.Address); err != nil {
			return fail("SMTP %s: RCPT TO %s: %v", u.Host, a.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fail("SMTP %s: DATA: %v", u.Host, err)
	}
	if _, err := w.Write(data); err != nil {
		return fail("SMTP %s: DATA: %v", u.Host, err)
	}
	if err := w.Close(); err != nil {
		return fail("SMTP %s: message refused: %v", u.Host, err)
	}
	if err := c.Quit(); err != nil {
		return fail("SMTP %s: QUIT: %v", u.Host, err)
	}
	return nil
}

var mailHTML = template.Must(template.New("mail").Funcs(template.FuncMap{"byline": func(m *Message, e entry) string { return m.byline(e) }}).Parse(
	`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Heading}}</title></head>
<body style="font-family: sans-serif; max-width: 40em">
<h1 style="font-size: 1.3em">{{.Heading}}</h1>
{{- $m := . }}
{{- range .Groups}}
{{- if .Name}}
<h2 style="font-size: 1.1em">{{.Name}}</h2>
{{- end}}
<ul>
{{- range .Entries}}
<li><a href="{{.Link}}">{{.Title}}</a><br><small>{{byline $m .}}</small>{{if .Summary}}<br>{{.Summary}}{{end}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .More}}
<p>还有 {{.More}} 条未列出。</p>
{{- end}}
</body></html>
`))

// buildMail writes the message: headers, then a multipart/alternative body
// with a plain text part and an HTML part, both UTF-8, quoted-printable.
func buildMail(t *Target, m *Message, now time.Time) ([]byte, error) {
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, m); err != nil {
		return nil, err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct{ ctype, text string }{
		{"text/plain; charset=utf-8", m.plain()},
		{"text/html; charset=utf-8", html.String()},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write([]byte(part.text)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	from, _ := mail.ParseAddress(t.From)
	domain := "edufeed.invalid"
	if from != nil {
		domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	}
	var out bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&out, "%s: %s\r\n", k, v) }
	// Addresses are written as mail.Address does, which encodes a
	// display name such as 教务处 <office@example.edu.cn>.
	header("From", addressList([]string{t.From}))
	header("To", addressList(t.To))
	header("Subject", mime.BEncoding.Encode("utf-8", m.Heading))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	if t.Unsubscribe != "" {
		header("List-Unsubscribe", "<"+t.Unsubscribe+">")
		if strings.HasPrefix(t.Unsubscribe, "http") {
			header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		}
	}
	header("Auto-Submitted", "auto-generated")
	out.WriteString("\r\n")
	// multipart writes \r\n between parts; quoted-printable soft breaks
	// keep lines short.
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// addressList formats addresses for a header; one that does not parse
// (the config has checked them) is written as given.
func addressList(list []string) string {
	out := make([]string, len(list))
	for i, a := range list {
		if p, err := mail.ParseAddress(a); err == nil {
			out[i] = p.String()
		} else {
			out[i] = a
		}
	}
	return strings.Join(out, ", ")
}
