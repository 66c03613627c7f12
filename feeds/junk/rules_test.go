package junk

import (
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

func TestNewRulesErrors(t *testing.T) {
	tests := []struct {
		name  string
		rules feeds.CleanRules
		want  string // part of the error
	}{
		{"bad cut_after", feeds.CleanRules{CutAfter: []string{"ok", "(unclosed"}}, `cut_after[1] "(unclosed"`},
		{"bad drop", feeds.CleanRules{Drop: []string{"[z-a]"}}, `drop[0] "[z-a]"`},
		{"bad title_strip", feeds.CleanRules{TitleStrip: []string{"*"}}, `title_strip[0]`},
		{"bad remove", feeds.CleanRules{Remove: []string{".ok", "div[", "p"}}, `remove[1] "div["`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRules(tt.rules)
			if err == nil || r != nil {
				t.Fatalf("NewRules = %v, %v; want an error", r, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s", err, tt.want)
			}
		})
	}
}

func TestCheckSelector(t *testing.T) {
	for _, s := range []string{"div.share", "#comments", "div.a > p:nth-child(2)", ".x, .y", `a[href^="https://ad."]`} {
		if err := CheckSelector(s); err != nil {
			t.Errorf("CheckSelector(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"div[", "..x", "p:unknown-pseudo", ""} {
		if err := CheckSelector(s); err == nil {
			t.Errorf("CheckSelector(%q) = nil, want an error", s)
		}
	}
}

func TestRulesBuiltinDefault(t *testing.T) {
	var nilRules *Rules
	if !nilRules.Builtin() {
		t.Error("nil rules must mean built-in rules on")
	}
	off, err := NewRules(feeds.CleanRules{})
	if err != nil || off.Builtin() {
		t.Errorf("zero CleanRules: builtin %v, err %v; want off", off.Builtin(), err)
	}
	on, _ := NewRules(feeds.CleanRules{Builtin: true, TitleStrip: []string{`_教育网$`}})
	if !on.Builtin() || len(on.TitleStrip()) != 1 {
		t.Errorf("rules %+v", on)
	}
}
