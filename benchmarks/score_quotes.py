"""Score the quote attribution extractor against hand-annotated gold records.

Runs ``analysis.attribute_quotes`` on each article of one or more annotated sets, scores
the records with ``analysis.evaluation`` and prints a markdown report: scores overall and
by kind for each set, a per-article table, and the misses, false positives and
wrong speakers.

Usage::

    python benchmarks/score_quotes.py --devset ../shared/devset
    python benchmarks/score_quotes.py --devset ../shared/devset --seed --out scores.md --errors errors.md
    python benchmarks/score_quotes.py --seed

Sets:
    * ``--devset PATH``: a folder with ``articles/<id>.txt`` and ``gold/<id>.jsonl``.
    * ``--seed``: the project's own gold, ``tests/data/quotes/gold``: the seed article
      (``seeds/``) and the hand-written test articles (``tests/data/quotes/articles``),
      reported as two sets.

How to read it: precision, recall and F1 are shares in 0..1 (higher is better); "n/a"
means the share has no denominator (for example precision when nothing was predicted).
An article whose extraction raises an error is scored as if nothing was predicted; the
error is listed in the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis import load_article
from analysis.evaluation import RECORD_COLUMNS, match_records, read_records, score_records
from analysis.paths import ROOT, SEEDS_DIR

QUOTES_DIR = ROOT / "tests" / "data" / "quotes"
TEST_ARTICLES_DIR = QUOTES_DIR / "articles"
PROJECT_GOLD_DIR = QUOTES_DIR / "gold"

SCORE_HEADERS = {
    "scope": "scope",
    "n_gold": "gold",
    "n_pred": "predicted",
    "n_matched": "matched",
    "precision": "P",
    "recall": "R",
    "f1": "F1",
    "speaker_accuracy": "speaker acc.",
    "e2e_precision": "e2e P",
    "e2e_recall": "e2e R",
    "e2e_f1": "e2e F1",
    "type_accuracy": "type acc.",
}
QUOTE_CHARS = 140  # quotes longer than this are cut in the error list


def find_sets(devset: Path | None, seed: bool) -> dict[str, list[tuple[str, Path, Path]]]:
    """Return the annotated sets to score: name -> [(article_id, article path, gold path)]."""
    sets: dict[str, list[tuple[str, Path, Path]]] = {}
    if devset is not None:
        items = []
        for gold in sorted((devset / "gold").glob("*.jsonl")):
            article = devset / "articles" / f"{gold.stem}.txt"
            if article.exists():
                items.append((gold.stem, article, gold))
            else:
                print(f"warning: no article for {gold}", file=sys.stderr)
        sets["dev set"] = items
    if seed:
        seed_items, test_items = [], []
        for gold in sorted(PROJECT_GOLD_DIR.glob("*.jsonl")):
            if (SEEDS_DIR / f"{gold.stem}.txt").exists():
                seed_items.append((gold.stem, SEEDS_DIR / f"{gold.stem}.txt", gold))
            elif (TEST_ARTICLES_DIR / f"{gold.stem}.txt").exists():
                test_items.append((gold.stem, TEST_ARTICLES_DIR / f"{gold.stem}.txt", gold))
            else:
                print(f"warning: no article for {gold}", file=sys.stderr)
        sets["seed"] = seed_items
        sets["test articles"] = test_items
    return sets


def run_set(items, extract: Callable) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str], float]:
    """Extract records from each article of a set.

    Returns:
        (predictions, gold, errors by article_id, seconds spent extracting).
    """
    preds, golds, errors = [], [], {}
    seconds = 0.0
    for article_id, article_path, gold_path in items:
        golds.append(read_records(gold_path).assign(article_id=article_id))
        tic = time.perf_counter()
        try:
            pred = pd.DataFrame(extract(load_article(article_path)))
        except Exception as exc:  # one bad article must not stop the run
            errors[article_id] = f"{type(exc).__name__}: {exc}"
            pred = pd.DataFrame(columns=RECORD_COLUMNS)
        seconds += time.perf_counter() - tic
        # Score against the file stem whatever id the extractor wrote.
        preds.append(pred.assign(article_id=article_id))
    pred = _concat(preds)
    gold = _concat(golds)
    return pred, gold, errors, seconds


def per_article(pred: pd.DataFrame, gold: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Return the overall scores of each article, one row per article_id."""
    rows = []
    for article_id in ids:
        scores = score_records(pred[pred["article_id"] == article_id], gold[gold["article_id"] == article_id])
        rows.append({"article_id": article_id, **scores.iloc[0].drop("scope").to_dict()})
    return pd.DataFrame(rows)


def error_lines(pred: pd.DataFrame, gold: pd.DataFrame) -> list[str]:
    """Return markdown lines listing misses, false positives and wrong speakers by article."""
    m = match_records(pred, gold)
    wrong = m[(m["status"] != "match") | ~m["speaker_ok"]]
    lines = []
    for article_id, rows in wrong.groupby("article_id", sort=True):
        lines.append(f"### {article_id}")
        lines.append("")
        for row in rows.sort_values(["gold_start", "pred_start"], na_position="last").itertuples():
            if row.status == "miss":
                g = gold.iloc[int(row.gold_index)]
                lines.append(
                    f"- **miss** {row.gold_kind} {row.gold_start}-{row.gold_end} {_cut(row.gold_quote)}"
                    f" (speaker {_show(row.gold_speaker)}, cue {_show(g['cue'])})"
                )
            elif row.status == "false_positive":
                p = pred.iloc[int(row.pred_index)]
                lines.append(
                    f"- **false positive** {_show(row.pred_kind)} {row.pred_start}-{row.pred_end}"
                    f" {_cut(row.pred_quote)} (speaker {_show(row.pred_speaker)}, cue {_show(p.get('cue'))})"
                )
            else:
                lines.append(
                    f"- **wrong speaker** {row.gold_kind} {row.gold_start}-{row.gold_end} {_cut(row.gold_quote)}"
                    f" (gold {_show(row.gold_speaker)}, predicted {_show(row.pred_speaker)})"
                )
        lines.append("")
    return lines


def markdown_table(frame: pd.DataFrame, headers: dict[str, str] | None = None) -> str:
    """Return a frame as a GitHub markdown table; floats to 3 decimals, NaN as n/a."""
    headers = headers or {}
    cols = list(frame.columns)
    out = ["| " + " | ".join(headers.get(c, c) for c in cols) + " |"]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in cols]
    out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    for _, row in frame.iterrows():
        out.append("| " + " | ".join(_cell(row[c]) for c in cols) + " |")
    return "\n".join(out)


def build_report(sets, extract: Callable, errors_path: Path | None) -> tuple[str, str]:
    """Score every set and return (report markdown, error list markdown)."""
    today = dt.date.today().isoformat()
    report = [
        "# Quote attribution: scores against hand-annotated gold",
        "",
        f"Run on {today} with `analysis.attribute_quotes`. A prediction matches a gold record of the "
        "same article when the token-level Jaccard of their spans is at least 0.5 (each record "
        "matched once, best overlap first). Speaker: equal after case-folding, or same last word, or "
        "one name inside the other. e2e: matched with the right speaker. Type accuracy: among "
        "right-speaker matches. By kind, recall uses the gold kind and precision the predicted kind.",
        "",
    ]
    errors = [f"# Quote attribution: misses, false positives and wrong speakers ({today})", ""]
    article_tables = []
    for name, items in sets.items():
        pred, gold, failures, seconds = run_set(items, extract)
        scores = score_records(pred, gold)
        report += [
            f"## {name}",
            "",
            f"{len(items)} article{'' if len(items) == 1 else 's'}, {len(gold)} gold records, {len(pred)} predicted; "
            f"extraction took {seconds:.1f} s.",
            "",
            markdown_table(scores, SCORE_HEADERS),
            "",
        ]
        if failures:
            report += ["Articles whose extraction failed (scored as no predictions):", ""]
            report += [f"- `{a}`: {msg}" for a, msg in failures.items()] + [""]
        table = per_article(pred, gold, [a for a, _, _ in items])
        article_tables.append(table.assign(set=name))
        errors += [f"## {name}", ""] + error_lines(pred, gold)
    if article_tables:
        table = pd.concat(article_tables, ignore_index=True)
        cols = ["set", "article_id", "n_gold", "n_pred", "n_matched", "precision", "recall", "f1",
                "speaker_accuracy", "e2e_f1", "type_accuracy"]
        report += ["## Per article", "", markdown_table(table[cols], SCORE_HEADERS), ""]
    if errors_path is not None:
        report += [f"Misses, false positives and wrong speakers: `{errors_path}`.", ""]
    return "\n".join(report), "\n".join(errors)


def main(argv: list[str] | None = None, extract: Callable | None = None) -> int:
    """Run the benchmark from the command line; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, help="folder with articles/ and gold/ (e.g. ../shared/devset)")
    parser.add_argument("--seed", action="store_true",
                        help="also score the project's gold: the seed and the test articles in tests/data/quotes")
    parser.add_argument("--out", type=Path, help="also write the report to this markdown file")
    parser.add_argument("--errors", type=Path,
                        help="write the misses and false positives here instead of after the report")
    args = parser.parse_args(argv)
    if args.devset is None and not args.seed:
        parser.error("nothing to score: give --devset PATH and/or --seed")
    if args.devset is not None and not (args.devset / "gold").is_dir():
        parser.error(f"{args.devset} has no gold/ folder")
    if extract is None:
        # Imported here so that the rest of this script works before the extractor exists.
        try:
            from analysis import attribute_quotes as extract
        except ImportError:
            try:
                from analysis.quotes import attribute_quotes as extract
            except ImportError as exc:
                print(f"error: analysis.attribute_quotes is not available ({exc})", file=sys.stderr)
                return 2

    report, errors = build_report(find_sets(args.devset, args.seed), extract, args.errors)
    if args.errors is None:
        report = report + "\n" + errors
    else:
        args.errors.write_text(errors + "\n", encoding="utf-8")
    print(report)
    if args.out is not None:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate record frames; an empty list gives an empty frame with the record columns."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _cell(value) -> str:
    """Format one table cell."""
    if isinstance(value, float):
        return "n/a" if pd.isna(value) else f"{value:.3f}"
    return str(value).replace("|", "\\|")


def _cut(quote) -> str:
    """Return a quote for the error list, cut to QUOTE_CHARS and wrapped in backticks."""
    text = "" if quote is None or (isinstance(quote, float) and pd.isna(quote)) else str(quote)
    text = " ".join(text.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1] + "…"
    return "`" + text.replace("`", "'") + "`"


def _show(value) -> str:
    """Return a field for the error list ('none' when missing)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "none"
    return f"'{value}'"


if __name__ == "__main__":
    sys.exit(main())
