# shellcheck shell=bash
# The PostgreSQL mode of bench/poll (issue 18), sourced by it: `bench/poll -driver postgres [N]`.
# Expects lib.sh sourced, and TMPD, n, runs, record, here, repo set by bench/poll.
#
# The feed mode's N sources x 20 items, polled in the same run into a bbolt store and into a
# PostgreSQL database (store.driver postgres): a full cycle, then a 304 cycle, each. The database
# is a private cluster on loopback that this starts with scripts/pg-test-cluster.sh and stops at
# the end (or the one EDUFEED_PG_CLUSTER and EDUFEED_TEST_PG_DSN name, as that script sets them);
# each run gets a fresh database in it. The PostgreSQL figures count the server's CPU too: the
# postmaster's, its live children's and the children's it reaped, read from /proc before and
# after each poll.

# pg_cpu_ticks prints the CPU ticks the cluster's server processes have used so far.
pg_cpu_ticks() {
	local pm c
	pm=$(head -1 "$PG_CLUSTER/data/postmaster.pid")
	{
		# utime, stime, and the reaped children's cutime, cstime (fields 14-17).
		awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
		for c in $(pgrep -P "$pm"); do
			awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || true
		done
	} | awk '{ s += $1 } END { print s + 0 }'
}

# measure_pg NAME CMD...: measure (lib.sh), and M_DB: the server's CPU-s over CMD. The backends of
# CMD's connections exit with it; a second's wait lets the postmaster reap them.
measure_pg() {
	local name=$1 t0 t1
	shift
	t0=$(pg_cpu_ticks)
	measure "$name" "$@"
	sleep 1
	t1=$(pg_cpu_ticks)
	M_DB=$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')
}

# pg_config_for DRIVER FILE: the poll config of the feed mode, on bbolt or on $PG_DSN.
pg_config_for() {
	local driver=$1 file=$2 i
	{
		if [ "$driver" = postgres ]; then
			echo "store: {driver: postgres, dsn: '$PG_DSN', retention: 87600h}"
		else
			echo "store: {path: $TMPD/edufeed.db, retention: 87600h}"
		fi
		cat <<CONF
defaults: {schedule: "@every 24h", timeout: 60s, concurrency: 16, per_host: 16, host_delay: 0s}
fetch: {deny_private: false} # the sources are nginx on loopback
sources:
CONF
		for ((i = 0; i < n; i++)); do
			printf '  - {name: src%d, url: "http://127.0.0.1:%d/feeds/f%d.xml"}\n' "$i" "$port" "$i"
		done
	} >"$file"
}

# pg_results NAME: the result column of `edufeed poll`'s table, counted.
pg_results() {
	awk 'NR > 1 { if ($8 == "ok") ok++; else if ($8 == "not") nm++; else err++ }
		END { printf "ok=%d not_modified=%d errors=%d", ok, nm, err }' "$TMPD/$1.out"
}

# pg_check NAME WANT: fail unless every source of the poll NAME ended as WANT (ok or not_modified).
pg_check() {
	if [ "$M_RC" != 0 ] || ! pg_results "$1" | grep -q "$2=$n "; then
		echo "bench/poll: the $1 poll did not end $2 for all $n sources: $(pg_results "$1")" >&2
		grep -v ' ok$' "$TMPD/$1.out" | head -5 >&2
		tail -5 "$TMPD/$1.log" >&2
		exit 1
	fi
}

poll_postgres() {
	local own_cluster=0 base r db
	need psql pgrep
	if ((html)) || [ -n "$profile" ]; then echo "bench/poll: -driver postgres is for the feed mode, without -profile" >&2; exit 2; fi
	if [ -n "${EDUFEED_PG_CLUSTER:-}" ] && [ -n "${EDUFEED_TEST_PG_DSN:-}" ]; then
		PG_CLUSTER=$EDUFEED_PG_CLUSTER base=$EDUFEED_TEST_PG_DSN
	else
		eval "$(bash "$repo/scripts/pg-test-cluster.sh" start)"
		PG_CLUSTER=$EDUFEED_PG_CLUSTER base=$EDUFEED_TEST_PG_DSN own_cluster=1
	fi
	# shellcheck disable=SC2064 # the cluster is known now
	((own_cluster)) && trap "bash '$repo/scripts/pg-test-cluster.sh' stop '$PG_CLUSTER'; cleanup" EXIT

	echo "bench/poll -driver postgres: $n sources x 20 items, $runs run(s), in $TMPD, cluster $PG_CLUSTER"
	port=$(free_port)
	timeout 600 python3 "$here/gen-feeds.py" "$TMPD/www" "$n" 20 "http://127.0.0.1:$port" >/dev/null
	(cd "$repo" && timeout 600 go build -o "$TMPD/edufeed" ./cmd/edufeed)
	start_nginx "$TMPD/nginx" "$port" "$TMPD/www" ""
	pg_config_for bolt "$TMPD/bolt.yaml"

	local load b_full="" b_full_own="" b_304="" b_304_own="" p_full="" p_full_own="" p_full_db="" p_304="" p_304_own="" p_304_db="" p_rss=""
	load=$(loadavg)
	for ((r = 1; r <= runs; r++)); do
		rm -f "$TMPD/edufeed.db"
		measure bolt-full timeout 900 "$TMPD/edufeed" poll -config "$TMPD/bolt.yaml"
		pg_check bolt-full ok
		echo "run $r bbolt full:    wall=${M_WALL}s busy=${M_BUSY}s own=${M_CPU}s rss=$((M_RSS_KB / 1024))MiB"
		b_full=$(minf "$M_BUSY" "$b_full") b_full_own=$(minf "$M_CPU" "$b_full_own")
		measure bolt-304 timeout 900 "$TMPD/edufeed" poll -config "$TMPD/bolt.yaml"
		pg_check bolt-304 not_modified
		echo "run $r bbolt 304:     wall=${M_WALL}s busy=${M_BUSY}s own=${M_CPU}s"
		b_304=$(minf "$M_BUSY" "$b_304") b_304_own=$(minf "$M_CPU" "$b_304_own")

		db="bench_$r"
		psql -X -q "$base" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		PG_DSN=${base/\/postgres\?//$db?}
		pg_config_for postgres "$TMPD/pg.yaml"
		measure_pg pg-full timeout 900 "$TMPD/edufeed" poll -config "$TMPD/pg.yaml"
		pg_check pg-full ok
		echo "run $r postgres full: wall=${M_WALL}s busy=${M_BUSY}s own=${M_CPU}s db=${M_DB}s rss=$((M_RSS_KB / 1024))MiB"
		p_full=$(minf "$M_BUSY" "$p_full") p_full_own=$(minf "$M_CPU" "$p_full_own") p_full_db=$(minf "$M_DB" "$p_full_db")
		p_rss=$(minf "$M_RSS_KB" "$p_rss")
		# The full cycle's autovacuum would land in the 304 cycle: run it now, unmeasured.
		psql -X -q "$PG_DSN" -c "VACUUM ANALYZE"
		measure_pg pg-304 timeout 900 "$TMPD/edufeed" poll -config "$TMPD/pg.yaml"
		pg_check pg-304 not_modified
		echo "run $r postgres 304:  wall=${M_WALL}s busy=${M_BUSY}s own=${M_CPU}s db=${M_DB}s"
		p_304=$(minf "$M_BUSY" "$p_304") p_304_own=$(minf "$M_CPU" "$p_304_own") p_304_db=$(minf "$M_DB" "$p_304_db")
		psql -X -q "$base" -c "DROP DATABASE $db"
	done

	local p_full_all p_304_all ratio
	p_full_all=$(awk -v a="$p_full_own" -v b="$p_full_db" 'BEGIN { printf "%.2f", a + b }')
	p_304_all=$(awk -v a="$p_304_own" -v b="$p_304_db" 'BEGIN { printf "%.2f", a + b }')
	ratio=$(ratio "$p_full_all" "$b_full_own")
	verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 <= t + 0) ? "ok" : "MISSED" }'; }
	echo
	echo "N=$n sources; best of $runs run(s); load before: $load"
	printf '%-16s %12s %12s %12s %12s\n' "" "busy CPU s" "own CPU s" "server CPU s" "own+server"
	printf '%-16s %12s %12s %12s %12s\n' "bbolt full" "$b_full" "$b_full_own" "-" "$b_full_own"
	printf '%-16s %12s %12s %12s %12s\n' "postgres full" "$p_full" "$p_full_own" "$p_full_db" "$p_full_all"
	printf '%-16s %12s %12s %12s %12s\n' "bbolt 304" "$b_304" "$b_304_own" "-" "$b_304_own"
	printf '%-16s %12s %12s %12s %12s\n' "postgres 304" "$p_304" "$p_304_own" "$p_304_db" "$p_304_all"
	echo
	echo "targets (issue 18, N = 2000; the 304 target scaled by N/2000):"
	echo "  postgres full (own+server) / bbolt full (own) = ${ratio}x   (<= 2x: $(verdict "$ratio" 2))"
	echo "  postgres full busy / bbolt full busy = $(ratio "$p_full" "$b_full")x"
	echo "  postgres 304 (own+server) = ${p_304_all}s   (<= $(awk -v n="$n" 'BEGIN { printf "%g", 2 * n / 2000 }') s: $(verdict "$p_304_all" "$(awk -v n="$n" 'BEGIN { print 2 * n / 2000 }')"))"

	if ((record)); then
		local commit
		commit=$(git -C "$repo" rev-parse --short HEAD)
		if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no -- . ':(exclude)bench' 2>/dev/null)" ]; then commit="$commit+dirty"; fi
		append_row "$here/results.md" "bench/poll -driver postgres" \
			"| $(date -u +%F) | $commit | $n | $runs | $load | $b_full | $b_full_own | $p_full | $p_full_own | $p_full_db | $p_full_all | ${ratio}x | $((p_rss / 1024)) | $b_304_own | $p_304 | $p_304_own | $p_304_db | $p_304_all |"
		echo "row appended to bench/results.md"
	fi
}
