package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
)

// backupLockWait is how long backup waits for the store's lock before it
// asks the running daemon for the copy instead.
const backupLockWait = time.Second

// cmdBackup writes a consistent copy of the store to a file. With the store
// free it reads the file itself; while a daemon holds it, it asks the daemon
// on the config's listen address (GET /admin/backup with the admin token),
// which must hold the same store, for a copy taken while polls go on.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	storePath := fs.String("store", "", "store file, overrides the config's store.path")
	listen := fs.String("listen", "", "address of the running daemon, if serve was given -listen")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edufeed backup [-config FILE] [-store PATH] [-listen ADDR] BACKUPFILE")
		fs.PrintDefaults()
	}
	_, cfg, code := common.parse(fs, args, stderr)
	if code != 0 {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	dst := fs.Arg(0)
	overrides{listen: *listen, storePath: *storePath}.apply(cfg)
	if cfg.Store.Postgres() {
		fmt.Fprintln(stderr, "edufeed: backup:", pgBackupAdvice(wire.StoreName(cfg)))
		return 1
	}

	var n int64
	st, err := store.Open(cfg.Store.Path, store.Options{ReadOnly: true, LockTimeout: backupLockWait})
	switch {
	case err == nil:
		n, err = st.BackupFile(dst)
		if cerr := st.Close(); err == nil {
			err = cerr
		}
	case errors.Is(err, store.ErrInUse):
		n, err = backupFromDaemon(ctx, cfg, dst)
	}
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: backup of %s written (%s)\n", dst, cfg.Store.Path, byteSize(n))
	return 0
}

// backupFromDaemon streams the backup from the daemon that holds the store.
func backupFromDaemon(ctx context.Context, cfg *config.Config, dst string) (int64, error) {
	token := adminToken(cfg)
	if token == "" {
		return 0, fmt.Errorf("store %s is in use by a running edufeed; to back it up while it runs, set admin.token (or %s) so that backup can ask the daemon, or stop the daemon first", cfg.Store.Path, adminTokenEnv)
	}
	path := absPath(cfg.Store.Path)
	url, err := daemonURL(cfg, "/admin/backup?store="+neturl.QueryEscape(path))
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("store %s is in use; asking the daemon at %s: %w", cfg.Store.Path, url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusConflict {
		var body struct{ Store string }
		_ = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body)
		return 0, wrongStore(path, body.Store, url)
	}
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return 0, fmt.Errorf("store %s is in use; the daemon at %s answered %s: %s", cfg.Store.Path, url, resp.Status, msg)
	}
	// A daemon that ignored ?store= still says what it copies.
	held, err := neturl.QueryUnescape(resp.Header.Get(storeHeader))
	if err != nil || held == "" || !sameFile(path, held) {
		return 0, wrongStore(path, held, url)
	}
	return store.WriteBackupFile(dst, resp.Body)
}

// storeHeader names, in a backup's answer, the store (its absolute path,
// query-escaped) the daemon copied.
const storeHeader = "Edufeed-Store"

// wrongStore is the error for a daemon that holds another store than the
// one to back up.
func wrongStore(want, held, url string) error {
	if held == "" {
		held = "a store it does not name"
	}
	return fmt.Errorf("store %s is in use, but the daemon at %s holds %s, not %s: give backup the -listen address of the daemon that runs on %s", want, url, held, want, want)
}

// absPath is path made absolute, or path itself if that fails.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// sameFile reports whether paths a and b name one file: the same file when
// both exist (links, different spellings), else the same absolute path.
func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	return absPath(a) == absPath(b)
}

// daemonURL is the URL of path on the daemon listening at cfg.Listen; an
// address on all interfaces is asked on loopback.
func daemonURL(cfg *config.Config, path string) (string, error) {
	host, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil {
		return "", fmt.Errorf("listen %q: %w", cfg.Listen, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + path, nil
}
