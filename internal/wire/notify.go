package wire

import (
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds/notify"
	"github.com/edufeed/edufeed/feeds/poll"
)

// NotifyTargets converts the config's notify targets into notify's type;
// a target that sends a channel gets the channel's selection, and a
// digest's schedule is read as the poll schedules are (cron, CRON_TZ=,
// @every), in defaults.timezone. The config package has checked it.
func NotifyTargets(cfg *config.Config) []notify.Target {
	out := make([]notify.Target, 0, len(cfg.Notify))
	for _, t := range cfg.Notify {
		nt := notify.Target{
			Name:     t.Name,
			Kind:     t.Kind,
			URL:      notify.Secret(t.URL),
			Key:      notify.Secret(t.Secret),
			Mode:     t.Mode,
			MaxItems: t.MaxItems,
			Title:    t.Title,
			Location: t.Location,
			Select: notify.Selection{
				Sources: t.Sources, Tags: t.Tags, Include: t.Include, Exclude: t.Exclude,
			},
			From:        t.From,
			To:          t.To,
			Username:    t.Username,
			Password:    notify.Secret(t.Password),
			Unsubscribe: t.Unsubscribe,
		}
		if c, ok := cfg.ChannelByName(t.Channel); ok && t.Channel != "" {
			nt.Select = notify.Selection{Sources: c.Sources, Tags: c.Tags, Include: c.Include, Exclude: c.Exclude, Channel: c.Title}
			if nt.Select.Channel == "" {
				nt.Select.Channel = c.Name
			}
		}
		if t.Mode == config.ModeDigest {
			spec, loc := t.Schedule, t.Location
			nt.Next = func(after time.Time) time.Time {
				next, err := poll.NextRun(spec, loc, after)
				if err != nil {
					// Checked at load; a spec that stops parsing never fires.
					return after.AddDate(100, 0, 0)
				}
				return next
			}
		}
		out = append(out, nt)
	}
	return out
}
