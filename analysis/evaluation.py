"""Score predicted quote attribution records against hand-annotated gold records.

Predictions and gold share one record schema (one row per attributed quotation or
reported statement; see ``tests/data/quotes/README.md``)::

    article_id, start, end, quote, kind, cue, speaker, speaker_mention,
    speaker_type, speaker_country, via

The scoring follows the dev set's ``SCHEMA.md``:

* A prediction matches a gold record of the same article when the token-level
  Jaccard of their spans is at least 0.5. Each prediction matches at most one gold
  record and each gold record at most one prediction; pairs are taken greedily,
  best Jaccard first.
* Detection precision, recall and F1 count matched spans.
* Speaker accuracy is the share of matches whose speakers are equal after
  normalisation (see :func:`same_speaker`).
* End-to-end precision, recall and F1 count matches with the right speaker.
* Type accuracy is the share of right-speaker matches whose ``speaker_type`` is equal.

Everything is reported overall and by ``kind`` (direct, indirect, mixed). The
fields ``cue``, ``speaker_mention``, ``speaker_country`` and ``via`` are carried
but not scored.

Example:
    >>> from analysis.evaluation import read_records, score_records
    >>> gold = read_records("tests/data/quotes/gold")
    >>> float(score_records(gold, gold).loc[0, "f1"])
    1.0
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd

RECORD_COLUMNS = [
    "article_id",
    "start",
    "end",
    "quote",
    "kind",
    "cue",
    "speaker",
    "speaker_mention",
    "speaker_type",
    "speaker_country",
    "via",
]
"""The fields of an attribution record, in file order."""

KINDS = ("direct", "indirect", "mixed")
"""Values of ``kind``; also the by-kind scopes of :func:`score_records`."""

SPEAKER_TYPES = (
    "official",
    "former_official",
    "scholar",
    "journalist",
    "media",
    "organization",
    "citizen",
    "unknown",
)
"""Values of ``speaker_type``."""

MATCH_THRESHOLD = 0.5
"""Lowest token-level Jaccard at which a predicted span matches a gold span."""

MATCH_COLUMNS = [
    "article_id",
    "status",
    "matched",
    "jaccard",
    "speaker_ok",
    "type_ok",
    "gold_index",
    "pred_index",
    "gold_start",
    "gold_end",
    "gold_quote",
    "gold_kind",
    "gold_speaker",
    "gold_speaker_type",
    "pred_start",
    "pred_end",
    "pred_quote",
    "pred_kind",
    "pred_speaker",
    "pred_speaker_type",
]
"""Columns of :func:`match_records`."""

SCORE_COLUMNS = [
    "scope",
    "n_gold",
    "n_pred",
    "n_matched",
    "precision",
    "recall",
    "f1",
    "speaker_accuracy",
    "e2e_precision",
    "e2e_recall",
    "e2e_f1",
    "type_accuracy",
]
"""Columns of :func:`score_records`."""

# Word tokens for span overlap and for speaker names. Punctuation and quotation marks
# are not tokens, so a mixed span that keeps its marks and a direct span that drops
# them still cover the same tokens.
_WORD = re.compile(r"\w+")


def read_records(path_or_folder: str | Path) -> pd.DataFrame:
    """Read attribution records from one JSONL file or a folder of them.

    Args:
        path_or_folder: A ``.jsonl`` file (one JSON object per line), or a folder whose
            ``*.jsonl`` files are read in name order. Blank lines are skipped.

    Returns:
        A DataFrame with the columns of ``RECORD_COLUMNS`` first (any extra fields
        follow), ``start`` and ``end`` as integers, one row per record in file order.
        An empty file or folder gives an empty frame with those columns.

    Raises:
        FileNotFoundError: If the path does not exist.
    """
    path = Path(path_or_folder)
    if not path.exists():
        raise FileNotFoundError(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    rows = []
    for file in files:
        with open(file, encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return _as_records(pd.DataFrame(rows))


def span_tokens(start: int, quote: str) -> frozenset[tuple[int, int]]:
    """Return the word tokens of a span as character positions in the article.

    Args:
        start: Offset of the span in the article text.
        quote: The span's text (``text[start:end]``).

    Returns:
        The set of ``(token_start, token_end)`` offsets of the word tokens (``\\w+``)
        inside the span. A span boundary that cuts a word gives a token that differs
        from the whole word, so it does not count as shared with a span covering the
        whole word.
    """
    return frozenset((start + m.start(), start + m.end()) for m in _WORD.finditer(quote))


def span_jaccard(a_start: int, a_quote: str, b_start: int, b_quote: str) -> float:
    """Return the token-level Jaccard of two spans of the same article.

    Args:
        a_start: Offset of the first span.
        a_quote: Text of the first span.
        b_start: Offset of the second span.
        b_quote: Text of the second span.

    Returns:
        Shared tokens over tokens in either span, from 0.0 (disjoint) to 1.0 (same
        tokens). Two spans without word tokens score 1.0 if they have the same offsets,
        else 0.0.
    """
    a = span_tokens(a_start, a_quote)
    b = span_tokens(b_start, b_quote)
    union = a | b
    if not union:
        same = a_start == b_start and len(a_quote) == len(b_quote)
        return 1.0 if same else 0.0
    return len(a & b) / len(union)


def same_speaker(a: object, b: object) -> bool:
    """Tell whether two speaker names count as the same speaker.

    Names are case-folded and cut into word tokens (punctuation dropped). They are equal
    when their last tokens are equal ("Li" and "Li Wenjun" do not share a last token,
    but "Mr. Okafor" and "Daniel Okafor" do), or when one name's tokens occur as a
    contiguous run in the other's ("Li" in "Li Wenjun", "KCNA" in "Korean Central News
    Agency (KCNA)"). Containment is over tokens, not characters, so "Xi" is not inside
    "Xinhua".

    Args:
        a: A speaker name, or None/NaN/empty for no speaker.
        b: Another speaker name, or None/NaN/empty.

    Returns:
        True when both are null, or both are names that match by the rules above. A null
        and a name are never equal.
    """
    ta, tb = _name_tokens(a), _name_tokens(b)
    if ta is None or tb is None:
        return ta is None and tb is None
    if ta[-1] == tb[-1]:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def match_records(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Pair predicted records with gold records of the same article.

    Candidate pairs are those with token-level Jaccard >= ``MATCH_THRESHOLD``. They are
    taken greedily, best Jaccard first (ties: earlier gold record, then earlier
    prediction), so that no prediction matches two gold records and no gold record
    two predictions.

    Args:
        pred: Predicted records; needs ``article_id``, ``start``, ``end`` and ``quote``.
            ``kind``, ``speaker`` and ``speaker_type`` are used when present.
        gold: Gold records with the same columns.

    Returns:
        One row per gold record (matched or missed) followed by one row per unmatched
        prediction, with the columns of ``MATCH_COLUMNS``:

        * ``status``: ``"match"``, ``"miss"`` (gold without prediction) or
          ``"false_positive"`` (prediction without gold);
        * ``matched``: status is ``"match"``; ``jaccard``: the pair's Jaccard (0.0 when
          unmatched);
        * ``speaker_ok``: matched and same speaker (see :func:`same_speaker`);
        * ``type_ok``: ``speaker_ok`` and equal ``speaker_type``;
        * ``gold_index`` / ``pred_index``: row positions (0-based) in ``gold`` / ``pred``,
          missing on the side that has no record;
        * ``gold_*`` / ``pred_*``: the fields of each side.

        Empty inputs give an empty frame with these columns.
    """
    pred = _as_records(pred)
    gold = _as_records(gold)
    pairs: list[tuple[int | None, int | None, float]] = []
    pred_by_article = {a: frame for a, frame in _positions(pred).groupby("article_id", sort=False)}
    taken_pred: set[int] = set()
    for article_id, g in _positions(gold).groupby("article_id", sort=False):
        p = pred_by_article.get(article_id)
        candidates = []
        if p is not None:
            for gi, gs, gq in zip(g["_pos"], g["start"], g["quote"]):
                for pi, ps, pq in zip(p["_pos"], p["start"], p["quote"]):
                    j = span_jaccard(int(ps), _text(pq), int(gs), _text(gq))
                    if j >= MATCH_THRESHOLD:
                        candidates.append((-j, int(gi), int(pi)))
        candidates.sort()
        taken_gold: set[int] = set()
        best: dict[int, tuple[int, float]] = {}
        for neg_j, gi, pi in candidates:
            if gi in taken_gold or pi in taken_pred:
                continue
            taken_gold.add(gi)
            taken_pred.add(pi)
            best[gi] = (pi, -neg_j)
        for gi in map(int, g["_pos"]):
            pi, j = best.get(gi, (None, 0.0))
            pairs.append((gi, pi, j))
    pairs.extend((None, pi, 0.0) for pi in range(len(pred)) if pi not in taken_pred)

    rows = []
    for gi, pi, j in pairs:
        g = gold.iloc[gi] if gi is not None else None
        p = pred.iloc[pi] if pi is not None else None
        matched = g is not None and p is not None
        speaker_ok = matched and same_speaker(g["speaker"], p["speaker"])
        type_ok = speaker_ok and _value(g["speaker_type"]) == _value(p["speaker_type"])
        if matched:
            status = "match"
        elif g is not None:
            status = "miss"
        else:
            status = "false_positive"
        rows.append(
            {
                "article_id": (g if g is not None else p)["article_id"],
                "status": status,
                "matched": matched,
                "jaccard": j,
                "speaker_ok": speaker_ok,
                "type_ok": type_ok,
                "gold_index": gi,
                "pred_index": pi,
                **_side("gold", g),
                **_side("pred", p),
            }
        )
    out = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    for col in ("matched", "speaker_ok", "type_ok"):
        out[col] = out[col].astype(bool)
    out["jaccard"] = out["jaccard"].astype(float)
    for col in ("gold_index", "pred_index", "gold_start", "gold_end", "pred_start", "pred_end"):
        out[col] = out[col].astype("Int64")
    return out


def score_records(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Score predicted attribution records against gold records.

    Args:
        pred: Predicted records (see :func:`match_records` for the columns used).
        gold: Gold records.

    Returns:
        A tidy frame with one row per scope, ``"overall"`` then each of ``KINDS``, and
        the columns of ``SCORE_COLUMNS``:

        * ``n_gold``, ``n_pred``: records in scope; ``n_matched``: gold records in scope
          with a matching prediction.
        * ``precision``, ``recall``, ``f1``: span detection.
        * ``speaker_accuracy``: right speaker among matched gold records.
        * ``e2e_precision``, ``e2e_recall``, ``e2e_f1``: matched with the right speaker.
        * ``type_accuracy``: right ``speaker_type`` among right-speaker matches.

        In a kind's row, gold records are bucketed by their gold ``kind`` (recall,
        ``n_matched``, speaker and type accuracy) and predictions by their own predicted
        ``kind`` (precision), so a direct quote predicted as mixed counts for the recall
        of ``direct`` and the precision of ``mixed``. The overall precision is
        ``n_matched / n_pred``; a kind's precision is its matched predictions over its
        predictions and need not equal ``n_matched / n_pred``.

        All scores are shares in 0..1, higher is better. A share with a zero
        denominator (precision without predictions, recall without gold records,
        accuracies without matches) is NaN, not 0; F1 is 0.0 when only one side has
        records and NaN when neither has.
    """
    m = match_records(pred, gold)
    is_gold = m["gold_index"].notna()
    is_pred = m["pred_index"].notna()
    scopes = {"overall": (is_gold, is_pred)}
    for kind in KINDS:
        scopes[kind] = (is_gold & (m["gold_kind"] == kind).fillna(False),
                        is_pred & (m["pred_kind"] == kind).fillna(False))
    rows = []
    for scope, (g, p) in scopes.items():
        n_gold, n_pred = int(g.sum()), int(p.sum())
        n_matched = int((g & m["matched"]).sum())
        n_speaker = int((g & m["speaker_ok"]).sum())
        n_type = int((g & m["type_ok"]).sum())
        precision = _share(int((p & m["matched"]).sum()), n_pred)
        recall = _share(n_matched, n_gold)
        e2e_precision = _share(int((p & m["speaker_ok"]).sum()), n_pred)
        e2e_recall = _share(n_speaker, n_gold)
        rows.append(
            {
                "scope": scope,
                "n_gold": n_gold,
                "n_pred": n_pred,
                "n_matched": n_matched,
                "precision": precision,
                "recall": recall,
                "f1": _f1(precision, recall, n_gold, n_pred),
                "speaker_accuracy": _share(n_speaker, n_matched),
                "e2e_precision": e2e_precision,
                "e2e_recall": e2e_recall,
                "e2e_f1": _f1(e2e_precision, e2e_recall, n_gold, n_pred),
                "type_accuracy": _share(n_type, n_speaker),
            }
        )
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _as_records(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Return a copy with every record column present and integer offsets."""
    frame = pd.DataFrame() if frame is None else frame
    out = frame.reset_index(drop=True).copy()
    for col in RECORD_COLUMNS:
        if col not in out.columns:
            out[col] = None
    extra = [c for c in out.columns if c not in RECORD_COLUMNS]
    out = out[RECORD_COLUMNS + extra]
    for col in ("start", "end"):
        out[col] = out[col].astype("int64")
    out["article_id"] = out["article_id"].astype(object)
    return out


def _positions(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with its row positions in a ``_pos`` column."""
    return frame.assign(_pos=range(len(frame)))


def _side(prefix: str, row: pd.Series | None) -> dict:
    """Return the compared fields of one side of a pair, prefixed."""
    fields = ("start", "end", "quote", "kind", "speaker", "speaker_type")
    if row is None:
        return {f"{prefix}_{f}": None for f in fields}
    return {f"{prefix}_{f}": _value(row[f]) for f in fields}


def _value(value: object) -> object:
    """Return None for missing values (None, NaN, pd.NA), else the value."""
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists and other non-scalars
        pass
    return value


def _text(value: object) -> str:
    """Return a quote as a string ('' when missing)."""
    value = _value(value)
    return "" if value is None else str(value)


def _name_tokens(name: object) -> tuple[str, ...] | None:
    """Return a speaker name as case-folded word tokens, or None for no name."""
    name = _value(name)
    if name is None:
        return None
    tokens = tuple(t.casefold() for t in _WORD.findall(str(name)))
    return tokens or None


def _share(part: int, whole: int) -> float:
    """Return part / whole, or NaN when whole is 0."""
    return part / whole if whole else math.nan


def _f1(precision: float, recall: float, n_gold: int, n_pred: int) -> float:
    """Return the harmonic mean of precision and recall.

    With records on one side only (no predictions, or predictions but no gold), nothing
    can match and F1 is 0.0; with neither, it is NaN.
    """
    if n_gold + n_pred == 0:
        return math.nan
    if math.isnan(precision) or math.isnan(recall):
        return 0.0
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)
