#!/usr/bin/env bash
# Smoke test of the real binary, offline: serve the example config, read the three feeds back with
# Python's feedparser, check ETag/304, the store lock, a bad config, and a clean SIGTERM exit.
# Needs go and /usr/bin/python3 with feedparser (Debian: python3-feedparser).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "smoke: FAIL: $*"; [ -f "$tmp/serve.log" ] && tail -20 "$tmp/serve.log"; exit 1; }

go build -o "$tmp/edufeed" ./cmd/edufeed
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

"$tmp/edufeed" serve -config config.example.yaml -listen "127.0.0.1:$port" -store "$tmp/edufeed.db" >"$tmp/serve.log" 2>&1 &
pid=$!

/usr/bin/python3 - "$base" <<'PY' || fail "feeds did not come up or did not parse"
import sys, time, urllib.request, feedparser
base = sys.argv[1]
deadline = time.time() + 10
while True:
    try:
        body = urllib.request.urlopen(base + "/feed.xml", timeout=2).read()
        if feedparser.parse(body).entries:
            break
    except OSError:
        pass
    if time.time() > deadline:
        sys.exit("no items in /feed.xml within 10 s")
    time.sleep(0.2)
import json
for path in ("/feed.xml", "/feed.atom", "/feed.json"):
    resp = urllib.request.urlopen(base + path, timeout=5)
    body = resp.read()
    if path.endswith(".json"):
        # Debian's feedparser 6.0 predates JSON Feed support: check the JSON Feed 1.1 shape here.
        j = json.loads(body)
        if j.get("version") != "https://jsonfeed.org/version/1.1" or not j.get("items"):
            sys.exit(f"{path}: not a JSON Feed 1.1 with items")
        for it in j["items"]:
            if not it.get("id") or not it.get("url") or not it.get("title") or not it.get("date_published"):
                sys.exit(f"{path}: item without id, url, title or date: {it!r}")
        d = feedparser.FeedParserDict(bozo=0, entries=j["items"], version="json11")
    else:
        d = feedparser.parse(body)
    if d.bozo:
        sys.exit(f"{path}: feedparser bozo: {d.bozo_exception!r}")
    if not d.entries:
        sys.exit(f"{path}: no entries")
    for e in d.entries:
        if not e.get("title") or not (e.get("link") or e.get("url")) or not e.get("id"):
            sys.exit(f"{path}: entry without title, link or id: {e!r}")
    print(f"smoke: {path}: {len(d.entries)} entries, version {d.version}, bozo 0")
    etag = resp.headers["ETag"]
    req = urllib.request.Request(base + path, headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(req, timeout=5)
        sys.exit(f"{path}: repeated request with ETag {etag} did not get 304")
    except urllib.error.HTTPError as err:
        if err.code != 304:
            sys.exit(f"{path}: repeated request got {err.code}, want 304")
    print(f"smoke: {path}: If-None-Match {etag} -> 304")
PY

# A second daemon on the same store must give up within 5 s and say why.
start=$(date +%s)
if "$tmp/edufeed" serve -config config.example.yaml -listen 127.0.0.1:0 -store "$tmp/edufeed.db" >"$tmp/second.log" 2>&1; then
  fail "second serve on the same store exited 0"
fi
took=$(( $(date +%s) - start ))
grep -q "in use by another edufeed process" "$tmp/second.log" || { cat "$tmp/second.log"; fail "second serve did not report the store in use"; }
[ "$took" -le 7 ] || fail "second serve took ${took}s to give up"
echo "smoke: second serve refused in ${took}s: $(grep -o 'store is in use[^;]*' "$tmp/second.log" | head -1)"

# A config with three mistakes reports all three, with line numbers.
cat >"$tmp/bad.yaml" <<'YAML'
listen: 127.0.0.1:8080
sources:
  - name: one
    url: https://example.org/feed.xml
    schedul: "@every 30m"
  - name: two
    url: https://example.org/two.xml
    timezone: Mars/Olympus
  - name: three
    url: https://example.org/three.xml
    timeout: soon
YAML
if "$tmp/edufeed" check -config "$tmp/bad.yaml" >"$tmp/bad.log" 2>&1; then fail "bad config accepted"; fi
for want in "bad.yaml:5:" "bad.yaml:8:" "bad.yaml:11:"; do
  grep -q "$want" "$tmp/bad.log" || { cat "$tmp/bad.log"; fail "bad config: no error at $want"; }
done
echo "smoke: bad config reports:"; sed 's/^/  /' "$tmp/bad.log"

kill -TERM "$pid"
if wait "$pid"; then echo "smoke: SIGTERM -> exit 0"; else fail "serve exited $? after SIGTERM"; fi
pid=""

# Live reload: a source added to the config appears after SIGHUP, without a restart; a broken
# config is rejected with every error logged while the daemon keeps serving.
root=$(pwd)
token=$(/usr/bin/python3 -c 'import secrets; print(secrets.token_hex(16))')
write_config() { # $1: extra source lines
  cat >"$tmp/live.yaml" <<YAML
listen: 127.0.0.1:$port
store: {path: $tmp/live.db}
admin: {token: "$token"}
defaults: {schedule: "@every 1h"}
sources:
  - {name: seed, url: "file://$root/examples/seed-feed.xml"}
$1
YAML
}
write_config ""
"$tmp/edufeed" serve -config "$tmp/live.yaml" >"$tmp/serve.log" 2>&1 &
pid=$!
wait_for() { # $1: URL path, $2: text to wait for
  for _ in $(seq 1 100); do
    if curl -fsS "$base$1" 2>/dev/null | grep -q "$2"; then return 0; fi
    sleep 0.1
  done
  return 1
}
wait_for /api/sources '"last_success"' || fail "the live daemon did not poll its source"
write_config "  - {name: school, url: \"file://$root/cmd/edufeed/testdata/merge/school-a.xml\", tags: [school]}"
kill -HUP "$pid"
wait_for /api/sources '"name": *"school"' || fail "source added to the config is not in /api/sources after SIGHUP"
wait_for /feed.xml '关于2026年寒假放假安排的通知' || fail "items of the added source are not in /feed.xml after SIGHUP"
echo "smoke: SIGHUP added source school: in /api/sources and its items in /feed.xml"

cp "$tmp/live.yaml" "$tmp/live.good"
cat >>"$tmp/live.yaml" <<'YAML'
  - {name: broken, url: "ftp://example.org/x.xml"}
  - {name: broken2, url: "https://example.org/y.xml", schedule: "every tuesday"}
YAML
kill -HUP "$pid"
for _ in $(seq 1 50); do grep -q 'reload rejected' "$tmp/serve.log" && break; sleep 0.1; done
errors=$(grep -c 'reload rejected' "$tmp/serve.log" || true)
[ "$errors" -ge 2 ] || { cat "$tmp/serve.log"; fail "broken config on reload: want every error logged, got $errors lines"; }
kill -0 "$pid" 2>/dev/null || fail "daemon died on a broken config"
wait_for /feed.xml '关于2026年寒假放假安排的通知' || fail "daemon stopped serving after a rejected reload"
echo "smoke: broken config on SIGHUP rejected with $errors logged errors; still serving"

# The admin routes: off without the token, reload and poll with it.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/admin/reload")
[ "$code" = 401 ] || fail "POST /admin/reload without a token: $code, want 401"
cp "$tmp/live.good" "$tmp/live.yaml"
curl -fsS -X POST -H "Authorization: Bearer $token" "$base/admin/reload" | grep -q '"reloaded": true' || fail "POST /admin/reload with the token failed"
curl -fsS -X POST -H "Authorization: Bearer $token" "$base/admin/poll?source=seed" | grep -q '"source": "seed"' || fail "POST /admin/poll failed"
# Read the whole page first: grep -q stops at its match, and curl writing into the closed pipe
# would fail the line under pipefail.
metrics=$(curl -fsS "$base/metrics")
grep -q 'edufeed_polls_total{result="not_modified",source="seed"}' <<<"$metrics" || fail "/metrics lacks the poll counters"
echo "smoke: admin reload and poll with the bearer token; 401 without; /metrics counts polls"

kill -TERM "$pid"
wait "$pid" || fail "live serve exited $? after SIGTERM"
pid=""
echo "smoke: ok"
