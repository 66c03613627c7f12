package parse

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// secretText is what the local file behind {{SECRET_FILE}} holds; it must
// never show in a parsed feed.
const secretText = "edufeed-secret-3f9c2a71"

// remoteText is what the server behind {{DTD_SERVER}} answers with; it must
// never be asked for, let alone show.
const remoteText = "edufeed-remote-entity-8d1e"

// hostileDoc reads a document of testdata/hostile and fills its
// placeholders: {{DTD_SERVER}} with a loopback server's URL and
// {{SECRET_FILE}} with a file: URL of a local file.
func hostileDoc(t *testing.T, name, server, secret string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.NewReplacer("{{DTD_SERVER}}", server, "{{SECRET_FILE}}", secret).Replace(string(b)))
}

// TestEntityExpansion feeds documents that declare XML entities: nested
// ones that expand to gigabytes ("billion laughs"), one large entity
// referenced thousands of times (quadratic blow-up), external entities that
// name a local file or a URL (XXE), parameter entities and an external DTD.
// Parse must ignore every declaration: no file read, no request made, no
// expansion, memory in proportion to the document. References to entities
// it does not know stay as the literal text "&name;".
func TestEntityExpansion(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Write([]byte(`<!ENTITY ext "` + remoteText + `"><!ENTITY % send "<!ENTITY all '` + remoteText + `'>">` + remoteText))
	}))
	defer srv.Close()
	secretPath := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secretPath, []byte(secretText), 0o600); err != nil {
		t.Fatal(err)
	}
	secretURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(secretPath)}).String()

	// What the documents would say if a parser honoured their DTDs.
	expanded := []string{
		"root:",                // /etc/passwd
		secretText, remoteText, // the local file and the server
		"lollollol",             // billion laughs, RSS
		strings.Repeat("哈", 60), // billion laughs, Atom: two &a; in a row
		"部署重点任务教育部召开全国教育工作会议部署重点任务", // the quadratic entity, wrapping round
	}
	tests := []struct {
		file string
		// refs are entity references that must be left as literal text in
		// the item's title or content.
		refs []string
	}{
		{"billion-laughs-rss.xml", []string{"&lol9;"}},
		{"billion-laughs-atom.xml", []string{"&h;"}},
		{"quadratic-blowup-rss.xml", []string{"&x;"}},
		{"xxe-file-rss.xml", []string{"&xxe;", "&secret;", "&remote;"}},
		{"xxe-parameter-rss.xml", []string{"%file;", "&all;"}},
		{"xxe-external-dtd-atom.xml", []string{"&ext;"}},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body := hostileDoc(t, tt.file, srv.URL, secretURL)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			feed, err := p.Parse(body)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			// Billion laughs expands to ~3 GB, the quadratic document to
			// 240 MB; parsing what is written takes a few hundred KB.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20+64*uint64(len(body)) {
				t.Errorf("parsing %d bytes allocated %d bytes", len(body), alloc)
			}
			out, err := json.Marshal(feed)
			if err != nil {
				t.Fatal(err)
			}
			if len(out) > 2*len(body) {
				t.Errorf("%d bytes of document became %d bytes of feed", len(body), len(out))
			}
			for _, s := range expanded {
				if strings.Contains(string(out), s) {
					t.Errorf("feed holds %q, which only expanding an entity gives:\n%.600s", s, out)
				}
			}
			if len(feed.Items) != 1 {
				t.Fatalf("%d items, want 1", len(feed.Items))
			}
			it := feed.Items[0]
			for _, ref := range tt.refs {
				if !strings.Contains(it.Title+it.Content+strings.Join(it.Authors, ""), ref) {
					t.Errorf("reference %s not left as written: title %q content %.200q", ref, it.Title, it.Content)
				}
			}
		})
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the parser made %d requests for external entities or DTDs", n)
	}
}

// TestDeclaredHTMLEntities: feeds that declare &nbsp; and friends in an
// internal subset, so that strict XML parsers accept them, read as the
// characters they stand for.
func TestDeclaredHTMLEntities(t *testing.T) {
	feed, err := New().Parse(hostileDoc(t, "entity-nbsp-rss.xml", "", ""))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Inside Teaching — News"; feed.Title != want {
		t.Errorf("feed title %q, want %q", feed.Title, want)
	}
	if len(feed.Items) != 1 {
		t.Fatalf("%d items", len(feed.Items))
	}
	it := feed.Items[0]
	if want := "New\u00a0guidance on AI in classrooms — what changes"; it.Title != want {
		t.Errorf("title %q, want %q", it.Title, want)
	}
	if want := "<p>The guidance\u00a0covers assessment.</p>"; it.Content != want {
		t.Errorf("content %q, want %q", it.Content, want)
	}
}
