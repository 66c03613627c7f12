package notify

import (
	"testing"
	"time"
)

// A digest lists a story under the target's channel, else the first
// selected tag it has, else the first selected source carrying it.
func TestSelectionGroups(t *testing.T) {
	it := story("jyt", 1, time.Time{})
	it.Sources = []string{"jyt", "moe"}
	tests := []struct {
		sel   Selection
		tags  []string
		ok    bool
		group string
	}{
		{Selection{Channel: "招生考试", Tags: []string{"gaokao"}}, []string{"Gaokao"}, true, "招生考试"},
		{Selection{Tags: []string{"exams", "policy"}}, []string{"policy", "exams"}, true, "exams"},
		{Selection{Sources: []string{"moe"}}, nil, true, "moe"},
		{Selection{Sources: []string{"xinhua"}}, nil, false, ""},
		{Selection{Tags: []string{"sports"}}, []string{"policy"}, false, ""},
		{Selection{Exclude: []string{"教师资格"}}, nil, false, ""},
		{Selection{}, nil, true, ""},
	}
	for _, tc := range tests {
		s, err := compileSelection(tc.sel)
		if err != nil {
			t.Fatal(err)
		}
		if ok, group := s.pick(&it, tc.tags); ok != tc.ok || group != tc.group {
			t.Errorf("%+v with tags %v: %v %q, want %v %q", tc.sel, tc.tags, ok, group, tc.ok, tc.group)
		}
	}
}
