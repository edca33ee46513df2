#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Write N article files (feedd-article(5)) into DIR for the benchmarks:
titles, dates over three years, and bodies of 4 to 14 paragraphs of news
prose, some of it beyond ASCII.  The same N gives the same folder."""
import os
import random
import sys

WORDS = ("the minister said on Thursday that talks would go on despite "
         "a rise in tension along the border while officials in the capital "
         "warned of sanctions and markets fell sharply after the report "
         "government council agreed budget vote delayed court ruling appeal "
         "élection café naïve Zürich “quoted” ‘single’ — 5°C 東京 Ωmega "
         "analysts expect growth to slow next quarter as prices climb").split()


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 28))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def main():
    n, folder = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(n)
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        title = sentence(rng)[:-1][:90]
        date = "%04d%02d%02d" % (rng.randint(2022, 2024), rng.randint(1, 12),
                                 rng.randint(1, 28))
        url = "https://news.example.org/%d/%s" % (i, "-".join(title.split()[:6]))
        body = [" ".join(sentence(rng) for _ in range(rng.randint(1, 5)))
                for _ in range(rng.randint(4, 14))]
        name = "%03d_%016x.txt" % (i, rng.getrandbits(64))
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write("%s\n%s\n%s\n%s\n" % (title, date, url, "\n".join(body)))


main()
