package config

import "testing"

func TestFetchGuardDecode(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		deny  bool
		allow []bool // per source
	}{
		{"defaults on", "sources:\n  - {name: a, url: 'http://a.org/'}\n", true, []bool{false}},
		{"null fetch section", "fetch:\nsources:\n  - {name: a, url: 'http://a.org/'}\n", true, []bool{false}},
		{"empty fetch section", "fetch: {}\n", true, nil},
		{"turned off", "fetch:\n  deny_private: false\nsources:\n  - {name: a, url: 'http://127.0.0.1:8080/'}\n", false, []bool{false}},
		{"on, one source opts out", `
fetch:
  deny_private: true
sources:
  - name: intranet
    url: http://10.0.0.5/feed.xml
    allow_private: true
  - name: public
    url: https://www.moe.gov.cn/rss.xml
  - name: explicit
    url: https://example.org/
    allow_private: false
`, true, []bool{true, false, false}},
		{"flow style", "fetch: {deny_private: false}\nsources: [{name: a, url: 'http://a.org/', allow_private: true}]\n", false, []bool{true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Parse("/etc/edufeed/test.yaml", []byte(tc.src), checks)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Fetch.DenyPrivate != tc.deny {
				t.Errorf("Fetch.DenyPrivate = %v, want %v", cfg.Fetch.DenyPrivate, tc.deny)
			}
			if len(cfg.Sources) != len(tc.allow) {
				t.Fatalf("%d sources, want %d", len(cfg.Sources), len(tc.allow))
			}
			for i, s := range cfg.Sources {
				if s.AllowPrivate != tc.allow[i] {
					t.Errorf("Sources[%d].AllowPrivate = %v, want %v", i, s.AllowPrivate, tc.allow[i])
				}
			}
		})
	}
}

func TestFetchGuardErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"wrong types", `
fetch:
  deny_private: "yes"
sources:
  - name: a
    url: http://a.org/
    allow_private: 1
  - name: b
    url: http://b.org/
    allow_private: [true]
`, []want{
			{"fetch.deny_private", 3, `expected true or false, got string "yes"`},
			{"sources[0].allow_private", 7, "expected true or false, got integer 1"},
			{"sources[1].allow_private", 10, "expected true or false, got a list"},
		}},
		{"fetch not a mapping", "fetch: true\n", []want{{"fetch", 1, "expected a mapping, got boolean true"}}},
		{"typos", `
fetch:
  deny_privat: true
sources:
  - name: a
    url: http://a.org/
    allow_privat: true
`, []want{
			{"fetch.deny_privat", 3, `unknown field "deny_privat" (did you mean "deny_private"?)`},
			{"sources[0].allow_privat", 7, `unknown field "allow_privat" (did you mean "allow_private"?)`},
		}},
		{"keys in the wrong place", `
deny_private: true
fetch:
  allow_private: true
`, []want{
			{"deny_private", 2, `unknown field "deny_private"`},
			{"fetch.allow_private", 4, `unknown field "allow_private"`},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertErrors(t, parseErrors(t, tc.src), tc.want)
		})
	}
}

// TestFetchGuardErrorText checks the file:line form a user sees.
func TestFetchGuardErrorText(t *testing.T) {
	_, err := Parse("/etc/edufeed/test.yaml", []byte("fetch:\n  deny_private: 'on'\n"), checks)
	const want = `/etc/edufeed/test.yaml:2:17: fetch.deny_private: expected true or false, got string "on"`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}
