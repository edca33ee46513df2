#!/bin/sh
# SPDX-License-Identifier: ISC
# The story extractor (feedd-parse --extract) on real pages: the article
# extraction benchmark of scrapinghub/article-extraction-benchmark (181
# news and blog pages with their stories marked by hand, MIT licensed, not
# part of this project), scored as that benchmark scores, beside the
# extractors whose output it keeps (Readability.js, trafilatura, ...).
# Usage: bench/extract.sh DIR, DIR a checkout of
#   https://github.com/scrapinghub/article-extraction-benchmark
# (run from the build folder, or set top_builddir)
set -eu
[ $# -eq 1 ] || { echo "usage: bench/extract.sh BENCHMARK_CHECKOUT" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
bin=${top_builddir:-.}/src
[ -x "$bin/feedd-parse" ] || { echo "build first: no $bin/feedd-parse" >&2; exit 1; }
[ -f "$1/ground-truth.json" ] || { echo "$1: no ground-truth.json (not a checkout of the benchmark)" >&2; exit 1; }
exec python3 "$here/extract-score.py" "$bin/feedd-parse" "$1"
