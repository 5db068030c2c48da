"""Speed of the annotated-article view: HTML per article, and its size, on the seed and on long texts.

Times ``render_article`` alone (the records are computed once beforehand and passed in, so
attribution and phrase finding are not counted) on:

* the seed, with the hand-annotated statements (``tests/data/quotes/gold``) and the phrases
  ``find_phrases`` finds;
* a SYNTHETIC long article: the seed's body paragraphs repeated up to the size asked for (200 KB
  by default, the size of a very long feature), with the seed's records shifted onto every copy,
  so overlaps and nesting are as dense as in the seed;
* the same long article with random overlapping spans (the worst case for the nesting step).

Each figure is the median of ``--repeat`` runs in this process; the page size is the bytes
``save`` writes. Prints a markdown table.

    python benchmarks/bench_render.py --repeat 5 --kb 200
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import warnings

import pandas as pd

from analysis import find_phrases, load_article, parse_article
from analysis.evaluation import read_records
from analysis.paths import ROOT, SEEDS_DIR
from analysis.render import render_article

SEED = SEEDS_DIR / "000_4a60538e41788e46.txt"
GOLD = ROOT / "tests" / "data" / "quotes" / "gold" / "000_4a60538e41788e46.jsonl"


def timed(repeat: int, **kwargs) -> tuple[float, int, int]:
    times, rendered = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        rendered = render_article(**kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(rendered.to_html().encode("utf-8")), len(rendered.spans)


def long_article(seed, quotes: pd.DataFrame, phrases: pd.DataFrame, kb: int):
    body = seed.text[seed.paragraph_units[0].start :]
    copies = max(1, kb * 1024 // len(body.encode("utf-8")) + 1)
    head = seed.text[: seed.paragraph_units[0].start]
    text = head + "\n\n".join([body] * copies)
    shifts = [len(head) + k * (len(body) + 2) - seed.paragraph_units[0].start for k in range(copies)]
    def shifted(frame):
        parts = [frame.assign(start=frame["start"] + s, end=frame["end"] + s, article_id="long") for s in shifts]
        return pd.concat(parts, ignore_index=True)
    keep = quotes["start"] >= seed.paragraph_units[0].start
    return parse_article(text, "long"), shifted(quotes[keep]), shifted(phrases[phrases["start"] >= seed.paragraph_units[0].start])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--kb", type=int, default=200, help="size of the synthetic long article")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    seed = load_article(SEED)
    quotes = read_records(GOLD)
    phrases = find_phrases(seed)
    article, long_quotes, long_phrases = long_article(seed, quotes, phrases, args.kb)
    rng = random.Random(0)
    n = len(article.text)
    random_quotes = [{"start": (s := rng.randrange(n - 500)), "end": s + rng.randrange(1, 500)} for _ in range(len(long_quotes))]
    random_phrases = [{"start": (s := rng.randrange(n - 60)), "end": s + rng.randrange(1, 60), "kind": "evaluative"} for _ in range(len(long_phrases))]
    cases = [
        ("seed, gold statements + phrases", seed, quotes, phrases),
        (f"synthetic {len(article.text.encode()) // 1024} KB, seed records repeated", article, long_quotes, long_phrases),
        (f"synthetic {len(article.text.encode()) // 1024} KB, random overlapping spans", article, random_quotes, random_phrases),
    ]
    print("| case | characters | spans drawn | render (median) | page size |")
    print("|---|---:|---:|---:|---:|")
    for name, art, q, p in cases:
        seconds, size, n_spans = timed(args.repeat, article=art, quotes=q, phrases=p)
        print(f"| {name} | {len(art.text):,} | {n_spans:,} | {seconds * 1000:,.0f} ms | {size / 1024:,.0f} KB |")


if __name__ == "__main__":
    main()
