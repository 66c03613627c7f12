package store_test

import (
	"path/filepath"
	"testing"

	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend {
		s, err := store.Open(filepath.Join(t.TempDir(), "edufeed.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

func BenchmarkContractSavePoll(b *testing.B) {
	storetest.BenchmarkSavePoll(b, func(b *testing.B) store.Backend {
		s, err := store.Open(filepath.Join(b.TempDir(), "edufeed.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = s.Close() })
		return s
	})
}
