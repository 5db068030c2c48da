"""Measure the speed of phrase finding and readability on one core, and their accuracy on the seed.

Times, on the same articles and in one process pinned to one core:

* ``find_phrases`` with the statements given (phrases per second, articles per second);
* ``readability`` with the statements given;
* ``attribute_quotes`` alone, and the whole pipeline a user runs per article:
  ``parse_article`` + ``attribute_quotes`` + ``find_phrases`` + ``readability`` (articles per
  second; the target is 100 seed-sized articles per second per core).

It then scores ``find_phrases`` on the seed against the hand annotation
``tests/data/phrases/seed_phrases.csv`` (and, when the development set is among the articles, on
``tests/data/phrases/heldout_phrases.csv``) (``analysis.phrases.score_phrases``: a prediction
matches a gold phrase of the same kind whose span it overlaps) and prints both as markdown.

Usage::

    python benchmarks/bench_phrases.py --repeat 5
    python benchmarks/bench_phrases.py --articles ../shared/devset/articles --repeat 5

Articles: the seed plus every ``*.txt`` under ``--articles`` (the dev set by default, when it
exists). Texts are read into memory first; imports and lexicon loading are not timed (one
untimed warm-up pass). A pass's time is the CPU time of the process (``time.process_time``);
throughput is the set's size divided by the median of ``--repeat`` passes; "seed-sized" means
articles per second scaled to the seed's length in characters. Caches that persist across
articles in normal use (per-word syllable counts, textstat's dictionaries) stay warm after the
first pass, as they would in a corpus run. Not measured: memory, several cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from pathlib import Path

import pandas as pd

from analysis import attribute_quotes, parse_article
from analysis.paths import ROOT, SEEDS_DIR
from analysis.phrases import find_phrases, read_phrase_gold, score_phrases
from analysis.readability import readability

SEED = SEEDS_DIR / "000_4a60538e41788e46.txt"
GOLD = ROOT / "tests" / "data" / "phrases" / "seed_phrases.csv"
HELDOUT = ROOT / "tests" / "data" / "phrases" / "heldout_phrases.csv"  # articles of the development set
DEFAULT_ARTICLES = ROOT.parent / "shared" / "devset" / "articles"


def timed(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        t0 = time.process_time()
        result = fn()
        times.append(time.process_time() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="folder of extra .txt articles")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cpu", type=int, default=0, help="core to pin to")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    warnings.simplefilter("ignore")

    paths = [SEED] + (sorted(args.articles.glob("*.txt")) if args.articles and args.articles.exists() else [])
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    n_chars = sum(len(t) for _, t in texts)
    seed_chars = len(SEED.read_text(encoding="utf-8"))
    articles = [parse_article(t, article_id=i) for i, t in texts]
    records = {a.article_id: attribute_quotes(a) for a in articles}

    def phrases():
        return sum(len(find_phrases(a, records[a.article_id])) for a in articles)

    def read():
        return sum(len(readability(a, records[a.article_id])) for a in articles)

    def quotes():
        return sum(len(attribute_quotes(a)) for a in articles)

    def pipeline():
        n = 0
        for i, t in texts:
            a = parse_article(t, article_id=i)
            r = attribute_quotes(a)
            n += len(find_phrases(a, r)) + len(readability(a, r))
        return n

    rows = []
    for name, fn in [("find_phrases", phrases), ("readability", read), ("attribute_quotes", quotes),
                     ("whole pipeline (parse + quotes + phrases + readability)", pipeline)]:
        seconds, count = timed(fn, args.repeat)
        rows.append({
            "step": name,
            "articles/s": len(articles) / seconds,
            "seed-sized articles/s": n_chars / seed_chars / seconds,
            "phrases/s": count / seconds if fn is phrases else None,
        })
    frame = pd.DataFrame(rows)
    print(f"{len(articles)} articles, {n_chars:,} characters (seed: {seed_chars:,}); one core; median of {args.repeat} passes (CPU time)\n")
    print(frame.to_markdown(index=False, floatfmt=".0f") if _has_tabulate() else frame.round(0).to_string(index=False))

    seed = articles[0]
    scores = score_phrases(find_phrases(seed, records[seed.article_id]), read_phrase_gold(GOLD))
    print("\nAccuracy on the seed (overlap match, statements from attribute_quotes):\n")
    print(scores.to_markdown(index=False) if _has_tabulate() else scores.to_string(index=False))
    heldout = read_phrase_gold(HELDOUT)
    by_id = {a.article_id: a for a in articles}
    if set(heldout["article_id"]) <= set(by_id):
        chosen = [by_id[i] for i in heldout["article_id"].unique()]
        scores = score_phrases(find_phrases(chosen), heldout)
        print(f"\nAccuracy on the held-out annotation ({len(chosen)} development-set articles):\n")
        print(scores.to_markdown(index=False) if _has_tabulate() else scores.to_string(index=False))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
