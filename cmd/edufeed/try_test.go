package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTryListPage(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"try", "-allow-private", site.List}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"kind: list",
		"list: ul#list > li",
		"why: ",
		"教育部召开2025年全国教育工作会议",
		"2025-01-14 00:00  list",
		"first article: " + site.URL + "/jyb_xwfb/gzdt_gzdt/202501/t20250114_1171301.html",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("try output lacks %q:\n%s", want, text)
		}
	}
}

func TestTryJSON(t *testing.T) {
	site := newFixtureSite(t, "vsb-university")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"try", site.List, "-json", "-allow-private"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var rep tryReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if rep.Kind != "list" || len(rep.Items) == 0 || rep.Chosen == nil {
		t.Fatalf("report = %+v", rep)
	}
	for _, it := range rep.Items {
		if strings.HasSuffix(it.Title, "…") {
			t.Errorf("title %q is cut short: the title attribute should win", it.Title)
		}
	}
	if rep.Article == nil || rep.Article.Text == "" {
		t.Errorf("no article text: %+v (error %q)", rep.Article, rep.ArticleErr)
	}
}

func TestTryRefusesPrivateWithoutFlag(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"try", site.List}, &out, &errOut); code == 0 {
		t.Fatalf("try of a loopback URL succeeded without -allow-private:\n%s", out.String())
	}
	if !strings.Contains(errOut.String(), "allow_private") {
		t.Errorf("error does not say how to allow it: %s", errOut.String())
	}
}

func TestTryArguments(t *testing.T) {
	for _, args := range [][]string{{"try"}, {"try", "a", "b"}, {"try", "-source", "x", "http://a.example.org/"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestTryConfigDefaultsAndRobots: a URL is tried with the config file's
// defaults (here fetch.deny_private: false, so no -allow-private), and a
// list page that robots.txt forbids is refused as the poller refuses it.
func TestTryConfigDefaultsAndRobots(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(cfgPath, []byte("fetch: {deny_private: false}\nsources: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"try", "-config", cfgPath, site.List}, &out, &errOut); code != 0 {
		t.Fatalf("with the config's deny_private: false: exit %d: %s", code, errOut.String())
	}
	site.robots = "User-agent: *\nDisallow: /jyb_xwfb/\n"
	out.Reset()
	errOut.Reset()
	if code := run(context.Background(), []string{"try", "-config", cfgPath, site.List}, &out, &errOut); code == 0 {
		t.Fatalf("a list page robots.txt forbids was read:\n%s", out.String())
	}
	if !strings.Contains(errOut.String(), "robots.txt forbids") {
		t.Errorf("error does not name robots.txt: %s", errOut.String())
	}
}
