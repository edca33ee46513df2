#!/bin/sh
# SPDX-License-Identifier: ISC
# Every man page renders without a warning, and documents every option of
# its program.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need groff

for page in "$top_srcdir"/man/*.[0-9]; do
	groff -man -ww -z "$page" > "$tmp/groff" 2>&1 ||
	    fail "$page: groff failed"
	[ ! -s "$tmp/groff" ] || fail "$page: $(cat "$tmp/groff")"
done

# Each long option in a program's usage is in its page.
for prog in feedd-atom feedd-parse; do
	"$bin/$prog" --help > "$tmp/usage" || fail "$prog --help failed"
	for opt in $(grep -o -- '--[a-z-]*' "$tmp/usage"); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" \
		    "$top_srcdir/man/$prog.1" || fail "$prog.1 lacks $opt"
	done
done
exit 0
