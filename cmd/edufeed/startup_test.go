package main

import (
	"context"
	"strings"
	"testing"
)

// TestAdminTokenEnvChecked: EDUFEED_ADMIN_TOKEN replaces admin.token, so it
// meets the same rules, and every command that reads the config refuses to
// start with a weak one, saying which setting is wrong without quoting it.
func TestAdminTokenEnvChecked(t *testing.T) {
	path := writeConfig(t, t.TempDir(), "  - {name: local, url: \"file:local.xml\"}\n")
	// Cancelled: a serve that wrongly starts stops at once and exits 0.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name, token string
		args        []string
		code        int
		want        string // in stderr
	}{
		{"short, check", "hunter2-hunter2", []string{"check"}, 1, "EDUFEED_ADMIN_TOKEN: too short (15 characters): use at least 16"},
		{"short, serve", "hunter2", []string{"serve", "-listen", "127.0.0.1:0"}, 1, "EDUFEED_ADMIN_TOKEN: too short (7 characters)"},
		{"short, poll", "hunter2", []string{"poll"}, 1, "EDUFEED_ADMIN_TOKEN: too short"},
		{"inner space", "0123456789 abcdef0123", []string{"check"}, 1, "EDUFEED_ADMIN_TOKEN: must not contain spaces"},
		{"long enough", "0123456789abcdef", []string{"check"}, 0, ""},
		{"surrounding space trimmed", " 0123456789abcdef\n", []string{"check"}, 0, ""},
		{"unset", "", []string{"check"}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(adminTokenEnv, tc.token)
			var stdout, stderr strings.Builder
			args := append(append([]string{}, tc.args...), "-config", path)
			code := run(ctx, args, &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if tc.want != "" && !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, stderr.String())
			}
			if tok := strings.TrimSpace(tc.token); tc.code != 0 && strings.Contains(stderr.String(), tok) {
				t.Errorf("stderr quotes the secret token:\n%s", stderr.String())
			}
		})
	}
}
