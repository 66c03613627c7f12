package notify

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// at7 is a digest schedule: 07:00 every day in China.
func at7(t time.Time) time.Time {
	t = t.In(cst)
	next := time.Date(t.Year(), t.Month(), t.Day(), 7, 0, 0, 0, cst)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// A digest waits for its time, then sends one message with the selected
// stories grouped by tag, newest first, at most max_items of them.
func TestDigestWebhook(t *testing.T) {
	rec, srv := newRecorder(t, reply{code: 204})
	h := newHarness(t, Target{Name: "daily", Kind: KindWebhook, URL: Secret(srv.URL), Key: "k", Mode: ModeDigest, Next: at7, MaxItems: 3,
		Select: Selection{Tags: []string{"exams", "policy"}}})
	a := story("jyt", 1, start.Add(1*time.Hour))
	b := story("jyt", 2, start.Add(3*time.Hour))
	c := story("moe", 3, start.Add(2*time.Hour))
	c.Tags = []string{"exams"}
	d := story("moe", 4, start.Add(-time.Hour)) // oldest: left out by max_items
	save(t, h.st, start, a, b)
	save(t, h.st, start, c, d)
	h.clk.add(30 * time.Minute)
	h.step()
	if rec.count() != 0 {
		t.Fatal("digest sent before its time")
	}
	if due := h.n.Status()[0].NextDigest; !due.Equal(time.Date(2026, 3, 3, 7, 0, 0, 0, cst)) {
		t.Errorf("next digest %v", due)
	}
	h.clk.add(23 * time.Hour) // 07:30 the next day: a late start still sends it
	h.step()
	h.step()
	if rec.count() != 1 {
		t.Fatalf("%d requests, want one digest", rec.count())
	}
	var doc struct {
		Title string     `json:"title"`
		Items []feedItem `json:"items"`
	}
	if err := json.Unmarshal(rec.bodies[0], &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range doc.Items {
		got = append(got, it.Edufeed.Group+" "+it.URL[strings.LastIndex(it.URL, "/")+1:])
	}
	// policy holds the newest story, so its group comes first.
	want := "policy jyt-002.html|policy jyt-001.html|exams moe-003.html"
	if strings.Join(got, "|") != want || !strings.Contains(doc.Title, "4 条新消息") {
		t.Errorf("digest %q titled %q, want %q", got, doc.Title, want)
	}
}

// smtpSink starts Debian's aiosmtpd on a loopback port, saving mail in a
// Maildir, and returns its address and the directory of new mail.
func smtpSink(t *testing.T, args ...string) (addr, dir string) {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = "python3"
	}
	if err := exec.Command(py, "-c", "import aiosmtpd").Run(); err != nil {
		if os.Getenv("EDUFEED_REQUIRE_SMTP") != "" {
			t.Fatalf("EDUFEED_REQUIRE_SMTP is set but aiosmtpd is missing (apt-get install python3-aiosmtpd): %v", err)
		}
		t.Skip("python3-aiosmtpd is not installed")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	dir = t.TempDir()
	for _, sub := range []string{"tmp", "new", "cur"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	args = append(append([]string{"-m", "aiosmtpd", "-n", "-l", addr}, args...), "-c", "aiosmtpd.handlers.Mailbox", dir)
	cmd := exec.Command(py, args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 200 {
			t.Fatalf("aiosmtpd did not listen on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return addr, filepath.Join(dir, "new")
}

// A digest e-mail reaches a real SMTP server with a plain text and an HTML
// part and a List-Unsubscribe header.
func TestDigestEmail(t *testing.T) {
	addr, maildir := smtpSink(t)
	h := newHarness(t, Target{Name: "principal", Kind: KindEmail, URL: Secret("smtp://" + addr), Mode: ModeDigest, Next: at7,
		MaxItems: 10, From: "教务处 <edufeed@school.example.cn>", To: []string{"head@school.example.cn", "office@school.example.cn"},
		Unsubscribe: "mailto:edufeed@school.example.cn?subject=unsubscribe"})
	a, b := story("jyt", 1, start.Add(time.Hour)), story("moe", 2, start.Add(2*time.Hour))
	save(t, h.st, start, a)
	save(t, h.st, start, b)
	h.clk.add(23 * time.Hour)
	h.step()
	if s := h.n.Status()[0]; s.LastError != "" || s.Delivered != 2 {
		t.Fatalf("status %+v", s)
	}
	files, _ := os.ReadDir(maildir)
	if len(files) != 1 {
		t.Fatalf("%d mails in the sink, want 1", len(files))
	}
	f, err := os.Open(filepath.Join(maildir, files[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "教育新闻 · 2 条新消息" || msg.Header.Get("List-Unsubscribe") != "<mailto:edufeed@school.example.cn?subject=unsubscribe>" ||
		!strings.Contains(msg.Header.Get("To"), "office@school.example.cn") {
		t.Errorf("headers %v (subject %q)", msg.Header, subject)
	}
	if from, err := msg.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Name != "教务处" || from[0].Address != "edufeed@school.example.cn" {
		t.Errorf("From %q: %v %v", msg.Header.Get("From"), from, err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", mt, err)
	}
	parts := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(body)
	}
	plain, html := parts["text/plain"], parts["text/html"]
	// Newest first: b before a.
	if i, j := strings.Index(plain, b.Title), strings.Index(plain, a.Title); i < 0 || j < i || !strings.Contains(plain, a.Link) ||
		!strings.Contains(plain, "来源：教育部") {
		t.Errorf("plain part:\n%s", plain)
	}
	if !strings.Contains(html, `<a href="`+a.Link+`">`+a.Title+`</a>`) || !strings.Contains(html, "省教育厅") {
		t.Errorf("html part:\n%s", html)
	}
}

// A server that refuses the login gives an error that says so, names the
// user and not the password.
func TestSMTPLoginRefused(t *testing.T) {
	addr, _ := smtpSink(t)
	h := newHarness(t, Target{Name: "office", Kind: KindEmail, URL: Secret("smtp://" + addr), From: "edufeed@school.example.cn",
		To: []string{"office@school.example.cn"}, Username: "edufeed", Password: "hunter2-secret"})
	save(t, h.st, start, story("jyt", 1, start))
	h.step()
	s := h.n.Status()[0]
	if !strings.Contains(s.LastError, "login as edufeed refused") || strings.Contains(s.LastError, "hunter2") || s.Backlog != 1 {
		t.Errorf("status %+v", s)
	}
}
