#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Write N feeds of ITEMS items each (30 by default) into DIR for the
daemon benchmarks: a mix of RSS 2.0, Atom 1.0 and RSS 1.0, with realistic
HTML bodies (paragraphs, links, emphasis, lists, images, entities).  The
same N gives the same files.  usage: gen-feeds.py N DIR [ITEMS]"""
import os
import random
import sys
from xml.sax.saxutils import escape

WORDS = ("the minister said on Thursday that talks would go on despite "
         "a rise in tension along the border while officials in the capital "
         "warned of sanctions and markets fell sharply after the report "
         "government council agreed budget vote delayed court ruling appeal "
         "élection café naïve Zürich — 5°C analysts expect growth to slow "
         "next quarter as prices climb").split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def body(rng):
    out = []
    for _ in range(rng.randint(3, 7)):
        r = rng.random()
        if r < 0.1:
            out.append("<ul>" + "".join("<li>%s</li>" % words(rng, 5)
                                        for _ in range(3)) + "</ul>")
        elif r < 0.2:
            out.append('<p><img src="https://img.example.org/%d.jpg"> %s</p>'
                       % (rng.randint(1, 9999), words(rng, 8)))
        else:
            out.append("<p>%s <a href=\"https://news.example.org/t/%d\">%s</a>"
                       " <em>%s</em> &#8220;%s&#8221;.</p>"
                       % (words(rng, rng.randint(20, 60)).capitalize(),
                          rng.randint(1, 999), words(rng, 2), words(rng, 2),
                          words(rng, 4)))
    return "\n".join(out)


def rss20(rng, f, items):
    x = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
         'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
         '<title>Feed %d</title><link>https://news.example.org/%d/</link>'
         '<description>Bench</description>' % (f, f)]
    for i, (t, d, b) in enumerate(items):
        x.append('<item><title>%s</title><link>https://news.example.org/%d/%d'
                 '</link><guid isPermaLink="false">f%d-%d</guid><pubDate>%s'
                 '</pubDate><description>%s</description><content:encoded>'
                 '<![CDATA[%s]]></content:encoded></item>'
                 % (escape(t), f, i, f, i, d, escape(words(rng, 12)), b))
    return "".join(x) + "</channel></rss>\n"


def atom(rng, f, items):
    x = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.'
         'w3.org/2005/Atom"><title>Feed %d</title><id>urn:bench:%d</id>'
         '<updated>2022-01-17T00:00:00Z</updated><link href="https://news.'
         'example.org/%d/"/>' % (f, f, f)]
    for i, (t, d, b) in enumerate(items):
        x.append('<entry><title>%s</title><link href="https://news.example.'
                 'org/%d/%d"/><id>urn:bench:%d:%d</id><updated>2022-01-%02dT'
                 '10:00:00Z</updated><content type="html">%s</content></entry>'
                 % (escape(t), f, i, f, i, i % 28 + 1, escape(b)))
    return "".join(x) + "</feed>\n"


def rss10(rng, f, items):
    x = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http:'
         '//www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/'
         '1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about'
         '="https://news.example.org/%d/"><title>Feed %d</title><link>https://'
         'news.example.org/%d/</link><description>Bench</description>'
         '</channel>' % (f, f, f)]
    for i, (t, d, b) in enumerate(items):
        x.append('<item rdf:about="https://news.example.org/%d/%d"><title>%s'
                 '</title><link>https://news.example.org/%d/%d</link><dc:date>'
                 '2022-01-%02dT10:00:00Z</dc:date><description>%s</description>'
                 '</item>' % (f, i, escape(t), f, i, i % 28 + 1, escape(b)))
    return "".join(x) + "</rdf:RDF>\n"


def main():
    n, folder = int(sys.argv[1]), sys.argv[2]
    nitems = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    rng = random.Random(n)
    os.makedirs(folder, exist_ok=True)
    kinds = (rss20, atom, rss10)
    for f in range(n):
        items = [(words(rng, rng.randint(5, 12)).capitalize(),
                  "Mon, %02d Jan 2022 %02d:00:00 GMT" % (i % 28 + 1, i % 24),
                  body(rng)) for i in range(nitems)]
        with open(os.path.join(folder, "f%d.xml" % f), "w",
                  encoding="utf-8") as out:
            out.write(kinds[f % 3](rng, f, items))


main()
