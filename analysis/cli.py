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

FORMATS = ("table", "csv", "jsonl", "json")

# name -> (help, "module:function" taking a list of Articles and returning a DataFrame, formats)
TABLE_COMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "quotes": ("attributed statements, one row per record", "analysis.quotes:attribute_quotes", ("jsonl", "csv", "table")),
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
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            stream.write((frame.to_string(index=False) if len(frame) else "(no rows)") + "\n")


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
        write_frame(frame, args.format)
        return 1 if failed else 0

    return run


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
