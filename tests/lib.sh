# SPDX-License-Identifier: ISC
# Shared by the program tests: a temp folder removed at exit, failing and
# skipping.  A test that needs a tool which is missing skips (exit 77),
# except when FEEDD_REQUIRE_ALL=1 (CI), where a missing tool is a failure.

set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
data=$top_srcdir/tests/data
bin=$top_builddir/src

tmp=$(mktemp -d "${TMPDIR:-/tmp}/feedd-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	if [ "${FEEDD_REQUIRE_ALL:-0}" = 1 ]; then
		fail "required but missing: $*"
	fi
	echo "SKIP: $*" >&2
	exit 77
}

# need CMD...: every command must exist.
need() {
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 || skip "$cmd"
	done
}

# A python3 that has feedparser: Debian's python3-feedparser lives in the
# system python, which may not be the first python3 on PATH.
python_with_feedparser() {
	for py in /usr/bin/python3 python3; do
		if "$py" -c 'import feedparser' >/dev/null 2>&1; then
			echo "$py"
			return 0
		fi
	done
	skip "python3 with feedparser (python3-feedparser)"
}

# write_article DIR NAME TITLE DATE URL PARA...: an article file by hand.
write_article() {
	dir=$1 name=$2 title=$3 date=$4 url=$5
	shift 5
	{
		printf '%s\n%s\n%s\n' "$title" "$date" "$url"
		for para in "$@"; do printf '%s\n' "$para"; done
	} > "$dir/$name"
}

# wait_for_file FILE: until FILE is there and not empty, for up to 5 s.
wait_for_file() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# start_server: the test HTTP server (tests/testserver) on 127.0.0.1,
# serving $tmp/doc; sets $port and $base; stopped at exit.
start_server() {
	mkdir -p "$tmp/doc"
	: > "$tmp/requests"
	"$top_builddir/tests/testserver" "$tmp/doc" "$tmp/port" \
	    "$tmp/requests" &
	server=$!
	trap 'kill -9 $server 2>/dev/null; rm -rf "$tmp"' EXIT
	wait_for_file "$tmp/port"
	port=$(cat "$tmp/port")
	[ -n "$port" ] || fail "the test server did not start"
	base=http://127.0.0.1:$port
}

# feedd_conf SOURCES...: write $tmp/feedd.conf, state in $tmp/state; each
# argument is NAME=URL.  $extra is added to [feedd].
feedd_conf() {
	{
		printf '[feedd]\nstate_dir = %s\ntimeout = 3s\n%s\n' \
		    "$tmp/state" "${extra:-}"
		printf '[feed]\ntitle = Test news\nlisten = %s\n' "${listen:-off}"
		for s in "$@"; do
			printf '[source "%s"]\nurl = %s\n' "${s%%=*}" "${s#*=}"
		done
	} > "$tmp/feedd.conf"
}

# state_field NAME N: field N (1-based) of source NAME in the state file.
state_field() {
	awk -F '\t' -v n="$1" -v f="$2" '$1 == n { print $f }' \
	    "$tmp/state/state"
}

# need_nginx: $nginx, Debian's nginx (nginx-light), or skip.
need_nginx() {
	nginx=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }) ||
	    skip "nginx (nginx-light)"
}

# start_nginx BODY: nginx with BODY inside its http { }, run from $tmp (its
# pid, logs and temp files there), checked with -t first; stop_nginx stops
# it, at exit too (a test that sets its own trap calls stop_nginx in it).
start_nginx() {
	mkdir -p "$tmp/logs" "$tmp/ngx"
	cat > "$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events { worker_connections 64; }
http {
	access_log $tmp/logs/access.log;
	client_body_temp_path $tmp/ngx;
	proxy_temp_path $tmp/ngx;
	fastcgi_temp_path $tmp/ngx;
	uwsgi_temp_path $tmp/ngx;
	scgi_temp_path $tmp/ngx;
$1
}
EOF
	"$nginx" -t -e "$tmp/logs/error.log" -c "$tmp/nginx.conf" -p "$tmp" \
	    > "$tmp/err" 2>&1 || fail "nginx -t: $(cat "$tmp/err")"
	"$nginx" -e "$tmp/logs/error.log" -c "$tmp/nginx.conf" -p "$tmp" \
	    2> "$tmp/err" || fail "nginx: $(cat "$tmp/err")"
	trap 'stop_nginx; [ -z "${server:-}" ] || kill -9 $server 2>/dev/null; rm -rf "$tmp"' EXIT
	wait_for_file "$tmp/nginx.pid"
}

stop_nginx() {
	[ -f "$tmp/nginx.conf" ] || return 0
	"$nginx" -e "$tmp/logs/error.log" -c "$tmp/nginx.conf" -p "$tmp" \
	    -s stop 2> /dev/null || true
}
