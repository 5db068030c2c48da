"""The command line: ``python -m analysis SUBCOMMAND PATH... [--format ...]``.

Every table subcommand reads article files or folders, runs one helper of the package over
them and prints its DataFrame as a table, CSV or JSON lines, with the same column names as
the Python API. Bad files are reported on stderr (file and problem) and skipped; the exit
status is 1 when any file failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Callable

import pandas as pd

from .article import ARTICLE_COLUMNS, ArticleError, iter_article_paths, load_article

# name -> (help, "module:function" taking a list of Articles and returning a DataFrame, formats)
TABLE_COMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "quotes": ("attributed statements, one row per record", "analysis.quotes:attribute_quotes", ("jsonl", "csv", "table")),
    "sources": ("who speaks: one row per source per article (statements, words, shares, channels)", "analysis.sources:source_tables", ("table", "csv", "jsonl")),
    "mentions": ("who is mentioned and whether they are heard: one row per entity per article", "analysis.sources:mention_tables", ("table", "csv", "jsonl")),
    "mention-spans": ("every mention of a person, country, institution or outlet, one row per mention", "analysis.speakers:find_mentions", ("table", "csv", "jsonl")),
    "phrases": ("evaluative phrases and official formulae, one row per phrase, with voice", "analysis.phrases:find_phrases", ("table", "csv", "jsonl")),
    "readability": ("readability per article, paragraph and voice (narration, direct, reported)", "analysis.readability:readability", ("table", "csv", "jsonl")),
}


def write_frame(frame: pd.DataFrame, fmt: str, stream=None) -> None:
    """Print ``frame`` to ``stream`` (stdout) as ``table``, ``csv``, ``jsonl`` or ``json``."""
    stream = stream or sys.stdout
    if fmt == "csv":
        frame.to_csv(stream, index=False)
    elif fmt == "jsonl":
        for record in frame.to_dict(orient="records"):
            stream.write(json.dumps(_plain(record), ensure_ascii=False) + "\n")
    elif fmt == "json":
        stream.write(json.dumps([_plain(r) for r in frame.to_dict(orient="records")], ensure_ascii=False, indent=2) + "\n")
    else:
        text = frame.to_string(index=False, max_colwidth=48) if len(frame) else "(no rows)"
        stream.write(text + "\n")


def _plain(record: dict) -> dict:
    """JSON-safe values: NaN/NA become null, numpy scalars become Python ones."""
    out = {}
    for key, value in record.items():
        if value is None or (not isinstance(value, (list, tuple, dict, str)) and pd.isna(value)):
            out[key] = None
        elif hasattr(value, "item"):
            out[key] = value.item()
        else:
            out[key] = value
    return out


def read_articles(paths: list[str]) -> tuple[list, int]:
    """Load every article under ``paths``; report each bad file on stderr. Returns (articles, n_failed)."""
    articles, failed = [], 0
    try:
        files = iter_article_paths(paths)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return [], 1
    for path in files:
        try:
            articles.append(load_article(path))
        except ArticleError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
    return articles, failed


def _resolve(target: str) -> Callable:
    module_name, func_name = target.split(":")
    return getattr(importlib.import_module(module_name), func_name)


def _cmd_article(args) -> int:
    articles, failed = read_articles(args.paths)
    rows = [a.metadata() for a in articles]
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS).drop(columns=["error"])
    if args.format == "json":
        for a, row in zip(articles, rows):
            row.pop("error", None)
            row["headings"] = a.headings
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        write_frame(frame, args.format)
    return 1 if failed else 0


def _table_command(target: str) -> Callable:
    def run(args) -> int:
        articles, failed = read_articles(args.paths)
        frame = _resolve(target)(articles)
        # a module that defines a record schema (analysis.quotes: SCHEMA_COLUMNS) prints exactly
        # those fields as JSON lines; table and CSV keep the extra columns
        schema = getattr(importlib.import_module(target.split(":")[0]), "SCHEMA_COLUMNS", None)
        if args.format == "jsonl" and schema:
            frame = frame[list(schema)]
        write_frame(frame, args.format)
        return 1 if failed else 0

    return run


def _cmd_render(args) -> int:
    from .render import load_records, render_article

    try:
        article = load_article(args.path)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    layers = tuple(name.strip() for name in args.layers.split(",") if name.strip())
    try:
        quotes = load_records(args.quotes) if args.quotes else None
        phrases = load_records(args.phrases) if args.phrases else None
        rendered = render_article(article, layers, quotes=quotes, phrases=phrases, title=args.title)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        path = rendered.save(args.out)
    except OSError as exc:
        print(f"error: {args.out}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _cmd_corpus(args) -> int:
    from .corpus import write_corpus

    try:
        summary = write_corpus(
            args.inputs, args.out, format=args.format, resume=args.resume, engine=args.engine,
            workers=args.workers, scheduler=args.scheduler, text_column=args.text_column,
            analyses=args.analyses, batch_size=args.batch_size, progress=not args.quiet,
        )
    except KeyboardInterrupt:
        print(f"interrupted; finished batches are kept: rerun with --resume to continue into {args.out}", file=sys.stderr)
        return 130
    except (ArticleError, ImportError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, ValueError) and not isinstance(exc, ArticleError) else 1
    except OSError as exc:
        print(f"error: {args.out}: cannot write ({exc.strerror or exc}); rerun with --resume to continue", file=sys.stderr)
        return 1
    print(
        f"{summary.n_articles} articles, {summary.n_succeeded} analysed without error, {summary.n_failed} with errors"
        f" (see {summary.files['errors']}); tables written to {summary.out_dir}: {', '.join(summary.files)}"
        + (f"; resumed: {summary.batches_skipped} batches were already done, {summary.batches_run} run now" if summary.batches_skipped else ""),
        file=sys.stderr,
    )
    return 1 if summary.n_failed else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Analyse English news articles: structure, who speaks, source mix, evaluative language, readability.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    article = sub.add_parser("article", help="metadata and counts per article (date, dateline, wire, paragraphs, sentences, words)")
    article.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders of .txt files, or glob patterns")
    article.add_argument("--format", choices=("table", "json", "csv", "jsonl"), default="table")
    article.set_defaults(func=_cmd_article)

    for name, (help_text, target, formats) in TABLE_COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        command.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders of .txt files, or glob patterns")
        command.add_argument("--format", choices=formats, default=formats[0])
        command.set_defaults(func=_table_command(target))

    render = sub.add_parser("render", help="one article drawn as a standalone HTML page with its statements, phrases and formulae")
    render.add_argument("path", metavar="PATH", help="one article file")
    render.add_argument("--out", required=True, metavar="FILE.html", help="the page to write")
    render.add_argument("--layers", default="quotes,phrases,formulae", help="comma-separated: quotes, phrases, formulae (default: all)")
    render.add_argument("--quotes", metavar="FILE", help="draw these quote records (.jsonl or .csv) instead of running the attribution")
    render.add_argument("--phrases", metavar="FILE", help="draw these phrase records (.jsonl or .csv) instead of finding them")
    render.add_argument("--title", help="page heading (default: the article id)")
    render.set_defaults(func=_cmd_render)

    corpus = sub.add_parser("corpus", help="every analysis over many articles, on all cores or Dask; one Parquet/CSV file per table")
    corpus.add_argument("inputs", nargs="+", metavar="IN", help="folders of .txt files, glob patterns, .txt/.jsonl/.csv/.parquet files")
    corpus.add_argument("--out", required=True, metavar="DIR", help="output folder: one file per table, manifest.json")
    corpus.add_argument("--engine", choices=("local", "dask"), default="local", help="local process pool (default) or dask.distributed")
    corpus.add_argument("--scheduler", metavar="ADDR", help="with --engine dask: a running scheduler (tcp://host:8786); default: a LocalCluster")
    corpus.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    corpus.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    corpus.add_argument("--text-column", default="text", metavar="COL", help="text column of CSV/Parquet inputs (default: text)")
    corpus.add_argument("--analyses", metavar="A,B", help="comma-separated analyses (default: every available one)")
    corpus.add_argument("--batch-size", type=int, metavar="N", help="articles per task (default: up to 50)")
    corpus.add_argument("--resume", action="store_true", help="continue an interrupted run into the same --out, redoing only unfinished batches")
    corpus.add_argument("--quiet", action="store_true", help="no progress bar")
    corpus.set_defaults(func=_cmd_corpus)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
