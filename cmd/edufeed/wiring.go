package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/filter"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/feeds/publish"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
)

// commonFlags are the flags every config-reading subcommand takes.
type commonFlags struct {
	config string
	log    logFlags
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "config.yaml", "config file")
	c.log.register(fs)
}

// parse parses a subcommand's flags and arguments (see parseArgs), then
// builds its logger and loads its config. A non-zero code is the exit
// status to return; the reason is printed.
func (c *commonFlags) parse(fs *flag.FlagSet, args []string, stderr io.Writer) (*slog.Logger, *config.Config, int) {
	if code := parseArgs(fs, args, stderr); code != 0 {
		return nil, nil, code
	}
	log, err := c.log.logger(stderr)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return nil, nil, 2
	}
	cfg, err := loadConfig(c.config)
	if err != nil {
		printConfigError(stderr, err)
		return nil, nil, 1
	}
	return log, cfg, 0
}

// loadConfig reads the config with the validators that live in other
// packages, and checks EDUFEED_ADMIN_TOKEN by the rules of admin.token,
// since it replaces that setting.
func loadConfig(path string) (*config.Config, error) {
	cfg, err := wire.LoadConfig(path)
	if err != nil {
		return nil, err
	}
	if err := config.CheckAdminToken(strings.TrimSpace(os.Getenv(adminTokenEnv))); err != nil {
		return nil, config.Errors{{File: "environment", Field: adminTokenEnv, Msg: err.Error()}}
	}
	return cfg, nil
}

// sourcesOf converts the config's sources into the pipeline's type.
func sourcesOf(cfg *config.Config) []feeds.Source { return wire.Sources(cfg) }

// userAgent names edufeed and its version, as polite crawlers do.
func userAgent(cfg *config.Config) string {
	if cfg.Defaults.UserAgent != "" {
		return cfg.Defaults.UserAgent
	}
	return "edufeed/" + readVersion().Short() + " (+https://github.com/edufeed/edufeed)"
}

// newScheduler builds the poll pipeline on an open store. cls counts the
// items the outputs hide; obs, if not nil, hears of every poll.
func newScheduler(cfg *config.Config, st store.Backend, log *slog.Logger, cls *filter.Filter, obs poll.Observer) *poll.Scheduler {
	client := fetch.NewClient(fetch.Options{UserAgent: userAgent(cfg), MaxBody: cfg.Defaults.MaxBody, DenyPrivate: cfg.Fetch.DenyPrivate,
		IdlePerHost: cfg.Defaults.PerHost, HostDelay: cfg.Defaults.HostDelay})
	opts := poll.Options{
		Fetcher:     client,
		Parser:      parse.New(),
		Store:       st,
		Logger:      log,
		Concurrency: cfg.Defaults.Concurrency,
		PerHost:     cfg.Defaults.PerHost,
		Observer:    obs,
		Pages:       wire.PageReader{},
		Articles:    wire.ArticleReader{},
		Leases:      wire.Leases(st, cfg),
	}
	if cls != nil {
		opts.Filter = cls
	}
	return poll.New(opts)
}

// storeOptions match stories across sources with the thresholds that
// feeds/merge chose on its corpus of duplicate pairs, ties going to the
// source cfg lists first.
func storeOptions(cfg *config.Config) store.Options { return wire.StoreOptions(cfg) }

// sourceOrderOf names cfg's sources in order, for a reload to hand the store.
func sourceOrderOf(cfg *config.Config) []string { return wire.SourceOrder(cfg) }

// printConfigError prints config errors one per line, as the config package formats them.
func printConfigError(w io.Writer, err error) {
	fmt.Fprintf(w, "edufeed: invalid config:\n%v\n", err)
}

// classifierOf compiles the config's filters and tag rules. The config
// package has checked every pattern already, so an error here is a bug.
func classifierOf(cfg *config.Config) (*filter.Filter, error) {
	f, err := wire.Classifier(cfg)
	if err != nil {
		return nil, fmt.Errorf("config %s: filters: %w", cfg.Path, err)
	}
	return f, nil
}

// channelsOf compiles the config's channels for the publisher. The config
// package has checked every pattern already, so an error here is a bug.
func channelsOf(cfg *config.Config) ([]publish.Channel, error) {
	chans, err := wire.Channels(cfg)
	if err != nil {
		return nil, fmt.Errorf("config %s: channels: %w", cfg.Path, err)
	}
	return chans, nil
}
