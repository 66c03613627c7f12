package config

import (
	"errors"
	"os"
	"testing"
)

// FuzzParse checks that Parse never panics and that it returns either a
// config or Errors, never both and never neither.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/full.yaml", "testdata/minimal.yaml", "testdata/three-mistakes.yaml", "../config.example.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("x-a: &a {timeout: 1s}\nsources:\n  - {<<: *a, name: a, url: 'file:a.xml'}\n"))
	f.Add([]byte("sources:\n  - *x\n  -\n  - [1]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("filters: {include: [教育], exclude: ['(']}\ntags: [{match: 高考, tag: gaokao}, x]\nadmin: {token: 5}\nsources:\n  - {name: a, url: 'http://a.org/', tags: [p, {match: a}, [b]], include: ['']}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data, checks)
		if err == nil {
			if cfg == nil {
				t.Fatal("nil config and nil error")
			}
			return
		}
		if cfg != nil {
			t.Fatal("config returned with an error")
		}
		var errs Errors
		if !errors.As(err, &errs) || len(errs) == 0 {
			t.Fatalf("error %v (%T) is not a non-empty Errors", err, err)
		}
		for _, e := range errs {
			if e.Line < 1 || e.Column < 1 {
				t.Fatalf("error without a position: %s", e)
			}
		}
	})
}
