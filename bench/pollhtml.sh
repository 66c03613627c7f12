# shellcheck shell=bash
# The HTML mode of bench/poll (issue 15), sourced by it: `bench/poll -html [N]`.
# Expects lib.sh sourced, and TMPD, n, runs, record, here, repo set by bench/poll.
#
# gen-pages.py writes N list sites x 20 article pages (TRS- and VSB-shaped);
# nginx serves them on 127.0.0.1 with its access log on; `edufeed poll` runs
# three times on one store: the first poll (every entry new: each source
# fetches its list page and its 20 articles), a poll after the list pages
# changed in their visit counter only (each list page answers 200 with the
# same entries: the list is read again, and no article may be fetched), and
# a poll of unchanged pages (each list page answers 304). The access log
# counts the list and article requests of each poll.

# html_requests NAME: counts the access log's lines since the last call, as
# list pages, article pages, others; and keeps them in $TMPD/NAME.access.
# (Called in $(...): the count so far lives in a file, not a variable.)
html_requests() {
	local log="$TMPD/nginx/access.log" seen=0 total
	[ -f "$TMPD/access.seen" ] && seen=$(cat "$TMPD/access.seen")
	total=$(wc -l <"$log")
	tail -n +"$((seen + 1))" "$log" | head -n "$((total - seen))" >"$TMPD/$1.access"
	echo "$total" >"$TMPD/access.seen"
	awk '{ path = $7; status = $9 }
		path ~ /\/(jyb_xwfb\/index\.html|xwzx\/zhxw\.htm)$/ { list++; if (status == 304) l304++; next }
		path ~ /\/(jyb_xwfb\/[0-9]+\/t[0-9_]+\.html|info\/[0-9]+\/[0-9]+\.htm)$/ { art++; next }
		{ other++ }
		END { printf "list=%d list304=%d articles=%d other=%d", list, l304, art, other }' "$TMPD/$1.access"
}

# html_results NAME: sums the columns of `edufeed poll`'s table, and counts
# the poll's warnings about articles.
html_results() {
	awk 'NR > 1 { new += $2; upd += $3; merged += $4; same += $5; if ($8 == "ok") ok++; else if ($8 == "not") nm++; else err++ }
		END { printf "ok=%d not_modified=%d errors=%d new=%d updated=%d merged=%d unchanged=%d", ok, nm, err, new, upd, merged, same }' "$TMPD/$1.out"
	printf ' warnings=%d' "$(grep -c 'level=WARN' "$TMPD/$1.log" || true)"
}

poll_html() {
	local k=20 port load list_path mb art_runs=() i r
	rm -f "$TMPD/access.seen"
	echo "bench/poll -html: $n list sites x $k articles, $runs run(s), in $TMPD"
	port=$(free_port)
	timeout 600 python3 "$here/gen-pages.py" "$TMPD/www" "$n" "$k" >/dev/null
	mb=$(du -sm --apparent-size "$TMPD/www" | cut -f1)
	(cd "$repo" && timeout 600 go build -o "$TMPD/edufeed" ./cmd/edufeed)
	start_nginx "$TMPD/nginx" "$port" "$TMPD/www" "access_log $TMPD/nginx/access.log; types { text/html html htm; }"

	{
		cat <<CONF
store: {path: $TMPD/edufeed.db, retention: 87600h}
defaults: {schedule: "@every 24h", timeout: 60s, concurrency: 16, per_host: 16, host_delay: 0s}
fetch: {deny_private: false} # the sites are nginx on loopback
sources:
CONF
		i=0
		while read -r list_path; do
			printf '  - {name: site%d, url: "http://127.0.0.1:%d%s", type: html, max_articles: %d}\n' "$i" "$port" "$list_path" "$k"
			i=$((i + 1))
		done <"$TMPD/www/lists.txt"
	} >"$TMPD/config.yaml"
	"$TMPD/edufeed" check -config "$TMPD/config.yaml" >/dev/null

	load=$(loadavg)
	local f_wall="" f_busy="" f_cpu="" f_rss="" c_wall="" c_busy="" c_cpu="" c_rss="" u_wall="" u_busy="" u_cpu="" u_rss=""
	local f_req c_req u_req want_new=$((n * k))
	for ((r = 1; r <= runs; r++)); do
		rm -f "$TMPD/edufeed.db"
		timeout 600 python3 "$here/gen-pages.py" "$TMPD/www" "$n" "$k" 1 >/dev/null # counters back to 1
		html_requests start >/dev/null

		measure first timeout 900 "$TMPD/edufeed" poll -config "$TMPD/config.yaml"
		f_req=$(html_requests first)
		echo "run $r first poll:    rc=$M_RC wall=${M_WALL}s busy=${M_BUSY}s own=${M_CPU}s rss=$((M_RSS_KB / 1024))MiB $(html_results first) $f_req"
		if [ "$M_RC" != 0 ] || ! html_results first | grep -q " errors=0 new=$want_new " || ! grep -q " articles=$want_new " <<<"$f_req "; then
			echo "bench/poll -html: the first poll failed or missed items or articles (want $want_new); see below" >&2
			grep -v ' ok$' "$TMPD/first.out" | head -5 >&2
			tail -5 "$TMPD/first.log" >&2
			exit 1
		fi
		f_wall=$(minf "$M_WALL" "$f_wall") f_busy=$(minf "$M_BUSY" "$f_busy")
		f_cpu=$(minf "$M_CPU" "$f_cpu") f_rss=$(minf "$M_RSS_KB" "$f_rss")

		timeout 600 python3 "$here/gen-pages.py" "$TMPD/www" "$n" "$k" $((r + 1)) >/dev/null # list pages: a new counter
		measure counter timeout 900 "$TMPD/edufeed" poll -config "$TMPD/config.yaml"
		c_req=$(html_requests counter)
		echo "run $r counter poll:  rc=$M_RC wall=${M_WALL}s busy=${M_BUSY}s own=${M_CPU}s rss=$((M_RSS_KB / 1024))MiB $(html_results counter) $c_req"
		if [ "$M_RC" != 0 ] || ! html_results counter | grep -q " errors=0 new=0 "; then
			echo "bench/poll -html: the poll with nothing new failed or found new items" >&2
			exit 1
		fi
		if ! html_results counter | grep -q " updated=0 "; then
			# Nothing changed but a counter: an update here rewrites stored
			# items, and with the list's entry alone it loses their article.
			echo "bench/poll -html: warning: the poll with nothing new updated stored items" >&2
		fi
		c_wall=$(minf "$M_WALL" "$c_wall") c_busy=$(minf "$M_BUSY" "$c_busy")
		c_cpu=$(minf "$M_CPU" "$c_cpu") c_rss=$(minf "$M_RSS_KB" "$c_rss")
		art_runs+=("$(sed -n 's/.*articles=\([0-9]*\).*/\1/p' <<<"$c_req")")

		measure same timeout 900 "$TMPD/edufeed" poll -config "$TMPD/config.yaml"
		u_req=$(html_requests same)
		echo "run $r 304 poll:      rc=$M_RC wall=${M_WALL}s busy=${M_BUSY}s own=${M_CPU}s rss=$((M_RSS_KB / 1024))MiB $(html_results same) $u_req"
		u_wall=$(minf "$M_WALL" "$u_wall") u_busy=$(minf "$M_BUSY" "$u_busy")
		u_cpu=$(minf "$M_CPU" "$u_cpu") u_rss=$(minf "$M_RSS_KB" "$u_rss")
	done
	local store_mb max_art=0 a
	store_mb=$(du -m --apparent-size "$TMPD/edufeed.db" | cut -f1)
	for a in "${art_runs[@]}"; do ((a > max_art)) && max_art=$a; done

	echo
	echo "N=$n list sites x $k articles, ${mb} MB of pages, store ${store_mb} MB; best of $runs run(s); load before: $load"
	printf '%-26s %10s %10s %10s %10s\n' "" "wall s" "busy CPU s" "own CPU s" "peak RSS"
	printf '%-26s %10s %10s %10s %9sM\n' "first poll (all new)" "$f_wall" "$f_busy" "$f_cpu" "$((f_rss / 1024))"
	printf '%-26s %10s %10s %10s %9sM\n' "nothing new (counter)" "$c_wall" "$c_busy" "$c_cpu" "$((c_rss / 1024))"
	printf '%-26s %10s %10s %10s %9sM\n' "nothing new (304)" "$u_wall" "$u_busy" "$u_cpu" "$((u_rss / 1024))"
	echo "article requests in the polls with nothing new: $max_art (must be 0: $([ "$max_art" = 0 ] && echo ok || echo MISSED))"
	echo "  per site: first $(ratio "$f_busy" "$n" 5)s busy CPU, counter $(ratio "$c_busy" "$n" 5)s, 304 $(ratio "$u_busy" "$n" 5)s"

	if ((record)); then
		local commit row
		commit=$(git -C "$repo" rev-parse --short HEAD)
		if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no -- . ':(exclude)bench' 2>/dev/null)" ]; then commit="$commit+dirty"; fi
		row="| $(date -u +%F) | $commit | $n | $runs | $load | $f_wall | $f_busy | $f_cpu | $((f_rss / 1024)) | $c_wall | $c_busy | $c_cpu | $((c_rss / 1024)) | $max_art | $u_wall | $u_busy | $u_cpu | $((u_rss / 1024)) |"
		append_row "$here/results.md" "bench/poll -html" "$row"
		echo "row appended to bench/results.md"
	fi
	[ "$max_art" = 0 ]
}
