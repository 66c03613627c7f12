package filter

import "testing"

// benchRules are a config of the size edufeed's users write: a few global
// filters and tag rules, and rules on the item's source.
func benchFilter(b *testing.B) *Filter {
	b.Helper()
	return mustNew(b, Rules{
		Include: []string{"教育|学校|school", "高考", "考试", `\bexams?\b`, "教师|teacher"},
		Exclude: []string{"招聘|广告|推广", "sponsored|advertisement", "(?-i)AD", "培训班"},
		Tags: []TagRule{
			{"高考|招生|录取", "gaokao"}, {"中考", "zhongkao"}, {"考研|研究生", "kaoyan"},
			{"教师|师资", "teachers"}, {"人工智能|\\bAI\\b", "ai"}, {"双减|课后服务", "shuangjian"},
			{"职业教育|职教", "vocational"}, {`\bexams?\b`, "exams"},
		},
	}, configured(map[string]Rules{
		"eol": {Include: []string{"教育部|教育厅"}, Exclude: []string{"公务员"}, Tags: []TagRule{{"会议", "meetings"}, {"党组", "party"}}},
	}))
}

// BenchmarkApply measures Show and Tags of a 3.7 KB Chinese article.
func BenchmarkApply(b *testing.B) {
	f := benchFilter(b)
	it := loadItems(b)["moe-midyear"]
	b.SetBytes(int64(len(it.Title) + len(it.Content)))
	b.ReportAllocs()
	for b.Loop() {
		f.Apply(it)
	}
}

// BenchmarkShowThenTags is what a caller pays that calls both.
func BenchmarkShowThenTags(b *testing.B) {
	f := benchFilter(b)
	it := loadItems(b)["moe-midyear"]
	b.ReportAllocs()
	for b.Loop() {
		f.Show(it)
		f.Tags(it)
	}
}

func BenchmarkPlainText(b *testing.B) {
	it := loadItems(b)["moe-midyear"]
	b.SetBytes(int64(len(it.Content)))
	b.ReportAllocs()
	for b.Loop() {
		plainText(it.Content)
	}
}
