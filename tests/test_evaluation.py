"""Tests for analysis.evaluation and for the attribution gold files under tests/data/quotes."""

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.evaluation import (
    KINDS,
    MATCH_COLUMNS,
    RECORD_COLUMNS,
    SCORE_COLUMNS,
    SPEAKER_TYPES,
    match_records,
    read_records,
    same_speaker,
    score_records,
    span_jaccard,
)

ROOT = Path(__file__).resolve().parents[1]
QUOTES_DIR = ROOT / "tests" / "data" / "quotes"
GOLD_FILES = sorted((QUOTES_DIR / "gold").glob("*.jsonl"))
ARTICLE_FILES = sorted((QUOTES_DIR / "articles").glob("*.txt"))

# A made-up sentence of ten one-word tokens to put spans on.
TEXT = "Alpha beta gamma delta epsilon zeta eta theta iota kappa."
WORDS = TEXT.rstrip(".").split()


def span(first, last):
    """Return (start, quote) covering the words first..last (inclusive, 0-based)."""
    start = TEXT.index(WORDS[first])
    end = TEXT.index(WORDS[last]) + len(WORDS[last])
    return start, TEXT[start:end]


def rec(first, last, kind="direct", speaker="Ana Varga", speaker_type="official", article_id="a1"):
    """Return one attribution record over words first..last."""
    start, quote = span(first, last)
    return {
        "article_id": article_id,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "kind": kind,
        "cue": "said",
        "speaker": speaker,
        "speaker_mention": speaker,
        "speaker_type": speaker_type,
        "speaker_country": None,
        "via": None,
    }


def frame(*records):
    """Return records as a DataFrame with the record columns, even when empty."""
    return pd.DataFrame(list(records), columns=RECORD_COLUMNS)


def overall(pred, gold):
    """Return the overall row of score_records as a dict."""
    return score_records(pred, gold).set_index("scope").loc["overall"].to_dict()


# Span overlap


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 3), (0, 3), 1.0),  # same span
        ((0, 3), (0, 1), 0.5),  # 2 of 4 tokens: exactly at the threshold
        ((0, 3), (0, 2), 0.75),
        ((0, 3), (2, 5), 2 / 6),
        ((0, 3), (4, 7), 0.0),  # disjoint
    ],
)
def test_span_jaccard(a, b, expected):
    assert span_jaccard(*span(*a), *span(*b)) == pytest.approx(expected)


def test_span_jaccard_ignores_quotation_marks_and_punctuation():
    text = 'He said the plan was "a real opening," she added.'
    mixed = 'the plan was "a real opening,"'  # 6 word tokens; marks and comma are not tokens
    direct = "a real opening"
    assert span_jaccard(text.index(mixed), mixed, text.index(direct), direct) == 0.5
    inner = "a real opening,"  # the comma before the closing mark adds no token
    assert span_jaccard(text.index(direct), direct, text.index(inner), inner) == 1.0


def test_span_jaccard_cut_word_is_a_different_token():
    # "lpha beta" cuts "Alpha": only "beta" is shared with "Alpha beta".
    assert span_jaccard(0, "Alpha beta", 1, "lpha beta") == pytest.approx(1 / 3)


# Matching


def test_perfect_match():
    gold = frame(rec(0, 3), rec(5, 8, kind="indirect", speaker="Bo Lind", speaker_type="scholar"))
    m = match_records(gold, gold)
    assert list(m.columns) == MATCH_COLUMNS
    assert m["status"].tolist() == ["match", "match"]
    assert m["jaccard"].tolist() == [1.0, 1.0]
    assert m["speaker_ok"].all() and m["type_ok"].all()
    row = overall(gold, gold)
    for col in SCORE_COLUMNS[4:]:
        assert row[col] == 1.0, col


def test_overlap_below_threshold_is_no_match():
    gold = frame(rec(0, 3))
    pred = frame(rec(2, 5))  # Jaccard 2/6
    m = match_records(pred, gold)
    assert sorted(m["status"]) == ["false_positive", "miss"]
    row = overall(pred, gold)
    assert row["n_matched"] == 0
    assert row["precision"] == 0.0 and row["recall"] == 0.0 and row["f1"] == 0.0


@pytest.mark.parametrize(("pred_span", "jaccard"), [((0, 1), 0.5), ((0, 2), 0.75), ((1, 4), 0.6)])
def test_overlap_at_or_above_threshold_matches(pred_span, jaccard):
    gold = frame(rec(0, 3))
    pred = frame(rec(*pred_span))
    m = match_records(pred, gold)
    assert m["status"].tolist() == ["match"]
    assert m.loc[0, "jaccard"] == pytest.approx(jaccard)
    assert m.loc[0, "gold_index"] == 0 and m.loc[0, "pred_index"] == 0


def test_one_prediction_cannot_match_two_gold_records():
    # Two gold records on the same words (nested attribution gives overlapping spans).
    gold = frame(rec(0, 3, speaker="Ana Varga"), rec(0, 3, kind="indirect", speaker="Bo Lind"))
    pred = frame(rec(0, 3))
    m = match_records(pred, gold)
    assert m["status"].tolist() == ["match", "miss"]
    row = overall(pred, gold)
    assert row["n_matched"] == 1
    assert row["precision"] == 1.0 and row["recall"] == 0.5


def test_one_gold_record_cannot_match_two_predictions():
    gold = frame(rec(0, 3))
    pred = frame(rec(0, 3), rec(0, 2))
    m = match_records(pred, gold)
    assert m["status"].tolist() == ["match", "false_positive"]
    assert m.loc[0, "pred_index"] == 0  # the better of the two (Jaccard 1.0 over 0.75)
    assert overall(pred, gold)["precision"] == 0.5


def test_greedy_takes_the_best_pair_first():
    # The prediction overlaps gold 0 with 0.6 and gold 1 with 0.8: it goes to gold 1.
    gold = frame(rec(0, 4), rec(1, 4))
    pred = frame(rec(1, 5))
    m = match_records(pred, gold)
    assert m["status"].tolist() == ["miss", "match"]
    assert m.loc[1, "jaccard"] == pytest.approx(0.8)


def test_records_of_different_articles_never_match():
    gold = frame(rec(0, 3, article_id="a1"))
    pred = frame(rec(0, 3, article_id="a2"))
    assert sorted(match_records(pred, gold)["status"]) == ["false_positive", "miss"]


# Speakers


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Xi Jinping", "Xi Jinping", True),
        ("xi jinping", "XI JINPING", True),  # case-folded
        ("Xi", "Xi Jinping", True),  # one contains the other
        ("Mr. Yusupov", "Rashid Yusupov", True),  # same last token
        ("Korean Central News Agency (KCNA)", "KCNA", True),
        ("Korean Central News Agency (KCNA)", "Korean Central News Agency", True),
        ("the Foreign Ministry", "Chinese Foreign Ministry", True),
        ("Xi", "Xinhua", False),  # containment is over tokens, not characters
        ("Rashid Yusupov", "Rashid Karimov", False),
        ("Yang Cheng", "Guo Jiakun", False),
        (None, None, True),  # both null
        (None, "Xi Jinping", False),
        ("Xi Jinping", None, False),
        (math.nan, None, True),
        ("", None, True),  # empty counts as null
        (pd.NA, "Xinhua", False),
    ],
)
def test_same_speaker(a, b, same):
    assert same_speaker(a, b) is same
    assert same_speaker(b, a) is same


def test_speaker_and_type_accuracy():
    gold = frame(
        rec(0, 1, speaker="Ana Varga", speaker_type="official"),
        rec(3, 4, speaker="Bo Lind", speaker_type="scholar"),
        rec(6, 7, speaker=None, speaker_type="unknown"),
        rec(8, 9, speaker="Cy Rook", speaker_type="citizen"),
    )
    pred = frame(
        rec(0, 1, speaker="Varga", speaker_type="official"),  # right speaker, right type
        rec(3, 4, speaker="Lind", speaker_type="official"),  # right speaker, wrong type
        rec(6, 7, speaker="Dee Moss", speaker_type="unknown"),  # wrong speaker (gold null)
        rec(8, 9, speaker=None, speaker_type="citizen"),  # wrong speaker (pred null)
    )
    m = match_records(pred, gold)
    assert m["speaker_ok"].tolist() == [True, True, False, False]
    assert m["type_ok"].tolist() == [True, False, False, False]
    row = overall(pred, gold)
    assert row["f1"] == 1.0
    assert row["speaker_accuracy"] == 0.5
    assert row["e2e_precision"] == 0.5 and row["e2e_recall"] == 0.5 and row["e2e_f1"] == 0.5
    assert row["type_accuracy"] == 0.5  # 1 of the 2 right-speaker matches


# Empty inputs


def test_empty_predictions():
    gold = frame(rec(0, 3), rec(5, 8, kind="mixed"))
    for pred in (frame(), pd.DataFrame()):
        m = match_records(pred, gold)
        assert m["status"].tolist() == ["miss", "miss"]
        row = overall(pred, gold)
        assert row["n_pred"] == 0 and row["n_gold"] == 2
        assert math.isnan(row["precision"])
        assert row["recall"] == 0.0 and row["f1"] == 0.0 and row["e2e_f1"] == 0.0
        assert math.isnan(row["speaker_accuracy"]) and math.isnan(row["type_accuracy"])


def test_empty_gold():
    pred = frame(rec(0, 3))
    m = match_records(pred, frame())
    assert m["status"].tolist() == ["false_positive"]
    row = overall(pred, frame())
    assert row["precision"] == 0.0 and math.isnan(row["recall"]) and row["f1"] == 0.0


def test_both_empty():
    m = match_records(frame(), frame())
    assert m.empty and list(m.columns) == MATCH_COLUMNS
    scores = score_records(frame(), pd.DataFrame())
    assert list(scores.columns) == SCORE_COLUMNS
    assert scores["scope"].tolist() == ["overall", *KINDS]
    assert (scores["n_gold"] == 0).all() and scores["f1"].isna().all()


# By kind


def test_by_kind_buckets_gold_by_gold_kind_and_predictions_by_predicted_kind():
    gold = frame(rec(0, 3, kind="direct"), rec(5, 8, kind="indirect"))
    pred = frame(rec(0, 3, kind="mixed"), rec(5, 8, kind="indirect"))
    scores = score_records(pred, gold).set_index("scope")
    assert scores.loc["direct", "recall"] == 1.0
    assert math.isnan(scores.loc["direct", "precision"])  # nothing predicted as direct
    assert scores.loc["mixed", "precision"] == 1.0
    assert math.isnan(scores.loc["mixed", "recall"])  # no mixed gold
    assert scores.loc["indirect", ["precision", "recall", "f1"]].tolist() == [1.0, 1.0, 1.0]
    assert scores.loc["overall", "n_matched"] == 2


def test_predictions_without_kind_or_speaker_columns():
    gold = frame(rec(0, 3))
    pred = pd.DataFrame([{"article_id": "a1", "start": 0, "end": 22, "quote": TEXT[0:22]}])
    row = overall(pred, gold)
    assert row["recall"] == 1.0 and row["speaker_accuracy"] == 0.0


# Reading records


def test_read_records_file_folder_and_empty(tmp_path):
    records = [rec(0, 3, article_id="a1"), rec(5, 8, article_id="a2")]
    (tmp_path / "a1.jsonl").write_text(json.dumps(records[0]) + "\n\n", encoding="utf-8")
    (tmp_path / "a2.jsonl").write_text(json.dumps(records[1]) + "\n", encoding="utf-8")
    (tmp_path / "a3.jsonl").write_text("", encoding="utf-8")
    one = read_records(tmp_path / "a1.jsonl")
    assert list(one.columns) == RECORD_COLUMNS and len(one) == 1
    both = read_records(tmp_path)
    assert both["article_id"].tolist() == ["a1", "a2"]
    assert str(both["start"].dtype) == "int64"
    empty = read_records(tmp_path / "a3.jsonl")
    assert empty.empty and list(empty.columns) == RECORD_COLUMNS
    with pytest.raises(FileNotFoundError):
        read_records(tmp_path / "missing.jsonl")


# The gold files themselves

# Double quotation marks, and a single mark opening a quoted fragment (after a space or at
# the start, before a word character). Single marks elsewhere are apostrophes.
QUOTE_MARK = re.compile(r"[\"“”„«»]|(?:^|(?<=\s))['‘](?=\w)")
DATE_LINE = re.compile(r" date \d{4}-\d{2}-\d{2} \S")


def article_text(article_id):
    """Return the text of a gold file's article (a test article or the seed)."""
    for folder in (QUOTES_DIR / "articles", ROOT / "seeds"):
        path = folder / f"{article_id}.txt"
        if path.exists():
            return open(path, encoding="utf-8").read()
    raise FileNotFoundError(article_id)


def test_gold_files_exist():
    assert (QUOTES_DIR / "gold" / "000_4a60538e41788e46.jsonl") in GOLD_FILES
    assert len(GOLD_FILES) >= 8
    assert {p.stem for p in ARTICLE_FILES} <= {p.stem for p in GOLD_FILES}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_valid(path):
    text = article_text(path.stem)
    lines = [line for line in open(path, encoding="utf-8").read().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    starts = [r["start"] for r in records]
    assert starts == sorted(starts)
    for r in records:
        assert list(r) == RECORD_COLUMNS
        assert r["article_id"] == path.stem
        assert isinstance(r["start"], int) and isinstance(r["end"], int)
        assert text[r["start"] : r["end"]] == r["quote"], r["quote"]
        assert r["quote"] and r["quote"] == r["quote"].strip()
        assert r["kind"] in KINDS
        assert r["speaker_type"] in SPEAKER_TYPES
        has_mark = QUOTE_MARK.search(r["quote"]) is not None
        if r["kind"] == "indirect":
            assert not has_mark, f"quotation mark in an indirect span (so it is mixed): {r['quote']}"
        if r["kind"] == "mixed":
            assert has_mark, f"mixed span without a quotation mark: {r['quote']}"
        if r["cue"] is None:
            assert r["kind"] == "direct" and r["speaker_mention"] is None
        for field in ("cue", "speaker", "speaker_mention", "speaker_country", "via"):
            assert r[field] is None or (isinstance(r[field], str) and r[field].strip())


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_test_article_format(path):
    text = open(path, encoding="utf-8").read()
    assert DATE_LINE.match(text)
    assert text.endswith("\n\n") and not text.endswith("\n\n\n")
    assert "\n\n\n" not in text
    paragraphs = text[1:].rstrip("\n").split("\n\n")  # text[0] is the date line's space
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)
