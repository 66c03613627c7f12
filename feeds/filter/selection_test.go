package filter

import (
	"slices"
	"testing"
)

func TestSelector(t *testing.T) {
	items := loadItems(t)
	f := mustNew(t, Rules{Tags: []TagRule{{"招生|高考", "admissions"}}}, configured(nil))
	tests := []struct {
		name string
		sel  Selection
		want []string // ids of the shown items selected, sorted
	}{
		{"empty selection is the merged feed", Selection{},
			[]string{"ai-guide", "block-split", "exam-rules", "gaokao-signup", "inline-split", "moe-midyear", "recruit-ad", "sponsored", "summary-only"}},
		// inline-split writes 高考 across an inline element, which the rules see through.
		{"a tag from a rule", Selection{Tags: []string{"admissions"}}, []string{"gaokao-signup", "inline-split", "summary-only"}},
		{"a source's plain tag, any case", Selection{Tags: []string{"POLICY"}}, []string{"block-split", "inline-split", "summary-only"}},
		{"one of two tags", Selection{Tags: []string{"us", "gaokao"}}, []string{"exam-rules", "gaokao-signup", "sponsored"}},
		// gaokao-signup is carried by eol as well as gaokao-cn.
		{"a source", Selection{Sources: []string{"eol"}}, []string{"ai-guide", "gaokao-signup", "moe-midyear", "recruit-ad"}},
		{"source and tag both", Selection{Sources: []string{"eol"}, Tags: []string{"admissions"}}, []string{"gaokao-signup"}},
		{"include as in filters", Selection{Include: []string{"exam"}}, []string{"exam-rules"}},
		{"exclude wins over include", Selection{Sources: []string{"eol"}, Include: []string{"教育部|招聘"}, Exclude: []string{"招聘"}}, []string{"moe-midyear"}},
		{"selects nothing", Selection{Sources: []string{"edweek"}, Tags: []string{"policy"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSelector(tt.sel)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for id, it := range items {
				if show, tags := f.Apply(it); show && s.Selects(it, tags) {
					got = append(got, id)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("selected %q\nwant     %q", got, tt.want)
			}
		})
	}
	var none *Selector
	if !none.Selects(items["ai-guide"], nil) {
		t.Error("a nil selector refused an item")
	}
	if _, err := NewSelector(Selection{Include: []string{"招生("}}); err == nil {
		t.Error("NewSelector accepted a bad pattern")
	}
}
