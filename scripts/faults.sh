#!/usr/bin/env bash
# Fault suite for what needs the real binary (issue 6):
#   1. crash safety: serve under a poll burst, SIGKILL at random moments, restart, and check that
#      the store opens, every item a finished poll committed is still there and no story is twice;
#   2. store trouble: a full and a read-only disk (tmpfs) make polls fail with a clear error while
#      the feeds keep being served; backup while serving; a damaged store refused at start.
# Usage: scripts/faults.sh [KILLS]   (default 20, as in CI; the full run, as the README says, uses 100)
# Needs go, /usr/bin/python3, curl, and root for the tmpfs mounts (as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-20}
tmp=$(mktemp -d)
pid="" srv=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$srv" ] && kill "$srv" 2>/dev/null || true
  mountpoint -q "$tmp/disk" 2>/dev/null && umount -l "$tmp/disk" || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "faults: FAIL: $*"; [ -f "$tmp/serve.log" ] && tail -20 "$tmp/serve.log"; exit 1; }
freeport() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

go build -o "$tmp/edufeed" ./cmd/edufeed
mkdir -p "$tmp/feeds"
srcport=$(freeport)
/usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$tmp/feeds" "$srcport" >/dev/null 2>&1 &
srv=$!
port=$(freeport)
base="http://127.0.0.1:$port"
token=$(/usr/bin/python3 -c 'import secrets; print(secrets.token_hex(16))')
nsrc=24

# gen_feeds ROUND: every source lists 20 items, 4 of them new each round; source pairs (s0,s1),
# (s2,s3)... also carry one shared story under their own GUIDs and tracking parameters.
gen_feeds() { # ROUND [REPEAT]: REPEAT makes every article that many paragraphs long
  /usr/bin/python3 - "$tmp/feeds" "$nsrc" "$1" "${2:-1}" <<'PY'
import sys, os, datetime, html
out, n, rnd, rep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
now = datetime.datetime.now(datetime.timezone.utc)
for s in range(n):
    items = []
    for k in range(rnd * 4 + 4 - 20, rnd * 4 + 4):
        if k < 0:
            continue
        when = (now - datetime.timedelta(minutes=(rnd * 4 + 4 - k))).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append((f"源{s}第{k}条：学校开展第{k}期教研活动", f"https://s{s}.example.edu.cn/news/{k}.html", f"s{s}-{k}", when,
                      f"<p>第{s}号来源的第{k}条新闻（第{rnd}轮）。教研活动围绕课堂教学改革展开，教师们交流了经验。</p>" * rep))
    pair = s // 2
    items.append((f"教育厅关于做好第{pair}批课题申报工作的通知", f"https://jyt.example.gov.cn/tz/{pair}.html?utm_source=s{s}", f"shared-{s}-{pair}",
                  now.strftime("%a, %d %b %Y %H:%M:%S +0000"), f"<p>各有关单位：现将第{pair}批课题申报工作有关事项通知如下，请认真组织申报。</p>"))
    body = "".join(f"<item><title>{html.escape(t)}</title><link>{html.escape(l)}</link><guid isPermaLink=\"false\">{g}</guid>"
                   f"<pubDate>{d}</pubDate><description>{html.escape(c)}</description></item>" for t, l, g, d, c in items)
    doc = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>源{s}</title><link>https://s{s}.example.edu.cn/</link><description>t</description>{body}</channel></rss>'
    tmp = os.path.join(out, f".s{s}.xml")
    with open(tmp, "w") as f:
        f.write(doc)
    os.replace(tmp, os.path.join(out, f"s{s}.xml"))
PY
}

write_config() { # $1: store path
  {
    echo "listen: 127.0.0.1:$port"
    echo "store: {path: $1}"
    echo "feed: {max_items: 10000}"
    echo "admin: {token: \"$token\"}"
    echo "defaults: {schedule: \"@every 1m\", concurrency: 8, per_host: 8, timeout: 10s, host_delay: 0s}"
    echo "fetch: {deny_private: false} # the sources are a local http.server on loopback"
    echo "sources:"
    for s in $(seq 0 $((nsrc - 1))); do
      echo "  - {name: s$s, url: \"http://127.0.0.1:$srcport/s$s.xml\"}"
    done
  } >"$tmp/config.yaml"
}

start() { # $1: store path
  write_config "$1"
  "$tmp/edufeed" serve -config "$tmp/config.yaml" >>"$tmp/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "serve exited at start: $(tail -3 "$tmp/serve.log")"
    sleep 0.1
  done
  fail "serve did not answer /healthz within 10 s"
}

# snapshot FILE: every item the daemon serves (committed by definition), as JSON lines.
snapshot() {
  curl -fsS "$base/feed.json?limit=10000" | /usr/bin/python3 -c '
import sys, json, collections
items = json.load(sys.stdin)["items"]
ids = [i["id"] for i in items]
titles = collections.Counter(i["title"] for i in items)
twice = [t for t, n in titles.items() if n > 1]
if len(set(ids)) != len(ids) or twice:
    sys.exit(f"a story appears twice: {twice[:3]}")
for i in items:
    print(i["id"])
' >"$1" || fail "feed.json: $(cat "$1" | tail -1)"
}

echo "== crash safety: $kills SIGKILLs under a poll burst"
gen_feeds 0
start "$tmp/crash.db"
: >"$tmp/committed"
for round in $(seq 1 "$kills"); do
  gen_feeds "$round"
  # Each start-up polls every source at once: a burst of writes. Kill somewhere in or after it.
  sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
  snapshot "$tmp/seen"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  cat "$tmp/seen" >>"$tmp/committed"
  sort -u -o "$tmp/committed" "$tmp/committed"
  start "$tmp/crash.db"
  snapshot "$tmp/after"
  missing=$(comm -23 "$tmp/committed" <(sort -u "$tmp/after") | wc -l)
  [ "$missing" -eq 0 ] || fail "round $round: $missing committed items missing after SIGKILL and restart"
  printf '  round %2d: %5d items served before the kill, %5d after the restart, 0 missing\n' "$round" "$(wc -l <"$tmp/seen")" "$(wc -l <"$tmp/after")"
done
# A last full poll, then no story twice across sources: the shared notices are one item each.
sleep 2
snapshot "$tmp/final"
shared=$(curl -fsS "$base/feed.json?limit=10000" | /usr/bin/python3 -c '
import sys, json
items = json.load(sys.stdin)["items"]
print(sum(1 for i in items if "课题申报" in i["title"]))')
[ "$shared" -eq $((nsrc / 2)) ] || fail "shared notices: $shared items, want $((nsrc / 2)) (one per pair of sources)"
echo "faults: crash loop ok: $kills kills, store opened every time, 0 committed items lost, no story twice ($shared shared notices merged)"

echo "== backup while serving"
"$tmp/edufeed" backup -config "$tmp/config.yaml" "$tmp/backup.db" || fail "backup while serving failed"
"$tmp/edufeed" compact -config "$tmp/config.yaml" -store "$tmp/backup.db" || fail "the backup does not open as a store"
kill -TERM "$pid"; wait "$pid" || fail "serve exit $? after SIGTERM"; pid=""

echo "== damaged store refused at start"
cp "$tmp/backup.db" "$tmp/damaged.db"
dd if=/dev/urandom of="$tmp/damaged.db" bs=4096 count=2 conv=notrunc status=none
write_config "$tmp/damaged.db"
if "$tmp/edufeed" serve -config "$tmp/config.yaml" >"$tmp/damaged.log" 2>&1; then fail "serve started on a damaged store"; fi
grep -q "edufeed backup" "$tmp/damaged.log" && grep -q "edufeed compact" "$tmp/damaged.log" ||
  { cat "$tmp/damaged.log"; fail "damaged store: the message does not name backup and compact"; }
echo "faults: damaged store refused: $(grep -o 'store file is damaged[^.]*' "$tmp/damaged.log" | head -1)"

echo "== full and read-only disk"
mkdir -p "$tmp/disk"
mount -t tmpfs -o size=3m tmpfs "$tmp/disk" || fail "cannot mount a tmpfs (this part needs root, as in CI)"
start "$tmp/disk/edufeed.db"
sleep 1
items_before=$(curl -fsS "$base/feed.json?limit=10000" | /usr/bin/python3 -c 'import sys, json; print(len(json.load(sys.stdin)["items"]))')
# poll_now NAME: poll one source now, waiting while its start-up poll still runs (409).
poll_now() {
  local out
  for _ in $(seq 1 200); do
    out=$(curl -s -X POST -H "Authorization: Bearer $token" "$base/admin/poll?source=$1")
    echo "$out" | grep -q "already running" || break
    sleep 0.1
  done
  echo "$out"
}
check_serving() {
  local n
  n=$(curl -fsS "$base/feed.json?limit=10000" | /usr/bin/python3 -c 'import sys, json; print(len(json.load(sys.stdin)["items"]))') ||
    fail "$1: /feed.json not served"
  [ "$n" -ge "$items_before" ] || fail "$1: /feed.json serves $n items, had $items_before"
  curl -fsS -o /dev/null "$base/feed.xml" || fail "$1: /feed.xml not served"
}

dd if=/dev/zero of="$tmp/disk/fill" bs=64k status=none 2>/dev/null || true   # until the disk is full
gen_feeds $((kills + 1)) 400   # long articles: more than the file's free pages can hold
out=$(poll_now s3)
echo "$out" | grep -qi "no space left on device" || { echo "$out"; fail "full disk: the poll did not fail with 'no space left on device'"; }
check_serving "full disk"
echo "faults: full disk: poll failed with: $(echo "$out" | /usr/bin/python3 -c 'import sys, json; print(json.load(sys.stdin)["error"][-90:])'); feeds still served"
rm -f "$tmp/disk/fill"
out=$(poll_now s3)
echo "$out" | grep -q '"error"' && { echo "$out"; fail "after freeing the disk the poll still fails"; }
echo "faults: disk freed: the next poll succeeds"

# A disk that went read-only (errors=remount-ro): the store opens for reading, the feeds are
# served, and every poll fails saying why.
kill -TERM "$pid"; wait "$pid" || fail "serve exit $? after SIGTERM"; pid=""
mount -o remount,ro "$tmp/disk" || fail "cannot remount the tmpfs read-only"
start "$tmp/disk/edufeed.db"
grep -q "store is read-only" "$tmp/serve.log" || fail "read-only disk: no warning at start"
gen_feeds $((kills + 2)) 2
out=$(poll_now s4)
echo "$out" | grep -qi "read-only" || { echo "$out"; fail "read-only disk: the poll did not fail saying the store is read-only"; }
check_serving "read-only disk"
echo "faults: read-only disk: started read-only, poll failed with: $(echo "$out" | /usr/bin/python3 -c 'import sys, json; print(json.load(sys.stdin)["error"][-215:])'); feeds still served"
kill -TERM "$pid"; wait "$pid" || fail "serve exit $? after SIGTERM"; pid=""
mount -o remount,rw "$tmp/disk"
start "$tmp/disk/edufeed.db"
out=$(poll_now s4)
echo "$out" | grep -q '"error"' && { echo "$out"; fail "after remounting read-write the poll still fails"; }
echo "faults: disk writable again: the next poll succeeds"
kill -TERM "$pid"; wait "$pid" || fail "serve exit $? after SIGTERM"; pid=""
echo "faults: ok"
