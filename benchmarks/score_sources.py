"""How far the automatic source mix is from the hand-annotated one, and how fast the source tables are.

For each article with gold attribution records, the source mix is computed twice: from the
gold records and from ``attribute_quotes``. The report gives, per article and on average:

* ``tvd_type``, ``tvd_country``, ``tvd_channel``: the total variation distance between the two
  mixes of attributed words by speaker type, by speaker country and by channel (half the sum of
  absolute share differences; 0 = the same mix, 1 = nothing in common). A TVD of 0.10 means 10%
  of the attributed words sit in a different category than in the hand reading;
* ``narrator_gold``, ``narrator_auto``: the narrator's share of the body's words, both ways;
* ``sources_gold``, ``sources_auto``: the number of distinct sources, both ways.

Then the time the ``analysis.sources`` tables take on top of extraction (records given) and end
to end, in articles per CPU-second of one core (process time, so other programs on the machine
do not count).

Usage::

    python benchmarks/score_sources.py --devset ../shared/devset
    python benchmarks/score_sources.py --devset ../shared/devset --seed

An article whose extraction fails is reported with the error and left out of the means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import pandas as pd

from analysis import load_article, source_mix, source_table, voice_share
from analysis.evaluation import read_records
from analysis.paths import ROOT, SEEDS_DIR
from analysis.quotes import attribute_quotes
from analysis.sources import assign_channels, country_voice, mention_table
from analysis.speakers import find_mentions


def tvd(a: pd.Series, b: pd.Series) -> float:
    """Total variation distance between two share vectors indexed by category."""
    index = a.index.union(b.index)
    return 0.5 * float((a.reindex(index, fill_value=0) - b.reindex(index, fill_value=0)).abs().sum())


def shares(article, records, by) -> pd.Series:
    mix = source_mix(article, by, records=records, narrator=False)
    return mix.set_index(mix[by].astype(str))["share_words"]


def compare(article, gold: pd.DataFrame, auto: pd.DataFrame) -> dict:
    row = {"article_id": article.article_id}
    for by, name in (("speaker_type", "tvd_type"), ("speaker_country", "tvd_country"), ("channel", "tvd_channel")):
        g, a = shares(article, gold, by), shares(article, auto, by)
        row[name] = tvd(g, a) if len(g) and len(a) else (0.0 if len(g) == len(a) else 1.0)
    for records, suffix in ((gold, "gold"), (auto, "auto")):
        row[f"narrator_{suffix}"] = float(voice_share(article, records).set_index("voice").loc["narrator", "share_words"])
        row[f"sources_{suffix}"] = len(source_table(article, records))
    return row


def articles_with_gold(args) -> list[tuple[Path, Path, str]]:
    pairs = []
    if args.devset:
        base = Path(args.devset)
        pairs += [(base / "articles" / f"{g.stem}.txt", g, "devset") for g in sorted((base / "gold").glob("*.jsonl"))]
    if args.seed:
        gold_dir = ROOT / "tests" / "data" / "quotes" / "gold"
        for g in sorted(gold_dir.glob("*.jsonl")):
            text = SEEDS_DIR / f"{g.stem}.txt"
            if text.exists():
                pairs.append((text, g, "seed"))
            else:
                pairs.append((ROOT / "tests" / "data" / "quotes" / "articles" / f"{g.stem}.txt", g, "test articles"))
    return pairs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="folder with articles/ and gold/")
    parser.add_argument("--seed", action="store_true", help="also the project's own gold (seed and test articles)")
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions")
    args = parser.parse_args(argv)
    pairs = articles_with_gold(args)
    if not pairs:
        parser.error("nothing to score: give --devset PATH and/or --seed")
    rows, errors, loaded = [], [], []
    for text_path, gold_path, set_name in pairs:
        article = load_article(text_path)
        gold = read_records(gold_path)
        try:
            auto = attribute_quotes(article)
            rows.append({"set": set_name, **compare(article, gold, auto)})
            loaded.append((article, auto, find_mentions(article)))
        except Exception as exc:  # report and go on
            errors.append(f"{article.article_id}: {type(exc).__name__}: {exc}")
    table = pd.DataFrame(rows)
    print(f"# Source mix: automatic vs hand-annotated ({dt.date.today().isoformat()}, {len(table)} articles)\n")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round(3).to_string(index=False))
    table["narrator_abs_error"] = (table["narrator_gold"] - table["narrator_auto"]).abs()
    means = table.drop(columns="article_id").groupby("set", sort=False).mean().round(3)
    print("\nMeans by set:\n")
    print(means.to_string())
    for error in errors:
        print(f"- error: {error}")

    # Speed, one core: the source tables given records and mentions, and end to end.
    def tables_only():
        for article, auto, mentions in loaded:
            statements = assign_channels(article, auto)
            source_table(article, statements)
            voice_share(article, statements)
            source_mix(article, "channel", records=statements)
            mention_table(article, statements, mentions)
            country_voice(article, statements, mentions)

    def end_to_end():
        for article, _, _ in loaded:
            records, mentions = attribute_quotes(article), find_mentions(article)
            source_table(article, records)
            voice_share(article, records)
            mention_table(article, records, mentions)

    for name, func in (("source tables only (records and mentions given)", tables_only), ("end to end (extraction + mentions + tables)", end_to_end)):
        best = min(_timed(func) for _ in range(args.repeat))
        print(f"\n{name}: {len(loaded) / best:.1f} articles per CPU-second ({best:.2f} s for {len(loaded)} articles, best of {args.repeat})")
    return 0


def _timed(func) -> float:
    # CPU time of this process: on a shared machine, wall-clock time measures the neighbours too
    start = time.process_time()
    func()
    return time.process_time() - start


if __name__ == "__main__":
    sys.exit(main())
