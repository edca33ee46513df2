#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Watch a running feedd for SECONDS: ask /health every 100 ms and time
each answer; at the end read /metrics once.  Prints one line of
key=value: /health's latency (median, 99th percentile, max, in ms), the
CPU time the daemon used meanwhile (from /proc), its RSS now and its peak,
the fetches it made (all results), and its timers' lateness histogram.
Stops early, once FETCHES fetches are counted (0: never), when /metrics is
read every 2 s; a watch with FETCHES = 0 reads /metrics at the end only.
usage: watch.py BASE_URL PID SECONDS [FETCHES]"""
import os
import re
import sys
import time
import urllib.request


def get(url):
    t0 = time.monotonic()
    with urllib.request.urlopen(url, timeout=30) as r:
        body = r.read()
    return time.monotonic() - t0, body.decode("utf-8", "replace")


def get_status(url):
    """get, for which a 503 (every source failing) is an answer too."""
    t0 = time.monotonic()
    try:
        return get(url)
    except urllib.error.HTTPError as e:
        e.read()
        return time.monotonic() - t0, ""


def cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss(pid):
    now = peak = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) // 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) // 1024
    return now, peak


def fetches(metrics):
    return sum(int(m) for m in re.findall(
        r"^feedd_fetches_total\{[^}]*\} (\d+)$", metrics, re.M))


def main():
    base, pid, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    want = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    lat, t0, c0 = [], time.monotonic(), cpu(pid)
    last_metrics, metrics, done_at = t0, "", None
    while time.monotonic() - t0 < secs:
        t, _ = get_status(base + "/health")
        lat.append(t)
        if want and time.monotonic() - last_metrics >= 2:
            last_metrics = time.monotonic()
            _, metrics = get(base + "/metrics")
            if fetches(metrics) >= want:
                done_at = time.monotonic()
                break
        time.sleep(0.1)
    elapsed = time.monotonic() - t0
    used = cpu(pid) - c0
    _, metrics = get(base + "/metrics")
    now, peak = rss(pid)
    lat.sort()
    hist = " ".join("le%s=%s" % m for m in re.findall(
        r'^feedd_timer_lateness_seconds_bucket\{le="([^"]+)"\} (\d+)$',
        metrics, re.M))
    late_max = re.search(r"^feedd_timer_lateness_max_seconds (\S+)$",
                         metrics, re.M)
    print("seconds=%.1f fetches=%d cpu_s=%.2f cpu_total_s=%.2f "
          "core_share=%.3f "
          "health_n=%d health_median_ms=%.1f health_p99_ms=%.1f "
          "health_max_ms=%.1f rss_mb=%d peak_rss_mb=%d late_max_ms=%.1f "
          "%s" % (
              (done_at or time.monotonic()) - t0, fetches(metrics), used,
              used + c0, used / elapsed, len(lat), 1000 * lat[len(lat) // 2],
              1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))],
              1000 * lat[-1], now, peak,
              1000 * float(late_max.group(1)) if late_max else -1, hist))


main()
