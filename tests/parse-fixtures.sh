#!/bin/sh
# SPDX-License-Identifier: ISC
# Every fixture under tests/data/parse, parsed by feedd-parse, against the
# articles (NAME.out), the JSON Lines (NAME.json) and the warnings
# (NAME.err) expected beside it.  A fixture without NAME.out must be
# refused: exit status 1 and the reason in NAME.err.
#
# With --regen the expectations are written anew; each one must then be
# read line by line before it is committed.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

regen=0
[ "${1:-}" = --regen ] && regen=1
cd "$data/parse"
now=2026-01-01T12:00:00Z
n=0
for input in *.xml *.html *.jsonfeed; do
	name=${input%.*}
	args="--source fixture --base https://feeds.example.org/$input --now $now"
	set +e
	# shellcheck disable=SC2086
	"$bin/feedd-parse" $args "$input" > "$tmp/out" 2> "$tmp/err"
	status=$?
	# shellcheck disable=SC2086
	"$bin/feedd-parse" $args --json "$input" > "$tmp/json" 2> /dev/null
	set -e
	if [ $regen = 1 ]; then
		if [ $status = 0 ]; then
			cp "$tmp/out" "$name.out"
			cp "$tmp/json" "$name.json"
		fi
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$name.err"; else rm -f "$name.err"; fi
		continue
	fi
	if [ -f "$name.out" ]; then
		[ $status = 0 ] || fail "$input: exit $status: $(cat "$tmp/err")"
		diff -u "$name.out" "$tmp/out" || fail "$input: articles differ"
		diff -u "$name.json" "$tmp/json" || fail "$input: JSON differs"
	else
		[ $status = 1 ] || fail "$input: exit $status, want 1"
	fi
	if [ -f "$name.err" ]; then
		diff -u "$name.err" "$tmp/err" || fail "$input: warnings differ"
	else
		[ ! -s "$tmp/err" ] || fail "$input: unexpected: $(cat "$tmp/err")"
	fi
	n=$((n + 1))
done
[ $regen = 1 ] || [ $n -ge 30 ] || fail "only $n fixtures"
echo "$n fixtures"
