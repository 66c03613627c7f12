package wire

import (
	"slices"
	"testing"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds/poll"
)

// A target that names a channel sends the channel's selection under its
// title; a digest's schedule is read in defaults.timezone.
func TestNotifyTargets(t *testing.T) {
	src := `sources:
  - {name: moe, url: https://example.org/moe.xml, tags: [gaokao]}
channels:
  - {name: zhaosheng, title: 招生考试, tags: [gaokao], exclude: [广告]}
notify:
  - {name: office, kind: slack, url: "https://hooks.slack.com/services/T/B/X", channel: zhaosheng,
     mode: digest, schedule: "0 7 * * *"}
  - {name: all, kind: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", sources: [moe]}
`
	cfg, err := config.Parse("/etc/edufeed/config.yaml", []byte(src), config.Checks{Schedule: poll.CheckSchedule})
	if err != nil {
		t.Fatal(err)
	}
	ts := NotifyTargets(cfg)
	office, all := ts[0], ts[1]
	if office.Select.Channel != "招生考试" || !slices.Equal(office.Select.Tags, []string{"gaokao"}) || !slices.Equal(office.Select.Exclude, []string{"广告"}) {
		t.Errorf("channel target selects %+v", office.Select)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, shanghai)
	if next := office.Next(at); !next.Equal(time.Date(2026, 3, 3, 7, 0, 0, 0, shanghai)) {
		t.Errorf("next digest after %v = %v", at, next)
	}
	if all.Next != nil || !slices.Equal(all.Select.Sources, []string{"moe"}) || all.Select.Channel != "" || string(all.URL) != "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" {
		t.Errorf("plain target %+v", all)
	}
}
