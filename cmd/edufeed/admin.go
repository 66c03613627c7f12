package main

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/store"
)

// adminTokenEnv names the environment variable that sets the admin token; it
// beats admin.token in the config, so the secret can stay out of the file.
const adminTokenEnv = "EDUFEED_ADMIN_TOKEN"

// adminToken returns the bearer token the admin routes require, or "" when
// they are off.
func adminToken(cfg *config.Config) string {
	if t := strings.TrimSpace(os.Getenv(adminTokenEnv)); t != "" {
		return t
	}
	return cfg.Admin.Token
}

// adminHandler serves POST /admin/reload and POST /admin/poll?source=NAME.
// Both need "Authorization: Bearer TOKEN"; with no token configured the
// routes answer 404, as if they did not exist.
func (d *daemon) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /admin/reload", func(w http.ResponseWriter, r *http.Request) {
		rep, err := d.reload()
		if err != nil {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": err.Error(), "reloaded": false})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"reloaded": true, "sources": rep, "channels": rep.Channels})
	})
	mux.HandleFunc("POST /admin/poll", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("source")
		srcs := d.sources()
		i := slices.IndexFunc(srcs, func(s feeds.Source) bool { return s.Name == name })
		if name == "" || i < 0 {
			writeJSON(w, http.StatusNotFound, map[string]any{"error": "no source named " + quote(name)})
			return
		}
		target := srcs[i]
		// The poll belongs to the scheduler, not to the request: a client
		// that hangs up does not cancel it; shutdown waits for it with the
		// scheduled polls, then cancels it.
		res := d.sched.PollNow(r.Context(), target)
		body := map[string]any{
			"source": res.Source, "new": res.New, "updated": res.Updated, "unchanged": res.Unchanged,
			"merged": res.Merged, "skipped": res.Skipped, "filtered": res.Filtered,
			"not_modified": res.NotModified, "duration": res.Elapsed.String(),
		}
		code := http.StatusOK
		if res.Err != nil {
			body["error"] = res.Err.Error()
			code = http.StatusBadGateway
			switch {
			case errors.Is(res.Err, poll.ErrAlreadyRunning):
				code = http.StatusConflict
			case errors.Is(res.Err, poll.ErrStopped):
				code = http.StatusServiceUnavailable
			}
		}
		writeJSON(w, code, body)
	})
	mux.HandleFunc("POST /admin/notify/test", d.serveNotifyTest)
	mux.HandleFunc("GET /admin/notify/preview", d.serveNotifyPreview)
	mux.HandleFunc("GET /admin/backup", d.serveBackup)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := adminToken(d.config())
		if token == "" {
			http.NotFound(w, r)
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="edufeed admin"`)
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "missing or wrong bearer token"})
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// serveBackup streams a copy of the store. The copy is taken into a
// temporary file first, so a slow download holds no read transaction (which
// would stop the file from growing and so stall polls). ?store=PATH names
// the store the client wants: another one is refused, and the answer always
// names the store it is a copy of (storeHeader).
func (d *daemon) serveBackup(w http.ResponseWriter, r *http.Request) {
	held := absPath(d.store.Path())
	if want := r.URL.Query().Get("store"); want != "" && !sameFile(want, held) {
		writeJSON(w, http.StatusConflict, map[string]any{
			"error": fmt.Sprintf("this daemon holds store %s, not %s", held, want), "store": held,
		})
		return
	}
	file, ok := d.store.(*store.Store)
	if !ok {
		writeJSON(w, http.StatusNotImplemented, map[string]any{"error": pgBackupAdvice(held), "store": held})
		return
	}
	snap, err := file.Snapshot()
	if err != nil {
		d.log.Error("backup failed", "store", held, "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": err.Error()})
		return
	}
	defer snap.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", `attachment; filename="edufeed-backup.db"`)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.FormatInt(snap.Size, 10))
	h.Set(storeHeader, url.QueryEscape(held))
	// A large store takes longer than the server's write timeout.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
	if n, err := io.Copy(w, snap); err != nil {
		d.log.Error("backup failed", "store", held, "written", n, "err", err)
	} else {
		d.log.Info("backup sent", "store", held, "bytes", n, "remote", r.RemoteAddr)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client may have gone; nothing to do
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
