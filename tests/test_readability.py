"""Tests for analysis.readability: textstat's formulas on the project's sentences, units and voices."""

import io
import math
import warnings

import pandas as pd
import pytest
import textstat

from analysis import parse_article
from analysis.cli import main
from analysis.paths import NOTEBOOKS_DIR
from analysis.readability import READABILITY_COLUMNS, readability, text_readability

NO_RECORDS = pd.DataFrame(columns=["start", "end", "speaker", "kind"])

# Sentences of more than two words each and no abbreviations, so textstat's own sentence count
# agrees with the project's and its scores can be compared one for one.
FIXED_TEXTS = {
    "plain": "The cat sat on the mat. It was a sunny day in the small town. We went home early and had tea.",
    "dense": (
        "Intergovernmental negotiations concerning infrastructural interoperability necessitated "
        "comprehensive consultations among participating administrations. Representatives "
        "emphasised institutional coordination, regulatory harmonisation and sustainable "
        "financing arrangements. Implementation remains contingent upon parliamentary ratification."
    ),
}


@pytest.mark.parametrize("name", sorted(FIXED_TEXTS))
def test_scores_equal_textstat_on_a_fixed_text(name):
    text = FIXED_TEXTS[name]
    row = readability(parse_article(text, article_id=name), NO_RECORDS).iloc[0]
    assert row["unit"] == "article"
    assert row["n_sentences"] == textstat.sentence_count(text) == 3
    assert row["n_words"] == textstat.lexicon_count(text)
    assert row["n_syllables"] == textstat.syllable_count(text)
    assert round(row["flesch_reading_ease"], 2) == round(textstat.flesch_reading_ease(text), 2)
    assert round(row["flesch_kincaid_grade"], 2) == round(textstat.flesch_kincaid_grade(text), 2)
    assert round(row["gunning_fog"], 2) == round(textstat.gunning_fog(text), 2)
    assert round(row["smog"], 2) == round(textstat.smog_index(text), 2)
    assert round(row["dale_chall"], 2) == round(textstat.dale_chall_readability_score(text), 2)
    assert round(row["words_per_sentence"], 2) == round(textstat.words_per_sentence(text), 2)


def test_higher_means_harder():
    plain = text_readability([s + "." for s in FIXED_TEXTS["plain"].split(". ")])
    dense = text_readability([s + "." for s in FIXED_TEXTS["dense"].split(". ")])
    assert plain["flesch_reading_ease"] > dense["flesch_reading_ease"]
    for metric in ("flesch_kincaid_grade", "gunning_fog", "smog", "dale_chall", "long_word_share", "polysyllable_share"):
        assert plain[metric] < dense[metric], metric


def test_sentences_are_the_projects_not_textstats():
    text = "The talks ended. Both left. It rained. Talks resume on Monday."
    row = readability(parse_article(text), NO_RECORDS).iloc[0]
    assert row["n_sentences"] == 4
    assert textstat.sentence_count(text) == 2  # textstat drops sentences of two words or fewer


def test_short_text_is_flagged_unreliable():
    short = readability(parse_article("The talks ended. Both sides left."), NO_RECORDS).iloc[0]
    assert not short["reliable"] and not short["smog_reliable"]


def test_seed_units_and_reliability(seed):
    table = readability(seed, pd.read_json("tests/data/quotes/gold/000_4a60538e41788e46.jsonl", lines=True))
    assert list(table.columns) == READABILITY_COLUMNS
    assert list(table["unit"].drop_duplicates()) == ["article", "paragraph", "narration", "direct", "reported"]
    body = [u for u in seed.paragraph_units if u.kind == "body"]
    assert (table["unit"] == "paragraph").sum() == len(body)  # headings are left out
    article = table.iloc[0]
    assert article["reliable"] and article["smog_reliable"]
    assert article["n_sentences"] == sum(u.kind == "body" for u in seed.sentence_units)
    assert table.loc[table["unit"] == "paragraph", "n_words"].sum() == article["n_words"]
    voices = table.set_index("unit").loc[["narration", "direct", "reported"]]
    assert voices["n_words"].sum() <= article["n_words"]
    assert voices.loc["direct", "n_words"] > 0 and voices.loc["reported", "n_words"] > voices.loc["direct", "n_words"]
    assert not table.loc[table["unit"] == "paragraph", "smog_reliable"].any()


def test_without_statements_every_sentence_is_narration():
    text = "The ministers met in Astana. They discussed trade and investment. The next meeting is in 2027."
    table = readability(parse_article(text), NO_RECORDS).set_index("unit")
    assert table.loc["narration", "n_words"] == table.loc["article", "n_words"]
    assert table.loc["direct", "n_words"] == 0 and math.isnan(table.loc["direct", "flesch_reading_ease"])


def test_direct_and_reported_voices_come_from_records():
    text = 'The minister said the talks were useful. "We are very pleased with the outcome," she added.'
    reported = (text.index("the talks"), text.index(" were useful") + len(" were useful"))
    direct = (text.index("We are"), text.index(',"'))
    records = pd.DataFrame([
        {"start": reported[0], "end": reported[1], "speaker": "minister", "kind": "indirect"},
        {"start": direct[0], "end": direct[1], "speaker": "minister", "kind": "direct"},
    ])
    table = readability(parse_article(text), records).set_index("unit")
    assert table.loc["direct", "n_words"] == 7
    assert table.loc["reported", "n_words"] == 4
    assert table.loc["narration", "n_words"] == 0


@pytest.mark.parametrize("text", ["x", "ALL CAPITALS: THE TALKS ENDED WITHOUT A DEAL.", "Der Gipfel war ein Erfolg.", '"""'])
def test_odd_text_does_not_crash(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = readability(parse_article(text), NO_RECORDS)
    assert list(table.columns) == READABILITY_COLUMNS


def test_reference_texts_are_labelled_and_ordered():
    folder = NOTEBOOKS_DIR / "data" / "reference_texts"
    files = sorted(folder.glob("*.txt"))
    assert len(files) >= 3
    label = (folder / "README.md").read_text(encoding="utf-8")
    assert "written for comparison, not real news" in label
    fre = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert path.name in label
        fre[path.stem] = readability(parse_article(text, article_id=path.stem), NO_RECORDS).iloc[0]["flesch_reading_ease"]
    assert fre["plain_explainer"] > fre["dense_communique"]


def test_cli_readability_csv(seed, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["readability", str(seed.path), "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns) == READABILITY_COLUMNS
    assert frame.iloc[0]["unit"] == "article"
