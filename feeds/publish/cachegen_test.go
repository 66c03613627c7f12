package publish

import (
	"context"
	"fmt"
	"testing"
)

// renderer hands out distinct entries and counts the renders.
type renderer struct{ count int }

func (r *renderer) render(label string) func() (*entry, error) {
	return func() (*entry, error) {
		r.count++
		return newEntry([]byte(label), storeModified, "application/feed+json")
	}
}

// TestCacheGenerationOnlyMovesForward plays requests that read the store
// version or the config before others did, in the orders the handler lets
// them arrive. None may move the cache back, empty it of newer bodies, or
// leave its older body where a newer one belongs.
func TestCacheGenerationOnlyMovesForward(t *testing.T) {
	ctx := context.Background()
	k1 := cacheKey{file: jsonFile, base: "http://127.0.0.1:8080/"}
	k2 := cacheKey{file: jsonFile, base: "http://127.0.0.1:8080/", query: "?tag=policy"}
	v1, v2 := generation{1, 1}, generation{2, 1}

	t.Run("a late request with an older version keeps the newer bodies", func(t *testing.T) {
		c, r := newCache(1<<20), &renderer{}
		new1 := mustGet(t, c, k1, v2, r.render("k1@v2"))
		mustGet(t, c, k2, v1, r.render("k2@v1")) // read the version before the write
		if got := mustGet(t, c, k1, v2, r.render("k1@v2 again")); got != new1 || r.count != 2 {
			t.Errorf("after an older request the newer body was dropped: %d renders", r.count)
		}
		if c.gen != v2 {
			t.Errorf("cache generation %v, want %v", c.gen, v2)
		}
		// What the older request rendered was not kept.
		mustGet(t, c, k2, v2, r.render("k2@v2"))
		if r.count != 3 {
			t.Errorf("%d renders, want 3: the older body of k2 must not be served at v2", r.count)
		}
	})

	t.Run("an older request is served the newer body", func(t *testing.T) {
		c, r := newCache(1<<20), &renderer{}
		new1 := mustGet(t, c, k1, v2, r.render("k1@v2"))
		if got := mustGet(t, c, k1, v1, r.render("k1@v1")); got != new1 || r.count != 1 {
			t.Errorf("older request: %d renders, body %q", r.count, got.plain.body)
		}
	})

	t.Run("a slow older render finishes after a newer one", func(t *testing.T) {
		c, r := newCache(1<<20), &renderer{}
		started, release := make(chan struct{}), make(chan struct{})
		slow := make(chan *entry)
		go func() {
			e, _ := c.get(ctx, k1, v1, func() (*entry, error) {
				close(started)
				<-release
				return newEntry([]byte("k1@v1"), storeModified, "application/feed+json")
			})
			slow <- e
		}()
		<-started
		fresh := mustGet(t, c, k1, v2, r.render("k1@v2"))
		close(release)
		if old := <-slow; string(old.plain.body) != "k1@v1" {
			t.Errorf("the slow request got %q, its own render", old.plain.body)
		}
		if got := mustGet(t, c, k1, v2, r.render("k1@v2 again")); got != fresh || r.count != 1 {
			t.Errorf("the slow render replaced the newer body: %q, %d renders", got.plain.body, r.count)
		}
		if c.gen != v2 {
			t.Errorf("cache generation %v, want %v", c.gen, v2)
		}
	})

	t.Run("a store write and a reload seen in opposite orders", func(t *testing.T) {
		// One request loaded the old config and then read the new store
		// version; another loaded the new config and read the old version.
		c, r := newCache(1<<20), &renderer{}
		newStore, newConf, both := generation{2, 1}, generation{1, 2}, generation{2, 2}
		mustGet(t, c, k1, newStore, r.render("store"))
		mustGet(t, c, k1, newConf, r.render("conf"))
		if c.gen != both {
			t.Fatalf("cache generation %v, want %v", c.gen, both)
		}
		if n, _ := c.len(); n != 0 {
			t.Errorf("%d bodies kept, each rendered from half the news", n)
		}
		fresh := mustGet(t, c, k1, both, r.render("both"))
		for _, g := range []generation{newStore, newConf, both} {
			if got := mustGet(t, c, k1, g, r.render(fmt.Sprint(g))); got != fresh {
				t.Errorf("request at %v got %q, want the body of %v", g, got.plain.body, both)
			}
		}
		if r.count != 3 {
			t.Errorf("%d renders, want 3", r.count)
		}
	})
}

func mustGet(t *testing.T, c *cache, key cacheKey, gen generation, render func() (*entry, error)) *entry {
	t.Helper()
	e, err := c.get(context.Background(), key, gen, render)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
