package publish

import (
	"reflect"
	"testing"
)

func TestPickLanguage(t *testing.T) {
	tests := []struct {
		header, want string
	}{
		{"", "en"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"}, // Chrome in Chinese
		{"zh-CN", "zh-CN"},
		{"zh", "zh-CN"},
		{"zh-Hans-CN", "zh-CN"},
		{"zh-TW,zh;q=0.9", "zh-CN"},
		{"zh_CN", "zh-CN"},
		{"ZH-cn", "zh-CN"},
		{"en-US,en;q=0.9", "en"},
		{"en-US,en;q=0.9,zh-CN;q=0.8", "en"},
		{"en;q=0.5,zh-CN;q=0.8", "zh-CN"}, // q-values, not order
		{"zh;q=0.8, en;q=0.8", "zh-CN"},   // a tie goes to the first
		{"zh-CN;q=0, en;q=0.1", "en"},     // q=0 is "not this"
		{"zh-CN;q=0", "en"},               // and then the fallback
		{"fr-FR,fr;q=0.9,de;q=0.7", "en"}, // none of ours
		{"fr, zh;q=0.2", "zh-CN"},         // ours, though low
		{"*", "en"},                       // anything: the fallback
		{"zh;q=abc, en;q=0.4", "en"},      // an entry that does not parse is skipped
		{"zh;q=2, en;q=0.4", "en"},        // as is a q beyond 1
		{"de;q=0.9,,zh-Hant;q=0.7 , en;q=0.6", "zh-CN"},
		{"en;level=1, zh;q=0.5", "zh-CN"}, // a parameter that is not q: not understood
	}
	for _, tt := range tests {
		if got := languages[pickLanguage(tt.header)].Lang; got != tt.want {
			t.Errorf("Accept-Language %q: %s, want %s", tt.header, got, tt.want)
		}
	}
}

// TestPageTextComplete fails when a language leaves a string of the page
// empty, or lacks a health word or kind another language has.
func TestPageTextComplete(t *testing.T) {
	for _, lt := range languages {
		v := reflect.ValueOf(*lt)
		for i := range v.NumField() {
			f, name := v.Field(i), v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				if f.String() == "" {
					t.Errorf("%s: %s is empty", lt.Lang, name)
				}
			case reflect.Struct:
				if p := f.Interface().(plural); p.One == "" || p.Other == "" {
					t.Errorf("%s: %s is %q", lt.Lang, name, p)
				}
			case reflect.Map:
				en := reflect.ValueOf(textEN).Field(i)
				for _, k := range en.MapKeys() {
					if s := f.MapIndex(k); !s.IsValid() || s.String() == "" {
						t.Errorf("%s: %s[%s] is missing", lt.Lang, name, k)
					}
				}
			}
		}
	}
	for _, h := range []string{healthOK, healthFailing, healthDisabled, healthPending} {
		if textEN.Health[h] == "" {
			t.Errorf("no word for health %s", h)
		}
	}
}
