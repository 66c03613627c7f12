package wire

import (
	"context"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/postgres"
)

// OpenStore opens the store the config names: the bbolt file store.path, or
// with driver postgres the database store.dsn (an unreachable one is an
// error that says so, without the password).
func OpenStore(ctx context.Context, cfg *config.Config) (store.Backend, error) {
	if cfg.Store.Postgres() {
		return postgres.Open(ctx, cfg.Store.DSN, postgres.Options{Match: StoreOptions(cfg)})
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
