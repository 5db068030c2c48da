"""Sentiment-bearing phrases and formulaic language: what an article praises or deplores, in whose voice.

``find_phrases(article)`` returns one row per evaluative phrase ("fruitful summit", "not fruitful",
"escalating regional conflicts") and per official formula ("community with a shared future",
"mutual respect, mutual trust, mutual benefit"), each with its offsets, polarity, intensity and
voice: the narrator's, or the speaker's whose attributed statement contains it.

How phrases are found:

* The general lexicon is VADER's (vaderSentiment 3.3.2, MIT licence: about 7,500 words rated
  -4..+4 by human raters, with its booster and negation lists), read once from the installed
  package. ``lexicons/evaluative_domain.csv`` adds the evaluative vocabulary of diplomatic,
  development and economic news ("fruitful", "win-win", "hegemonism"), multi-word expressions
  scored as units ("pave the way", "positive energy"), more boosters and negators, and removes
  VADER entries that in news name things rather than judge them ("like", "United", "security").
* Each hit grows into its phrase: boosters and coordinated evaluative words to its left ("even
  closer", "critical, significant, and ambitious"), a modifier run between a booster and the hit
  ("accelerating international disorder"), and up to three content words to its right (the noun
  an adjective qualifies, the verb an adverb qualifies: "fruitful summit", "warmly welcoming").
  A phrase never crosses punctuation other than coordinating commas, nor a function word.
* Negation ("not", "no", "never", "lack of", "failed to" within three words before the phrase)
  flips and dampens the score, as VADER does (x -0.74); ``method`` then includes ``negated``.
* Contrast: ``contrast`` says whether the phrase stands before or after a contrastive word of its
  sentence ("but", "however", "despite"); scores are not re-weighted.
* A negative noun followed by a topic word ("poverty reduction", "conflict prevention") is the
  name of a policy area, not an evaluation, and is skipped.
* Known formulae come from ``lexicons/formulae.csv`` with tolerant matching (hyphen or space,
  British or American spelling, regular endings, up to two function words or commas between
  content words). A list whose items repeat the same modifier three or more times ("mutual
  respect, mutual trust, mutual benefit") is a list formula (``method`` ``list``).
  :func:`find_recurring` finds word sequences that recur within an article or across a corpus.

Not handled: sarcasm and irony, evaluation carried by facts alone ("the railway was finished
after 30 years"), negation scope beyond three words, words VADER and the domain list do not
know, and non-English text (it yields no or few phrases, not an error).
"""

from __future__ import annotations

import csv
import re
import warnings
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import cached_property, lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Iterable, NamedTuple

import pandas as pd

from .article import Article
from .frames import column_arrays, typed_frame
from .paths import LEXICON_DIR

PHRASE_COLUMNS = [
    "article_id", "start", "end", "text", "kind", "polarity", "intensity", "voice", "speaker",
    "method", "formula", "contrast", "paragraph", "sentence",
]
"""Columns of :func:`find_phrases` (API, CLI CSV/JSONL and Parquet alike)."""

RECURRING_COLUMNS = [
    "article_id", "start", "end", "text", "sequence", "n_tokens", "count_in_article",
    "n_articles", "count_in_corpus", "known_formula", "paragraph", "sentence",
]
TONE_ARC_COLUMNS = [
    "article_id", "paragraph", "kind", "n_words", "n_positive", "n_negative", "n_formulae",
    "positive", "negative", "net", "net_per_100_words",
]
TONE_BY_VOICE_COLUMNS = [
    "article_id", "voice", "speaker", "n_words", "n_phrases", "n_positive", "n_negative",
    "positive", "negative", "net", "net_per_100_words", "n_formulae",
]
SCORE_COLUMNS = [
    "kind", "n_gold", "n_predicted", "matched_gold", "matched_predicted", "precision", "recall",
    "f1", "exact_precision", "exact_recall", "polarity_agreement",
]

NEGATION_SCALAR = -0.74  # VADER's N_SCALAR: a negated word keeps 74% of its strength, sign flipped
NEGATION_WINDOW = 3  # VADER looks three words back for a negator
MAX_RIGHT_WORDS = 3
NEUTRAL_BAND = 0.05  # |score| below this is "neutral"
MAX_INTENSITY = 4.0  # VADER's scale
MIN_VADER_VALENCE = 0.5  # VADER entries rated closer to 0 than this ("sentence" 0.3, "matters" 0.1) are left out

TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*|\S")
# The same tokens, each with the whitespace before it (possessive quantifiers: no backtracking is
# ever needed, and findall without match objects is faster), for :func:`tokenize`.
_SPACED_TOKEN_RE = re.compile(r"(\s*)([^\W_]++(?:[-'’.][^\W_]++)*+|\S)")
QUOTE_CHARS = set("\"“”‘’'«»")


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str
    is_word: bool


# -- lexicons (read once) ----------------------------------------------------------------


def _read_data_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line for line in handle if line.strip() and not line.startswith("#")]


class Lexicon(NamedTuple):
    """The compiled evaluative lexicon: dict lookups over lower-case tokens."""

    valence: dict[str, float]
    source: dict[str, str]
    mwe: dict[str, list[tuple[tuple[str, ...], float, str]]]
    boosters: dict[str, float]
    negators: frozenset[str]
    shifters: frozenset[str]
    contrast: frozenset[str]
    function_words: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """VADER's lexicon, boosters and negators merged with ``lexicons/evaluative_domain.csv`` (cached).

    Returns:
        A :class:`Lexicon`; ``source[word]`` is ``"vader"`` or ``"domain"``.
    """
    from vaderSentiment import vaderSentiment as vader

    valence: dict[str, float] = {}
    source: dict[str, str] = {}
    mwe: dict[str, list] = defaultdict(list)
    path = Path(vader.__file__).with_name("vader_lexicon.txt")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            word, value = parts[0].strip().lower(), float(parts[1])
            if " " in word:
                tokens = tuple(word.split())
                mwe[tokens[0]].append((tokens, value, "vader"))
            elif any(ch.isalpha() for ch in word) and abs(value) >= MIN_VADER_VALENCE:  # emoticons are not news
                valence[word] = value
                source[word] = "vader"
    for idiom, value in vader.SENTIMENT_LADEN_IDIOMS.items():
        tokens = tuple(idiom.lower().split())
        mwe[tokens[0]].append((tokens, float(value), "vader"))
    boosters = {w: v for w, v in vader.BOOSTER_DICT.items() if " " not in w}
    negators = {w.lower() for w in vader.NEGATE} - {"despite"}
    shifters, contrast = set(), set()
    rows = csv.DictReader(_read_data_lines(LEXICON_DIR / "evaluative_domain.csv"))
    for row in rows:
        term, role, value = row["term"].strip().lower(), row["role"].strip(), float(row["valence"])
        if role == "word":
            valence[term], source[term] = value, "domain"
        elif role == "mwe":
            tokens = tuple(term.split())
            mwe[tokens[0]].append((tokens, value, "domain"))
        elif role == "booster":
            boosters[term] = value
        elif role == "negator":
            negators.add(term)
        elif role == "neutral":
            valence.pop(term, None)
            source.pop(term, None)
        elif role == "shifter":
            shifters.add(term)
        elif role == "contrast":
            contrast.add(term)
        else:
            raise ValueError(f"{LEXICON_DIR / 'evaluative_domain.csv'}: unknown role {role!r} for {term!r}")
    for key in mwe:  # longest expression first
        mwe[key].sort(key=lambda item: -len(item[0]))
    valence = {w: v for w, v in valence.items() if v != 0 and w not in negators and w not in contrast}
    function_words = frozenset(_read_data_lines(LEXICON_DIR / "function_words.txt")) - {""}
    function_words = frozenset(w.strip().lower() for w in function_words)
    for word in boosters:  # a word cannot be both a booster and a rated hit
        valence.pop(word, None)
    return Lexicon(valence, source, dict(mwe), boosters, frozenset(negators), frozenset(shifters),
                   frozenset(contrast), function_words)


# -- tokens ------------------------------------------------------------------------------


_new_tuple = tuple.__new__


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word and punctuation tokens of ``text[start:end]`` with offsets into ``text``."""
    return _Sentence(text, start, len(text) if end is None else end).tokens()


def _token_info(tok: str) -> tuple[str, bool]:
    """(lower form, is a word) of one token's text."""
    is_word = tok[0].isalnum()
    lower = tok.lower().replace("’", "'")
    if is_word and lower.endswith("."):
        lower = lower.rstrip(".")
    return lower, is_word


class _Memo(dict):
    """A dict that computes a missing value as ``compute(key)``, and keeps it (up to 500,000 keys)."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, key):
        value = self.compute(key)
        if len(self) < 500_000:
            self[key] = value
        return value


_LOWER_OF = _Memo(lambda tok: _token_info(tok)[0])  # token text -> its lower form
_IS_WORD = _Memo(lambda tok: _token_info(tok)[1])  # token text -> whether it is a word
_SECOND = itemgetter(1)


class _Sentence:
    """The tokens of a span of text as parallel lists, one entry per token (as :func:`tokenize`).

    ``texts`` and ``lowers`` (lower-case forms) are read at once; ``starts``, ``ends`` (offsets into
    the text) and ``words`` (whether each token is a word) when first asked for: only sentences
    that hold a phrase or a formula need them.
    """

    def __init__(self, text: str, start: int, end: int):
        self._pairs = _SPACED_TOKEN_RE.findall(text, start, end)  # (whitespace before, token)
        self._origin = start
        self.texts: list[str] = list(map(_SECOND, self._pairs))
        self.lowers: list[str] = list(map(_LOWER_OF.__getitem__, self.texts))

    @cached_property
    def _bounds(self) -> list[int]:
        """Offsets of each token's whitespace and text, in turn: token k spans ``[2k + 1]`` to ``[2k + 2]``."""
        return list(accumulate(map(len, chain.from_iterable(self._pairs)), initial=self._origin))

    @cached_property
    def starts(self) -> list[int]:
        return self._bounds[1::2]

    @cached_property
    def ends(self) -> list[int]:
        return self._bounds[2::2]

    @cached_property
    def words(self) -> list[bool]:
        return list(map(_IS_WORD.__getitem__, self.texts))

    def tokens(self) -> list[Token]:
        """The tokens as :class:`Token` tuples."""
        return list(map(_new_tuple, repeat(Token), zip(self.starts, self.ends, self.texts, self.lowers, self.words)))


def _sentences(article: Article):
    """(sentence unit, its :class:`_Sentence`) for headings and body sentences."""
    for unit in article.sentence_units:
        if unit.kind == "date_line":
            continue
        yield unit, _Sentence(article.text, unit.start, unit.end)


def _is_headline_case(sent: _Sentence) -> bool:
    words = [t for t in sent.texts if t[0].isalpha()]  # words that start with a letter
    if not words:
        return False
    caps = sum(t[0].isupper() for t in words)
    return caps / len(words) > 0.6


def _is_capitalised(text: str) -> bool:
    """Whether a token (its text) is a word starting with a capital."""
    return _IS_WORD[text] and text[0].isupper()


# -- facts about word forms, worked out once per form ------------------------------------


class _WordFacts:
    """What the lexicon and the formula index say about word forms, memoised per token text.

    ``hit_starts``: lower-case forms that can start an evaluative hit (rated words and the first
    words of multi-word expressions); ``mwe_seconds``: first word of multi-word expressions -> their
    second words; ``classes``: token text -> class out of context (see
    :func:`_word_class`); ``parts``: token text -> (its :func:`_token_parts`, whether one of them can
    start a known formula); ``opens_formula``: token text -> that second value alone. Built for one
    lexicon and one formula index, rebuilt if either is reloaded.
    """

    def __init__(self, lex: Lexicon, formula_index: dict[str, list]):
        self.lex = lex
        self.formula_index = formula_index
        self.hit_starts = frozenset(lex.mwe) | frozenset(lex.valence)
        self.mwe_seconds = {first: frozenset(expr[1] for expr, _, _ in exprs) for first, exprs in lex.mwe.items()}
        self.classes = _Memo(lambda text: _word_class(text, lex))
        self.parts = _Memo(self._parts_entry)
        self.opens_formula = _Memo(lambda text: self.parts[text][1])

    def _parts_entry(self, text: str) -> tuple[tuple, bool]:
        pieces = _token_parts(text, self.lex)
        return pieces, any(piece.stem in self.formula_index for piece in pieces)


_FACTS: list[_WordFacts] = []  # one slot: the facts of the lexicon in use


def _facts(lex: Lexicon) -> _WordFacts:
    """The :class:`_WordFacts` of ``lex`` and the loaded formula index."""
    index = load_formulae()[0]
    if not _FACTS or _FACTS[0].lex is not lex or _FACTS[0].formula_index is not index:
        _FACTS[:] = [_WordFacts(lex, index)]
    return _FACTS[0]


# field getters, for per-token passes run by map() rather than by Python loops
_STEM = attrgetter("stem")
_PIECES = itemgetter(0)  # of a ``_WordFacts.parts`` entry


def _where(flags: Iterable[bool]) -> list[int]:
    """The indexes of the true values in ``flags``."""
    return list(compress(count(), flags))


# -- evaluative phrases ------------------------------------------------------------------


class _Hit(NamedTuple):
    i: int  # first token
    j: int  # one past the last token
    valence: float
    method: str


def _find_hits(sent: _Sentence, lex: Lexicon) -> list[_Hit]:
    """The evaluative hits of a sentence."""
    facts = _facts(lex)
    starts = facts.hit_starts
    lowers = sent.lowers
    if starts.isdisjoint(lowers):
        return []
    candidates = _where(map(starts.__contains__, lowers))
    mwe_seconds = facts.mwe_seconds
    texts = sent.texts
    hits = []
    headline = None  # whether the sentence is in headline case: worked out when first needed
    n = len(texts)
    free = 0  # the first token not inside a multi-word hit already found
    for i in candidates:
        if i < free or not _IS_WORD[texts[i]]:
            continue
        low = lowers[i]
        matched = None
        seconds = mwe_seconds.get(low)
        if seconds is not None and i + 1 < n and lowers[i + 1] in seconds:  # only then can an expression match
            for expr, value, src in lex.mwe[low]:
                k = len(expr)
                if i + k <= n and tuple(lowers[i:i + k]) == expr:
                    matched = _Hit(i, i + k, value, "mwe")
                    break
        if matched:
            hits.append(matched)
            free = matched.j
            continue
        value = lex.valence.get(low)
        if value is None:
            continue
        if _in_name(texts, i):
            if headline is None:
                headline = _is_headline_case(sent)
            if not headline:
                continue
        if not (value < 0 and i + 1 < n and lowers[i + 1] in lex.shifters):
            hits.append(_Hit(i, i + 1, value, lex.source[low]))
    return hits


def _in_name(texts: list[str], i: int) -> bool:
    """Part of a name: a capitalised word inside a clause ("Mr Hope", "the Peace Corps"), or one that
    opens a clause and is followed by another capitalised word ("Great Britain said ...").
    ``texts``: the sentence's token texts."""
    if not _is_capitalised(texts[i]):
        return False
    k = i - 1
    while k >= 0 and texts[k] in QUOTE_CHARS:
        k -= 1
    opens_clause = k < 0 or texts[k] in ".!?:;—–-("
    if opens_clause:  # "Great potential" opens a sentence; "Great Britain" is a name
        return i + 1 < len(texts) and _is_capitalised(texts[i + 1])
    return True


def _token_classes(sent: _Sentence, lex: Lexicon, hit_at: dict[int, _Hit]) -> list[str]:
    """The class of each token: hit, quote, coord, punct, neg, boost, stop or content."""
    cls = list(map(_facts(lex).classes.__getitem__, sent.texts))
    if "neg" in cls:
        lowers = sent.lowers
        for k in range(len(cls) - 1):
            if cls[k] == "neg" and lowers[k] == "not" and lowers[k + 1] in ("only", "just"):
                cls[k] = "stop"  # "not only ... but": not a negation
    for k in hit_at:
        cls[k] = "hit"
    return cls


def _word_class(text: str, lex: Lexicon) -> str:
    """The class of a token out of context (hits and "not only" are settled by :func:`_token_classes`)."""
    low, is_word = _token_info(text)
    if not is_word:
        if text in QUOTE_CHARS:
            return "quote"
        return "coord" if text == "," else "punct"
    if low in ("and", "or"):
        return "coord"
    if low in lex.negators:
        return "neg"
    if low in lex.boosters:
        return "boost"
    if low in lex.function_words or low in lex.contrast:
        return "stop"
    return "content"


def _phrases_in_sentence(sent: _Sentence, lex: Lexicon):
    """Yield (first token, last token + 1, score, methods, head token) per evaluative phrase of a sentence."""
    hits = _find_hits(sent, lex)
    if not hits:
        return
    hit_at: dict[int, _Hit] = {}
    for h in hits:
        for k in range(h.i, h.j):
            hit_at[k] = h
    cls = _token_classes(sent, lex, hit_at)
    texts, lowers = sent.texts, sent.lowers
    n = len(texts)
    used: set[int] = set()
    for h in hits:
        if h.i in used:
            continue
        a, b = h.i, h.j
        # left: boosters, negators, coordinated hits, and a modifier run closed by a booster
        k = a - 1
        while k >= 0:
            c = cls[k]
            if c == "hit" and k in used:
                break
            if c in ("hit", "boost", "neg"):
                a = k
            elif c == "quote":
                pass
            elif c == "coord":
                prev = _prev_solid(cls, k)
                if prev is None or cls[prev] not in ("hit", "boost") or prev in used or not _adjective_like(lowers[prev]):
                    break
            elif c == "content":
                run = k
                while run >= 0 and cls[run] == "content" and k - run < 2:
                    run -= 1
                if run >= 0 and cls[run] == "boost":
                    a = run
                    k = run
                else:
                    break
            else:
                break
            k -= 1
        # right: the words the hit qualifies, merging any hit met on the way
        right_words = 0
        k = b
        while k < n:
            c = cls[k]
            if c == "hit":
                b = hit_at[k].j
                k = b
                right_words = 0
                continue
            if c == "quote":
                k += 1
                continue
            if c == "boost" and k + 1 < n and cls[k + 1] in ("hit", "content", "boost"):
                k += 1
                continue
            if c == "content" and right_words < MAX_RIGHT_WORDS:
                right_words += 1
                b = k + 1
                k += 1
                continue
            if c == "coord" and right_words == 0 and _adjective_like(lowers[b - 1]):
                nxt = _next_solid(cls, k)
                if nxt is not None and cls[nxt] in ("hit", "boost"):
                    k = nxt
                    continue
            break
        # negation in a short window before the phrase
        negated = "neg" in cls[a:b]
        if not negated:
            k, seen = a - 1, 0
            while k >= 0 and seen < NEGATION_WINDOW and cls[k] != "punct" and texts[k] != ",":
                if cls[k] == "neg":
                    negated, a = True, k
                    break
                if _IS_WORD[texts[k]]:
                    seen += 1
                k -= 1
        inner = [hit_at[k] for k in range(a, b) if k in hit_at]
        inner = list(dict.fromkeys(inner))
        score, methods = 0.0, []
        for ih in inner:
            boost = 0.0
            k = ih.i - 1
            while k >= a and cls[k] == "boost":
                boost += lex.boosters[lowers[k]]
                k -= 1
            v = ih.valence
            score += v + (boost if v > 0 else -boost)
            methods.append(ih.method)
            used.update(range(ih.i, ih.j))
        if "boost" in cls[a:b]:
            methods.append("booster")
        if negated:
            score *= NEGATION_SCALAR
            methods.append("negated")
        while a < b and cls[a] == "quote":
            a += 1
        while b > a and cls[b - 1] in ("quote", "coord"):
            b -= 1
        yield a, b, score, "+".join(dict.fromkeys(methods)), inner[0].i


def _prev_solid(cls: list[str], k: int) -> int | None:
    """The nearest token before ``k`` that is not a quote mark, comma, 'and' or 'or'."""
    k -= 1
    while k >= 0 and cls[k] in ("quote", "coord"):
        k -= 1
    return k if k >= 0 else None


def _next_solid(cls: list[str], k: int) -> int | None:
    """The nearest token after ``k`` that is not a quote mark, comma, 'and' or 'or'."""
    k += 1
    while k < len(cls) and cls[k] in ("quote", "coord"):
        k += 1
    return k if k < len(cls) else None


# Endings of English adjectives and participles: only such words are coordinated into one phrase
# ("tangible, fruitful community", "replicable and promotable value"); nouns are not ("disorder and
# escalating conflicts" stays two phrases).
ADJECTIVE_ENDINGS = ("ful", "ble", "ive", "ous", "al", "ic", "ant", "ent", "ed", "ing", "less", "ate", "ish", "ary", "est", "ly")


def _adjective_like(lower: str) -> bool:
    """Whether a word (its lower-case form) looks like an adjective or participle."""
    return lower.endswith(ADJECTIVE_ENDINGS) or "-" in lower


def _polarity(score: float) -> str:
    if score > NEUTRAL_BAND:
        return "positive"
    if score < -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def _contrast_positions(lowers: list[str], lex: Lexicon) -> list[int]:
    """Indexes of the contrastive words ("but", "however", "despite") of a sentence, given its tokens' lower-case forms."""
    return _where(map(lex.contrast.__contains__, lowers))


def _contrast(positions: list[int], start_tok: int, end_tok: int) -> str:
    """Whether a phrase stands after or before a contrastive word (``positions``) of its sentence."""
    if positions and positions[0] < start_tok:
        return "after"
    if positions and positions[-1] >= end_tok:
        return "before"
    return "none"


# -- formulae ----------------------------------------------------------------------------

# British -our- and -ise spellings of the roots common in diplomatic and economic copy.
_SPELLING = [
    (re.compile(r"(colo|favo|hono|labo|neighbo|behavio|harbo|humo|rumo|vigo|endeavo|savo|flavo)ur"), r"\1r"),
    (re.compile(r"(?<=.{3})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
]
_SUFFIXES = ("ations", "ation", "ities", "ity", "ness", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A crude stem for tolerant matching: lower case, American spelling, regular endings cut."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 4:
        return w
    for pattern, repl in _SPELLING:
        w = pattern.sub(repl, w)
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            base = w[: -len(suf)]
            if suf in ("ies", "ied", "ities"):
                base += "y" if suf != "ities" else ""
            return base
    return w


class _Part(NamedTuple):
    """A word, a piece of a hyphenated word, or a punctuation mark, as formula matching sees it."""

    offset: int  # from the start of its token
    length: int
    stem: str
    capitalised: bool
    is_word: bool
    gap_ok: bool  # a function word or a comma: may sit between formula words


class Formula(NamedTuple):
    """One entry of ``lexicons/formulae.csv``: its name, its pattern (a tuple of stem sets), valence."""

    name: str
    pattern: tuple[frozenset[str], ...]
    valence: float
    name_slot: bool
    lowercase: bool


@lru_cache(maxsize=1)
def load_formulae() -> tuple[dict[str, list[Formula]], tuple[Formula, ...]]:
    """The known formulae, indexed by the stem of their first word (cached).

    Returns:
        ``(index, name_slot_formulae)``: ``index[stem]`` lists formulae starting with that stem;
        formulae starting with a ``{Name}`` slot are kept apart, indexed by their first literal word.
    """
    index: dict[str, list[Formula]] = defaultdict(list)
    rows = csv.DictReader(_read_data_lines(LEXICON_DIR / "formulae.csv"))
    for row in rows:
        name = row["formula"].strip()
        name_slot = name.startswith("{Name}")
        body = name[len("{Name}"):].strip() if name_slot else name
        pattern = []
        for piece in re.findall(r"\([^)]*\)|[^\s()]+", body):
            alternatives = piece.strip("()").split("|")
            stems = set()
            for alt in alternatives:
                parts = [p for p in re.split(r"[-\s]+", alt) if p]
                stems.add(" ".join(stem(p) for p in parts))
            lengths = {len(x.split()) for x in stems}
            if len(stems) > 1 and lengths != {1}:
                raise ValueError(f"{LEXICON_DIR / 'formulae.csv'}: alternatives in {name!r} must be single words")
            pattern.extend(frozenset([w]) for w in next(iter(stems)).split()) if len(stems) == 1 else pattern.append(frozenset(stems))
        # drop function words from the pattern: gaps absorb them
        lex = load_lexicon()
        pattern = [p for p in pattern if not p <= lex.function_words]
        formula = Formula(name, tuple(pattern), float(row["valence"]), name_slot, body == body.lower())
        for first in pattern[0]:
            index[first].append(formula)
    for key in index:
        index[key].sort(key=lambda f: -len(f.pattern))
    return dict(index), tuple(f for fs in index.values() for f in fs if f.name_slot)


def _part_starts(token_starts: list[int], pieces: list[tuple[_Part, ...]], n_parts: int) -> list[int]:
    """The offset in the text of each of the ``n_parts`` parts, given each token's offset and :func:`_token_parts`."""
    if n_parts == len(token_starts):  # no word split: each part is its whole token
        return token_starts
    return [start + part.offset for start, token_pieces in zip(token_starts, pieces) for part in token_pieces]


def _token_parts(text: str, lex: Lexicon) -> tuple[_Part, ...]:
    """A token's parts for formula matching: hyphenated words are split into their pieces."""
    lower, is_word = _token_info(text)
    if is_word and "-" in text:
        pieces, pos = [], 0
        for piece in text.split("-"):
            if piece:
                pieces.append(_Part(pos, len(piece), stem(piece), piece[0].isupper(), True, piece.lower() in lex.function_words))
            pos += len(piece) + 1
        return tuple(pieces)
    if is_word:
        return (_Part(0, len(text), stem(text), text[0].isupper(), True, lower in lex.function_words),)
    return (_Part(0, len(text), text, False, False, text in ",;" or text in QUOTE_CHARS),)


def _match_formula(parts: list[_Part], i: int, formula: Formula, max_gap: int = 2) -> int | None:
    """Index one past the last part of ``formula`` matched from part ``i``, or None."""
    k = i
    for pos, stems in enumerate(formula.pattern):
        if pos > 0:
            gap = 0
            while k < len(parts) and parts[k].stem not in stems and parts[k].gap_ok and gap < max_gap:
                k += 1
                gap += 1
        if k >= len(parts) or parts[k].stem not in stems:
            return None
        k += 1
    return k


def _display_name(name: str, matched: str) -> str:
    """The canonical wording with each "(a|b)" group replaced by the alternative the text used."""
    if "(" not in name:
        return name
    found = {stem(w) for w in re.split(r"[\s-]+", matched) if w}

    def choose(group: re.Match) -> str:
        alternatives = group.group(1).split("|")
        return next((alt for alt in alternatives if stem(alt) in found), alternatives[0])

    return re.sub(r"\(([^)]*)\)", choose, name)


def _opens_clause(parts: list[_Part], i: int) -> bool:
    k = i - 1
    while k >= 0 and parts[k].stem in QUOTE_CHARS:
        k -= 1
    return k < 0 or (not parts[k].is_word and parts[k].stem in ".!?:;—–-(")


def _known_formulae(sent: _Sentence, lex: Lexicon):
    """Yield (start offset, end offset, formula) for known formulae in a sentence."""
    facts = _facts(lex)
    index = facts.formula_index
    if not any(map(facts.opens_formula.__getitem__, sent.texts)):
        return
    pieces = list(map(_PIECES, map(facts.parts.__getitem__, sent.texts)))
    parts = list(chain.from_iterable(pieces))
    starts = None  # offset of each part in the text: worked out for the first formula found
    i = 0  # the first part not inside a formula already found
    for c in _where(map(index.__contains__, map(_STEM, parts))):  # parts that can start a formula
        if c < i:
            continue
        p = parts[c]
        for formula in index[p.stem]:
            end = _match_formula(parts, c, formula)
            if end is None:
                continue
            if formula.name_slot:
                if not p.capitalised:
                    continue
                s = c - 1
                while s >= 0 and parts[s].capitalised and parts[s].is_word and not parts[s].gap_ok:
                    s -= 1
                if s == c - 1:
                    continue
                first = s + 1
            else:
                if formula.lowercase and all(q.capitalised for q in parts[c:end] if q.is_word and not q.gap_ok):
                    if not _opens_clause(parts, c):
                        continue  # "Academy of Global Governance": a lower-case formula inside a name
                first = c
            if starts is None:
                starts = _part_starts(sent.starts, pieces, len(parts))
            yield starts[first], starts[end - 1] + parts[end - 1].length, formula
            i = end
            break


_SEPARATORS = frozenset([",", "and", "or"])  # what stands between the items of a list


def _list_formulae(sent: _Sentence, lex: Lexicon, min_items: int = 3):
    """Yield (start, end, modifier) for 'mutual X, mutual Y, mutual Z' lists in a sentence."""
    texts, lowers = sent.texts, sent.lowers
    n = len(texts)
    resume = 0  # the first token after the last list found
    # a list's modifier stands two tokens before a separator ("mutual respect, ..."): only there
    for i in _where(map(_SEPARATORS.__contains__, lowers[2:])):
        modifier = lowers[i]
        if i < resume or not (_IS_WORD[texts[i]] and modifier not in lex.function_words and _IS_WORD[texts[i + 1]]):
            continue
        items, k, last = 1, i + 2, i + 1  # last: the list's last token so far
        while True:
            s = k
            while s < n and lowers[s] in _SEPARATORS:
                s += 1
            if s == k or s + 1 >= n or lowers[s] != modifier or not _IS_WORD[texts[s + 1]]:
                break
            if lowers[s + 1] in lex.function_words:
                break
            items += 1
            last = s + 1
            k = s + 2
        if items >= min_items:
            yield sent.starts[i], sent.ends[last], modifier
            resume = k


# -- voice -------------------------------------------------------------------------------


class _Voices:
    """Statement spans of one article, to answer 'whose voice is offset x in?'."""

    def __init__(self, records: pd.DataFrame | None, article_id: str | None = None):
        spans = []
        if records is not None and len(records):
            n = len(records)
            columns = column_arrays(records)
            starts = columns["start"].tolist()
            ends = columns["end"].tolist()
            speakers = columns["speaker"].tolist() if "speaker" in columns else [None] * n
            kinds = columns["kind"].tolist() if "kind" in columns else [None] * n
            ids = columns["article_id"].tolist() if "article_id" in columns and article_id is not None else [article_id] * n
            for s, e, speaker, kind, aid in zip(starts, ends, speakers, kinds, ids):
                if aid != article_id or s is None or e is None or s != s or e != e:
                    continue  # another article's statement, or one without offsets
                s, e = int(s), int(e)
                speaker = None if speaker is None or (isinstance(speaker, float) and pd.isna(speaker)) else str(speaker)
                kind = None if kind is None or (isinstance(kind, float) and pd.isna(kind)) else str(kind)
                spans.append((s, e, speaker, kind))
        spans.sort()
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.reach = list(accumulate((s[1] for s in spans), max))  # reach[k]: the furthest end of spans[:k + 1]

    def at(self, offset: int) -> tuple[str, str | None, str | None]:
        """(voice, speaker, statement kind) of the innermost statement containing ``offset``."""
        best = None
        reach = self.reach
        for k in range(bisect_right(self.starts, offset) - 1, -1, -1):
            if reach[k] <= offset:
                break  # no statement from here back reaches the offset
            s, e, speaker, kind = self.spans[k]
            if s <= offset < e and (best is None or e - s < best[1] - best[0]):
                best = (s, e, speaker, kind)
        if best is None:
            return "narrator", None, None
        return "speaker", best[2], best[3]


_NO_RECORDS = pd.DataFrame({"start": pd.Series([], dtype="int64"), "end": pd.Series([], dtype="int64"), "speaker": []})


def records_by_article(records: pd.DataFrame | None) -> dict[str, pd.DataFrame] | None:
    """Split statement records by ``article_id`` once, for corpus runs.

    Returns None when ``records`` is None or has no ``article_id`` column (then the same records
    apply to every article).
    """
    if records is None or "article_id" not in records.columns:
        return None
    return {aid: frame for aid, frame in records.groupby("article_id", sort=False)}


def _records_for(article: Article, records: pd.DataFrame | None) -> pd.DataFrame | None:
    """The statements of ``article``: from ``records`` if given, else from ``attribute_quotes``."""
    if records is None:
        from .quotes import attribute_quotes

        records = attribute_quotes(article)
    if records is None or not len(records):
        return records
    missing = [name for name in ("start", "end") if name not in records.columns]
    if missing:
        raise ValueError(f"records lack the column(s) {sorted(missing)}; expected attribute_quotes() output")
    return records  # rows of other articles are skipped by _Voices


# -- public API --------------------------------------------------------------------------


def find_phrases(article: Article | Iterable[Article], records: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentiment-bearing phrases and official formulae, one row per phrase, with voice.

    Args:
        article: an :class:`Article`, or several (their rows are concatenated).
        records: attributed statements (``attribute_quotes`` output: ``start``, ``end``,
            ``speaker``, optionally ``article_id``, ``kind``). Default: computed with
            ``analysis.quotes.attribute_quotes``; if that module is missing, every phrase is the
            narrator's (with a warning).

    Returns:
        DataFrame with columns ``PHRASE_COLUMNS``: ``article_id``, ``start``, ``end`` (offsets
        into ``article.text``), ``text``, ``kind`` (``evaluative`` or ``formula``), ``polarity``
        (``positive``, ``negative``, ``neutral``), ``intensity`` (strength on VADER's 0..4 scale;
        boosters add, negation multiplies by 0.74; a formula takes the valence listed for it),
        ``voice`` (``narrator`` or ``speaker``: whose statement contains the phrase's evaluative
        word), ``speaker`` (canonical name, or None), ``method`` (how it was found: ``vader``,
        ``domain``, ``mwe``, ``booster``, ``negated``, ``formula``, ``list``, joined by ``+``),
        ``formula`` (the canonical formula for formula rows, else None), ``contrast`` (``before`` or
        ``after`` a contrastive word of the sentence, or ``none``), ``paragraph``, ``sentence``.
        Rows are in text order. An evaluative phrase lying wholly inside a known formula is not
        repeated: the formula row carries its polarity.

    Read: ``intensity`` 0.5 is faint ("significant"), 2 clear ("fruitful"), 3+ strong ("outstanding").
    Not handled: see the module docstring (irony, facts that evaluate, long negation scope).
    """
    if not isinstance(article, Article):
        by_id = records_by_article(records)
        frames = [find_phrases(a, records if by_id is None else by_id.get(a.article_id, _NO_RECORDS)) for a in article]
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else _empty(PHRASE_COLUMNS)
    lex = load_lexicon()
    if not looks_english(article):
        warnings.warn(f"{article.article_id}: does not look like English text; no phrases returned", stacklevel=2)
        return _empty(PHRASE_COLUMNS)
    voices = _Voices(_records_for(article, records), article.article_id)
    text = article.text
    rows: list[_PhraseRow] = []
    for unit, sent in _sentences(article):
        formula_spans = []
        contrast_at = None  # worked out for the first evaluative phrase
        for s, e, formula in _known_formulae(sent, lex):
            formula_spans.append((s, e))
            name = text[s:e] if formula.name_slot else _display_name(formula.name, text[s:e])
            rows.append(_row(article, unit, s, e, "formula", formula.valence, "formula", voices, s, name))
        for s, e, modifier in _list_formulae(sent, lex):
            rows.append(_row(article, unit, s, e, "formula", 0.0, "list", voices, s, f"list: {modifier} X, {modifier} Y, ..."))
        for a, b, score, method, head in _phrases_in_sentence(sent, lex):
            s, e = sent.starts[a], sent.ends[b - 1]
            if formula_spans and any(fs <= s and e <= fe for fs, fe in formula_spans):
                continue
            if contrast_at is None:
                contrast_at = _contrast_positions(sent.lowers, lex)
            rows.append(_row(article, unit, s, e, "evaluative", score, method, voices, sent.starts[head], None,
                             _contrast(contrast_at, a, b)))
    # list formulae take the stance of the known formulae inside them
    for n, row in enumerate(rows):
        if row.method == "list":
            inside = [r for r in rows if r.method == "formula" and row.start <= r.start and r.end <= row.end]
            if inside:
                value = sum(r.intensity * (1 if r.polarity == "positive" else -1 if r.polarity == "negative" else 0) for r in inside) / len(inside)
                rows[n] = row._replace(polarity=_polarity(value), intensity=round(min(abs(value), MAX_INTENSITY), 3))
    rows.sort(key=lambda r: (r.start, r.kind != "formula", -r.end))
    assert all(text[r.start:r.end] == r.text for r in rows)
    if not rows:
        return _empty(PHRASE_COLUMNS)
    return typed_frame(dict(zip(PHRASE_COLUMNS, map(list, zip(*rows)))), _NUMERIC_DTYPES)


ENGLISH_MIN_FUNCTION_SHARE = 0.15
"""English news prose has 35-50% function words (the, of, and, to, in ...); below this share over
at least 20 words a text is taken as not English and yields no phrases (with a warning) rather
than misreadings such as German "war" (was) scored as the English noun."""


def looks_english(article: Article) -> bool:
    """True unless the body has 20+ words of which under 15% are English function words."""
    lex = load_lexicon()
    start = article.body_start
    end = min(article.body_end, start + 3000)
    letter_runs = _ASCII_LETTER_RUN_RE if article.text[start:end].isascii() else _LETTER_RUN_RE
    words = list(map(str.lower, letter_runs.findall(article.text, start, end)))
    if len(words) < 20:
        return True
    return sum(map(lex.function_words.__contains__, words)) / len(words) >= ENGLISH_MIN_FUNCTION_SHARE


_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
_ASCII_LETTER_RUN_RE = re.compile(r"[A-Za-z]+")  # the same runs in ASCII text, found faster


class _PhraseRow(NamedTuple):
    """One row of :func:`find_phrases`, its fields in ``PHRASE_COLUMNS`` order."""

    article_id: str
    start: int
    end: int
    text: str
    kind: str
    polarity: str
    intensity: float
    voice: str
    speaker: str | None
    method: str
    formula: str | None
    contrast: str
    paragraph: int
    sentence: int


assert list(_PhraseRow._fields) == PHRASE_COLUMNS


def _row(article, unit, s, e, kind, score, method, voices, head, formula, contrast="none") -> _PhraseRow:
    """The row of a phrase or formula at ``s:e`` whose voice is the one at offset ``head``."""
    voice, speaker, _ = voices.at(head)
    return _PhraseRow(article.article_id, s, e, article.text[s:e], kind, _polarity(score),
                      round(min(abs(score), MAX_INTENSITY), 3), voice, speaker, method, formula, contrast,
                      unit.paragraph, unit.index)


_INT_COLUMNS = {"start", "end", "paragraph", "sentence", "n_words", "n_phrases", "n_positive", "n_negative",
                "n_formulae", "n_tokens", "count_in_article", "n_articles", "count_in_corpus", "n", "first_paragraph",
                "n_gold", "n_predicted", "matched_gold", "matched_predicted"}
_FLOAT_COLUMNS = {"intensity", "positive", "negative", "net", "net_per_100_words", "share", "speaker_share"}


def _empty(columns: list[str]) -> pd.DataFrame:
    """An empty frame with the given columns and the dtypes they have when filled."""
    return pd.DataFrame({
        c: pd.Series([], dtype="int64" if c in _INT_COLUMNS else "float64" if c in _FLOAT_COLUMNS
                     else "bool" if c == "known_formula" else "object" if c in ("speaker", "paragraphs") else "str")
        for c in columns
    })


_NUMERIC_DTYPES = {c: "int64" for c in _INT_COLUMNS} | {c: "float64" for c in _FLOAT_COLUMNS}
def signed_intensity(phrases: pd.DataFrame) -> pd.Series:
    """``intensity`` with the sign of ``polarity`` (+ positive, - negative, 0 neutral)."""
    sign = [1.0 if p == "positive" else -1.0 if p == "negative" else 0.0 for p in phrases["polarity"]]
    return pd.Series([float(i) * s for i, s in zip(phrases["intensity"], sign)], index=phrases.index, dtype="float64")


def tone_arc(article: Article | Iterable[Article], phrases: pd.DataFrame | None = None, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """Net tone per paragraph, in text order: the evaluative arc of the article.

    Args:
        article: an Article (or several).
        phrases: :func:`find_phrases` output for it; computed (with ``records``) when None.
        records: passed to :func:`find_phrases` when ``phrases`` is None.

    Returns:
        DataFrame with columns ``TONE_ARC_COLUMNS``: ``article_id``, ``paragraph``, ``kind``
        (``body`` or ``heading``), ``n_words``, ``n_positive``, ``n_negative`` (evaluative phrases),
        ``n_formulae``, ``positive`` and ``negative`` (summed intensities, both >= 0), ``net``
        (positive - negative), ``net_per_100_words``. Every paragraph has a row, zeros included.

    Read: ``net`` > 0 is a paragraph whose evaluative words lean positive; ``net_per_100_words``
    compares paragraphs of different length. Formulae are counted, not scored.
    """
    if not isinstance(article, Article):
        by_id = records_by_article(records)
        frames = [tone_arc(a, None if phrases is None else phrases[phrases["article_id"] == a.article_id],
                           records if by_id is None else by_id.get(a.article_id, _NO_RECORDS)) for a in article]
        return pd.concat(frames, ignore_index=True) if frames else _empty(TONE_ARC_COLUMNS)
    if phrases is None:
        phrases = find_phrases(article, records)
    paragraphs = article.paragraphs()
    paragraphs = paragraphs[paragraphs["kind"] != "date_line"]
    ev = phrases[phrases["kind"] == "evaluative"].assign(signed=lambda d: signed_intensity(d))
    rows = []
    for p in paragraphs.itertuples(index=False):
        in_p = ev[ev["paragraph"] == p.paragraph]
        pos = float(in_p.loc[in_p["signed"] > 0, "signed"].sum())
        neg = 0.0 - float(in_p.loc[in_p["signed"] < 0, "signed"].sum())
        rows.append({
            "article_id": article.article_id, "paragraph": p.paragraph, "kind": p.kind, "n_words": p.n_words,
            "n_positive": int((in_p["polarity"] == "positive").sum()),
            "n_negative": int((in_p["polarity"] == "negative").sum()),
            "n_formulae": int(((phrases["kind"] == "formula") & (phrases["paragraph"] == p.paragraph)).sum()),
            "positive": round(pos, 3), "negative": round(neg, 3), "net": round(pos - neg, 3),
            "net_per_100_words": round(100 * (pos - neg) / p.n_words, 3) if p.n_words else 0.0,
        })
    return pd.DataFrame(rows, columns=TONE_ARC_COLUMNS)


def voice_pieces(article: Article, records: pd.DataFrame | None = None) -> list[tuple]:
    """The body cut into voice pieces, as plain tuples (see :func:`voice_segments` for the fields).

    Returns:
        A list of ``(start, end, voice, speaker, statement_kind, sentence, paragraph)``.
    """
    voices = _Voices(_records_for(article, records), article.article_id)
    bounds = sorted({b for s, e, _, _ in voices.spans for b in (s, e)})
    out = []
    for unit in article.sentence_units:
        if unit.kind != "body":
            continue
        lo, hi = bisect_right(bounds, unit.start), bisect_right(bounds, unit.end - 1)
        cuts = [unit.start, *bounds[lo:hi], unit.end]
        for s, e in zip(cuts, cuts[1:]):
            if e <= s or not article.text[s:e].strip():
                continue
            voice, speaker, kind = voices.at(s)
            out.append((s, e, voice, speaker, kind, unit.index, unit.paragraph))
    return out


def voice_segments(article: Article, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """The body cut into voices: narration outside statements, and each statement's span.

    Args:
        article: the Article.
        records: attributed statements (see :func:`find_phrases`); default from ``attribute_quotes``.

    Returns:
        DataFrame with columns ``article_id``, ``start``, ``end``, ``voice`` (``narrator`` or
        ``speaker``), ``speaker``, ``statement_kind`` (``direct``, ``indirect``, ``mixed`` or None
        for narration), ``paragraph``, ``sentence``; pieces never cross a sentence boundary.
        Nested statements are flattened (the innermost wins). Headings are left out.
    """
    columns = ["article_id", "start", "end", "voice", "speaker", "statement_kind", "paragraph", "sentence"]
    rows = [(article.article_id, s, e, v, sp, k, p, i) for s, e, v, sp, k, i, p in voice_pieces(article, records)]
    return pd.DataFrame(rows, columns=columns) if rows else _empty(columns)


def tone_by_voice(article: Article | Iterable[Article], phrases: pd.DataFrame | None = None, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """Evaluative tone per voice: the narrator's own, and each speaker's.

    Args:
        article: an Article (or several).
        phrases: :func:`find_phrases` output; computed when None.
        records: attributed statements (see :func:`find_phrases`).

    Returns:
        DataFrame with columns ``TONE_BY_VOICE_COLUMNS``: ``article_id``, ``voice``
        (``narrator``/``speaker``), ``speaker`` (None for the narrator), ``n_words`` (body words in
        that voice), ``n_phrases``, ``n_positive``, ``n_negative``, ``positive``, ``negative``,
        ``net``, ``net_per_100_words``, ``n_formulae``; the narrator first, then speakers by words.

    Read: compare ``net_per_100_words`` across voices to see whether the praise is the outlet's
    own or its sources'. Headings and framing words ("Xi said that") are the narrator's.
    """
    if not isinstance(article, Article):
        by_id = records_by_article(records)
        frames = [tone_by_voice(a, None if phrases is None else phrases[phrases["article_id"] == a.article_id],
                                records if by_id is None else by_id.get(a.article_id, _NO_RECORDS)) for a in article]
        return pd.concat(frames, ignore_index=True) if frames else _empty(TONE_BY_VOICE_COLUMNS)
    if phrases is None:
        phrases = find_phrases(article, records)
    from .article import count_words

    words: Counter = Counter()
    for s, e, voice, speaker, _, _, _ in voice_pieces(article, records):
        words[(voice, speaker)] += count_words(article.text[s:e])
    for unit in article.paragraph_units:  # headings are the outlet's words
        if unit.kind == "heading":
            words[("narrator", None)] += count_words(article.text[unit.start:unit.end])
    ph = phrases.assign(signed=signed_intensity(phrases)) if len(phrases) else phrases.assign(signed=[])
    keys = list(words) + [(v, None if pd.isna(s) else s) for v, s in zip(ph["voice"], ph["speaker"])]
    keys = list(dict.fromkeys(keys))
    rows = []
    for voice, speaker in keys:
        mask = (ph["voice"] == voice) & (ph["speaker"].isna() if speaker is None else ph["speaker"] == speaker)
        sel = ph[mask]
        ev = sel[sel["kind"] == "evaluative"]
        pos = float(ev.loc[ev["signed"] > 0, "signed"].sum())
        neg = 0.0 - float(ev.loc[ev["signed"] < 0, "signed"].sum())
        n_words = words.get((voice, speaker), 0)
        rows.append({
            "article_id": article.article_id, "voice": voice, "speaker": speaker, "n_words": n_words,
            "n_phrases": len(ev), "n_positive": int((ev["polarity"] == "positive").sum()),
            "n_negative": int((ev["polarity"] == "negative").sum()),
            "positive": round(pos, 3), "negative": round(neg, 3), "net": round(pos - neg, 3),
            "net_per_100_words": round(100 * (pos - neg) / n_words, 3) if n_words else 0.0,
            "n_formulae": int((sel["kind"] == "formula").sum()),
        })
    out = pd.DataFrame(rows, columns=TONE_BY_VOICE_COLUMNS)
    out["_order"] = (out["voice"] != "narrator").astype(int)
    return out.sort_values(["_order", "n_words"], ascending=[True, False]).drop(columns="_order").reset_index(drop=True)


# -- recurring sequences -----------------------------------------------------------------


def find_recurring(
    articles: Article | Iterable[Article], *, min_count: int = 2, min_articles: int = 2, max_n: int = 8
) -> pd.DataFrame:
    """Word sequences that recur: formulae discovered from the data, with every position.

    A candidate is a run of 2..``max_n`` (default 8) words inside one clause (no punctuation inside),
    compared on stems (so "win-win partnerships" and "win-win partnership" are one sequence), that
    neither starts nor ends with a function word, and that contains at least one lower-case
    content word (runs of capitalised words are names, not formulae). It is kept when it occurs
    ``min_count`` times in one article, or in ``min_articles`` articles of the corpus. A sequence
    is dropped when a longer kept sequence contains it with the same count (only the maximal
    wording is reported).

    Returns:
        DataFrame with columns ``RECURRING_COLUMNS``, one row per occurrence: ``article_id``,
        ``start``, ``end``, ``text``, ``sequence`` (the stems, joined by spaces), ``n_tokens``,
        ``count_in_article``, ``n_articles``, ``count_in_corpus``, ``known_formula`` (True when a
        formula of ``formulae.csv`` overlaps it), ``paragraph``, ``sentence``.

    Not handled: sequences interrupted by a varied word ("mutual X, mutual Y" lists are found by
    :func:`find_phrases`); recurring names of things ("trade facilitation platform") are reported
    too: a reader decides which recurring sequences are formulae.
    """
    if isinstance(articles, Article):
        articles = [articles]
    lex = load_lexicon()
    occurrences: dict[tuple[str, ...], list] = defaultdict(list)
    known_spans: dict[str, list[tuple[int, int]]] = {}
    for article in articles:
        spans = []
        for unit, sent in _sentences(article):
            spans.extend((s, e) for s, e, _ in _known_formulae(sent, lex))
            for clause in _clauses(sent.tokens()):
                m = len(clause)
                for i in range(m):
                    first = clause[i]
                    if first.lower in lex.function_words or not first.text[0].isalpha():
                        continue
                    for n in range(2, max_n + 1):
                        if i + n > m:
                            break
                        last = clause[i + n - 1]
                        if last.lower in lex.function_words or not last.text[0].isalpha():
                            continue
                        window = clause[i:i + n]
                        if all(t.text[0].isupper() or t.lower in lex.function_words for t in window):
                            continue
                        key = tuple(stem(t.text) for t in window)
                        occurrences[key].append((article.article_id, first.start, last.end, unit.paragraph, unit.index, article))
        known_spans[article.article_id] = spans
    kept: dict[tuple[str, ...], list] = {}
    for key, occ in occurrences.items():
        per_article = Counter(o[0] for o in occ)
        if max(per_article.values()) >= min_count or len(per_article) >= min_articles:
            kept[key] = occ
    # maximality: drop a sequence contained in a longer kept one with as many occurrences
    by_len = sorted(kept, key=len, reverse=True)
    final = {}
    for key in by_len:
        n = len(kept[key])
        contained = False
        for longer in final:
            if len(longer) > len(key) and len(final[longer]) == n and _contains(longer, key):
                contained = True
                break
        if not contained:
            final[key] = kept[key]
    rows = []
    for key, occ in final.items():
        per_article = Counter(o[0] for o in occ)
        for aid, s, e, par, sen, art in occ:
            rows.append({
                "article_id": aid, "start": s, "end": e, "text": art.text[s:e], "sequence": " ".join(key),
                "n_tokens": len(key), "count_in_article": per_article[aid], "n_articles": len(per_article),
                "count_in_corpus": len(occ),
                "known_formula": any(fs < e and s < fe for fs, fe in known_spans[aid]),
                "paragraph": par, "sentence": sen,
            })
    if not rows:
        return _empty(RECURRING_COLUMNS)
    out = pd.DataFrame(rows, columns=RECURRING_COLUMNS)
    return out.sort_values(["count_in_corpus", "n_tokens", "sequence", "article_id", "start"],
                           ascending=[False, False, True, True, True]).reset_index(drop=True)


def _clauses(tokens: list[Token]):
    clause = []
    for t in tokens:
        if t.is_word:
            clause.append(t)
        elif t.text in QUOTE_CHARS:
            continue
        else:
            if len(clause) >= 2:
                yield clause
            clause = []
    if len(clause) >= 2:
        yield clause


def _contains(longer: tuple, shorter: tuple) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def formula_counts(phrases: pd.DataFrame) -> pd.DataFrame:
    """How often each formula occurs, and where.

    Args:
        phrases: :func:`find_phrases` output (formula rows are used).

    Returns:
        DataFrame with columns ``formula``, ``n`` (occurrences), ``n_articles``, ``share`` (of
        all formula occurrences, 0..1), ``first_paragraph``, ``paragraphs`` (sorted list of
        paragraph indexes; over a corpus, pooled), ``speaker_share`` (share of occurrences in a
        speaker's voice), sorted by ``n``.
    """
    columns = ["formula", "n", "n_articles", "share", "first_paragraph", "paragraphs", "speaker_share"]
    f = phrases[phrases["kind"] == "formula"]
    if not len(f):
        return _empty(columns)
    g = f.groupby("formula", sort=False)
    out = pd.DataFrame({
        "n": g.size(),
        "n_articles": g["article_id"].nunique(),
        "first_paragraph": g["paragraph"].min().astype("int64"),
        "paragraphs": g["paragraph"].agg(lambda s: sorted(int(x) for x in s)),
        "speaker_share": g["voice"].agg(lambda s: round(float((s == "speaker").mean()), 3)),
    }).reset_index()
    out["share"] = (out["n"] / out["n"].sum()).round(3)
    return out[columns].sort_values(["n", "first_paragraph"], ascending=[False, True]).reset_index(drop=True)


# -- evaluation against hand annotation --------------------------------------------------


def read_phrase_gold(path: str | Path) -> pd.DataFrame:
    """Read a hand-annotated phrase file (CSV with ``#`` comment lines).

    Returns:
        DataFrame with columns ``article_id``, ``start``, ``end``, ``text``, ``kind``, ``polarity``.

    Offsets are not checked against the article here; ``tests/test_phrases.py`` checks that
    ``article.text[start:end] == text`` for the seed's file.
    """
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    frame = pd.DataFrame(list(csv.DictReader(lines)))
    if not len(frame):
        return _empty(["article_id", "start", "end", "text", "kind", "polarity"])
    return frame.astype({"start": "int64", "end": "int64"})


def score_phrases(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of predicted phrases against hand annotation, per kind.

    Match rule: a predicted row and a gold row match when they are in the same article, have the
    same ``kind`` and their character spans overlap (share at least one character). Precision is
    the share of predicted rows that match some gold row; recall the share of gold rows matched
    by some predicted row (overlap is lenient on boundaries: "fruitful summit" matches "fruitful").
    ``exact_*`` use the same rule with identical spans. ``polarity_agreement`` is the share of
    matched gold rows whose best-overlapping prediction has the same polarity.

    Returns:
        DataFrame with columns ``SCORE_COLUMNS``, one row per kind and one for ``all``.
    """
    rows = []
    for kind in ["evaluative", "formula", "all"]:
        p = predicted if kind == "all" else predicted[predicted["kind"] == kind]
        g = gold if kind == "all" else gold[gold["kind"] == kind]
        p_hit, g_hit, p_exact, g_exact, agree = set(), set(), set(), set(), 0
        pl = list(p[["article_id", "start", "end", "kind", "polarity"]].itertuples(index=False))
        for gi, gr in enumerate(g[["article_id", "start", "end", "kind", "polarity"]].itertuples(index=False)):
            best, best_overlap = None, 0
            for pi, pr in enumerate(pl):
                if pr.article_id != gr.article_id or pr.kind != gr.kind:
                    continue
                overlap = min(pr.end, gr.end) - max(pr.start, gr.start)
                if overlap > 0:
                    p_hit.add(pi)
                    g_hit.add(gi)
                    if (pr.start, pr.end) == (gr.start, gr.end):
                        p_exact.add(pi)
                        g_exact.add(gi)
                    if overlap > best_overlap:
                        best, best_overlap = pr, overlap
            if best is not None and best.polarity == gr.polarity:
                agree += 1
        n_p, n_g = len(pl), len(g)
        precision = len(p_hit) / n_p if n_p else 0.0
        recall = len(g_hit) / n_g if n_g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({
            "kind": kind, "n_gold": n_g, "n_predicted": n_p, "matched_gold": len(g_hit), "matched_predicted": len(p_hit),
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "exact_precision": round(len(p_exact) / n_p, 3) if n_p else 0.0,
            "exact_recall": round(len(g_exact) / n_g, 3) if n_g else 0.0,
            "polarity_agreement": round(agree / len(g_hit), 3) if g_hit else 0.0,
        })
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


# -- charts (used by notebook 04) --------------------------------------------------------


def top_phrases(phrases: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` strongest positive and ``n`` strongest negative evaluative phrases.

    Returns:
        The rows of ``phrases`` (evaluative only) with a ``signed`` column (intensity with the sign
        of polarity) and a ``who`` column (the speaker, or "narrator"), strongest first per polarity.
    """
    ev = phrases[phrases["kind"] == "evaluative"].assign(signed=lambda d: signed_intensity(d))
    ev = ev.assign(who=ev["speaker"].where(ev["voice"] == "speaker", "narrator").fillna("unattributed speaker"))
    pos = ev[ev["signed"] > 0].nlargest(n, "signed")
    neg = ev[ev["signed"] < 0].nsmallest(n, "signed")
    return pd.concat([pos, neg], ignore_index=True)


def plot_top_phrases(top: pd.DataFrame, title: str = "Strongest evaluative phrases, by voice"):
    """Horizontal bars of :func:`top_phrases`: signed intensity, coloured by polarity, labelled with the voice."""
    import matplotlib.pyplot as plt

    from .plotting import POLARITY_COLORS

    data = top.sort_values("signed")
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(data) + 1.4))
    labels = [f"{t if len(t) <= 45 else t[:44] + '…'}  ({w})" for t, w in zip(data["text"], data["who"])]
    ax.barh(range(len(data)), data["signed"], color=[POLARITY_COLORS[p] for p in data["polarity"]])
    ax.set_yticks(range(len(data)), labels, fontsize=9)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set(xlabel="intensity (VADER scale; negative = unfavourable)", title=title)
    return fig


def plot_tone_arc(arc: pd.DataFrame, title: str = "Tone paragraph by paragraph"):
    """Bars of net tone per paragraph in reading order; headings marked with a dotted line."""
    import matplotlib.pyplot as plt

    from .plotting import POLARITY_COLORS

    fig, ax = plt.subplots(figsize=(10, 4))
    ax.bar(arc["paragraph"], arc["positive"], color=POLARITY_COLORS["positive"], label="positive phrases")
    ax.bar(arc["paragraph"], -arc["negative"], color=POLARITY_COLORS["negative"], label="negative phrases")
    ax.plot(arc["paragraph"], arc["net"], color="#333333", marker="o", markersize=3, linewidth=1, label="net")
    for p in arc.loc[arc["kind"] == "heading", "paragraph"]:
        ax.axvline(p, color="#999999", linestyle=":", linewidth=1)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set(xlabel="paragraph (dotted lines: section headings)", ylabel="summed intensity", title=title)
    ax.legend(loc="upper right")
    return fig


def plot_tone_by_voice(table: pd.DataFrame, title: str = "Evaluation per 100 words, by voice"):
    """Horizontal bars of positive and negative intensity per 100 words for each voice."""
    import matplotlib.pyplot as plt

    from .plotting import POLARITY_COLORS

    data = table[table["n_words"] > 0].copy()
    data["who"] = data["speaker"].where(data["voice"] == "speaker", "narrator (unattributed)").fillna("unattributed speaker")
    data = data.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(data) + 1.4))
    y = range(len(data))
    ax.barh(y, 100 * data["positive"] / data["n_words"], color=POLARITY_COLORS["positive"], label="positive")
    ax.barh(y, -100 * data["negative"] / data["n_words"], color=POLARITY_COLORS["negative"], label="negative")
    ax.set_yticks(list(y), [f"{w} ({n} words)" for w, n in zip(data["who"], data["n_words"])], fontsize=9)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set(xlabel="summed intensity per 100 words of that voice", title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.3 / len(data)), ncol=2)
    return fig


def plot_formulae(counts: pd.DataFrame, title: str = "Official formulae and how often they recur"):
    """Horizontal bars of formula counts, split into the narrator's and speakers' voices."""
    import matplotlib.pyplot as plt

    from .plotting import SPEAKER_TYPE_COLORS

    data = counts.iloc[::-1]
    speaker = data["n"] * data["speaker_share"]
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(data) + 1.4))
    y = range(len(data))
    ax.barh(y, speaker, color="#0072B2", label="in a speaker's statement")
    ax.barh(y, data["n"] - speaker, left=speaker, color=SPEAKER_TYPE_COLORS["narrator"], label="narrator's own words")
    ax.set_yticks(list(y), list(data["formula"]), fontsize=9)
    ax.set(xlabel="occurrences", title=title)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.3 / len(data)), ncol=2)
    return fig
