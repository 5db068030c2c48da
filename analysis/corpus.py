"""Many articles at once: every per-article analysis over a corpus, on all cores or on a Dask cluster.

``analyze_corpus(source)`` runs the analyses of this package over many articles and returns
their tidy tables, concatenated in input order; ``write_corpus(source, out_dir)`` does the
same in streaming batches and writes one Parquet (or CSV) file per table, so that memory stays
flat however large the corpus; ``read_corpus(out_dir)`` reads such a folder back.

The analyses are a registry, :data:`ANALYSES`: one line each, naming the public helper of the
module that owns the analysis. Quotes are attributed once per article and handed to the
analyses that build on them (``records=quotes``). A module that is not installed is left out of
the default set; :func:`available_analyses` says which ones run. Your own per-article function
can join the run as ``"package.module:function"`` (it is called as ``function(article)``, with
``records=quotes`` as well if it takes a ``records`` argument).

Inputs, in the shapes news data comes in:

- a folder (its ``*.txt`` files), a glob pattern, a ``.txt`` file, or a list of these, in the
  project's text format (see :mod:`analysis.article`);
- JSON lines (``.jsonl`` / ``.ndjson``), one article per line: ``id``, ``date`` (YYYY-MM-DD),
  ``text``, optional ``outlet`` and ``title``;
- CSV or Parquet files (``.csv``, ``.parquet``) with a text column (``text_column``) and the same
  optional columns; or a pandas DataFrame with them.

A record's ``date`` field is used when its text has no ``' date YYYY-MM-DD '`` header (the header
wins when both are there). A record without an ``id`` gets ``<file stem>-<line or row number>``.

Engines: ``engine="local"`` runs batches of raw inputs (paths, or id/text records) in a pool of
worker processes, one per core; the workers read and parse the articles themselves.
``engine="dask"`` submits the same batches to ``dask.distributed`` (a ``LocalCluster`` on this
machine, or the cluster at ``scheduler``); tasks of a worker that dies are retried. Both give the
same tables, row for row.

Bad articles never stop a run and are never dropped: an article that cannot be read (empty,
binary, not UTF-8, too large, malformed header, duplicate id) or on which an analysis raises
lands in the ``errors`` table with the reason.

Not handled: compressed inputs (``.jsonl.gz``), HTML, sub-folders of a folder (give a glob such as
``"corpus/**/*.txt"``), and, on a remote Dask cluster, ``.txt`` paths that the workers cannot see
(give JSONL/CSV/Parquet, whose texts are shipped with the tasks, or a shared file system).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import glob
import hashlib
import importlib
import inspect
import json
import math
import multiprocessing
import os
import re
import shutil
import signal
import uuid
import warnings
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from .article import (
    ARTICLE_COLUMNS,
    MAX_ARTICLE_BYTES,
    Article,
    ArticleError,
    decode_article_bytes,
    iter_article_paths,
    load_article,
    parse_article,
)


@dataclass(frozen=True)
class Analysis:
    """One per-article analysis of the registry: the helper to call and whether it takes the quotes.

    Attributes:
        name: the table it fills (``quotes``, ``sources``, ...).
        target: ``"module:function"``; the function takes an Article and returns a DataFrame
            (or a list of dicts / one dict, turned into one).
        uses_quotes: call it as ``function(article, records=quotes)``.
    """

    name: str
    target: str
    uses_quotes: bool = False


# The registry: one line per analysis. "quotes" is computed first and passed on.
ANALYSES: dict[str, Analysis] = {
    a.name: a
    for a in (
        Analysis("articles", "analysis.corpus:article_row"),
        Analysis("quotes", "analysis.quotes:attribute_quotes"),
        Analysis("sources", "analysis.sources:source_table", uses_quotes=True),
        Analysis("mentions", "analysis.sources:mention_table", uses_quotes=True),
        Analysis("phrases", "analysis.phrases:find_phrases", uses_quotes=True),
        Analysis("readability", "analysis.readability:readability", uses_quotes=True),
    )
}

CORPUS_ARTICLE_COLUMNS = [*ARTICLE_COLUMNS, "source", "outlet", "title"]
"""The ``articles`` table of a corpus run: the article model's columns, plus where the article
came from (``source``: the file, or ``file:line N`` / ``file:row N`` for records) and the
record's ``outlet`` and ``title`` (None for .txt files)."""

ERROR_COLUMNS = ["article_id", "source", "stage", "reason"]
"""The ``errors`` table: which article, where it came from, at which ``stage`` it failed
(``read`` for reading and parsing; the analysis name when that analysis raised; ``worker`` when
the worker process running its batch kept dying) and why."""

JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")
RECORD_FIELDS = ("id", "date", "outlet", "title")
DEFAULT_BATCH_SIZE = 50
PARTS_DIR = "_parts"
MANIFEST = "manifest.json"

# A tiny article the analyses are run on once per process, so that a table that no article
# filled still comes out with its columns.
_PROBE_TEXT = (
    ' date 2000-01-01 LONDON (Reuters) -- The minister said the talks would continue next week.\n\n'
    '"We are ready," a spokesman told reporters.\n'
)


# -- results ------------------------------------------------------------------------------


@dataclass
class CorpusResult:
    """The tables of a corpus run, each a pandas DataFrame; ``result.quotes`` or ``result["quotes"]``.

    Attributes:
        tables: table name -> DataFrame (``articles``, the analyses run, ``errors``).
        analyses: the analyses that were run, in order.
        n_articles: inputs seen (every row of ``articles``).
        n_succeeded: articles read and analysed without any error.
    """

    tables: dict[str, pd.DataFrame]
    analyses: tuple[str, ...] = ()
    n_articles: int = 0
    n_succeeded: int = 0

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"no table {name!r} in this result (tables: {', '.join(tables)})")

    def __iter__(self):
        return iter(self.tables)

    @property
    def n_failed(self) -> int:
        """Articles with at least one row in ``errors``."""
        return self.n_articles - self.n_succeeded

    def summary(self) -> str:
        """One line: how many articles, how many analysed cleanly, rows per table."""
        sizes = ", ".join(f"{name} {len(frame)}" for name, frame in self.tables.items())
        return f"{self.n_articles} articles, {self.n_succeeded} analysed without error; rows: {sizes}"

    def __repr__(self) -> str:
        return f"<CorpusResult: {self.summary()}>"


@dataclass
class WriteSummary:
    """What :func:`write_corpus` wrote.

    Attributes:
        out_dir: the output folder.
        files: table name -> path of its file.
        n_articles, n_succeeded: as in :class:`CorpusResult`.
        batches_run, batches_skipped: batches computed now, and batches a resumed run found done.
    """

    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    n_articles: int = 0
    n_succeeded: int = 0
    batches_run: int = 0
    batches_skipped: int = 0

    @property
    def n_failed(self) -> int:
        """Articles with at least one row in ``errors``."""
        return self.n_articles - self.n_succeeded


# -- the registry ---------------------------------------------------------------------------


def article_row(article: Article) -> pd.DataFrame:
    """The ``articles`` row of one article (``article.metadata()``) as a one-row DataFrame."""
    return pd.DataFrame([article.metadata()], columns=ARTICLE_COLUMNS)


def _analysis_spec(name: str) -> Analysis:
    if name in ANALYSES:
        return ANALYSES[name]
    if re.fullmatch(r"[\w.]+:\w+", name):
        func = _resolve(name)
        try:
            uses_quotes = "records" in inspect.signature(func).parameters
        except (TypeError, ValueError):
            uses_quotes = False
        return Analysis(name.split(":")[1], name, uses_quotes)
    raise ValueError(f"unknown analysis {name!r}; known: {', '.join(ANALYSES)} (or 'module:function')")


def _resolve(target: str) -> Callable:
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ImportError(f"analysis {target!r} is not available: {exc}") from exc
    try:
        return getattr(module, func_name)
    except AttributeError:
        raise ImportError(f"analysis {target!r} is not available: {module_name} has no {func_name}") from None


def available_analyses() -> tuple[str, ...]:
    """The names in :data:`ANALYSES` whose module can be imported here, in registry order."""
    names = []
    for name, spec in ANALYSES.items():
        try:
            _check_available(spec)
        except ImportError:
            continue
        names.append(name)
    return tuple(names)


def _check_available(spec: Analysis) -> None:
    """Raise ImportError if the analysis, or the quote attribution it builds on, cannot be imported."""
    _resolve(spec.target)
    if spec.uses_quotes:
        _resolve(ANALYSES["quotes"].target)


def _normalise_analyses(analyses: Iterable[str] | None) -> tuple[str, ...]:
    """Requested analyses, checked, with ``articles`` first; None means every available one."""
    if analyses is None:
        names = list(available_analyses())
    else:
        if isinstance(analyses, str):
            analyses = [a.strip() for a in analyses.split(",") if a.strip()]
        names = ["articles", *[a for a in analyses if a != "articles"]]
    checked: dict[str, str] = {}  # analysis -> its table
    for name in dict.fromkeys(names):
        spec = _analysis_spec(name)  # raises for unknown names
        _check_available(spec)  # raises ImportError naming the missing module
        if spec.name == "errors" or spec.name in checked.values():
            raise ValueError(f"analysis {name!r} would overwrite the table {spec.name!r}")
        checked[name] = spec.name
    return tuple(checked)


# -- inputs ---------------------------------------------------------------------------------

# An input item is a small picklable tuple; batches of them travel to the workers:
#   ("path", path)                             a .txt file the worker reads itself
#   ("record", {"id", "text", "date", ...})    a record's fields, text included
#   ("error", {"article_id", "source", "reason"})  an input already known to be bad


@dataclass
class _Inputs:
    """The expanded inputs: an ordered list of (kind, where) parts, and a fingerprint of them."""

    parts: list[tuple[str, Any]]
    total: int | None
    fingerprint: str


def _expand_inputs(source, text_column: str) -> _Inputs:
    """Expand folders and patterns, check file kinds and columns, count articles where cheap.

    Raises:
        ArticleError: nothing to read, a missing file, or a CSV/Parquet file without ``text_column``.
    """
    if isinstance(source, pd.DataFrame):
        if text_column not in source.columns:
            raise ArticleError(None, f"DataFrame has no column {text_column!r} (columns: {', '.join(map(str, source.columns))})")
        digest = hashlib.sha1(f"frame\t{len(source)}\t{list(source.columns)}".encode()).hexdigest()
        return _Inputs([("frame", source)], len(source), digest)
    items = [source] if isinstance(source, (str, Path)) else list(source)
    if not items:
        raise ArticleError(None, "no inputs given")
    files: list[Path] = []
    for item in items:
        item_path = Path(item)
        if item_path.is_dir():
            files.extend(iter_article_paths(item_path))  # its .txt files; raises if there are none
        elif item_path.exists():
            files.append(item_path)
        elif glob.has_magic(str(item)):
            found = sorted(Path(p) for p in glob.glob(str(item), recursive=True) if Path(p).is_file())
            if not found:
                raise ArticleError(item, "pattern matches no files")
            files.extend(found)
        else:
            raise ArticleError(item_path, "no such file or folder")
    parts: list[tuple[str, Any]] = []
    total: int | None = 0
    hasher = hashlib.sha1()
    for path in files:
        kind = _file_kind(path)
        stat = path.stat()
        hasher.update(f"{kind}\t{path.resolve()}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
        if kind == "txt":
            if parts and parts[-1][0] == "txt":
                parts[-1][1].append(path)
            else:
                parts.append(("txt", [path]))
            total = None if total is None else total + 1
            continue
        if kind == "jsonl":
            count = _count_lines(path)
        elif kind == "csv":
            columns = list(pd.read_csv(path, nrows=0, encoding_errors="replace").columns)
            if text_column not in columns:
                raise ArticleError(path, f"no column {text_column!r} (columns: {', '.join(map(str, columns))}); name the text column with text_column=")
            count = None
        else:
            import pyarrow.parquet as pq

            try:
                meta = pq.ParquetFile(path)
            except Exception as exc:  # noqa: BLE001 - any reader error means "not Parquet"
                raise ArticleError(path, f"cannot be read as Parquet ({exc})") from None
            names = meta.schema_arrow.names
            if text_column not in names:
                raise ArticleError(path, f"no column {text_column!r} (columns: {', '.join(names)}); name the text column with text_column=")
            count = meta.metadata.num_rows
        parts.append((kind, path))
        total = None if (total is None or count is None) else total + count
    hasher.update(f"text_column\t{text_column}".encode())
    return _Inputs(parts, total, hasher.hexdigest())


def _file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    return "txt"


def _count_lines(path: Path) -> int:
    """Non-empty lines of a file, read in blocks (an upper bound used only for the progress bar)."""
    count, last = 0, b"\n"
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def _iter_items(inputs: _Inputs, text_column: str, max_bytes: int) -> Iterator[tuple[str, Any]]:
    """Every input item in order, with duplicate ids turned into errors."""
    seen: dict[str, str] = {}
    for kind, where in inputs.parts:
        if kind == "txt":
            raw = (("path", str(p)) for p in where)
        elif kind == "jsonl":
            raw = _iter_jsonl(where, max_bytes)
        elif kind == "frame":
            raw = _iter_frame_records(where, "DataFrame", text_column, max_bytes)
        else:
            raw = _iter_table_file(where, kind, text_column, max_bytes)
        for item in raw:
            if item[0] == "path":
                article_id, src = Path(item[1]).stem, item[1]
            else:
                article_id, src = item[1].get("id") or item[1].get("article_id"), item[1]["source"]
            if item[0] != "error" and article_id in seen:
                item = ("error", {"article_id": article_id, "source": src, "reason": f"duplicate article id (first seen in {seen[article_id]})"})
            elif article_id is not None and article_id not in seen:
                seen[article_id] = src
            yield item


def _record(fields: dict, source: str, fallback_id: str, text_column: str, max_bytes: int) -> tuple[str, dict]:
    """A record item from a row's fields, or an error item if its text is missing or too large."""
    raw_id = fields.get("id")
    article_id = fallback_id if _missing(raw_id) else str(raw_id)
    text = fields.get(text_column)
    if _missing(text):
        return "error", {"article_id": article_id, "source": source, "reason": f"no text (field {text_column!r} is missing or empty)"}
    if not isinstance(text, (str, bytes)):
        return "error", {"article_id": article_id, "source": source, "reason": f"field {text_column!r} is {type(text).__name__}, not text"}
    if isinstance(text, str):
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:
            return "error", {"article_id": article_id, "source": source, "reason": f"text is not valid Unicode (lone surrogate at character {exc.start})"}
    else:
        size = len(text)
    if size > max_bytes:
        return "error", {"article_id": article_id, "source": source, "reason": f"text is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article"}
    record = {"id": article_id, "text": text, "source": source}
    for name in ("date", "outlet", "title"):
        value = fields.get(name)
        record[name] = None if _missing(value) else value if isinstance(value, (dt.date, str)) else str(value)
    return "record", record


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, (str, bytes)) and not value.strip():
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _iter_jsonl(path: Path, max_bytes: int) -> Iterator[tuple[str, Any]]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}:line {number}"
            fallback = f"{path.stem}-{number}"
            if len(line) > max_bytes + 4096:
                yield "error", {"article_id": fallback, "source": source, "reason": f"line is {len(line) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article"}
                continue
            try:
                fields = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield "error", {"article_id": fallback, "source": source, "reason": f"not UTF-8 text (byte 0x{line[exc.start]:02x} at offset {exc.start} of the line)"}
                continue
            except json.JSONDecodeError as exc:
                yield "error", {"article_id": fallback, "source": source, "reason": f"not valid JSON ({exc.msg} at column {exc.colno})"}
                continue
            if not isinstance(fields, dict):
                yield "error", {"article_id": fallback, "source": source, "reason": "not a JSON object with 'id', 'date', 'text'"}
                continue
            yield _record(fields, source, fallback, "text", max_bytes)


def _iter_table_file(path: Path, kind: str, text_column: str, max_bytes: int) -> Iterator[tuple[str, Any]]:
    row = 0
    try:
        if kind == "csv":
            chunks = (c.to_dict(orient="records") for c in pd.read_csv(path, chunksize=1000, dtype=str, keep_default_na=False))
        else:
            import pyarrow.parquet as pq

            wanted = [c for c in dict.fromkeys([text_column, *RECORD_FIELDS])]
            parquet = pq.ParquetFile(path)
            columns = [c for c in wanted if c in parquet.schema_arrow.names]
            chunks = (b.to_pylist() for b in parquet.iter_batches(batch_size=1000, columns=columns))
        for chunk in chunks:
            for fields in chunk:
                row += 1
                yield _record(fields, f"{path}:row {row}", f"{path.stem}-{row}", text_column, max_bytes)
    except Exception as exc:  # noqa: BLE001 - a broken file is reported, the run goes on
        yield "error", {"article_id": f"{path.stem}-{row + 1}", "source": f"{path}:row {row + 1}", "reason": f"could not read the rest of the file: {type(exc).__name__}: {exc}"}


def _iter_frame_records(frame: pd.DataFrame, name: str, text_column: str, max_bytes: int) -> Iterator[tuple[str, Any]]:
    columns = [c for c in dict.fromkeys([text_column, *RECORD_FIELDS]) if c in frame.columns]
    for row, fields in enumerate(frame[columns].to_dict(orient="records"), start=1):
        yield _record(fields, f"{name}:row {row}", f"row-{row}", text_column, max_bytes)


def _batches(items: Iterator, size: int) -> Iterator[tuple[int, list]]:
    batch: list = []
    index = 0
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield index, batch
            index, batch = index + 1, []
    if batch:
        yield index, batch


# -- the work of one batch (runs in the workers) --------------------------------------------

_NOT_YET = object()
_FAILED = object()


def analyze_batch(items: list, analyses: tuple[str, ...], max_bytes: int = MAX_ARTICLE_BYTES) -> dict[str, pd.DataFrame]:
    """Read, parse and analyse one batch of input items; what a worker runs.

    Args:
        items: input items (see the comment above ``_Inputs``): paths, records or known errors.
        analyses: names from :data:`ANALYSES` (``articles`` first) or ``"module:function"``.
        max_bytes: larger articles are refused.

    Returns:
        Table name -> DataFrame for this batch, rows in item order, plus ``errors``. Never
        raises for one bad article: its failure is a row of ``errors``.
    """
    with _gc_paused():
        return _analyze_items(items, analyses, max_bytes)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration (it is turned on again after).

    A batch keeps every article's tables until it concatenates them. With the collector on,
    their tens of thousands of small pandas objects survive its young generations and set off
    full collections, each of which walks every object of the process (the loaded lexicons
    included: about 0.1 s); measured, about 15% of a batch's time. The analyses make
    no reference cycles, so nothing waits for the collector meanwhile (reference counting frees
    the per-article tables once they are concatenated); cycles a custom analysis makes are
    collected after the batch.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _analyze_items(items: list, analyses: tuple[str, ...], max_bytes: int) -> dict[str, pd.DataFrame]:
    """The work of :func:`analyze_batch`."""
    specs = [_analysis_spec(name) for name in analyses]
    funcs = {spec.name: _resolve(spec.target) for spec in specs}
    quotes_func = None
    if "quotes" in funcs or any(spec.uses_quotes for spec in specs):
        quotes_func = funcs.get("quotes") or _resolve(ANALYSES["quotes"].target)
    frames: dict[str, list[pd.DataFrame]] = {spec.name: [] for spec in specs}
    articles: list[dict] = []
    errors: list[dict] = []
    for item in items:
        article, row, error = _read_item(item, max_bytes)
        articles.append(row)
        if error:
            errors.append(error)
            continue
        quotes: Any = _NOT_YET
        for spec in specs:
            if spec.name == "articles":
                continue
            if spec.name == "quotes" or spec.uses_quotes:
                if quotes is _NOT_YET:
                    try:
                        quotes = quotes_func(article)
                    except Exception as exc:  # noqa: BLE001 - one article's crash is reported, never fatal
                        quotes = _FAILED
                        errors.append({**_error_keys(row), "stage": "quotes", "reason": f"{type(exc).__name__}: {exc}"})
                if quotes is _FAILED:
                    if spec.name != "quotes":
                        errors.append({**_error_keys(row), "stage": spec.name, "reason": "not run: quote attribution failed on this article"})
                    continue
            try:
                if spec.name == "quotes":
                    result = quotes
                elif spec.uses_quotes:
                    result = funcs[spec.name](article, records=quotes)
                else:
                    result = funcs[spec.name](article)
                frames[spec.name].append(_as_frame(result))
            except Exception as exc:  # noqa: BLE001 - one article's crash is reported, never fatal
                errors.append({**_error_keys(row), "stage": spec.name, "reason": f"{type(exc).__name__}: {exc}"})
    tables = {"articles": pd.DataFrame(articles, columns=CORPUS_ARTICLE_COLUMNS)}
    for spec in specs:
        if spec.name == "articles":
            continue
        tables[spec.name] = _concat([f for f in frames[spec.name] if len(f)], lambda name=spec.name: _empty_frame(name, tuple(analyses)))
    tables["errors"] = pd.DataFrame(errors, columns=ERROR_COLUMNS)
    return tables


def _read_item(item: tuple[str, Any], max_bytes: int) -> tuple[Article | None, dict, dict | None]:
    """(article, articles row, error row or None) for one input item."""
    kind, payload = item
    if kind == "path":
        path = Path(payload)
        row = {"article_id": path.stem, "path": str(path), "source": str(path), "outlet": None, "title": None}
        try:
            article = load_article(path, max_bytes=max_bytes)
        except ArticleError as exc:
            return None, {**row, "error": exc.problem}, {**_error_keys(row), "stage": "read", "reason": exc.problem}
        except Exception as exc:  # noqa: BLE001 - e.g. permission denied
            reason = f"cannot read the file: {type(exc).__name__}: {exc}"
            return None, {**row, "error": reason}, {**_error_keys(row), "stage": "read", "reason": reason}
        return article, {**article.metadata(), "source": str(path), "outlet": None, "title": None}, None
    if kind == "error":
        row = {"article_id": payload["article_id"], "path": None, "source": payload["source"], "outlet": None, "title": None}
        return None, {**row, "error": payload["reason"]}, {**_error_keys(row), "stage": "read", "reason": payload["reason"]}
    record = payload
    row = {"article_id": record["id"], "path": None, "source": record["source"], "outlet": record.get("outlet"), "title": record.get("title")}
    try:
        text = record["text"]
        if isinstance(text, bytes):
            text = decode_article_bytes(text)
        elif "\x00" in text:
            raise ArticleError(None, "binary content (contains NUL characters), not a text article")
        article = parse_article(text, article_id=record["id"])
        if article.date is None and record.get("date") is not None:
            article = dataclasses.replace(article, date=_record_date(record["date"]))
    except ArticleError as exc:
        return None, {**row, "error": exc.problem}, {**_error_keys(row), "stage": "read", "reason": exc.problem}
    except Exception as exc:  # noqa: BLE001 - odd text must not stop the run
        reason = f"cannot parse the text: {type(exc).__name__}: {exc}"
        return None, {**row, "error": reason}, {**_error_keys(row), "stage": "read", "reason": reason}
    return article, {**article.metadata(), **row}, None


def _error_keys(row: dict) -> dict:
    return {"article_id": row["article_id"], "source": row["source"]}


def _record_date(value) -> dt.date:
    """A record's date field: a date, or a string starting YYYY-MM-DD (a time after it is ignored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:$|[T ])", text)
    try:
        if match:
            return dt.date.fromisoformat(match.group(1))
    except ValueError:
        pass
    raise ArticleError(None, f"malformed date field: expected YYYY-MM-DD, found {text[:40]!r}")


def _as_frame(result) -> pd.DataFrame:
    if isinstance(result, pd.DataFrame):
        return result
    if isinstance(result, dict):
        return pd.DataFrame([result])
    rows = [r._asdict() if hasattr(r, "_asdict") else dataclasses.asdict(r) if dataclasses.is_dataclass(r) else r for r in result]
    return pd.DataFrame(rows)


def _concat(frames: list[pd.DataFrame], empty: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frames, one after the other; ``empty()`` (the table's columns, no rows) if there are none."""
    if not frames:
        return empty().copy()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding only text (and missing values) as pandas' string dtype.

    Batches are concatenated, and a column that is all None in one batch is ``object`` there
    and ``str`` in another; converting once at the end makes the dtypes, and the missing-value
    marker, the same however the corpus was cut into batches.
    """
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object and values.notna().any():
            present = values[values.notna()]
            if present.map(type).eq(str).all():
                frame[column] = values.astype("str")
    return frame


def _empty_frame(table: str, analyses: tuple[str, ...]) -> pd.DataFrame:
    """A table with its columns and no rows (the probe runs only when a table is empty)."""
    if table == "articles":
        return pd.DataFrame(columns=CORPUS_ARTICLE_COLUMNS)
    if table == "errors":
        return pd.DataFrame(columns=ERROR_COLUMNS)
    return _empty_tables(analyses)[table]


@lru_cache(maxsize=8)
def _empty_tables(analyses: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """Zero-row frames with each analysis's columns, from a run on a tiny built-in article."""
    article = parse_article(_PROBE_TEXT, article_id="probe")
    quotes = None
    empty: dict[str, pd.DataFrame] = {}
    for name in analyses:
        spec = _analysis_spec(name)
        try:
            func = _resolve(spec.target)
            if spec.uses_quotes:
                if quotes is None:
                    quotes = _resolve(ANALYSES["quotes"].target)(article)
                frame = _as_frame(func(article, records=quotes))
            else:
                frame = _as_frame(func(article))
                if spec.name == "quotes":
                    quotes = frame if quotes is None else quotes
            empty[spec.name] = frame.iloc[:0].copy()
        except Exception:  # noqa: BLE001 - fall back to the one column every table has
            empty[spec.name] = pd.DataFrame(columns=["article_id"])
    return empty


def _failed_batch(items: list, reason: str) -> dict[str, pd.DataFrame]:
    """Tables for a batch whose worker kept dying: every article of it is an error."""
    articles, errors = [], []
    for kind, payload in items:
        if kind == "path":
            key = {"article_id": Path(payload).stem, "source": payload}
        elif kind == "error":
            key = {"article_id": payload["article_id"], "source": payload["source"]}
        else:
            key = {"article_id": payload["id"], "source": payload["source"]}
        articles.append({**key, "path": payload if kind == "path" else None, "error": reason})
        errors.append({**key, "stage": "worker", "reason": reason})
    return {"articles": pd.DataFrame(articles, columns=CORPUS_ARTICLE_COLUMNS), "errors": pd.DataFrame(errors, columns=ERROR_COLUMNS)}


# -- engines --------------------------------------------------------------------------------


def _default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle: it stops submitting and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _workers_skip_main():
    """Start spawned workers without re-running the caller's ``__main__``.

    Workers need only this module; re-running a script that calls ``analyze_corpus`` at top
    level (no ``if __name__ == "__main__":``) would start a pool inside every worker.
    """
    from multiprocessing import spawn

    original = spawn.get_preparation_data

    def preparation_data(name):
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    spawn.get_preparation_data = preparation_data
    try:
        yield
    finally:
        spawn.get_preparation_data = original


def _run_local(batches, workers: int, task_args: tuple, handle: Callable, retries: int = 2) -> None:
    """Run batches in-process (one worker) or in a process pool, calling ``handle`` as each finishes."""
    if workers <= 1:
        for index, items in batches:
            handle(index, items, analyze_batch(items, *task_args))
        return
    with _workers_skip_main():
        _run_pool(batches, workers, task_args, handle, retries)


def _run_pool(batches, workers: int, task_args: tuple, handle: Callable, retries: int) -> None:
    context = multiprocessing.get_context("spawn")  # safe under Jupyter's threads, same on every OS

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)

    pool = new_pool()
    pending: dict = {}
    source = iter(batches)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < 2 * workers:
                try:
                    index, items = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending[pool.submit(analyze_batch, items, *task_args)] = (index, items, 0)
            if not pending:
                break
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            to_retry = []
            for future in done:
                index, items, attempt = pending.pop(future)
                try:
                    tables = future.result()
                except BrokenProcessPool as exc:
                    to_retry.append((index, items, attempt, exc))
                    continue
                except Exception as exc:  # noqa: BLE001 - cannot happen per article; reported per batch
                    tables = _failed_batch(items, f"batch failed: {type(exc).__name__}: {exc}")
                handle(index, items, tables)
            if to_retry:
                # A worker died (out of memory, killed, a crash in C code): the pool is broken
                # and every batch in flight with it; start a new pool and resubmit them.
                to_retry += [(i, it, a, None) for i, it, a in pending.values()]
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                for index, items, attempt, exc in sorted(to_retry, key=lambda r: r[0]):
                    if attempt >= retries:
                        handle(index, items, _failed_batch(items, f"worker process died {attempt + 1} times on this batch"))
                    else:
                        pending[pool.submit(analyze_batch, items, *task_args)] = (index, items, attempt + 1)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _run_dask(batches, workers: int | None, scheduler, task_args: tuple, handle: Callable, retries: int = 2) -> None:
    """Submit batches to dask.distributed (a LocalCluster, or the cluster at ``scheduler``)."""
    import logging

    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers or _default_workers(), threads_per_worker=1, processes=True,
            dashboard_address=":0", silence_logs=logging.ERROR,  # any free port: 8787 may be taken
        )
        client = Client(cluster)
    elif isinstance(scheduler, Client):
        client = scheduler
    else:
        client = Client(scheduler)
    n_slots = max(1, sum(client.nthreads().values()))
    token = uuid.uuid4().hex[:8]
    pending: dict[str, tuple[int, list, Any]] = {}
    completed = as_completed()
    source = iter(batches)

    def submit_more() -> None:
        while len(pending) < 2 * n_slots:
            try:
                index, items = next(source)
            except StopIteration:
                return
            future = client.submit(analyze_batch, items, *task_args, key=f"analyze-batch-{token}-{index:07d}", retries=retries, pure=False)
            pending[future.key] = (index, items, future)
            completed.add(future)

    try:
        submit_more()
        for future in completed:
            index, items, _ = pending.pop(future.key)
            try:
                tables = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker after the retries
                tables = _failed_batch(items, f"batch failed on the cluster: {type(exc).__name__}: {exc}")
            future.release()
            handle(index, items, tables)
            submit_more()
    finally:
        if pending:  # interrupted: do not leave our tasks running on a shared cluster
            client.cancel([f for _, _, f in pending.values()])
        if client is not scheduler:
            client.close()
        if cluster is not None:
            cluster.close()


def _run(batches, *, engine: str, workers: int | None, scheduler, task_args: tuple, handle: Callable) -> None:
    if engine == "local":
        _run_local(batches, workers or _default_workers(), task_args, handle)
    elif engine == "dask":
        _run_dask(batches, workers, scheduler, task_args, handle)
    else:
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")


def _progress_bar(total: int | None, progress: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="article", desc="articles", disable=not progress, dynamic_ncols=True)


def _auto_batch_size(total: int | None, workers: int) -> int:
    if total is None:
        return DEFAULT_BATCH_SIZE
    # Small corpora: at least four batches per worker so that every core gets work.
    return max(1, min(DEFAULT_BATCH_SIZE, math.ceil(total / (4 * workers))))


def _count_ok(tables: dict[str, pd.DataFrame]) -> int:
    articles = tables["articles"]
    failed = set(tables["errors"]["article_id"])
    ok = articles["error"].isna() & ~articles["article_id"].isin(failed)
    return int(ok.sum())


# -- the public entry points ----------------------------------------------------------------


def analyze_corpus(
    source,
    engine: str = "local",
    workers: int | None = None,
    scheduler=None,
    *,
    text_column: str = "text",
    analyses: Iterable[str] | None = None,
    batch_size: int | None = None,
    progress: bool = True,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> CorpusResult:
    """Run every per-article analysis over a corpus and return the tables, in input order.

    Holds every table in memory: for notebook-sized corpora. For large ones use
    :func:`write_corpus`, which streams batches to disk.

    Args:
        source: a folder of ``.txt`` files, a glob pattern, a file (``.txt``, ``.jsonl``,
            ``.csv``, ``.parquet``), a list of these, or a DataFrame with a text column.
        engine: ``"local"`` (a process pool on this machine) or ``"dask"`` (dask.distributed).
        workers: worker processes (default: one per core). ``workers=1`` with the local engine
            runs in this process, without a pool.
        scheduler: with ``engine="dask"``, the address of a running scheduler
            (``"tcp://10.0.0.5:8786"``) or a ``distributed.Client``; None starts a LocalCluster.
        text_column: the text field of CSV/Parquet/DataFrame inputs.
        analyses: names from :data:`ANALYSES` (``articles`` is always run) or
            ``"module:function"``; default: every available one.
        batch_size: articles per task (default: up to 50, smaller for small corpora).
        progress: show a progress bar (a widget in JupyterLab, text in a terminal).
        max_bytes: articles larger than this are refused (default 10 MB).

    Returns:
        A :class:`CorpusResult` with one DataFrame per table: ``articles`` (one row per input,
        ``CORPUS_ARTICLE_COLUMNS``; ``error`` filled when the article could not be read), one
        table per analysis (the helper's own columns, ``article_id`` on every row), and
        ``errors`` (``article_id, source, stage, reason``). Rows are in input order, the same
        for both engines and any number of workers.

    Raises:
        ArticleError: nothing to read (empty folder, pattern matching nothing, missing file), or
            a CSV/Parquet file without the text column.
        ImportError: a requested analysis whose module is not available.
    """
    names = _normalise_analyses(analyses)
    inputs = _expand_inputs(source, text_column)
    n_workers = workers or (_default_workers() if engine == "local" else None)
    size = batch_size or _auto_batch_size(inputs.total, n_workers or _default_workers())
    n_batches = None if inputs.total is None else math.ceil(inputs.total / size)
    if engine == "local" and n_batches is not None and n_batches <= 1:
        n_workers = 1  # one batch: a pool would only add its start-up time
    results: dict[int, dict[str, pd.DataFrame]] = {}
    bar = _progress_bar(inputs.total, progress)
    failed = [0]

    def handle(index: int, items: list, tables: dict[str, pd.DataFrame]) -> None:
        results[index] = tables
        failed[0] += len(tables["articles"]) - _count_ok(tables)
        bar.set_postfix(errors=failed[0], refresh=False)
        bar.update(len(items))

    try:
        batches = _batches(_iter_items(inputs, text_column, max_bytes), size)
        _run(batches, engine=engine, workers=n_workers, scheduler=scheduler, task_args=(names, max_bytes), handle=handle)
    finally:
        bar.close()
    tables: dict[str, pd.DataFrame] = {}
    for name in [*[_analysis_spec(n).name for n in names], "errors"]:
        parts = [results[i][name] for i in sorted(results) if name in results[i]]
        tables[name] = _text_columns(_concat([p for p in parts if len(p)], lambda name=name: _empty_frame(name, names)))
    result = CorpusResult(tables, names, len(tables["articles"]), _count_ok(tables))
    if result.n_failed:
        warnings.warn(f"{result.n_failed} of {result.n_articles} articles had errors; see the 'errors' table", stacklevel=2)
    return result


def write_corpus(
    source,
    out_dir: str | Path,
    format: str = "parquet",
    resume: bool = False,
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler=None,
    text_column: str = "text",
    analyses: Iterable[str] | None = None,
    batch_size: int | None = None,
    progress: bool = True,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> WriteSummary:
    """Analyse a corpus in streaming batches and write one file per table into ``out_dir``.

    Each finished batch is written at once as ``out_dir/_parts/<table>/part-NNNNNNN.parquet``
    (temporary file, then rename) and recorded in ``_parts/done.jsonl``; when every batch is
    done the parts are merged, one table at a time, into ``out_dir/<table>.parquet`` (or
    ``.csv``), again through a temporary file, and ``_parts`` is removed. Memory holds only the
    batches in flight, whatever the corpus size. ``out_dir/manifest.json`` records the counts.

    Args:
        source: as for :func:`analyze_corpus`, or a :class:`CorpusResult` to write as it is.
        out_dir: the output folder (created if needed).
        format: ``"parquet"`` or ``"csv"``.
        resume: continue an interrupted run into the same ``out_dir`` with the same inputs and
            settings, redoing only the batches not recorded as done. Without it, leftovers of
            an earlier run are cleared first.
        engine, workers, scheduler, text_column, analyses, batch_size, progress, max_bytes: as
            for :func:`analyze_corpus`.

    Returns:
        A :class:`WriteSummary` (files written, counts, batches run and skipped).

    Raises:
        ArticleError: as for :func:`analyze_corpus`.
        ValueError: ``resume`` into a folder written from other inputs or settings.
        OSError: the disk is full or not writable; finished batches stay recorded, so the run
            can be resumed.
    """
    if format not in ("parquet", "csv"):
        raise ValueError(f"format must be 'parquet' or 'csv', not {format!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if isinstance(source, CorpusResult):
        files = {name: _write_table(frame, out / f"{name}.{format}", format) for name, frame in source.tables.items()}
        _write_json(out / MANIFEST, {"n_articles": source.n_articles, "n_succeeded": source.n_succeeded, "analyses": list(source.analyses), "tables": {n: len(f) for n, f in source.tables.items()}, "format": format})
        return WriteSummary(out, files, source.n_articles, source.n_succeeded, 0, 0)

    names = _normalise_analyses(analyses)
    inputs = _expand_inputs(source, text_column)
    n_workers = workers or (_default_workers() if engine == "local" else None)
    parts_dir = out / PARTS_DIR
    settings = {
        "inputs": inputs.fingerprint,
        "analyses": list(names),
        "text_column": text_column,
        "max_bytes": max_bytes,
    }
    done: dict[int, dict] = {}
    finished = _read_manifest(out)
    if resume and not parts_dir.exists() and finished.get("settings") == settings and finished.get("format") == format:
        files = {n: out / f for n, f in finished["files"].items()}
        if all(p.exists() for p in files.values()):
            if progress:
                print(f"{out}: already complete ({finished['n_articles']} articles); nothing to resume")
            return WriteSummary(out, files, finished["n_articles"], finished["n_succeeded"], 0, finished.get("n_batches", 0))
    if resume and (parts_dir / "settings.json").exists():
        previous = json.loads((parts_dir / "settings.json").read_text(encoding="utf-8"))
        size = previous.get("batch_size")
        if {k: previous.get(k) for k in settings} != settings or (batch_size and batch_size != size):
            raise ValueError(
                f"{out}: cannot resume: the unfinished run there was started with other inputs or settings "
                "(files, analyses, text column, size limit or batch size changed); run without resume to start again"
            )
        done = _read_done(parts_dir, [*[_analysis_spec(n).name for n in names], "errors"])
    else:
        if parts_dir.exists():
            shutil.rmtree(parts_dir)
        size = batch_size or _auto_batch_size(inputs.total, n_workers or _default_workers())
        parts_dir.mkdir(parents=True)
        _write_json(parts_dir / "settings.json", {**settings, "batch_size": size})
    table_names = [*[_analysis_spec(n).name for n in names], "errors"]
    n_batches = None if inputs.total is None else math.ceil(inputs.total / size)
    if engine == "local" and n_batches is not None and n_batches - len(done) <= 1:
        n_workers = 1
    summary = WriteSummary(out, batches_skipped=len(done))
    bar = _progress_bar(inputs.total, progress)

    def todo() -> Iterator[tuple[int, list]]:
        for index, items in _batches(_iter_items(inputs, text_column, max_bytes), size):
            if index in done:
                bar.update(len(items))
                continue
            yield index, items

    with open(parts_dir / "done.jsonl", "a", encoding="utf-8") as journal:

        def handle(index: int, items: list, tables: dict[str, pd.DataFrame]) -> None:
            for name in table_names:
                frame = tables.get(name)
                if frame is None:  # a failed batch has only articles and errors
                    frame = _empty_frame(name, names)
                _write_part(frame, parts_dir / name / f"part-{index:07d}.parquet")
            entry = {"batch": index, "n_articles": len(tables["articles"]), "n_succeeded": _count_ok(tables)}
            journal.write(json.dumps(entry) + "\n")
            journal.flush()
            os.fsync(journal.fileno())
            done[index] = entry
            summary.batches_run += 1
            bar.set_postfix(errors=sum(e["n_articles"] - e["n_succeeded"] for e in done.values()), refresh=False)
            bar.update(len(items))

        try:
            _run(todo(), engine=engine, workers=n_workers, scheduler=scheduler, task_args=(names, max_bytes), handle=handle)
        finally:
            bar.close()

    for name in table_names:
        summary.files[name] = _merge_parts(parts_dir / name, sorted(done), out / f"{name}.{format}", format, lambda name=name: _empty_frame(name, names))
    summary.n_articles = sum(e["n_articles"] for e in done.values())
    summary.n_succeeded = sum(e["n_succeeded"] for e in done.values())
    _write_json(out / MANIFEST, {
        "n_articles": summary.n_articles, "n_succeeded": summary.n_succeeded, "analyses": list(names),
        "format": format, "files": {n: p.name for n, p in summary.files.items()}, "batch_size": size,
        "n_batches": len(done), "settings": settings,
    })
    shutil.rmtree(parts_dir)
    if summary.n_failed:
        warnings.warn(f"{summary.n_failed} of {summary.n_articles} articles had errors; see {summary.files['errors']}", stacklevel=2)
    return summary


def read_corpus(out_dir: str | Path) -> CorpusResult:
    """Read the tables that :func:`write_corpus` wrote into ``out_dir`` back into a :class:`CorpusResult`."""
    out = Path(out_dir)
    manifest_path = out / MANIFEST
    if not manifest_path.exists():
        raise ArticleError(out, f"no {MANIFEST}: not a finished corpus output folder (an interrupted run can be resumed)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    tables = {}
    for name in manifest.get("files") or {n: f"{n}.{manifest['format']}" for n in manifest["tables"]}:
        path = out / f"{name}.{manifest['format']}"
        tables[name] = pd.read_parquet(path) if manifest["format"] == "parquet" else pd.read_csv(path)
    return CorpusResult(tables, tuple(manifest["analyses"]), manifest["n_articles"], manifest["n_succeeded"])


# -- writing --------------------------------------------------------------------------------


def _tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _write_json(path: Path, data: dict) -> Path:
    return _atomic(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8"))


def _to_arrow(frame: pd.DataFrame):
    """An Arrow table of ``frame``; object columns of mixed types are written as text."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        fixed = frame.copy()
        for column in fixed.columns:
            try:
                pa.array(fixed[column], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                fixed[column] = fixed[column].map(lambda v: None if _missing_scalar(v) else str(v))
        return pa.Table.from_pandas(fixed, preserve_index=False)


def _missing_scalar(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _write_part(frame: pd.DataFrame, path: Path) -> Path:
    import pyarrow.parquet as pq

    table = _to_arrow(frame)
    return _atomic(path, lambda tmp: pq.write_table(table, tmp))


def _write_table(frame: pd.DataFrame, path: Path, format: str) -> Path:
    if format == "csv":
        return _atomic(path, lambda tmp: frame.to_csv(tmp, index=False))
    import pyarrow.parquet as pq

    table = _to_arrow(frame)
    return _atomic(path, lambda tmp: pq.write_table(table, tmp))


def _merge_parts(folder: Path, batches: list[int], path: Path, format: str, empty: Callable[[], pd.DataFrame]) -> Path:
    """Stream the parts of one table, in batch order, into one file (schemas unified, nulls typed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    part_paths = [folder / f"part-{i:07d}.parquet" for i in batches]
    part_paths = [p for p in part_paths if p.exists()]
    if not part_paths:
        return _write_table(empty(), path, format)
    schemas = [pq.read_schema(p).remove_metadata() for p in part_paths]
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    # A column that is empty (null-typed) in some batches takes the type of the others.
    schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in schema])

    def write(tmp: Path) -> None:
        if format == "parquet":
            with pq.ParquetWriter(tmp, schema) as writer:
                for part in part_paths:
                    writer.write_table(_conform(pq.read_table(part), schema))
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                for i, part in enumerate(part_paths):
                    _conform(pq.read_table(part), schema).to_pandas().to_csv(handle, index=False, header=(i == 0))

    return _atomic(path, write)


def _conform(table, schema):
    import pyarrow as pa

    columns = []
    for f in schema:
        if f.name in table.column_names:
            columns.append(table.column(f.name).cast(f.type))
        else:
            columns.append(pa.nulls(len(table), f.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _read_done(parts_dir: Path, tables: list[str]) -> dict[int, dict]:
    """Batches recorded as finished whose part files are all there (a torn last line is ignored)."""
    done: dict[int, dict] = {}
    journal = parts_dir / "done.jsonl"
    if not journal.exists():
        return done
    for line in journal.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        index = int(entry["batch"])
        if all((parts_dir / name / f"part-{index:07d}.parquet").exists() for name in tables):
            done[index] = entry
    return done


# -- corpus-level summaries and charts --------------------------------------------------------


def source_mix_by_article(sources: pd.DataFrame, by: str = "speaker_type") -> pd.DataFrame:
    """Each article's attributed words split by ``by`` (speaker type by default), from a ``sources`` table.

    Args:
        sources: the ``sources`` table of a corpus run (``source_table`` rows of many articles).
        by: the column to split by (``speaker_type``, ``speaker_country``).

    Returns:
        DataFrame with columns ``article_id``, ``by``'s column, ``n_sources``, ``n_words`` and
        ``share_words`` (of the article's attributed words, 0..1; each article sums to 1). How
        to read it: 0.6 for officials means six in ten attributed words came from officials.
        Articles without attributed statements have no rows; the narrator is not counted.
    """
    columns = ["article_id", by, "n_sources", "n_words", "share_words"]
    if sources.empty:
        return pd.DataFrame(columns=columns)
    frame = sources.assign(**{by: sources[by].astype("object").fillna("unknown")})
    mix = frame.groupby(["article_id", by], sort=False, observed=True).agg(n_sources=("speaker", "size"), n_words=("n_words", "sum")).reset_index()
    totals = mix.groupby("article_id", sort=False)["n_words"].transform("sum")
    mix["share_words"] = (mix["n_words"] / totals.where(totals > 0)).fillna(0.0)
    return mix[columns]


def plot_source_mix_by_article(mix: pd.DataFrame, labels: dict[str, str] | None = None, title: str = "Whose words: attributed words by speaker type",
                               articles: list[str] | None = None):
    """One stacked horizontal bar per article: shares of its attributed words by speaker type.

    Args:
        mix: :func:`source_mix_by_article` output (``by="speaker_type"``).
        labels: article_id -> display label (e.g. to mark invented articles); default the id.
        articles: every article id in display order; one without rows in ``mix`` gets an empty
            row marked "no attributed statements" (default: the articles in ``mix``).

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    from .plotting import SPEAKER_TYPE_COLORS, SPEAKER_TYPES, label

    wide = mix.pivot_table(index="article_id", columns="speaker_type", values="share_words", aggfunc="sum", fill_value=0.0, sort=False, observed=True)
    wide = wide[[t for t in SPEAKER_TYPES if t in wide.columns]]
    if articles is not None:
        wide = wide.reindex(list(articles), fill_value=0.0)
    names = [(labels or {}).get(a, a) for a in wide.index]
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(wide) + 1.6)))
    left = pd.Series(0.0, index=wide.index)
    for speaker_type in wide.columns:
        ax.barh(names, wide[speaker_type], left=left, color=SPEAKER_TYPE_COLORS[speaker_type], label=label(speaker_type), edgecolor="white")
        left += wide[speaker_type]
    for y, total in enumerate(left):
        if total == 0:
            ax.text(0.01, y, "no attributed statements", va="center", fontsize=9, color="#4D4D4D")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set(xlabel="share of the article's attributed words", title=title)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=9)
    return fig


def plot_formula_frequency(counts: pd.DataFrame, top: int = 15, title: str = "Official formulae: occurrences in the corpus"):
    """Horizontal bars: how often each formula occurs, and in how many articles.

    Args:
        counts: :func:`analysis.phrases.formula_counts` output (``formula``, ``n``, ``n_articles``).
        top: how many formulae to show, most frequent first.

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    shown = counts.head(top)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.32 * len(shown) + 1.2)))
    ax.barh(shown["formula"], shown["n"], color="#0072B2")
    for y, (n, n_articles) in enumerate(zip(shown["n"], shown["n_articles"])):
        ax.text(n, y, f"  {n} in {n_articles} article{'s' if n_articles != 1 else ''}", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, shown["n"].max() if len(shown) else 1) * 1.45)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set(xlabel="occurrences", title=title)
    return fig


def plot_readability_by_article(readability: pd.DataFrame, metric: str = "flesch_kincaid_grade", labels: dict[str, str] | None = None,
                                title: str = "Readability: grade level of each paragraph, per article", xlabel: str = "Flesch-Kincaid grade (higher = harder)"):
    """Per article, the spread of a readability metric over its paragraphs (dots) and the whole article (bar).

    Args:
        readability: the ``readability`` table of a corpus run (rows with ``unit`` ``article`` and ``paragraph``).
        metric: a column of it (default Flesch-Kincaid grade: higher => harder).
        labels: article_id -> display label.

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    whole = readability[readability["unit"] == "article"].set_index("article_id")[metric]
    paragraphs = readability[(readability["unit"] == "paragraph") & readability[metric].notna()]
    order = list(whole.index)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(order) + 1.2)))
    for y, article_id in enumerate(order):
        values = paragraphs.loc[paragraphs["article_id"] == article_id, metric]
        ax.scatter(values, [y] * len(values), s=14, alpha=0.45, color="#56B4E9", label="a paragraph" if y == 0 else None)
        ax.plot([whole[article_id]] * 2, [y - 0.35, y + 0.35], color="#D55E00", linewidth=2.5, label="whole article" if y == 0 else None)
    ax.set_yticks(range(len(order)), [(labels or {}).get(a, a) for a in order])
    ax.invert_yaxis()
    ax.set(xlabel=xlabel, title=title)
    ax.legend(loc="lower right", fontsize=9)
    return fig
