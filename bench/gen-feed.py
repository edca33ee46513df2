#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Write an RSS 2.0 feed of about MB megabytes to OUT for the parser
benchmark: items with a title, link, guid, date, a teaser description
and a content:encoded body of realistic HTML (paragraphs, links, emphasis,
lists, images, entities, some text beyond ASCII).  The same MB gives the
same file.  usage: gen-feed.py MB OUT"""
import random
import sys

WORDS = ("the minister said on Thursday that talks would go on despite "
         "a rise in tension along the border while officials in the capital "
         "warned of sanctions and markets fell sharply after the report "
         "government council agreed budget vote delayed court ruling appeal "
         "élection café naïve Zürich — 5°C 東京 analysts expect growth "
         "to slow next quarter as prices climb").split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def paragraph(rng):
    parts = []
    for _ in range(rng.randint(2, 5)):
        s = words(rng, rng.randint(6, 24))
        r = rng.random()
        if r < 0.2:
            s += ' <a href="https://news.example.org/tag/%d">%s</a>' % (
                rng.randint(1, 999), words(rng, 2))
        elif r < 0.35:
            s += " <em>%s</em>" % words(rng, 2)
        elif r < 0.45:
            s += " &#8220;%s&#8221;" % words(rng, 3)
        parts.append(s.capitalize() + ".")
    return "<p>" + " ".join(parts) + "</p>"


def body(rng):
    out = []
    for _ in range(rng.randint(4, 10)):
        r = rng.random()
        if r < 0.1:
            out.append("<ul>" + "".join("<li>%s</li>" % words(rng, 5)
                                        for _ in range(3)) + "</ul>")
        elif r < 0.2:
            out.append('<figure><img src="https://img.example.org/%d.jpg" '
                       'alt="photo"><figcaption>%s</figcaption></figure>'
                       % (rng.randint(1, 9999), words(rng, 6)))
        else:
            out.append(paragraph(rng))
    return "\n".join(out)


def main():
    target, path = float(sys.argv[1]) * 1e6, sys.argv[2]
    rng = random.Random(int(float(sys.argv[1]) * 1000))
    size = 0
    with open(path, "w", encoding="utf-8") as f:
        head = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
                '<channel>\n<title>Benchmark news</title>\n'
                '<link>https://news.example.org/</link>\n'
                '<description>Generated</description>\n')
        f.write(head)
        size += len(head)
        i = 0
        while size < target:
            title = words(rng, rng.randint(5, 12)).capitalize()
            item = ("<item>\n<title>%s</title>\n"
                    "<link>https://news.example.org/%d/story</link>\n"
                    '<guid isPermaLink="false">news-%d</guid>\n'
                    "<pubDate>Mon, %02d Jan 2022 %02d:%02d:00 GMT</pubDate>\n"
                    "<description>%s&#8230;</description>\n"
                    "<content:encoded><![CDATA[%s]]></content:encoded>\n"
                    "</item>\n") % (title, i, i, rng.randint(1, 28),
                                    rng.randint(0, 23), rng.randint(0, 59),
                                    words(rng, 12), body(rng))
            f.write(item)
            size += len(item.encode("utf-8"))
            i += 1
        f.write("</channel>\n</rss>\n")


main()
