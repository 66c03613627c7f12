#!/usr/bin/env bash
# Interop test of the real binary, offline: serve four real-shaped source feeds (Chinese and English,
# RSS, Atom, JSON Feed, one in GBK, one story carried by two sources) over HTTP on loopback, let
# edufeed poll them, then read /feed.xml, /feed.atom and /feed.json, and the two channels'
# /c/NAME.xml, .atom and .json, with independent parsers: Python's feedparser (plus ElementTree
# and json for what feedparser hides) and newsboat.
# Needs go, /usr/bin/python3 with feedparser (Debian: python3-feedparser) and newsboat.
# The fixtures and expected values are in scripts/interop/; the checks in check_feeds.py.
# EDUFEED_BIN=path tests that binary instead of building one from this checkout.
# INTEROP_KEEP=1 keeps the temp dir (logs, feeds, newsboat cache) for a look after a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
here=scripts/interop
py=/usr/bin/python3
tmp=$(mktemp -d)
daemon="" httpd=""

cleanup() {
  for p in $daemon $httpd; do kill "$p" 2>/dev/null || true; done
  if [ "${INTEROP_KEEP:-}" = 1 ]; then echo "interop: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
failures=()
fail() {
  echo "interop: FAIL: $*"
  for f in serve.log http.log newsboat.out; do
    [ -s "$tmp/$f" ] && { echo "--- $f (last 20 lines)"; tail -20 "$tmp/$f"; }
  done
  exit 1
}
# check_failed records a failed check and goes on, so that one run shows every reader's problems.
check_failed() { echo "interop: FAIL: $*"; failures+=("$*"); }

# Loopback only: no proxy may see these requests (urllib and newsboat's libcurl read these).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

command -v newsboat >/dev/null || fail "newsboat not installed (Debian: apt-get install newsboat)"
"$py" -c 'import feedparser' 2>/dev/null || fail "$py has no feedparser (Debian: apt-get install python3-feedparser)"

if [ -n "${EDUFEED_BIN:-}" ]; then
  cp "$EDUFEED_BIN" "$tmp/edufeed"
else
  timeout 300 go build -o "$tmp/edufeed" ./cmd/edufeed || fail "go build"
fi
"$py" $here/check_feeds.py prepare $here "$tmp" || fail "preparing the fixtures"

# Two distinct free ports: both sockets are open at once when they are picked.
ports=$("$py" -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])') || fail "no free loopback ports"
read -r src_port port <<<"$ports"
src="http://127.0.0.1:$src_port"
base="http://127.0.0.1:$port"

"$py" -m http.server --bind 127.0.0.1 --directory "$tmp/www" "$src_port" >"$tmp/http.log" 2>&1 &
httpd=$!
"$py" $here/check_feeds.py wait-http "$src/moe.xml" 10 "$httpd" || fail "source HTTP server did not come up"

cat >"$tmp/config.yaml" <<YAML
listen: 127.0.0.1:$port
store: {path: edufeed.db}
feed: {title: 教育新闻聚合, link: "$base/", language: zh-CN, max_items: 200}
defaults: {schedule: "@every 1h", timeout: 10s, timezone: Asia/Shanghai}
fetch: {deny_private: false}    # the sources are a local http.server on loopback
sources:
  - name: moe                   # RSS 2.0, UTF-8, CDATA and escaped HTML, relative links
    title: 教育部新闻
    url: $src/moe.xml
    tags: [zh, policy]
  - name: eol-gbk               # RSS 2.0 in GBK, a 2025年9月3日 10:00 date, site suffixes
    title: 中国教育在线
    url: $src/edu-gbk.xml
    tags: [zh]
  - name: edweek                # Atom 1.0, type="html" titles and content
    title: Education Week
    url: $src/edweek.atom
    tags: [en]
    timezone: America/New_York
  - name: k12                   # JSON Feed 1.1
    url: $src/k12.json
    tags: [en]
    timezone: Europe/London
tags:
  - {match: 高考|招生, tag: admissions}
channels:                       # expected.json lists what each must serve
  - name: zhaosheng             # by a global tag rule
    title: 招生考试
    description: 给招生办：高考与招生
    tags: [admissions]
  - name: english               # by sources, with an exclude pattern
    title: English-language news
    sources: [edweek, k12]
    exclude: [union]
YAML
"$tmp/edufeed" serve -config "$tmp/config.yaml" >"$tmp/serve.log" 2>&1 &
daemon=$!
"$py" $here/check_feeds.py wait-sources "$base" 4 30 "$daemon" || fail "edufeed did not poll every source"

# 1. feedparser, ElementTree and json.
"$py" $here/check_feeds.py feeds "$base" "$tmp" || check_failed "feedparser, ElementTree and JSON checks (above)"

# 2. newsboat, with a home, urls file, config and cache of its own.
nb="$tmp/newsboat"
mkdir -p "$nb/home"
echo "$base/feed.xml" >"$nb/urls"
cat >"$nb/config" <<'CONF'
download-timeout 10
download-retries 1
reload-threads 1
max-items 100
show-read-feeds yes
CONF
want=$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$tmp/expected.json")
newsboat_x() {
  env HOME="$nb/home" XDG_CONFIG_HOME="$nb/home/.config" XDG_DATA_HOME="$nb/home/.local/share" \
    XDG_CACHE_HOME="$nb/home/.cache" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    timeout 60 newsboat -u "$nb/urls" -c "$nb/cache.db" -C "$nb/config" -x "$@" </dev/null
}
newsboat_x reload print-unread >"$tmp/newsboat.out" 2>&1 || fail "newsboat -x reload print-unread exited $?"
if grep -qx "$want unread articles" "$tmp/newsboat.out"; then
  echo "interop: newsboat: -x reload print-unread: $(cat "$tmp/newsboat.out")"
else
  check_failed "newsboat print-unread: want \"$want unread articles\", got \"$(tr '\n' ' ' <"$tmp/newsboat.out")\""
fi
# Reloads must find nothing new: the guids are stable. From the third on newsboat sends the
# ETag it stored (it saves it only once the feed is in its cache) and must get a 304.
for run in 2 3; do
  newsboat_x reload print-unread -l 6 -d "$tmp/newsboat-$run.log" >"$tmp/newsboat.out" 2>&1 ||
    fail "newsboat reload $run exited $?"
  grep -qx "$want unread articles" "$tmp/newsboat.out" ||
    check_failed "newsboat after reload $run: want \"$want unread articles\", got \"$(tr '\n' ' ' <"$tmp/newsboat.out")\""
done
echo "interop: newsboat: reloads 2 and 3: $(cat "$tmp/newsboat.out") (stable guids: no duplicates)"
# At log level 6 newsboat logs the body it downloaded: the whole feed on reload 2, none on
# reload 3, which sent If-None-Match / If-Modified-Since and got 304 Not Modified.
if ! grep -q '<rss version="2.0"' "$tmp/newsboat-2.log"; then
  check_failed "newsboat reload 2 did not log the feed it read (INTEROP_KEEP=1 keeps its log)"
elif grep -q '<rss version="2.0"' "$tmp/newsboat-3.log"; then
  check_failed "newsboat reload 3 downloaded the feed again: no 304 for its conditional GET"
else
  echo "interop: newsboat: reload 3 sent its stored ETag and got 304 Not Modified"
fi
"$py" $here/check_feeds.py newsboat "$nb/cache.db" "$base" "$tmp" || check_failed "newsboat cache checks (above)"

# 3. The channels: feedparser, json and ElementTree, then newsboat subscribed to both.
"$py" $here/check_feeds.py channels "$base" "$tmp" || check_failed "channel checks (above)"
nbc="$tmp/newsboat-channels"
mkdir -p "$nbc/home"
cp "$nb/config" "$nbc/config"
"$py" -c 'import json,sys; [print(sys.argv[2] + "/c/" + c["name"] + ".xml") for c in json.load(open(sys.argv[1]))["channels"]]' \
  "$tmp/expected.json" "$base" >"$nbc/urls"
want_ch=$("$py" -c 'import json,sys; print(sum(len(c["items"]) for c in json.load(open(sys.argv[1]))["channels"]))' "$tmp/expected.json")
newsboat_ch() {
  env HOME="$nbc/home" XDG_CONFIG_HOME="$nbc/home/.config" XDG_DATA_HOME="$nbc/home/.local/share" \
    XDG_CACHE_HOME="$nbc/home/.cache" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    timeout 60 newsboat -u "$nbc/urls" -c "$nbc/cache.db" -C "$nbc/config" -x "$@" </dev/null
}
for run in 1 2; do
  newsboat_ch reload print-unread >"$tmp/newsboat.out" 2>&1 || fail "newsboat (channels) run $run exited $?"
  grep -qx "$want_ch unread articles" "$tmp/newsboat.out" ||
    check_failed "newsboat channels run $run: want \"$want_ch unread articles\", got \"$(tr '\n' ' ' <"$tmp/newsboat.out")\""
done
echo "interop: newsboat: channels $(tr '\n' ' ' <"$nbc/urls")read twice: $(cat "$tmp/newsboat.out")"
"$py" $here/check_feeds.py newsboat-channels "$nbc/cache.db" "$base" "$tmp" || check_failed "newsboat channels cache checks (above)"

# 4. The daemon stops cleanly.
kill -TERM "$daemon"
for _ in $(seq 150); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
kill -0 "$daemon" 2>/dev/null && fail "edufeed still running 15 s after SIGTERM"
rc=0; wait "$daemon" || rc=$?
daemon=""
[ "$rc" = 0 ] || fail "edufeed exited $rc after SIGTERM"
grep -q 'level=ERROR' "$tmp/serve.log" && check_failed "edufeed logged errors: $(grep -m3 'level=ERROR' "$tmp/serve.log")"

if [ ${#failures[@]} -gt 0 ]; then
  fail "${#failures[@]} step(s) failed:$(printf '\n  - %s' "${failures[@]}")"
fi

echo "interop: ok: RSS, Atom and JSON Feed, merged and two channels, read back by feedparser $("$py" -c 'import feedparser; print(feedparser.__version__)'),"\
  "$(newsboat --version | head -1 | cut -d' ' -f1-2), ElementTree and json in $((SECONDS - start)) s"
