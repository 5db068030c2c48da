"""Measure speaker resolution against gold attribution records.

For every gold record with a ``speaker_mention``, the mention is located in the article (in the
sentence that holds the record's start, the occurrence nearest the record; else the nearest
occurrence before the record; else the first after), ``SpeakerResolver.resolve`` is called on
that span with the gold speakers of the article's earlier records as ``previous``, and the result
is compared with the gold ``speaker``, ``speaker_type`` and ``speaker_country``.

Reported: name accuracy under the dev set's normalisation (``analysis.evaluation.same_speaker``:
case-folded, equal last token or one name contained in the other), exact name accuracy
(case-folded equality), type accuracy, country accuracy (None equals None), and the CPU time
per article of building the resolver and resolving its mentions (word lists loaded beforehand). Records whose gold mention is null (continuation quotes) are counted but not
scored: the quote module carries the previous speaker over to them.

Usage:
    python benchmarks/score_speakers.py --devset ../shared/devset [--errors]
    python benchmarks/score_speakers.py --articles seeds --gold tests/data/quotes/gold
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import pandas as pd

from analysis.article import load_article
from analysis.evaluation import same_speaker
from analysis.speakers import Speaker, SpeakerResolver, _lexicons


def _name(value) -> str:
    return value if isinstance(value, str) else ""


def locate(article, record: dict) -> tuple[int, int] | None:
    """The span of the record's gold mention: in its own sentence if there, else nearest before, else after."""
    mention = record.get("speaker_mention")
    if not mention:
        return None
    text = article.text
    # whole words only: "He" is not the start of "Health"
    hits = [m.start() for m in re.finditer(rf"(?<![\w]){re.escape(mention)}(?![\w])", text)]
    if not hits:
        return None
    sent = article.sentence_at(record["start"])
    if sent is not None:
        unit = article.sentence_units[sent]
        inside = [h for h in hits if unit.start <= h and h + len(mention) <= unit.end]
        if inside:
            best = min(inside, key=lambda h: abs(h - record["start"]))
            return best, best + len(mention)
    before = [h for h in hits if h < record["start"]]
    best = before[-1] if before else hits[0]
    return best, best + len(mention)


def score(articles_dir: Path, gold_dir: Path) -> tuple[pd.DataFrame, dict]:
    rows = []
    timings = []
    _lexicons()   # load the word lists once, outside the timings
    for gold_path in sorted(gold_dir.glob("*.jsonl")):
        article_path = articles_dir / f"{gold_path.stem}.txt"
        if not article_path.exists():
            continue
        article = load_article(article_path)
        records = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        spans = [locate(article, rec) for rec in records]
        t0 = time.process_time()
        resolver = SpeakerResolver(article)
        previous: list[Speaker] = []
        for rec, span in zip(records, spans):
            if span is None:
                pred = None
            else:
                pred = resolver.resolve(*span, previous=previous)
            rows.append({
                "article_id": rec["article_id"],
                "mention": rec.get("speaker_mention"),
                "scored": pred is not None,
                "gold_speaker": rec["speaker"], "pred_speaker": pred.name if pred else None,
                "gold_type": rec["speaker_type"], "pred_type": pred.speaker_type if pred else None,
                "gold_country": rec["speaker_country"], "pred_country": pred.country if pred else None,
            })
            previous.append(Speaker(rec["speaker"], rec.get("speaker_mention"), None, None,
                                    rec["speaker_type"], rec["speaker_country"], None))
        timings.append(time.process_time() - t0)
    frame = pd.DataFrame(rows)
    scored = frame[frame["scored"]].copy()
    scored["name_ok"] = [same_speaker(g, p) for g, p in zip(scored["gold_speaker"], scored["pred_speaker"])]
    scored["name_exact"] = [
        _name(g).casefold() == _name(p).casefold() for g, p in zip(scored["gold_speaker"], scored["pred_speaker"])
    ]
    scored["type_ok"] = scored["gold_type"] == scored["pred_type"]
    scored["country_ok"] = [
        (_name(g) or None) == (_name(p) or None) for g, p in zip(scored["gold_country"], scored["pred_country"])
    ]
    summary = {
        "records": len(frame),
        "scored": len(scored),
        "name_accuracy": round(scored["name_ok"].mean(), 3) if len(scored) else None,
        "name_exact": round(scored["name_exact"].mean(), 3) if len(scored) else None,
        "type_accuracy": round(scored["type_ok"].mean(), 3) if len(scored) else None,
        "country_accuracy": round(scored["country_ok"].mean(), 3) if len(scored) else None,
        "cpu_ms_per_article": round(1000 * sum(timings) / max(1, len(timings)), 1),
    }
    return scored, summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, help="folder with articles/ and gold/")
    parser.add_argument("--articles", type=Path, help="folder of article .txt files")
    parser.add_argument("--gold", type=Path, help="folder of gold .jsonl files")
    parser.add_argument("--errors", action="store_true", help="print the records resolved wrongly")
    args = parser.parse_args(argv)
    if args.devset:
        articles_dir, gold_dir = args.devset / "articles", args.devset / "gold"
    elif args.articles and args.gold:
        articles_dir, gold_dir = args.articles, args.gold
    else:
        parser.error("give --devset, or --articles and --gold")
    scored, summary = score(articles_dir, gold_dir)
    for key, value in summary.items():
        print(f"{key:>18}: {value}")
    if args.errors:
        bad = scored[~(scored["name_ok"] & scored["type_ok"] & scored["country_ok"])]
        bad = bad.assign(article_id=bad["article_id"].str.replace("wikinews_", "").str[:14])
        cols = ["article_id", "mention", "gold_speaker", "pred_speaker", "gold_type", "pred_type", "gold_country", "pred_country"]
        with pd.option_context("display.width", 250, "display.max_rows", 500, "display.max_colwidth", 28):
            print(bad[cols].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
