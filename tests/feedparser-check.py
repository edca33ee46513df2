# SPDX-License-Identifier: ISC
"""Read an Atom feed with feedparser, as a feed reader would, and check that
what a reader shows is exactly what the article files hold.

usage: feedparser-check.py FEED ARTICLE...   (articles in the feed's order)
       feedparser-check.py FEED --dir DIR   (every article of DIR, any order)
"""
import os
import html.parser
import sys

import feedparser


class Paragraphs(html.parser.HTMLParser):
    """The text of each <p> of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.inside = True
            self.paras.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.paras[-1] += data


def check(cond, what):
    if not cond:
        sys.exit("feedparser-check: " + what)


def main():
    feed = feedparser.parse(sys.argv[1])
    check(feed.bozo == 0, "bozo=%r %r" % (feed.bozo, feed.get("bozo_exception")))
    check(feed.version == "atom10", "version %r" % feed.version)
    check(feed.feed.get("title"), "feed has no title")
    check(feed.feed.get("id"), "feed has no id")
    articles = sys.argv[2:]
    if articles[:1] == ["--dir"]:
        # Match each entry to the article with its link.
        folder = articles[1]
        by_url = {}
        for name in sorted(os.listdir(folder)):
            if name.startswith("."):
                continue  # the index, the journal: no articles
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                by_url[f.read().split("\n")[2]] = os.path.join(folder, name)
        check(len(feed.entries) == len(by_url),
              "%d entries, %d articles" % (len(feed.entries), len(by_url)))
        articles = [by_url.get(e.link, "missing: " + e.link)
                    for e in feed.entries]
    check(len(feed.entries) == len(articles),
          "%d entries, want %d" % (len(feed.entries), len(articles)))
    for entry, path in zip(feed.entries, articles):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]
        title, date, url, body = lines[0], lines[1], lines[2], lines[3:]
        check(entry.title == title, "title %r, want %r" % (entry.title, title))
        check(entry.link == url, "link %r, want %r" % (entry.link, url))
        when = entry.updated_parsed
        shown = "%04d%02d%02d" % (when.tm_year, when.tm_mon, when.tm_mday)
        check(shown == date, "date %s, want %s" % (shown, date))
        check(entry.summary == body[0], "summary %r" % entry.summary)
        p = Paragraphs()
        p.feed(entry.content[0].value)
        check(p.paras == body, "paragraphs %r, want %r" % (p.paras, body))
        print("ok: %s: %s, %s, %d paragraphs" % (path, title, shown, len(body)))


main()
