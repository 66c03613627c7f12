package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMENamesMetricLabels scrapes a running daemon after a poll and a
// request to every route, and checks that the README's metrics table has a
// row for every edufeed metric naming each of its labels, and each value
// of the labels whose values are a fixed set.
func TestREADMENamesMetricLabels(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(readme), "\n") {
		if m := regexp.MustCompile("^\\s*\\| `(edufeed_\\w+)` \\|").FindStringSubmatch(line); m != nil {
			rows[m[1]] = line
		}
	}

	local, err := filepath.Abs("testdata/merge/school-a.xml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	// A notify target's series appear with its first message: a test one.
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer hook.Close()
	mergeConfig(t, path, "notify: [{name: hook, kind: webhook, url: \""+hook.URL+"\", secret: k}]",
		fmt.Sprintf("  - {name: school, url: %q}\n", "file://"+filepath.ToSlash(local)))
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 1)
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/notify/test?target=hook", nil)
	req.Header.Set("Authorization", "Bearer 0123456789abcdef-s3cret")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("notify test message: %v %v", resp, err)
	}
	for _, r := range append(routes, "/metrics", "/admin/reload", "/no-such-page") {
		resp, err := http.Get(base + strings.TrimSuffix(r, "{$}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	body, _ := get(t, base+"/metrics", "")

	fixedValues := map[string]bool{"result": true, "kind": true, "route": true}
	sample := regexp.MustCompile(`^(edufeed_\w+?)(?:_bucket|_sum|_count)?(?:\{(.*)\})? `)
	label := regexp.MustCompile(`(\w+)="((?:[^"\\]|\\.)*)"`)
	seen := map[string]bool{}
	missing := map[string]bool{} // what the README lacks, once each
	for _, line := range strings.Split(string(body), "\n") {
		m := sample.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[1]
		row, ok := rows[name]
		if !ok {
			missing[name+": no row in the README's metrics table"] = true
			continue
		}
		seen[name] = true
		for _, l := range label.FindAllStringSubmatch(m[2], -1) {
			if l[1] == "le" {
				continue
			}
			if !strings.Contains(row, "`"+l[1]+"`") {
				missing[fmt.Sprintf("%s: the README does not name its label %s", name, l[1])] = true
			}
			if fixedValues[l[1]] && !strings.Contains(row, "`"+l[2]+"`") {
				missing[fmt.Sprintf("%s: the README does not name the value %q of its label %s", name, l[2], l[1])] = true
			}
		}
	}
	for m := range missing {
		t.Error(m)
	}
	for name := range rows {
		if !seen[name] {
			t.Errorf("the README names %s, which /metrics does not expose", name)
		}
	}
}
