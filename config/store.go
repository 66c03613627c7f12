package config

import (
	"net/url"
	"strings"
	"time"
)

// Store drivers.
const (
	DriverBolt     = "bolt"
	DriverPostgres = "postgres"
)

// DefaultLease is Store.Lease when the file sets none.
const DefaultLease = time.Minute

// Postgres reports whether the store is the shared PostgreSQL one.
func (s Store) Postgres() bool { return s.Driver == DriverPostgres }

// store checks the store section's driver, DSN and lease. A message never
// quotes the DSN, which may hold a password.
func (l *loader) store(s *Store) {
	switch s.Driver {
	case "":
		s.Driver = DriverBolt
	case DriverBolt, DriverPostgres:
	default:
		l.errField("store.driver", nil, "must be %q or %q, got %q", DriverBolt, DriverPostgres, s.Driver)
		return
	}
	l.positive("store.lease", s.Lease)
	dsn := strings.TrimSpace(s.DSN)
	switch {
	case s.Driver == DriverBolt && dsn != "":
		l.errField("store.dsn", nil, "is only read with driver: postgres (the bolt store is the file store.path)")
	case s.Driver == DriverPostgres && dsn == "":
		l.errField("store.dsn", nil, "must name the database for driver: postgres, e.g. postgres://edufeed@db.example.org/edufeed")
	case s.Driver == DriverPostgres && strings.Contains(dsn, "://"):
		u, err := url.Parse(dsn)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			l.errField("store.dsn", nil, "must be a postgres:// or postgresql:// URL or key=value pairs such as host=db dbname=edufeed")
		}
	case s.Driver == DriverPostgres && !strings.Contains(dsn, "="):
		l.errField("store.dsn", nil, "must be a postgres:// or postgresql:// URL or key=value pairs such as host=db dbname=edufeed")
	}
}
