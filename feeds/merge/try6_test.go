package merge

import "testing"

func TestTry6(t *testing.T) {
	for _, s := range []string{
		"新华社北京5月28日电 记者28日从教育部获悉，2025年全国高考报名人数为1335万人",
		"中新网5月28日电 距离2025年高考仅剩10天。",
		"新华社北京1月10日电（记者 王鹏）记者10日从教育部获悉，教育部近日印发通知",
		"（中央社記者陳至中台北19日電）大考中心今天公布114學年度學科能力測驗成績",
		"中国教育在线讯 教育部近日印发通知，要求各地各校",
		"本报讯（记者 张三）教育部近日印发通知",
		"WASHINGTON (CW) — Enrollment in the nation’s public schools fell",
		"ANN ARBOR, Mich. — Middle school students who received three sessions",
		"BEIJING, June 7 (GlobeWire) — About 13.35 million students sat",
		"3月3日上午，浙江工业大学召开2025年春季学期开学工作会议",
		"The U.S. Department of Education today announced $160 million",
		"Superintendent’s Weekly Update — week of March 3",
		"教育部近日印发通知，要求各地",
	} {
		t.Logf("%q", storyBlocks(s+"\n校领导，各学院、部门主要负责人等参加会议。（供稿：党委办公室 校长办公室 摄影：宣传部）\n各单位：\n（編輯：陳仁華）1140219"))
	}
}
