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
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

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

    @cached_property
    def n_words(self) -> int:
        """Words in the body paragraphs (headings and date lines not counted); counted once."""
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
        _sentence_starts=tuple([s.start for s in sentences]),
        _paragraph_starts=tuple([p.start for p in paragraphs]),
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
        chunk = text[position:stop].lstrip()
        if chunk:
            paragraph = chunk.rstrip()
            p_start = stop - len(chunk)
            p_end = p_start + len(paragraph)
            units.append(Unit(len(units), p_start, p_end, _paragraph_kind(paragraph), len(units)))
        if brk:
            position = brk.end()
    return units


def _paragraph_kind(paragraph: str) -> str:
    if DATE_LINE_RE.match(paragraph):
        return "date_line"
    if (
        "\n" not in paragraph
        and paragraph[-1] not in HEADING_END_CHARS
        and paragraph[0] not in "\"“‘'(-–—•*"
        and (paragraph[0].isupper() or paragraph[0].isdigit())
        and len(paragraph.split(None, HEADING_MAX_WORDS)) <= HEADING_MAX_WORDS
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


def _one_of(chars: Iterable[str]) -> re.Pattern:
    """A pattern matching any one of ``chars`` (a search for it is a quick test of whether a
    text has one)."""
    return re.compile("[" + "".join(sorted(map(re.escape, chars))) + "]")


_OPENING_BRACKET_RE = _one_of(_SegmenterState.opening_brackets)


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans in one paragraph: syntok's segmentation, with news-specific repairs."""
    spans: list[tuple[int, int]] = []
    position = 0
    for end, next_start in _certain_ends(paragraph):
        spans.extend(_syntok_spans(paragraph[position:end], position))
        position = next_start
    if position == 0:
        spans = _syntok_spans(paragraph, 0)
    else:
        spans.extend(_syntok_spans(paragraph[position:], position))
    return _repair_spans(paragraph, spans)


# A stop (with a closing quote), space, then a capital or an opening quote: where syntok may end
# a sentence; _ends_for_sure looks at the token before the stop.
_STOP_THEN_CAPITAL_RE = re.compile(r"""[.!?](["”’]?)[ \n]+(?=[A-Z"“])""")
_WORD_BEFORE_STOP_RE = re.compile(r"""["“]?(?:(?P<word>[A-Z][a-z]+|[a-z]{2,})|[0-9]{2,})""")
_NEXT_WORD_RE = re.compile(r"[A-Za-z]+")
_NOT_AN_END_WORDS = _SegmenterState.abbreviations | _SegmenterState.months | {"no", "No"}
_OPENING_BRACKETS = _SegmenterState.opening_brackets
_CLOSING_BRACKETS = _SegmenterState.closing_brackets
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _certain_ends(paragraph: str) -> Iterator[tuple[int, int]]:
    """The places where syntok is sure to end a sentence and to start the next one afresh, as
    (end of the sentence, start of the next).

    Running syntok on the pieces between them gives the same sentences as running it on the
    whole paragraph (its state after such an end is that of a new text). A stop is left out
    when an opening bracket before it is still open: syntok may skip a bracketed text as a
    whole, stops included.
    """
    brackets = sorted(_bracket_tokens(paragraph)) if _OPENING_BRACKET_RE.search(paragraph) else ()
    n = depth = 0
    for m in _STOP_THEN_CAPITAL_RE.finditer(paragraph):
        stop = m.start()
        if not _ends_for_sure(paragraph, stop, m.group(1), m.end()):
            continue
        if brackets:
            while n < len(brackets) and brackets[n] < stop:
                if paragraph[brackets[n]] in _OPENING_BRACKETS:
                    depth += 1
                elif depth:
                    depth -= 1
                n += 1
            if depth:
                continue
        yield m.end(1), m.end()


def _bracket_tokens(paragraph: str) -> set[int]:
    """Offsets of the brackets that syntok's tokenizer makes tokens of their own: all those in a
    run of non-space characters with a letter or digit, and a bracket standing alone ("(.)"
    and "(“" are one token each, not brackets)."""
    offsets = set()
    for m in _BRACKET_RUN_RE.finditer(paragraph):
        run = m.group()
        if len(run) == 1 or any(ch.isalnum() for ch in run):
            offsets.update(m.start() + k for k, ch in enumerate(run) if ch in _ALL_BRACKETS)
    return offsets


def _ends_for_sure(paragraph: str, stop: int, closing_quote: str, next_start: int) -> bool:
    """Whether syntok ends a sentence at the stop at ``stop``, given what comes before it.

    Sure ends: after a word that is none of syntok's abbreviations, months or "no" ("... last
    year. The"); after one of those, before a sentence starter ("... Co. The"); after a closing
    quotation mark that follows a word ('"... ridiculous". The'); after a number, before a word
    that is not a month or an opening quote ("... in 2023. The").
    """
    if paragraph[stop - 1 : stop] in ('"', "”"):
        return not closing_quote and paragraph[stop - 2 : stop - 1] in _ASCII_LETTERS
    chunk_start = max(paragraph.rfind(" ", 0, stop), paragraph.rfind("\n", 0, stop), paragraph.rfind("\t", 0, stop)) + 1
    before = _WORD_BEFORE_STOP_RE.fullmatch(paragraph, chunk_start, stop)
    if before is None:
        return False
    word = before.group("word")
    if word is not None:
        return word not in _NOT_AN_END_WORDS or _next_token(paragraph, next_start) in _SegmenterState.starters
    if paragraph[next_start] in '"“':
        return True
    following = _next_token(paragraph, next_start)
    return following is not None and following not in _SegmenterState.months


def _next_token(paragraph: str, start: int) -> str | None:
    """The word syntok's tokenizer makes at ``start``, or None when that is not plain to see."""
    m = _NEXT_WORD_RE.match(paragraph, start)
    if m is None or _LOWER_UPPER_RE.search(m.group()):
        return None
    follow = paragraph[m.end() : m.end() + 2]
    if follow[:1] in _SPACE_OR_END or (follow[:1] in ",;.:" and follow[1:] in _SPACE_OR_END):
        return m.group()
    return None


def _syntok_spans(piece: str, offset: int) -> list[tuple[int, int]]:
    """syntok's sentence spans in ``piece`` (shifted by ``offset``), before repairs."""
    if _one_sentence(piece):
        return [(offset, offset + len(piece))]
    tokens = list(_TOKENIZER.tokenize(piece))
    if (len(tokens) > 1 or tokens and tokens[0].value) and not any(token.value in _SPLIT_TOKENS for token in tokens[:-1]):
        # A single token, or no terminal or bracket before the last token: syntok would return
        # all tokens as one sentence, so skip its segmenter (the slow part on such pieces).
        last = tokens[-1]
        return [(offset + tokens[0].offset, offset + last.offset + len(last.value))]
    spans: list[tuple[int, int]] = []
    for sentence in segmenter.split(iter(tokens)):
        if not sentence:
            continue
        last = sentence[-1]
        spans.append((offset + sentence[0].offset, offset + last.offset + len(last.value)))
    return spans


def _one_sentence(paragraph: str) -> bool:
    """Whether syntok is sure to return the whole paragraph as one sentence, so it need not run.

    True when no terminal or opening bracket comes before the last character (then no token but
    the last can end a sentence), leaving out a stop inside a word ("3.5", "U.S": no token of
    its own), stops after which syntok surely goes on (``_without_sure_non_ends``: "Mr. Smith")
    and brackets it surely moves over (``_skipped_brackets``: "(WHO)"); the first character is
    a letter, a digit or an opening double quotation mark (syntok's first token starts there),
    the last is a letter, a digit or a stop, or a closing quotation mark right after a stop
    (its last token ends there, and the mark stays with the stop), and a space separates them
    (so there are two tokens or more).
    """
    last = paragraph[-1]
    if last.isalnum() or last in ".!?":
        inner = paragraph[:-1]
    elif last in _CLOSING_QUOTES and paragraph[-2:-1] in (".", "!", "?"):
        inner = paragraph[:-2]
    else:
        return False
    if not (" " in paragraph and (paragraph[0].isalnum() or paragraph[0] in "\"“")):
        return False
    if "." in inner:
        inner = _INNER_STOP_RE.sub(" ", inner)  # same length: offsets stay those of ``paragraph``
    if not _SPLIT_CHAR_RE.search(inner):
        return True
    if "." in inner and not _NON_STOP_SPLIT_CHAR_RE.search(inner):
        return not _SPLIT_CHAR_RE.search(_without_sure_non_ends(paragraph, inner))
    if not _OPENING_BRACKET_RE.search(inner) or _NON_BRACKET_SPLIT_CHAR_RE.search(inner):
        return False
    return _skipped_brackets(paragraph, inner)


_NON_STOP_SPLIT_CHARS = _SPLIT_CHARS - {"."}
_NON_BRACKET_SPLIT_CHARS = _SPLIT_CHARS - _SegmenterState.opening_brackets
_SPLIT_CHAR_RE = _one_of(_SPLIT_CHARS)
_NON_STOP_SPLIT_CHAR_RE = _one_of(_NON_STOP_SPLIT_CHARS)
_NON_BRACKET_SPLIT_CHAR_RE = _one_of(_NON_BRACKET_SPLIT_CHARS)
_NON_SPACE_RUN_RE = Tokenizer._spaces  # the runs of non-space characters syntok's tokenizer cuts text into


def _skipped_brackets(paragraph: str, inner: str) -> bool:
    """Whether syntok moves over every bracketed text in ``inner`` (a prefix of ``paragraph`` with
    no other terminal) as a whole, without a sentence end.

    It does for a short bracket ("(WHO)", "[sic]") that closes with no other bracket inside,
    comes after the sentence's second token or later, and is followed by a word or the end.
    """
    offsets = _bracket_tokens(paragraph)
    if any(m.start() not in offsets for m in _BRACKET_RE.finditer(inner)):
        return False  # a bracket glued to other marks: one token with them, not a bracket
    tokens = sorted(offsets)
    n = 0
    while n < len(tokens) and tokens[n] < len(inner):
        i = tokens[n]
        if paragraph[i] not in _OPENING_BRACKETS:
            n += 1
            continue  # a closing bracket with nothing open is an ordinary token
        j = tokens[n + 1] if n + 1 < len(tokens) else -1
        if j < 0 or paragraph[j] not in _CLOSING_BRACKETS or j - i - 1 > 48:
            return False  # 48 characters inside make fewer than 50 tokens (syntok's look-ahead)
        if len(_NON_SPACE_RUN_RE.findall(paragraph, 0, i)) < 2:
            return False  # a bracket as the sentence's first or second token is read otherwise
        k = j + 1
        while k < len(inner) and inner[k] in " \n":
            k += 1
        if k < len(inner) and not (inner[k].isalnum() or inner[k] in ",:\"“”'’-–—"):
            return False
        n += 2
    return True


_ALL_BRACKETS = _SegmenterState.opening_brackets | _SegmenterState.closing_brackets
_BRACKET_RE = _one_of(_ALL_BRACKETS)
# A run of non-space characters with a bracket in it, as ``_NON_SPACE_RUN_RE`` cuts them (its
# spaces are the Unicode White_Space characters and the zero-width space, spelled out here
# because ``re``'s ``\s`` also takes the separators U+001C..U+001F).
_NOT_A_SPACE = "[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]"
_BRACKET_RUN_RE = re.compile(f"(?<!{_NOT_A_SPACE}){_NOT_A_SPACE}*?{_BRACKET_RE.pattern}{_NOT_A_SPACE}*")


_CLOSING_QUOTES = "\"”’'"
# A stop after a word (with its opening quote), then space and the next word or number.
_STOP_RE = re.compile(r"""(?:(?<=[ \n\t])|^)["“]?(?P<before>[A-Za-z]+(?:\.[A-Za-z]+)*)\.[ \n]+(?=(?P<after>[A-Za-z]+|[0-9]+))""")
_LOWER_UPPER_RE = re.compile(r"[a-z]\.?[A-Z]")
_SPACE_OR_END = ("", " ", "\n")


def _without_sure_non_ends(paragraph: str, inner: str) -> str:
    """``inner`` (a prefix of ``paragraph``, maybe with stops already blanked) with the stops
    where syntok surely goes on with the sentence blanked too.

    syntok goes on after a stop followed by a small letter; by a word that is not one of its
    sentence starters, when the word before is one of its abbreviations ("Mr. Smith"), has a
    stop inside ("U.S. Embassy") or is a capital letter or roman numeral ("John A. Doe"); by a
    number of three digits or more; by a number after a month ("Jan. 2").
    """
    for m in _STOP_RE.finditer(paragraph):
        stop = m.end("before")
        if stop >= len(inner):
            break
        before, after = m.group("before"), m.group("after")
        if _LOWER_UPPER_RE.search(before) or _LOWER_UPPER_RE.search(after):
            continue  # syntok's tokenizer cuts such a word in two: its tokens are not these
        follow = paragraph[m.end("after") : m.end("after") + 2]
        if after[0].islower():
            sure = True
        elif after.isdigit():
            # the number is a token of its own only when no letter or digit is glued to it
            whole = follow[:1] in _SPACE_OR_END or (follow[:1] in ",.:" and follow[1:] in _SPACE_OR_END)
            sure = whole and (len(after) > 2 or before in _SegmenterState.months)
        else:
            # a word followed by a letter (or a stop and a letter) may be part of a longer token
            whole = follow[:1] in _SPACE_OR_END or follow[:1] in ",.:"
            sure = whole and after not in _SegmenterState.starters and (
                before in _SegmenterState.abbreviations
                or "." in before
                or (before.isupper() and (len(before) == 1 or before in _SegmenterState.roman_numerals))
            )
        if sure:
            inner = inner[:stop] + " " + inner[stop + 1 :]
    return inner


# A stop between two letters or digits stays inside its word token, unless a capital follows a
# small letter ("end.Next" is split as "end", ".", "Next").
_INNER_STOP_RE = re.compile(r"\.(?:(?<=[0-9A-Z]\.)(?=[0-9A-Za-z])|(?<=[a-z]\.)(?=[0-9a-z]))")


def _is_fragment(sentence: str) -> bool:
    """A "sentence" with no letter or digit: a lone closing mark or bracket."""
    return not any(ch.isalnum() for ch in sentence)


def _repair_spans(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # syntok splits after rank abbreviations ("Lt. Gen. John Doe"); rejoin a sentence that
    # ends in a known title abbreviation with the next one. It can also leave a lone closing
    # mark or bracket as its own "sentence"; attach that to the sentence before.
    if len(spans) < 2:
        return spans
    abbreviations = _abbreviations()
    repaired: list[tuple[int, int]] = []
    for start, end in spans:
        if repaired:
            prev_start, prev_end = repaired[-1]
            prev_text = paragraph[prev_start:prev_end]
            # the abbreviation with the character before it is 7 characters at most
            match = _TRAILING_ABBREVIATION_RE.search(prev_text, max(0, len(prev_text) - 7))
            joins_abbreviation = match is not None and match.group(1) in abbreviations
            if joins_abbreviation or _is_fragment(paragraph[start:end]):
                repaired[-1] = (prev_start, end)
                continue
        repaired.append((start, end))
    return repaired
