#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Scores feedd-parse --extract on the article extraction benchmark of
scrapinghub/article-extraction-benchmark (181 real news and blog pages,
each with the story's text as a person marked it; MIT licensed, not in
this project): give the path of a checkout of it.

    extract-score.py FEEDD_PARSE BENCHMARK_DIR [--worst N]

The measure is the benchmark's own, written here from its description:
per page, the 4-word shingles (words are \\w+ runs) of our text against
those of the truth, as multisets, their true positives, false positives and
false negatives scaled to sum to 1; precision and recall are the means over
the pages, F1 is of the two means.  The extractors whose output the
checkout keeps (output/*.json) are scored the same way in the same run,
beside feedd.  Also printed: the CPU time of the extraction, per page."""
import gzip, json, os, re, resource, subprocess, sys, tempfile
from collections import Counter

WORD = re.compile(r"\w+")


def shingles(text):
    words = WORD.findall(text or "")
    return Counter(tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3)) if words[i:i + 4])


def counts(truth, ours):
    t, o = shingles(truth), shingles(ours)
    tp = sum((t & o).values())
    fp = sum((o - t).values())
    fn = sum((t - o).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def page_precision(tp, fp, fn):
    return 1.0 if fp == fn == 0 else tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp, fp, fn):
    return 1.0 if fp == fn == 0 else tp / (tp + fn) if tp + fn else 0.0


def score(truth, got):
    rows = [counts(truth[k], got.get(k, "")) for k in truth]
    ps = [page_precision(*r) for r in rows if r[0] + r[1] > 0]
    rs = [page_recall(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r, rows


def extract(prog, html, url):
    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(html)
        f.flush()
        res = subprocess.run([prog, "--extract", "--base", url, f.name], capture_output=True, timeout=60)
    lines = res.stdout.decode("utf-8", "replace").split("\n")
    # The article's header: title, YYYYMMDD, URL; the story follows.
    if len(lines) >= 3 and re.fullmatch(r"\d{8}", lines[1]):
        lines = lines[3:]
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    worst = 10
    if "--worst" in args:
        i = args.index("--worst")
        worst = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    prog, bench = args
    with open(os.path.join(bench, "ground-truth.json"), encoding="utf-8") as f:
        gt = json.load(f)
    truth = {k: v.get("articleBody", "") for k, v in gt.items()}
    got = {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for k in gt:
        with gzip.open(os.path.join(bench, "html", k + ".html.gz")) as f:
            got[k] = extract(prog, f.read(), gt[k]["url"])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    f1, p, r, rows = score(truth, got)
    per = sorted(zip(gt, rows), key=lambda x: page_precision(*x[1]) + page_recall(*x[1]))
    for k, row in per[:worst]:
        print("  P %.3f R %.3f  %s" % (page_precision(*row), page_recall(*row), gt[k]["url"][:90]))
    print("%-22s F1 %.3f  precision %.3f  recall %.3f  (%d pages, %.2f s CPU: %.0f pages/s)" %
          ("feedd-parse --extract", f1, p, r, len(gt), cpu, len(gt) / cpu if cpu else 0))
    out = os.path.join(bench, "output")
    for name in sorted(os.listdir(out)) if os.path.isdir(out) else []:
        try:
            with open(os.path.join(out, name), encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("output"), dict):
            data = data["output"]
        if not isinstance(data, dict) or set(data) != set(gt):
            continue
        f1, p, r, _ = score(truth, {k: (v or {}).get("articleBody", "") or "" for k, v in data.items()})
        print("%-22s F1 %.3f  precision %.3f  recall %.3f" % (name[:-5], f1, p, r))


if __name__ == "__main__":
    main()
