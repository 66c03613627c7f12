# shellcheck shell=bash
# Shared helpers of bench/poll and bench/serve; sourced, not run.
# The upper-case globals they set (NGINX_PID, M_*) are for the caller.
# shellcheck disable=SC2034
# Everything runs on 127.0.0.1 and in the caller's temporary directory.

# need CMD...: fail early, naming the Debian package, when a tool is missing.
need() {
	local cmd
	for cmd in "$@"; do
		if ! command -v "$cmd" >/dev/null 2>&1; then
			case $cmd in
			/usr/bin/time) echo "bench: needs /usr/bin/time (apt-get install time)" >&2 ;;
			nginx) echo "bench: needs nginx (apt-get install nginx-light or nginx)" >&2 ;;
			wrk) echo "bench: needs wrk (apt-get install wrk)" >&2 ;;
			*) echo "bench: needs $cmd" >&2 ;;
			esac
			exit 2
		fi
	done
}

# free_port prints a TCP port that is free on 127.0.0.1 just now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL SECONDS: wait until URL answers at all (any status).
wait_http() {
	local url=$1 deadline=$((SECONDS + $2))
	until curl -s -o /dev/null --max-time 1 "$url"; do
		if ((SECONDS >= deadline)); then
			echo "bench: $url did not answer within $2 s" >&2
			return 1
		fi
		sleep 0.05
	done
}

# start_nginx DIR PORT ROOT EXTRA [WORKERS]: serve ROOT on 127.0.0.1:PORT
# with an nginx whose conf, pid and logs live in DIR, as a foreground child
# of this shell; sets NGINX_PID. EXTRA goes into the server block; WORKERS
# is worker_processes (default auto).
start_nginx() {
	local dir=$1 port=$2 root=$3 extra=$4 workers=${5:-auto} user=""
	mkdir -p "$dir"
	# As root, nginx's workers would run as nobody and could not read the
	# caller's private temporary directory.
	if [ "$(id -u)" = 0 ]; then user="user root root;"; fi
	cat >"$dir/nginx.conf" <<CONF
$user
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 120s;
    keepalive_requests 1000000;
    types {
        application/rss+xml xml;
        application/atom+xml atom;
        application/feed+json json;
    }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root $root;
        etag on;
        $extra
    }
}
CONF
	nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' &
	NGINX_PID=$!
	wait_http "http://127.0.0.1:$port/" 10
}

# stop_pid PID: end a process this script started and reap it.
stop_pid() {
	if [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; then
		kill "$1" 2>/dev/null || true
		wait "$1" 2>/dev/null || true
	fi
}

# busy_ticks prints the whole machine's busy CPU ticks so far (user, nice,
# system, irq, softirq, steal: as ../shared/bench/cpu.sh counts them).
busy_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

# measure NAME CMD...: runs CMD (stdout to $TMPD/NAME.out, stderr to
# $TMPD/NAME.log) and sets M_WALL, M_BUSY (whole-machine busy CPU seconds),
# M_CPU (CMD's own user+system seconds) and M_RSS_KB (CMD's peak RSS); M_RC
# is CMD's exit status.
measure() {
	local name=$1 b0 b1 t0 t1 hz u s
	shift
	hz=$(getconf CLK_TCK)
	b0=$(busy_ticks)
	t0=$(date +%s.%N)
	M_RC=0
	/usr/bin/time -f '%M %U %S' -o "$TMPD/$name.time" "$@" >"$TMPD/$name.out" 2>"$TMPD/$name.log" || M_RC=$?
	t1=$(date +%s.%N)
	b1=$(busy_ticks)
	M_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	M_BUSY=$(awk -v a="$b0" -v b="$b1" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }')
	read -r M_RSS_KB u s < <(tail -1 "$TMPD/$name.time")
	M_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
}

# minf A B: the smaller of two decimal numbers (A when B is empty).
minf() {
	awk -v a="$1" -v b="${2:-}" 'BEGIN { if (b == "" || a + 0 <= b + 0) print a; else print b }'
}

# ratio A B [DIGITS]: A / B.
ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.*f", d, a / b }'
}

# append_row FILE SECTION ROW: add ROW after the last table line of the
# section that starts with "## SECTION" in FILE.
append_row() {
	local file=$1 section=$2 row=$3 tmp
	tmp=$(mktemp "$file.XXXXXX")
	if ! awk -v section="## $section" -v row="$row" '
		{ lines[NR] = $0 }
		$0 == section { in_section = 1 }
		/^## / && $0 != section { in_section = 0 }
		in_section && /^\|/ { last = NR }
		END {
			if (!last) { print "bench: no table under " section > "/dev/stderr"; exit 1 }
			for (i = 1; i <= NR; i++) { print lines[i]; if (i == last) print row }
		}' "$file" >"$tmp"; then
		rm -f "$tmp"
		return 1
	fi
	# Rewrite in place, keeping the file's mode.
	cat "$tmp" >"$file"
	rm -f "$tmp"
}

# loadavg prints the 1-minute load average.
loadavg() { cut -d' ' -f1 /proc/loadavg; }
