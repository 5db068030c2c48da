"""The article model: one news article read from a file, cut into dateline, headings, paragraphs and sentences.

``load_article(path)`` reads a file in the project's text format and ``parse_article(text)``
parses a string; both return an :class:`Article`. Every unit carries ``start``/``end``
character offsets into ``article.text``, the file's text exactly as read
(``open(path, encoding="utf-8").read()``), so ``article.text[start:end]`` is the unit.
``load_corpus(source)`` reads many files and returns the Articles with an ``articles`` table.

The file format (see ``seeds/README.md``)::

     date 2025-06-17 BEIJING, June 17, 2025 /PRNewswire/ -- First paragraph ...

    Second paragraph ...

The first line starts with ``' date YYYY-MM-DD '`` and goes straight on with the first
paragraph; paragraphs are separated by a blank line. A file without that header is read
all the same, with ``date`` None (documented fallback); a header whose date is not a real
``YYYY-MM-DD`` date is an error.

Not handled: HTML or other markup (strip it first), articles whose paragraphs are separated
by single line breaks only (each such file is one long paragraph), non-English sentence
splitting.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import re
import warnings
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

import pandas as pd
from syntok import segmenter
from syntok._segmentation_states import State as _SegmenterState
from syntok.tokenizer import Tokenizer

from .paths import LEXICON_DIR

MAX_ARTICLE_BYTES = 10 * 1024 * 1024
"""Files larger than this are refused: a news article is rarely over 200 KB, and a 50 MB
'article' is almost always a data dump saved with the wrong extension."""

HEADER_RE = re.compile(r"\A\ufeff?[ \t]*date\b[ \t]*(?P<value>[^\s]*)[ \t]*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
# A news dateline: a place in capitals, optionally a state or country in title case, an
# optional date, an optional wire credit, then a dash: "BEIJING, June 17, 2025 /PRNewswire/ --",
# "SEOUL, June 17 (Yonhap) --", "WASHINGTON (AP) —", "LONDON (Reuters) -", "ASTANA, Kazakhstan —".
DATELINE_RE = re.compile(
    rf"""
    (?P<place>[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]*)*
        (?:,[ ](?!{_MONTH}[ ]\d)[A-Z][A-Za-z.'’-]+(?:[ ](?!{_MONTH}[ ]\d)[A-Z][A-Za-z.'’-]+)*)?)
    (?:,?[ ](?P<date>{_MONTH}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?))?
    [ ]*
    (?:/(?P<distributor>[^/\n]{{2,40}})/|\((?P<agency>[A-Za-z][\w .&-]{{0,30}})\))?
    [ ]*(?:--|—|–|-)[ ]*
    """,
    re.VERBOSE,
)
DATE_LINE_RE = re.compile(
    rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+)?{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\Z"
)
PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
HEADING_MAX_WORDS = 10
HEADING_END_CHARS = ".!?:;,\"”’)…"


class ArticleError(ValueError):
    """A file that cannot be read as an article; the message names the file and the problem."""

    def __init__(self, path: str | Path | None, problem: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path or '<text>'}: {problem}")


class Dateline(NamedTuple):
    """The dateline that opens the first paragraph, with its wire credit if any."""

    start: int
    end: int
    place: str
    date: str | None
    wire: str | None
    wire_marker: str | None


class Unit(NamedTuple):
    """A paragraph or a sentence: its position in the text and what kind of unit it is."""

    index: int
    start: int
    end: int
    kind: str  # "body", "heading" or "date_line"
    paragraph: int


@dataclass(frozen=True, eq=False)
class Article:
    """One news article with offsets into its text.

    Articles compare and hash by identity: two parses of the same text are two articles, so
    per-article caches (the speaker index) are shared only within one analysis run.

    Attributes:
        article_id: the file stem (or the id given to ``parse_article``).
        text: the file's text exactly as read; every offset indexes this string.
        path: the source file, or None for parsed strings.
        date: the publication date from the ``' date YYYY-MM-DD '`` header, or None.
        dateline: the :class:`Dateline` ("BEIJING, June 17, 2025 /PRNewswire/ --"), or None.
        body_start, body_end: the body's span (after header and dateline, trailing space cut).
        paragraph_units, sentence_units: tuples of :class:`Unit`, in text order.
    """

    article_id: str
    text: str
    path: Path | None = None
    date: dt.date | None = None
    dateline: Dateline | None = None
    body_start: int = 0
    body_end: int = 0
    paragraph_units: tuple[Unit, ...] = ()
    sentence_units: tuple[Unit, ...] = ()
    _sentence_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _paragraph_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @property
    def wire(self) -> str | None:
        """The wire service or release distributor credited in the dateline ("PR Newswire", "Xinhua")."""
        return self.dateline.wire if self.dateline else None

    @property
    def body(self) -> str:
        """The body text (after header and dateline); offsets inside it are ``body_start`` off."""
        return self.text[self.body_start : self.body_end]

    @property
    def headings(self) -> list[str]:
        """Section headings: short standalone lines such as "Fruitful summit"."""
        return [self.text[u.start : u.end] for u in self.paragraph_units if u.kind == "heading"]

    @property
    def n_words(self) -> int:
        """Words in the body paragraphs (headings and date lines not counted)."""
        return sum(count_words(self.text[u.start : u.end]) for u in self.paragraph_units if u.kind == "body")

    def paragraph_at(self, offset: int) -> int | None:
        """Index of the paragraph containing character ``offset``, or None outside every paragraph."""
        return _unit_at(self.paragraph_units, self._paragraph_starts, offset)

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset``, or None outside every sentence."""
        return _unit_at(self.sentence_units, self._sentence_starts, offset)

    def paragraphs(self) -> pd.DataFrame:
        """One row per paragraph.

        Returns:
            DataFrame with columns ``article_id``, ``paragraph`` (0-based index), ``start``,
            ``end``, ``kind`` (``body``, ``heading``, ``date_line``), ``section`` (the text of
            the latest heading at or before the paragraph; None before the first heading),
            ``text``, ``n_sentences``, ``n_words``.
        """
        n_sentences = [0] * len(self.paragraph_units)
        for s in self.sentence_units:
            n_sentences[s.paragraph] += 1
        rows, section = [], None
        for u in self.paragraph_units:
            paragraph_text = self.text[u.start : u.end]
            if u.kind == "heading":
                section = paragraph_text
            rows.append(
                {
                    "article_id": self.article_id,
                    "paragraph": u.index,
                    "start": u.start,
                    "end": u.end,
                    "kind": u.kind,
                    "section": section,
                    "text": paragraph_text,
                    "n_sentences": n_sentences[u.index],
                    "n_words": count_words(paragraph_text),
                }
            )
        return _frame(rows, PARAGRAPH_COLUMNS)

    def sentences(self) -> pd.DataFrame:
        """One row per sentence.

        Returns:
            DataFrame with columns ``article_id``, ``sentence`` (0-based index over the article),
            ``paragraph``, ``start``, ``end``, ``kind`` (that of its paragraph), ``text``, ``n_words``.
        """
        rows = [
            {
                "article_id": self.article_id,
                "sentence": u.index,
                "paragraph": u.paragraph,
                "start": u.start,
                "end": u.end,
                "kind": u.kind,
                "text": self.text[u.start : u.end],
                "n_words": count_words(self.text[u.start : u.end]),
            }
            for u in self.sentence_units
        ]
        return _frame(rows, SENTENCE_COLUMNS)

    def metadata(self) -> dict:
        """One row of the ``articles`` table for this article (see ``ARTICLE_COLUMNS``)."""
        body_paragraphs = [u for u in self.paragraph_units if u.kind == "body"]
        return {
            "article_id": self.article_id,
            "path": str(self.path) if self.path else None,
            "date": self.date.isoformat() if self.date else None,
            "dateline_place": self.dateline.place if self.dateline else None,
            "dateline_date": self.dateline.date if self.dateline else None,
            "wire": self.wire,
            "n_paragraphs": len(body_paragraphs),
            "n_headings": sum(u.kind == "heading" for u in self.paragraph_units),
            "n_sentences": sum(u.kind == "body" for u in self.sentence_units),
            "n_words": self.n_words,
            "n_chars": len(self.text),
            "error": None,
        }


PARAGRAPH_COLUMNS = ["article_id", "paragraph", "start", "end", "kind", "section", "text", "n_sentences", "n_words"]
SENTENCE_COLUMNS = ["article_id", "sentence", "paragraph", "start", "end", "kind", "text", "n_words"]
ARTICLE_COLUMNS = [
    "article_id", "path", "date", "dateline_place", "dateline_date", "wire",
    "n_paragraphs", "n_headings", "n_sentences", "n_words", "n_chars", "error",
]


def count_words(text: str) -> int:
    """Number of words in ``text``: runs of letters and digits, joined by inner - ' . ("U.S.", "good-neighborliness")."""
    return len(WORD_RE.findall(text))


def load_article(path: str | Path, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Read one article file.

    Args:
        path: a UTF-8 text file in the project's format (see the module docstring).
        max_bytes: larger files are refused.

    Returns:
        The parsed :class:`Article`, with ``article_id`` the file stem.

    Raises:
        ArticleError: the file is missing, empty, binary, not UTF-8, too large, or its
            header is malformed; the message names the file and the problem.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    if path.is_dir():
        raise ArticleError(path, "is a folder, not an article file (use load_corpus for folders)")
    if size > max_bytes:
        raise ArticleError(path, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article")
    data = path.read_bytes()
    return parse_article(decode_article_bytes(data, path), article_id=path.stem, path=path)


def decode_article_bytes(data: bytes, path: str | Path | None = None) -> str:
    """Decode a file's bytes as ``open(path, encoding="utf-8").read()`` would, refusing what is not text.

    Raises:
        ArticleError: empty, binary (NUL bytes) or not valid UTF-8.
    """
    if not data.strip():
        raise ArticleError(path, "empty file (no text)")
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8",
        ) from None
    # Universal newlines, as text-mode open() reads them, so offsets agree with it.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_article(text: str, article_id: str = "article", *, path: str | Path | None = None) -> Article:
    """Parse an article's text.

    Args:
        text: the whole file's text as read (header included, if any).
        article_id: the id to put on every row (the file stem, for files).
        path: where the text came from, for error messages and the ``articles`` table.

    Returns:
        An :class:`Article` whose offsets index ``text``.

    Raises:
        ArticleError: empty text, or a ``date`` header whose value is not a YYYY-MM-DD date.
    """
    if not text.strip():
        raise ArticleError(path, "empty article (no text)")
    date, body_start = _read_header(text, path)
    body_end = len(text.rstrip())
    dateline = _read_dateline(text, body_start, body_end)
    if dateline:
        body_start = dateline.end
    paragraphs = _split_paragraphs(text, body_start, body_end)
    sentences = _split_sentences(text, paragraphs)
    return Article(
        article_id=article_id,
        text=text,
        path=Path(path) if path is not None else None,
        date=date,
        dateline=dateline,
        body_start=body_start,
        body_end=max(body_start, body_end),
        paragraph_units=tuple(paragraphs),
        sentence_units=tuple(sentences),
        _sentence_starts=tuple(s.start for s in sentences),
        _paragraph_starts=tuple(p.start for p in paragraphs),
    )


def iter_article_paths(source: str | Path | Iterable[str | Path]) -> list[Path]:
    """Expand a file, a folder (its ``*.txt`` files), a glob pattern, or a list of these into paths.

    Raises:
        ArticleError: a folder with no ``.txt`` files, a pattern that matches nothing, or a missing path.
    """
    if isinstance(source, (str, Path)):
        sources: Sequence[str | Path] = [source]
    else:
        sources = list(source)
    paths: list[Path] = []
    for item in sources:
        item_path = Path(item)
        if item_path.is_dir():
            found = sorted(p for p in item_path.glob("*.txt") if p.is_file())
            if not found:
                raise ArticleError(item_path, "folder has no .txt files")
            paths.extend(found)
        elif item_path.exists():
            paths.append(item_path)
        elif glob.has_magic(str(item)):
            found = sorted(Path(p) for p in glob.glob(str(item)) if Path(p).is_file())
            if not found:
                raise ArticleError(item, "pattern matches no files")
            paths.extend(found)
        else:
            raise ArticleError(item_path, "no such file or folder")
    return paths


def load_corpus(
    source: str | Path | Iterable[str | Path], *, on_error: str = "report"
) -> tuple[list[Article], pd.DataFrame]:
    """Read many article files.

    Args:
        source: a folder (its ``*.txt`` files, not sub-folders), a glob pattern, a file, or a list of these.
        on_error: ``"report"`` (default) keeps going past a bad file and records it in the
            table's ``error`` column, with a warning that counts them; ``"raise"`` stops at the
            first bad file.

    Returns:
        ``(articles, table)``: the Articles that could be read, and a DataFrame with one row per
        file (columns ``ARTICLE_COLUMNS``: ``article_id, path, date, dateline_place,
        dateline_date, wire, n_paragraphs, n_headings, n_sentences, n_words, n_chars, error``).
        A file that failed has its ``error`` filled and no Article; it is never dropped.

    Raises:
        ArticleError: nothing to read (see :func:`iter_article_paths`), or a bad file with ``on_error="raise"``.
    """
    if on_error not in ("report", "raise"):
        raise ValueError(f"on_error must be 'report' or 'raise', not {on_error!r}")
    articles: list[Article] = []
    rows: list[dict] = []
    for path in iter_article_paths(source):
        try:
            article = load_article(path)
        except ArticleError as exc:
            if on_error == "raise":
                raise
            rows.append({"article_id": path.stem, "path": str(path), "error": exc.problem})
            continue
        articles.append(article)
        rows.append(article.metadata())
    table = _frame(rows, ARTICLE_COLUMNS)
    n_failed = int(table["error"].notna().sum())
    if n_failed:
        warnings.warn(f"{n_failed} of {len(table)} files could not be read; see the 'error' column", stacklevel=2)
    return articles, table


def articles_table(articles: Iterable[Article]) -> pd.DataFrame:
    """The ``articles`` table (``ARTICLE_COLUMNS``) for Articles already loaded."""
    return _frame([a.metadata() for a in articles], ARTICLE_COLUMNS)


# -- internals ---------------------------------------------------------------------------


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _unit_at(units: tuple[Unit, ...], starts: tuple[int, ...], offset: int) -> int | None:
    i = bisect_right(starts, offset) - 1
    if i >= 0 and units[i].start <= offset < units[i].end:
        return units[i].index
    return None


def _read_header(text: str, path) -> tuple[dt.date | None, int]:
    match = HEADER_RE.match(text)
    if not match:
        return None, len(text) - len(text.lstrip())
    value = match.group("value")
    if not DATE_RE.match(value):
        raise ArticleError(path, f"malformed header: expected ' date YYYY-MM-DD ', found 'date {value}'")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise ArticleError(path, f"malformed header: {value!r} is not a real date") from None
    return date, match.end()


@lru_cache(maxsize=1)
def _wire_names() -> dict[str, str]:
    with open(LEXICON_DIR / "wires.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {row["marker"].casefold(): row["name"] for row in csv.DictReader(lines)}


def _read_dateline(text: str, start: int, end: int) -> Dateline | None:
    match = DATELINE_RE.match(text, start, end)
    if not match:
        return None
    if not (match.group("date") or match.group("distributor") or match.group("agency")):
        # Without a date or a credit, "PLACE -- " is a dateline only when the city is in
        # capitals of some length ("KYIV, Ukraine —"), not an initialism ("US President ... --").
        city = match.group("place").split(",")[0]
        if len(city) < 4 or not city.isupper():
            return None
    marker = match.group("distributor") or match.group("agency")
    wire = _wire_names().get(marker.strip().casefold(), marker.strip()) if marker else None
    return Dateline(match.start(), match.end(), match.group("place"), match.group("date"), wire, marker)


def _split_paragraphs(text: str, start: int, end: int) -> list[Unit]:
    units: list[Unit] = []
    position = start
    for brk in [*PARAGRAPH_BREAK_RE.finditer(text, start, end), None]:
        stop = brk.start() if brk else end
        chunk = text[position:stop]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            p_start, p_end = position + lead, position + len(chunk.rstrip())
            units.append(Unit(len(units), p_start, p_end, _paragraph_kind(text[p_start:p_end]), len(units)))
        if brk:
            position = brk.end()
    return units


def _paragraph_kind(paragraph: str) -> str:
    if DATE_LINE_RE.match(paragraph):
        return "date_line"
    words = paragraph.split()
    if (
        len(words) <= HEADING_MAX_WORDS
        and "\n" not in paragraph
        and paragraph[-1] not in HEADING_END_CHARS
        and paragraph[0] not in "\"“‘'(-–—•*"
        and (paragraph[0].isupper() or paragraph[0].isdigit())
    ):
        return "heading"
    return "body"


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    lines = (LEXICON_DIR / "abbreviations.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_TOKENIZER = Tokenizer(emit_hyphen_or_underscore_sep=False, replace_not_contraction=False)
_TRAILING_ABBREVIATION_RE = re.compile(r"(?:^|[\s(\"“])([A-Z][a-z]{0,4}|vs|No)\.\Z")


def _split_sentences(text: str, paragraphs: list[Unit]) -> list[Unit]:
    sentences: list[Unit] = []
    for p in paragraphs:
        if p.kind != "body":
            sentences.append(Unit(len(sentences), p.start, p.end, p.kind, p.index))
            continue
        for s_start, s_end in _sentence_spans(text[p.start : p.end]):
            sentences.append(Unit(len(sentences), p.start + s_start, p.start + s_end, p.kind, p.index))
    return sentences


# Tokens at which syntok's segmenter may end a sentence: its terminals and opening brackets.
_SPLIT_TOKENS = _SegmenterState.terminals | _SegmenterState.opening_brackets
_SPLIT_CHARS = frozenset("".join(_SPLIT_TOKENS))


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans in one paragraph: syntok's segmentation, with news-specific repairs."""
    if _one_sentence(paragraph):
        return [(0, len(paragraph))]
    tokens = list(_TOKENIZER.tokenize(paragraph))
    if len(tokens) > 1 and not any(token.value in _SPLIT_TOKENS for token in tokens[:-1]):
        # No terminal or bracket before the last token: syntok would return all tokens as one
        # sentence, so skip its segmenter (the slow part on single-sentence paragraphs).
        last = tokens[-1]
        return [(tokens[0].offset, last.offset + len(last.value))]
    spans: list[tuple[int, int]] = []
    for sentence in segmenter.split(iter(tokens)):
        if not sentence:
            continue
        start = sentence[0].offset
        last = sentence[-1]
        end = last.offset + len(last.value)
        spans.append((start, end))
    return _repair_spans(paragraph, spans)


def _one_sentence(paragraph: str) -> bool:
    """Whether syntok is sure to return the whole paragraph as one sentence, so it need not run.

    True when no terminal or opening bracket comes before the last character (then no token but
    the last can end a sentence), the first character is a letter or digit (syntok's first token
    starts there), the last is one or a stop (its last token ends there), and a space separates
    them (so there are two tokens or more).
    """
    return (
        " " in paragraph
        and paragraph[0].isalnum()
        and (paragraph[-1].isalnum() or paragraph[-1] in ".!?")
        and _SPLIT_CHARS.isdisjoint(paragraph[:-1])
    )


def _repair_spans(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # syntok splits after rank abbreviations ("Lt. Gen. John Doe"); rejoin a sentence that
    # ends in a known title abbreviation with the next one. It can also leave a lone closing
    # mark or bracket as its own "sentence"; attach that to the sentence before.
    abbreviations = _abbreviations()
    repaired: list[tuple[int, int]] = []
    for start, end in spans:
        if repaired:
            prev_start, prev_end = repaired[-1]
            prev_text = paragraph[prev_start:prev_end]
            match = _TRAILING_ABBREVIATION_RE.search(prev_text)
            joins_abbreviation = match is not None and match.group(1) in abbreviations
            is_fragment = not any(ch.isalnum() for ch in paragraph[start:end])
            if joins_abbreviation or is_fragment:
                repaired[-1] = (prev_start, end)
                continue
        repaired.append((start, end))
    return repaired
