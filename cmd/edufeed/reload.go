package main

import (
	"errors"
	"fmt"
	"slices"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/internal/wire"
)

// reloadReport says what a reload changed.
type reloadReport struct {
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	Changed []string `json:"changed"`
	// Restart lists settings that changed in the file but take effect only
	// after a restart.
	Restart []string `json:"restart,omitempty"`
	// Channels are the channels added, removed and changed; the admin
	// route answers them beside the sources.
	Channels channelChanges `json:"-"`
}

// channelChanges name the channels a reload added, removed and changed.
type channelChanges struct {
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	Changed []string `json:"changed"`
}

// reload re-reads the config file and applies it to the running daemon:
// sources added, removed or changed, filters, tag rules and channels. A config with
// errors changes nothing; the old one keeps running and every error is
// logged and returned.
func (d *daemon) reload() (reloadReport, error) {
	d.reloadMu.Lock()
	defer d.reloadMu.Unlock()
	old := d.config()
	cfg, err := loadConfig(old.Path)
	if err != nil {
		var errs config.Errors
		if errors.As(err, &errs) {
			for _, e := range errs {
				d.log.Error("reload rejected: config error", "file", e.File, "line", e.Line, "column", e.Column, "field", e.Field, "error", e.Msg)
			}
		} else {
			d.log.Error("reload rejected", "file", old.Path, "error", err)
		}
		return reloadReport{}, err
	}
	d.overrides.apply(cfg)
	cls, err := classifierOf(cfg)
	if err != nil {
		d.log.Error("reload rejected", "file", cfg.Path, "error", err)
		return reloadReport{}, err
	}
	chans, err := channelsOf(cfg)
	if err != nil {
		d.log.Error("reload rejected", "file", cfg.Path, "error", err)
		return reloadReport{}, err
	}
	srcs := sourcesOf(cfg)
	targets := wire.NotifyTargets(cfg)
	if err := d.notifier.Update(targets, cls); err != nil {
		d.log.Error("reload rejected", "file", cfg.Path, "error", err)
		return reloadReport{}, err
	}
	if err := d.sched.Update(srcs); err != nil {
		d.log.Error("reload rejected", "file", cfg.Path, "error", err)
		return reloadReport{}, fmt.Errorf("apply sources: %w", err)
	}
	d.sched.SetFilter(cls)
	d.store.SetSourceOrder(sourceOrderOf(cfg))
	d.pub.Reload(srcs, cls, chans)

	rep := diffSources(d.sources(), srcs)
	rep.Restart = restartNeeded(old, cfg)
	rep.Channels = diffChannels(old.Channels, cfg.Channels)
	if d.metrics != nil {
		for _, name := range rep.Removed {
			d.metrics.ForgetSource(name)
		}
		for _, name := range removedTargets(old, cfg) {
			d.metrics.ForgetTarget(name)
		}
	}
	d.setConfig(cfg, srcs)
	d.log.Info("config reloaded", "file", cfg.Path, "sources", len(srcs), "channels", len(chans),
		"added", rep.Added, "removed", rep.Removed, "changed", rep.Changed,
		"channels_added", rep.Channels.Added, "channels_removed", rep.Channels.Removed, "channels_changed", rep.Channels.Changed)
	for _, key := range rep.Restart {
		d.log.Warn("config change needs a restart to take effect", "file", cfg.Path, "field", key)
	}
	return rep, nil
}

// diffSources names the sources added, removed and changed between two configs.
func diffSources(old, cur []feeds.Source) reloadReport {
	rep := reloadReport{Added: []string{}, Removed: []string{}, Changed: []string{}}
	before := make(map[string]feeds.Source, len(old))
	for _, s := range old {
		before[s.Name] = s
	}
	seen := make(map[string]bool, len(cur))
	for _, s := range cur {
		seen[s.Name] = true
		prev, ok := before[s.Name]
		switch {
		case !ok:
			rep.Added = append(rep.Added, s.Name)
		case !poll.SameSource(prev, s): // as the scheduler decides it
			rep.Changed = append(rep.Changed, s.Name)
		}
	}
	for _, s := range old {
		if !seen[s.Name] {
			rep.Removed = append(rep.Removed, s.Name)
		}
	}
	return rep
}

// restartNeeded lists the settings that a running daemon cannot change.
func restartNeeded(old, cur *config.Config) []string {
	var keys []string
	check := func(key string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			keys = append(keys, key)
		}
	}
	check("listen", old.Listen, cur.Listen)
	check("store.path", old.Store.Path, cur.Store.Path)
	check("store.driver", old.Store.Driver, cur.Store.Driver)
	check("store.dsn", old.Store.DSN, cur.Store.DSN)
	check("feed", old.Feed, cur.Feed)
	check("defaults.concurrency", old.Defaults.Concurrency, cur.Defaults.Concurrency)
	check("defaults.per_host", old.Defaults.PerHost, cur.Defaults.PerHost)
	check("defaults.max_body", old.Defaults.MaxBody, cur.Defaults.MaxBody)
	check("defaults.user_agent", old.Defaults.UserAgent, cur.Defaults.UserAgent)
	check("fetch.deny_private", old.Fetch.DenyPrivate, cur.Fetch.DenyPrivate)
	check("memory_limit", old.MemoryLimit, cur.MemoryLimit)
	slices.Sort(keys)
	return keys
}

// overrides are the serve flags that beat the config file; a reload keeps them.
type overrides struct {
	listen    string
	storePath string
}

func (o overrides) apply(cfg *config.Config) {
	if o.listen != "" {
		cfg.SetListen(o.listen)
	}
	if o.storePath != "" {
		cfg.Store.Path = o.storePath
	}
}

// diffChannels names the channels added, removed and changed between two configs.
func diffChannels(old, cur []config.Channel) channelChanges {
	ch := channelChanges{Added: []string{}, Removed: []string{}, Changed: []string{}}
	before := make(map[string]string, len(old))
	for _, c := range old {
		before[c.Name] = fmt.Sprintf("%+v", c)
	}
	seen := make(map[string]bool, len(cur))
	for _, c := range cur {
		seen[c.Name] = true
		switch prev, ok := before[c.Name]; {
		case !ok:
			ch.Added = append(ch.Added, c.Name)
		case prev != fmt.Sprintf("%+v", c):
			ch.Changed = append(ch.Changed, c.Name)
		}
	}
	for _, c := range old {
		if !seen[c.Name] {
			ch.Removed = append(ch.Removed, c.Name)
		}
	}
	return ch
}
