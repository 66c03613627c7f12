package config

import (
	"strings"
	"testing"
	"time"
)

func TestStoreDriver(t *testing.T) {
	const sources = "sources:\n  - {name: moe, url: https://example.org/feed.xml}\n"
	tests := []struct {
		name   string
		store  string
		field  string // the field of the one error expected; "" for none
		msg    string
		driver string
		lease  time.Duration
	}{
		{name: "bolt by default", store: "", driver: DriverBolt, lease: time.Minute},
		{name: "postgres URL", store: "store: {driver: postgres, dsn: 'postgres://edufeed:hunter2@db.example.org/edufeed', lease: 90s}\n", driver: DriverPostgres, lease: 90 * time.Second},
		{name: "postgres key=value", store: "store: {driver: postgres, dsn: 'host=db dbname=edufeed password=hunter2'}\n", driver: DriverPostgres, lease: time.Minute},
		{name: "unknown driver", store: "store: {driver: mysql}\n", field: "store.driver", msg: `must be "bolt" or "postgres"`},
		{name: "postgres without dsn", store: "store: {driver: postgres}\n", field: "store.dsn", msg: "must name the database"},
		{name: "dsn for bolt", store: "store: {dsn: 'postgres://db/edufeed'}\n", field: "store.dsn", msg: "only read with driver: postgres"},
		{name: "not a postgres URL", store: "store: {driver: postgres, dsn: 'mysql://root:hunter2@db/edufeed'}\n", field: "store.dsn", msg: "must be a postgres://"},
		{name: "zero lease", store: "store: {driver: postgres, dsn: 'postgres://db/e', lease: 0s}\n", field: "store.lease", msg: "more than zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("/etc/edufeed/test.yaml", []byte(tt.store+sources), checks)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Store.Driver != tt.driver || cfg.Store.Lease != tt.lease {
					t.Errorf("driver %q lease %v, want %q %v", cfg.Store.Driver, cfg.Store.Lease, tt.driver, tt.lease)
				}
				return
			}
			errs := parseErrors(t, tt.store+sources)
			if len(errs) != 1 || errs[0].Field != tt.field || !strings.Contains(errs[0].Msg, tt.msg) {
				t.Fatalf("errors %v, want one on %s saying %q", errs, tt.field, tt.msg)
			}
			if strings.Contains(errs.Error(), "hunter2") {
				t.Errorf("the error shows the password: %v", errs)
			}
		})
	}
}
