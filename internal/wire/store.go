package wire

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/postgres"
)

// OpenStore opens the store the config names: the bbolt file store.path, or
// with driver postgres the database store.dsn (an unreachable one is an
// error that says so, without the password).
func OpenStore(ctx context.Context, cfg *config.Config) (store.Backend, error) {
	return openStore(ctx, cfg, false)
}

// OpenStoreOnce opens the store as OpenStore does, for one command that
// polls or writes and exits (edufeed poll): a PostgreSQL store then opens
// fewer connections and does not follow other instances' writes
// (postgres.Options.OneShot).
func OpenStoreOnce(ctx context.Context, cfg *config.Config) (store.Backend, error) {
	return openStore(ctx, cfg, true)
}

func openStore(ctx context.Context, cfg *config.Config, once bool) (store.Backend, error) {
	if cfg.Store.Postgres() {
		return postgres.Open(ctx, cfg.Store.DSN, postgres.Options{Match: StoreOptions(cfg), OneShot: once})
	}
	return store.Open(cfg.Store.Path, StoreOptions(cfg))
}

// StoreName names the configured store for messages: the file, or the DSN
// without its password.
func StoreName(cfg *config.Config) string {
	if cfg.Store.Postgres() {
		return postgres.Redact(cfg.Store.DSN)
	}
	return cfg.Store.Path
}

// Leases returns what makes the scheduler share sources with the other
// instances on a PostgreSQL store, with the config's lease time; nil for a
// bbolt store, which one process owns.
func Leases(st store.Backend, cfg *config.Config) poll.Leaser {
	if pg, ok := st.(*postgres.Store); ok {
		return pg.Leases(cfg.Store.Lease)
	}
	return nil
}

// pollGCPercent is the collector's GOGC for a one-shot poll on PostgreSQL.
// That store keeps no index in memory, so the poller's live heap is a few
// MB, and at GOGC 100 the buffers its saves encode (about 0.4 MB a poll of
// 20 items) start a collection every few polls: twice as many as the bbolt
// poller's for the same polls, each cycle's mark work mostly on processors
// left idle while polls wait on the database. At 300, 2,000 sources of 20
// items cost the poller 0.7-1.0 CPU-s less and peak at 52-56 MiB of RSS
// (bbolt's poller 53), 69-77 MiB with polls saved in groups.
const pollGCPercent = 300

// SetPollGC tunes the collector for a one-shot poll of the configured store
// (see pollGCPercent), unless GOGC is set. It returns the GOGC now in force
// or -1 when it changed nothing.
func SetPollGC(cfg *config.Config) int {
	if !cfg.Store.Postgres() || os.Getenv("GOGC") != "" {
		return -1
	}
	debug.SetGCPercent(pollGCPercent)
	return pollGCPercent
}
