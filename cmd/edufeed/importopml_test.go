package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/config"
)

const importConfig = `# Sources of the education desk.
store:
  path: edufeed.db
sources:
  - name: moe-news   # 教育部
    url: http://www.moe.gov.cn/jyb_xwfb/rss.xml
# The end.
`

const importOPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Miniflux</title></head>
  <body>
    <outline text="教育">
      <outline title="教育部-新闻发布" text="教育部-新闻发布" xmlUrl="HTTP://WWW.MOE.GOV.CN/jyb_xwfb/rss.xml/" type="rss"></outline>
      <outline title="BBC News - Education" text="BBC News - Education" xmlUrl="https://feeds.bbci.co.uk/news/education/rss.xml" type="rss"></outline>
    </outline>
    <outline title="北京教育考试院" xmlUrl="https://www.bjeea.cn/feed"></outline>
  </body>
</opml>
`

// importFiles writes a config and an OPML file into a new directory.
func importFiles(t *testing.T, cfg, opml string) (cfgPath, opmlPath string) {
	t.Helper()
	dir := t.TempDir()
	cfgPath, opmlPath = filepath.Join(dir, "config.yaml"), filepath.Join(dir, "subs.opml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(opmlPath, []byte(opml), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfgPath, opmlPath
}

func TestImportOPMLCommand(t *testing.T) {
	cfgPath, opmlPath := importFiles(t, importConfig, importOPML)
	var stdout, stderr bytes.Buffer
	if code := runImportOPML([]string{"-config", cfgPath, opmlPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "added bbc-news-education https://feeds.bbci.co.uk/news/education/rss.xml tags=教育\n" +
		"added www-bjeea-cn https://www.bjeea.cn/feed\n" +
		`skipped HTTP://WWW.MOE.GOV.CN/jyb_xwfb/rss.xml/ ("教育部-新闻发布"): already in the config as moe-news` + "\n" +
		cfgPath + ": 2 added, 1 skipped\n"
	if stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %s", stderr.String())
	}

	data, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	wantFile := importConfig[:strings.Index(importConfig, "# The end.")] +
		"  - name: bbc-news-education\n" +
		"    title: BBC News - Education\n" +
		"    url: https://feeds.bbci.co.uk/news/education/rss.xml\n" +
		"    tags: [教育]\n" +
		"  - name: www-bjeea-cn\n" +
		"    title: 北京教育考试院\n" +
		"    url: https://www.bjeea.cn/feed\n" +
		"# The end.\n"
	if string(data) != wantFile {
		t.Errorf("config file:\n%s\nwant:\n%s", data, wantFile)
	}
	if _, err := loadConfig(cfgPath); err != nil {
		t.Errorf("written config does not load: %v", err)
	}
	if st, err := os.Stat(cfgPath); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("mode after import: %v, %v; want 0640", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(cfgPath), ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}

	// Once more: nothing to add, the file stays as it is.
	stdout.Reset()
	if code := runImportOPML([]string{"-config", cfgPath, opmlPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr.String())
	}
	if !strings.HasSuffix(stdout.String(), cfgPath+": nothing added, 3 skipped\n") {
		t.Errorf("second run:\n%s", stdout.String())
	}
	if again, _ := os.ReadFile(cfgPath); !bytes.Equal(again, data) {
		t.Errorf("second run changed the file:\n%s", again)
	}
}

func TestImportOPMLDryRun(t *testing.T) {
	cfgPath, opmlPath := importFiles(t, importConfig, importOPML)
	var stdout, stderr bytes.Buffer
	if code := runImportOPML([]string{"-config", cfgPath, "-dry-run", opmlPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "would add bbc-news-education ") || !strings.HasSuffix(out, cfgPath+": 2 would be added, 1 skipped (dry run: file not changed)\n") {
		t.Errorf("stdout:\n%s", out)
	}
	if data, _ := os.ReadFile(cfgPath); string(data) != importConfig {
		t.Errorf("dry run changed the file:\n%s", data)
	}
}

// TestImportOPMLSymlink edits the file a symlinked config points to.
func TestImportOPMLSymlink(t *testing.T) {
	cfgPath, opmlPath := importFiles(t, importConfig, importOPML)
	link := filepath.Join(t.TempDir(), "edufeed.yaml")
	if err := os.Symlink(cfgPath, link); err != nil {
		t.Skip("no symlinks:", err)
	}
	var stdout, stderr bytes.Buffer
	if code := runImportOPML([]string{"-config", link, opmlPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", st.Mode(), err)
	}
	cfg, err := config.Load(cfgPath, config.Checks{})
	if err != nil || len(cfg.Sources) != 3 {
		t.Errorf("target has %v sources, err %v", cfg, err)
	}
}

func TestImportOPMLCommandErrors(t *testing.T) {
	cfgPath, opmlPath := importFiles(t, importConfig, importOPML)
	dir := filepath.Dir(cfgPath)
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	broken := write("broken.opml", importOPML[:len(importOPML)/2])
	rss := write("feed.xml", `<rss version="2.0"><channel><title>x</title></channel></rss>`)
	badConfig := write("bad.yaml", "store:\n  path: a.db\nsources:\n  - name: a b\n    url: ftp://x/\n")
	flowConfig := write("flow.yaml", "store: {path: a.db}\nsources: [{name: a, url: 'https://a.example/'}]\n")
	dangling := filepath.Join(dir, "dangling.yaml")
	if err := os.Symlink(filepath.Join(dir, "gone.yaml"), dangling); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no OPML file", []string{"-config", cfgPath}, 2, "Usage: edufeed import-opml"},
		{"two OPML files", []string{"-config", cfgPath, opmlPath, opmlPath}, 2, "Usage"},
		{"unknown flag", []string{"-force", opmlPath}, 2, "flag provided but not defined"},
		{"missing OPML", []string{"-config", cfgPath, filepath.Join(dir, "none.opml")}, 1, "no such file"},
		{"config in a missing folder", []string{"-config", filepath.Join(dir, "none", "config.yaml"), opmlPath}, 1, "no such file"},
		{"dangling symlink", []string{"-config", dangling, opmlPath}, 1, "no such file"},
		{"cut short", []string{"-config", cfgPath, broken}, 1, "broken.opml: OPML: XML syntax error"},
		{"an RSS feed", []string{"-config", cfgPath, rss}, 1, "not an OPML file"},
		{"invalid config", []string{"-config", badConfig, opmlPath}, 1, "invalid config:\n" + badConfig + ":4:11: sources[0].name"},
		{"flow list", []string{"-config", flowConfig, opmlPath}, 1, "block list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runImportOPML(tt.args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tt.stderr)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout: %s", stdout.String())
			}
		})
	}
	if data, _ := os.ReadFile(cfgPath); string(data) != importConfig {
		t.Errorf("a failed import changed the config:\n%s", data)
	}
}

// TestImportOPMLNewConfig: with no file at -config, import-opml starts a
// minimal config that loads, checks clean and polls the imported feeds
// (and writes nothing on a dry run, or when nothing is to be added).
func TestImportOPMLNewConfig(t *testing.T) {
	_, opmlPath := importFiles(t, importConfig, importOPML)
	cfgPath := filepath.Join(t.TempDir(), "edufeed.yaml")

	var stdout, stderr bytes.Buffer
	if code := runImportOPML([]string{"-config", cfgPath, "-dry-run", opmlPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), cfgPath+": new file with 3 sources, 0 skipped (dry run: file not created)") {
		t.Errorf("dry run stdout:\n%s", stdout.String())
	}
	if _, err := os.Stat(cfgPath); !os.IsNotExist(err) {
		t.Fatalf("a dry run created the config: %v", err)
	}

	stdout.Reset()
	if code := runImportOPML([]string{"-config", cfgPath, opmlPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.HasSuffix(stdout.String(), cfgPath+": created with 3 sources, 0 skipped\n") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	cfg, err := config.Load(cfgPath, config.Checks{})
	if err != nil {
		t.Fatalf("the new config does not load: %v", err)
	}
	var names []string
	for _, s := range cfg.Sources {
		names = append(names, s.Name)
	}
	if want := []string{"www-moe-gov-cn-jyb-xwfb", "bbc-news-education", "www-bjeea-cn"}; !slices.Equal(names, want) {
		t.Errorf("sources %q, want %q", names, want)
	}
	if want := filepath.Join(filepath.Dir(cfgPath), "edufeed.db"); cfg.Store.Path != want {
		t.Errorf("store %s, want the default %s", cfg.Store.Path, want)
	}
	var checkOut, checkErr strings.Builder
	if code := run(context.Background(), []string{"check", "-config", cfgPath}, &checkOut, &checkErr); code != 0 || checkErr.Len() > 0 {
		t.Errorf("check of the new config: exit %d\n%s%s", code, checkOut.String(), checkErr.String())
	}

	// Again: everything is there now, and the file is edited, not replaced.
	stdout.Reset()
	if code := runImportOPML([]string{"-config", cfgPath, opmlPath}, &stdout, &stderr); code != 0 {
		t.Fatalf("second import: exit %d: %s", code, stderr.String())
	}
	if !strings.HasSuffix(stdout.String(), cfgPath+": nothing added, 3 skipped\n") {
		t.Errorf("second import stdout:\n%s", stdout.String())
	}

	// An OPML file with nothing to import creates no file.
	empty := filepath.Join(t.TempDir(), "empty.opml")
	if err := os.WriteFile(empty, []byte(`<opml version="2.0"><body></body></opml>`), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.yaml")
	stdout.Reset()
	if code := runImportOPML([]string{"-config", other, empty}, &stdout, &stderr); code != 0 {
		t.Fatalf("empty import: exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) || !strings.Contains(stdout.String(), "file not created") {
		t.Errorf("an empty import created %s (%v):\n%s", other, err, stdout.String())
	}
}
