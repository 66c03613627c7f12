package config

import "testing"

func TestMemoryLimitDecode(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want MemoryLimit
		text string // String()
	}{
		{"default follows the live heap", "listen: 127.0.0.1:8080\n", MemoryLimit{Auto: true}, "auto"},
		{"null is the default", "memory_limit:\n", MemoryLimit{Auto: true}, "auto"},
		{"auto", "memory_limit: auto\n", MemoryLimit{Auto: true}, "auto"},
		{"any case", "memory_limit: AUTO\n", MemoryLimit{Auto: true}, "auto"},
		{"off", "memory_limit: 'off'\n", MemoryLimit{}, "off"},
		{"off unquoted", "memory_limit: off\n", MemoryLimit{}, "off"},
		{"a size", "memory_limit: 256MiB\n", MemoryLimit{Bytes: 256 << 20}, "256MiB"},
		{"a size in GiB", "memory_limit: 1.5GiB\n", MemoryLimit{Bytes: 3 << 29}, "1536MiB"},
		{"bytes", "memory_limit: 134217728\n", MemoryLimit{Bytes: 128 << 20}, "128MiB"},
		{"SI bytes", "memory_limit: 100MB\n", MemoryLimit{Bytes: 100e6}, "100000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Parse("/etc/edufeed/test.yaml", []byte(tc.src), checks)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.MemoryLimit != tc.want {
				t.Errorf("MemoryLimit = %+v, want %+v", cfg.MemoryLimit, tc.want)
			}
			if got := cfg.MemoryLimit.String(); got != tc.text {
				t.Errorf("String() = %q, want %q", got, tc.text)
			}
		})
	}
}

func TestMemoryLimitErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"not a size", "listen: 127.0.0.1:8080\nmemory_limit: lots\n", []want{{"memory_limit", 2, `invalid size "lots"`}}},
		{"too small", "memory_limit: 8MiB\n", []want{{"memory_limit", 1, "must be at least 16MiB, got 8MiB (or auto, or off)"}}},
		{"zero", "memory_limit: 0\n", []want{{"memory_limit", 1, "must be at least 16MiB, got 0"}}},
		{"a boolean", "memory_limit: false\n", []want{{"memory_limit", 1, `expected auto, off or a size such as 256MiB, got boolean false (write "off" to set no limit)`}}},
		{"a mapping", "memory_limit: {max: 1GiB}\n", []want{{"memory_limit", 1, "expected auto, off or a size such as 256MiB, got a mapping"}}},
		{"misspelt", "memory_limt: 1GiB\n", []want{{"memory_limt", 1, `unknown field "memory_limt" (did you mean "memory_limit"?)`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertErrors(t, parseErrors(t, tc.src), tc.want)
		})
	}
}

// TestMemoryLimitErrorText checks the file:line form a user sees.
func TestMemoryLimitErrorText(t *testing.T) {
	_, err := Parse("/etc/edufeed/test.yaml", []byte("feed:\n  title: x\nmemory_limit: 4MiB\n"), checks)
	const want = `/etc/edufeed/test.yaml:3:15: memory_limit: must be at least 16MiB, got 4MiB (or auto, or off)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}
