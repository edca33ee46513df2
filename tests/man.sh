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
for prog in feedd feedd-atom feedd-parse; do
	page=$(ls "$top_srcdir"/man/$prog.[18])
	"$bin/$prog" --help > "$tmp/usage" || fail "$prog --help failed"
	for opt in $(grep -o -- '--[a-z-]*' "$tmp/usage"); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" \
		    "$page" || fail "$page lacks $opt"
	done
done

# Each key of the configuration's table is in feedd.conf(5).
for key in $(sed -n 's/^[[:space:]]*{ "[a-z]*", "\([a-z_]*\)", T_.*/\1/p' \
    "$top_srcdir/src/conf.c"); do
	grep -q "^\.B $key\$" "$top_srcdir/man/feedd.conf.5" ||
	    fail "feedd.conf.5 lacks $key"
done
[ "$(sed -n 's/^[[:space:]]*{ "[a-z]*", "\([a-z_]*\)", T_.*/\1/p' \
    "$top_srcdir/src/conf.c" | wc -l)" -ge 15 ] || fail "no keys found in conf.c"
exit 0
