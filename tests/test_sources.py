"""Source mix, voice share and mention vs voice (analysis.sources).

Exact values on the seed come from the hand-annotated gold records
(tests/data/quotes/gold/) and the hand-checked seed mentions (tests/data/sources/); they were
counted by reading the article. Hand-written articles with invented names cover a source with
several roles, two people with the same surname, an outlet that is both a channel and a source,
and an article with no attribution at all. The end-to-end tests at the bottom run the real
extractor and mention finder and assert looser properties.
"""

import json

import pandas as pd
import pytest
from conftest import DATA_DIR, SEED_PATH

from analysis import (
    assign_channels,
    corpus_country_voice,
    corpus_mention_voice,
    corpus_source_mix,
    corpus_voice_share,
    country_voice,
    load_article,
    mention_table,
    parse_article,
    source_mix,
    source_table,
    voice_share,
)
from analysis.evaluation import read_records
from analysis.sources import MENTION_COLUMNS, SOURCE_COLUMNS, VOICE_SHARE_COLUMNS

SEED_ID = SEED_PATH.stem
GOLD_DIR = DATA_DIR / "quotes" / "gold"
ARTICLES_DIR = DATA_DIR / "quotes" / "articles"


@pytest.fixture(scope="module")
def gold():
    return read_records(GOLD_DIR / f"{SEED_ID}.jsonl")


@pytest.fixture(scope="module")
def seed_mentions():
    return pd.read_json(DATA_DIR / "sources" / f"{SEED_ID}.mentions.jsonl", lines=True)


def record(text, quote, speaker, kind="indirect", *, cue="said", speaker_type="official", country="Valdoria", via=None, role=None, article_id="t"):
    """One attribution record for ``quote`` (its first occurrence in ``text``)."""
    start = text.index(quote)
    return {
        "article_id": article_id, "start": start, "end": start + len(quote), "quote": quote, "kind": kind,
        "cue": cue, "speaker": speaker, "speaker_mention": speaker, "speaker_type": speaker_type,
        "speaker_country": country, "via": via, "role": role, "affiliation": None,
    }


def mention(text, surface, entity, kind="person", nth=0, *, speaker_type=None, country=None, article_id="t"):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {
        "article_id": article_id, "start": start, "end": start + len(surface), "text": surface, "entity": entity,
        "entity_kind": kind, "role": None, "affiliation": None, "speaker_type": speaker_type, "speaker_country": country,
    }


# -- the seed, from the gold records ---------------------------------------------------------


def test_seed_sources_statements_and_kinds(seed, gold):
    table = source_table(seed, gold).set_index("speaker")
    assert list(table.columns) == SOURCE_COLUMNS[:1] + SOURCE_COLUMNS[2:]
    expected = {  # speaker: (statements, direct, indirect, mixed), counted in the article
        "Xi Jinping": (13, 0, 13, 0),
        "Yang Cheng": (3, 0, 2, 1),
        "Rashid Yusupov": (3, 1, 1, 1),
        "Djoomart Otorbaev": (3, 1, 1, 1),
        "Global Times reporters": (2, 0, 2, 0),
        "Xinhua": (2, 0, 2, 0),
        "Aygul Rahimova": (2, 0, 2, 0),
        "Guo Jiakun": (1, 0, 1, 0),
        "Turkmen youth": (1, 0, 1, 0),
    }
    assert set(table.index) == set(expected)
    for speaker, counts in expected.items():
        assert tuple(table.loc[speaker, ["n_statements", "n_direct", "n_indirect", "n_mixed"]]) == counts, speaker
    assert table.index[0] == "Xi Jinping"  # sorted by words: the president dominates
    assert table.loc["Guo Jiakun", "n_words"] == 25  # "the summit opens up ... shared future", counted by hand
    assert table.loc["Turkmen youth", "n_words"] == 16
    assert table.loc["Xi Jinping", "first_paragraph"] == 0
    assert table.loc["Rashid Yusupov", "speaker_country"] == "Kyrgyzstan"
    assert table.loc["Djoomart Otorbaev", "speaker_type"] == "former_official"
    assert table.loc["Yang Cheng", "via"] == "Global Times"
    assert table.loc["Xi Jinping", "share_words"] == pytest.approx(table.loc["Xi Jinping", "n_words"] / seed.n_words)
    assert table["share_attributed"].sum() == pytest.approx(1.0)


def test_seed_mix_by_speaker_type_and_country(seed, gold):
    by_type = source_mix(seed, "speaker_type", records=gold).set_index("speaker_type")
    counts = by_type["n"].to_dict()
    assert counts == {"official": 14, "former_official": 3, "scholar": 6, "journalist": 4, "media": 2, "citizen": 1}
    assert by_type.loc["official", "share"] == pytest.approx(14 / 30)
    assert by_type["share_words"].sum() == pytest.approx(1.0)
    # ordered categorical in the house order, so charts keep it
    assert list(by_type.index) == ["official", "former_official", "scholar", "journalist", "media", "citizen"]
    by_country = source_mix(seed, "speaker_country", records=gold).set_index("speaker_country")
    assert by_country["n"].to_dict() == {"China": 21, "Kyrgyzstan": 6, "Turkmenistan": 3}
    assert by_country.loc["Kyrgyzstan", "share"] == pytest.approx(0.2)


def test_seed_channels(seed, gold):
    statements = assign_channels(seed, gold).set_index("start")
    # Yang's "told the Global Times" is an interview, and his other statements go with it
    assert set(statements.loc[statements["speaker"] == "Yang Cheng", "channel"]) == {"outlet_interview"}
    # "..., Otorbaev added." has no interview word, but his interview with the same outlet was named before
    added = statements[statements["cue"] == "added"].iloc[0]
    assert (added["channel"], added["outlet"]) == ("outlet_interview", "Global Times")
    assert set(statements.loc[statements["speaker"] == "Xinhua", "channel"]) == {"outlet_report"}
    reporters = statements[statements["speaker"] == "Global Times reporters"]
    assert set(reporters["channel"]) == {"outlet_report"} and set(reporters["outlet"]) == {"Global Times"}
    assert set(statements.loc[statements["speaker"] == "Xi Jinping", "channel"]) == {"statement_or_meeting"}
    mix = source_mix(seed, "channel", records=gold).set_index("channel")
    assert mix["n"].to_dict() == {
        "outlet_interview": 11, "outlet_report": 4, "statement_or_meeting": 14, "not_stated": 1, "narrator": 11,
    }
    assert mix["share_words"].sum() == pytest.approx(1.0)


def test_seed_voice_share(seed, gold):
    frame = voice_share(seed, gold)
    assert list(frame.columns) == VOICE_SHARE_COLUMNS
    share = frame.set_index("voice")
    # 40 body sentences; 11 hold no attributed content (counted by reading: "Xi made the remarks ...",
    # "Xi and leaders ... signed", "Xi was accompanied ...", the inaugural summit, "Ahead of the summit",
    # "Xi arrived ...", "Inside and outside ...", the three trade/Belt and Road sentences, "Collaboration ...")
    assert share.loc["narrator", "n_sentences"] == 11
    assert share.loc["attributed", "n_sentences"] == 29
    assert share["n_words"].sum() == seed.n_words
    # the seed's statements do not overlap, so attributed words are the sum of the statements' words
    assert share.loc["attributed", "n_words"] == source_table(seed, gold)["n_words"].sum()
    assert share["share_words"].sum() == pytest.approx(1.0)


def test_seed_mentions_vs_voice(seed, gold, seed_mentions):
    table = mention_table(seed, gold, seed_mentions)
    assert list(table.columns) == MENTION_COLUMNS
    rows = table.set_index("entity")
    assert (rows.loc["Xi Jinping", "n_mentions"], rows.loc["Xi Jinping", "voice"]) == (21, "reported")
    assert rows.loc["Xi Jinping", "n_statements"] == 13
    presidents = ["Kassym-Jomart Tokayev", "Sadyr Japarov", "Emomali Rahmon", "Serdar Berdimuhamedov", "Shavkat Mirziyoyev"]
    for name in presidents:  # named twice each, never given a statement
        assert (rows.loc[name, "n_mentions"], rows.loc[name, "voice"], rows.loc[name, "n_statements"]) == (2, "mentioned_only", 0)
    assert rows.loc["Djoomart Otorbaev", "voice"] == "direct" and rows.loc["Djoomart Otorbaev", "n_mentions"] == 4
    assert rows.loc["Rashid Yusupov", "voice"] == "direct"
    assert rows.loc["Aygul Rahimova", "voice"] == "reported"
    # a paraphrase with quoted words (mixed) is reported speech, not a direct quotation
    assert rows.loc["Yang Cheng", ["voice", "n_direct", "n_reported"]].tolist() == ["reported", 0, 3]
    # the Global Times is both a channel (5 interview statements) and a source (its reporters, 2 statements)
    assert (rows.loc["Global Times", "n_via"], rows.loc["Global Times", "n_statements"]) == (5, 2)
    assert (rows.loc["Xinhua", "n_via"], rows.loc["Xinhua", "n_statements"]) == (0, 2)
    # a source the mention list lacks still gets a row, with no mentions
    assert rows.loc["Turkmen youth", "n_mentions"] == 0 and pd.isna(rows.loc["Turkmen youth", "first_start"])
    for row in table.dropna(subset=["first_start"]).itertuples():
        assert seed.text[row.first_start : row.first_end] == row.first_mention
    assert table["first_start"].dropna().is_monotonic_increasing


def test_seed_countries_mentioned_vs_heard(seed, gold, seed_mentions):
    countries = country_voice(seed, gold, seed_mentions).set_index("country")
    assert set(countries.index) == {"China", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"}
    for silent in ("Kazakhstan", "Tajikistan", "Uzbekistan"):
        assert countries.loc[silent, "voice"] == "mentioned_only" and countries.loc[silent, "n_statements"] == 0
    assert countries.loc["Kyrgyzstan", ["n_sources", "n_statements", "voice"]].tolist() == [2, 6, "direct"]
    assert countries.loc["Kyrgyzstan", "n_mentions"] == 6  # Kyrgyz x3, Kyrgyzstan x3 (not in hyphenated compounds)
    # Kyrgyz people named: Japarov (silent), Yusupov, Otorbaev, Kyrgyz State University (silent)
    assert countries.loc["Kyrgyzstan", ["n_named", "n_named_heard"]].tolist() == [4, 2]
    assert countries.loc["China", ["n_sources", "n_statements"]].tolist() == [5, 21]
    assert countries["share_attributed"].sum() == pytest.approx(1.0)


# -- hand-written articles -------------------------------------------------------------------

SEVERAL_ROLES = (
    " date 2024-03-04 Lena Marsh, the finance minister, said on Monday that the budget would be balanced by 2026.\n\n"
    "Speaking later as chair of the Unity Party, Marsh said the party would back the plan in parliament.\n\n"
    "Opposition leader Karl Dunn said the figures did not add up.\n"
)


def test_source_with_several_roles_is_one_row_with_both_roles():
    article = parse_article(SEVERAL_ROLES, article_id="t")
    records = pd.DataFrame([
        record(SEVERAL_ROLES, "the budget would be balanced by 2026", "Lena Marsh", role="finance minister"),
        record(SEVERAL_ROLES, "the party would back the plan in parliament", "Lena Marsh", speaker_type="organization", role="party chair"),
        record(SEVERAL_ROLES, "the figures did not add up", "Karl Dunn", role="opposition leader"),
    ])
    table = source_table(article, records).set_index("speaker")
    assert len(table) == 2
    assert table.loc["Lena Marsh", "role"] == "finance minister; party chair"
    assert table.loc["Lena Marsh", "n_statements"] == 2
    assert table.loc["Lena Marsh", "speaker_type"] == "official"  # tie: the first statement's type
    assert table.loc["Lena Marsh", "first_paragraph"] == 0 and table.loc["Karl Dunn", "first_paragraph"] == 2


SAME_SURNAME = (
    " date 2024-03-05 Anna Brekk, a professor of marine biology, said the cod stock had recovered.\n\n"
    "Her brother Tomas Brekk, a trawler captain, said the catch limits were still too low.\n\n"
    "\"The numbers are clear,\" Anna Brekk said.\n"
)


def test_two_people_with_the_same_surname_stay_apart():
    text = SAME_SURNAME
    article = parse_article(text, article_id="t")
    records = pd.DataFrame([
        record(text, "the cod stock had recovered", "Anna Brekk", speaker_type="scholar"),
        record(text, "the catch limits were still too low", "Tomas Brekk", speaker_type="citizen"),
        record(text, "The numbers are clear,", "Anna Brekk", "direct", speaker_type="scholar"),
    ])
    mentions = pd.DataFrame([
        mention(text, "Anna Brekk", "Anna Brekk"), mention(text, "Tomas Brekk", "Tomas Brekk"),
        mention(text, "Anna Brekk", "Anna Brekk", nth=1),
    ])
    table = source_table(article, records).set_index("speaker")
    assert table["n_statements"].to_dict() == {"Anna Brekk": 2, "Tomas Brekk": 1}
    voices = mention_table(article, records, mentions).set_index("entity")
    assert voices.loc["Anna Brekk", ["n_mentions", "n_statements", "voice"]].tolist() == [2, 2, "direct"]
    assert voices.loc["Tomas Brekk", ["n_mentions", "n_statements", "voice"]].tolist() == [1, 1, "reported"]
    # a bare surname could be either of them: it is not given to one of them silently
    short = records.copy()
    short.loc[1, "speaker"] = "Brekk"
    voices = mention_table(article, short, mentions).set_index("entity")
    assert voices.loc["Tomas Brekk", "voice"] == "mentioned_only"
    assert voices.loc["Brekk", "n_statements"] == 1 and voices.loc["Brekk", "n_mentions"] == 0
    # ... unless the record's source span points at one of them
    short["speaker_start"] = None
    short["speaker_end"] = None
    short.loc[1, "speaker_start"] = text.index("Tomas Brekk")
    short.loc[1, "speaker_end"] = text.index("Tomas Brekk") + len("Tomas Brekk")
    voices = mention_table(article, short, mentions).set_index("entity")
    assert voices.loc["Tomas Brekk", "n_statements"] == 1 and "Brekk" not in voices.index


OUTLET_BOTH = (
    " date 2024-03-06 The Harbour Review reported on Tuesday that the ferry company had cancelled its winter timetable.\n\n"
    "Mayor Ilse Varn told the Harbour Review that the town would subsidise two crossings a day.\n\n"
    "\"We cannot leave the islands cut off,\" Varn said.\n\n"
    "The company did not answer questions.\n"
)


def test_outlet_that_is_both_a_channel_and_a_source():
    text = OUTLET_BOTH
    article = parse_article(text, article_id="t")
    records = pd.DataFrame([
        record(text, "the ferry company had cancelled its winter timetable", "Harbour Review", cue="reported",
               speaker_type="media", via="Harbour Review"),
        record(text, "the town would subsidise two crossings a day", "Ilse Varn", cue="told the Harbour Review",
               via="Harbour Review"),
        record(text, "We cannot leave the islands cut off,", "Ilse Varn", "direct"),
    ])
    mentions = pd.DataFrame([
        mention(text, "Harbour Review", "Harbour Review", "outlet"), mention(text, "Ilse Varn", "Ilse Varn"),
        mention(text, "Harbour Review", "Harbour Review", "outlet", nth=1), mention(text, "Varn", "Ilse Varn", nth=1),
    ])
    statements = assign_channels(article, records)
    assert statements["channel"].tolist() == ["outlet_report", "outlet_interview", "outlet_interview"]
    assert statements["outlet"].tolist() == ["Harbour Review"] * 3
    voices = mention_table(article, records, mentions).set_index("entity")
    assert voices.loc["Harbour Review", ["n_mentions", "n_statements", "n_via", "voice"]].tolist() == [2, 1, 1, "reported"]
    assert voices.loc["Ilse Varn", ["n_mentions", "n_statements", "n_via", "voice"]].tolist() == [2, 2, 0, "direct"]


def test_channels_are_rules_not_names(seed, gold):
    """Renaming the outlets (same length, so offsets hold) leaves every channel as it was."""
    swaps = {"Global Times": "Harbour News", "Xinhua": "Korrad"}

    def swap(value):
        if not isinstance(value, str):
            return value
        for old, new in swaps.items():
            value = value.replace(old, new)
        return value

    renamed = parse_article(swap(seed.text), article_id=SEED_ID)
    records = gold.copy()
    for column in ("quote", "cue", "speaker", "speaker_mention", "via"):
        records[column] = records[column].map(swap)
    before = assign_channels(seed, gold)
    after = assign_channels(renamed, records)
    assert after["channel"].tolist() == before["channel"].tolist()
    assert after["outlet"].map(swap).tolist() == before["outlet"].map(swap).tolist()


def test_article_with_no_attribution_is_all_narrator():
    article = load_article(ARTICLES_DIR / "t07_no_attribution.txt")
    records = read_records(GOLD_DIR / "t07_no_attribution.jsonl")
    assert records.empty
    table = source_table(article, records)
    assert table.empty and list(table.columns) == SOURCE_COLUMNS
    share = voice_share(article, records).set_index("voice")
    assert share.loc["narrator", "share_words"] == 1.0 and share.loc["narrator", "share_sentences"] == 1.0
    assert share.loc["attributed", "n_words"] == 0
    mix = source_mix(article, "channel", records=records)
    assert mix["channel"].tolist() == ["narrator"] and mix["share"].tolist() == [1.0]
    assert source_mix(article, "speaker_type", records=records).empty
    voices = mention_table(article, records, pd.DataFrame(columns=["article_id", "start", "end", "entity", "entity_kind"]))
    assert voices.empty and list(voices.columns) == MENTION_COLUMNS
    assert country_voice(article, records, pd.DataFrame(columns=["start", "end", "entity"])).empty


# -- corpus ----------------------------------------------------------------------------------


def test_corpus_sums_and_means(seed, gold):
    nested = load_article(ARTICLES_DIR / "t04_nested_attribution.txt")
    records = read_records(GOLD_DIR)  # every gold file: each article takes its own rows
    summary, per_article = corpus_source_mix([seed, nested], "speaker_type", records=records)
    assert set(per_article["article_id"]) == {SEED_ID, "t04_nested_attribution"}
    official = summary.set_index("speaker_type").loc["official"]
    # officials: 14 statements in the seed; in t04 "officials" twice, Hoving once, Sarel five times
    assert official["n"] == 14 + 8 and official["n_articles"] == 2
    assert official["share"] == pytest.approx(22 / (30 + 13))
    shares = per_article[per_article["speaker_type"] == "official"]["share"]
    assert official["mean_share"] == pytest.approx(shares.mean())
    # a type found in one article only: its mean counts the other article as 0
    journalist = summary.set_index("speaker_type").loc["journalist"]
    assert journalist["n_articles"] == 1 and journalist["mean_share"] == pytest.approx(4 / 30 / 2)
    # the per-article table, kept, gives the same summary again
    again, _ = corpus_source_mix(per_article, "speaker_type")
    pd.testing.assert_frame_equal(again, summary)
    voice_summary, voice_per_article = corpus_voice_share([seed, nested], records=records)
    assert len(voice_per_article) == 4
    narrator = voice_summary.set_index("voice").loc["narrator"]
    assert narrator["n_words"] == voice_per_article[voice_per_article["voice"] == "narrator"]["n_words"].sum()


def test_tables_round_trip_through_parquet_with_the_same_columns(tmp_path, seed, gold, seed_mentions):
    for name, frame in {
        "sources": source_table(seed, gold),
        "mentions": mention_table(seed, gold, seed_mentions),
        "countries": country_voice(seed, gold, seed_mentions),
        "voice": voice_share(seed, gold),
    }.items():
        path = tmp_path / f"{name}.parquet"
        frame.to_parquet(path)
        back = pd.read_parquet(path)
        assert list(back.columns) == list(frame.columns)
        assert len(back) == len(frame)


def test_corpus_mentions_and_countries(seed, seed_mentions):
    nested = load_article(ARTICLES_DIR / "t04_nested_attribution.txt")
    records = read_records(GOLD_DIR)
    summary, per_article = corpus_mention_voice([seed, nested], records=records, mentions=seed_mentions)
    people = summary[summary["entity_kind"] == "person"].set_index("voice")
    # the seed names 11 people (t04 has no hand-checked mentions): 5 presidents never heard
    assert people["n_entities"].sum() == 11
    assert people.loc["mentioned_only", "n_entities"] == 5
    assert people.loc["mentioned_only", "share"] == pytest.approx(5 / 11)
    assert people.loc["direct", "n_entities"] == 2  # Yusupov, Otorbaev
    countries, _ = corpus_country_voice([seed, nested], records=records, mentions=seed_mentions)
    countries = countries.set_index("country")
    assert countries.loc["Kazakhstan", ["n_articles_mentioned", "n_articles_heard", "n_statements"]].tolist() == [1, 0, 0]
    assert countries.loc["China", ["n_articles_mentioned", "n_articles_heard", "n_statements"]].tolist() == [1, 1, 21]
    # Quellin speaks in t04 (Sarel five times, QBC, Bekk three times) but no mention list covers it
    assert countries.loc["Quellin", ["n_articles_mentioned", "n_articles_heard", "n_statements"]].tolist() == [0, 1, 9]


# -- bad input -------------------------------------------------------------------------------


def test_records_from_another_text_are_refused_with_a_clear_error(seed, gold):
    shifted = gold.copy()
    shifted["start"] += 1
    shifted["end"] += 1
    with pytest.raises(ValueError, match=f"{SEED_ID}.*does not match the text"):
        source_table(seed, shifted)
    beyond = gold.head(1).copy()
    beyond["end"] = len(seed.text) + 10
    beyond["quote"] = None
    with pytest.raises(ValueError, match="outside the text"):
        voice_share(seed, beyond)
    with pytest.raises(ValueError, match="no such column"):
        source_mix(seed, "colour", records=gold)


def test_records_without_optional_fields_are_read():
    text = SEVERAL_ROLES
    article = parse_article(text, article_id="t")
    bare = pd.DataFrame([{"start": text.index("the figures"), "end": text.index("the figures") + 26, "kind": "indirect",
                          "speaker": "Karl Dunn"}])
    table = source_table(article, bare)
    assert table.loc[0, "n_statements"] == 1 and table.loc[0, "speaker_type"] == "unknown"


# -- end to end: the real extractor and mention finder ---------------------------------------


def test_end_to_end_on_the_seed(seed):
    pytest.importorskip("analysis.quotes")
    pytest.importorskip("analysis.speakers")
    table = source_table(seed)
    assert table.iloc[0]["speaker"] == "Xi Jinping"  # the president has most of the attributed words
    share = voice_share(seed).set_index("voice")
    assert 0.2 < share.loc["narrator", "share_words"] < 0.7
    voices = mention_table(seed).set_index("entity")
    silent = voices[(voices["entity_kind"] == "person") & (voices["voice"] == "mentioned_only")]
    assert len(silent) >= 5  # at least the five Central Asian presidents
    assert voices.loc["Xi Jinping", "voice"] != "mentioned_only" and voices.loc["Xi Jinping", "n_statements"] >= 10
    # the source span "Chinese Foreign Ministry Spokesperson Guo Jiakun" goes to the person, not the ministry
    assert voices.loc["Guo Jiakun", "n_statements"] >= 1


@pytest.mark.parametrize("path", [SEED_PATH, *sorted(ARTICLES_DIR.glob("*.txt"))], ids=lambda p: p.stem)
def test_mention_table_reads_the_same_mentions_found_or_given(path):
    pytest.importorskip("analysis.quotes")
    pytest.importorskip("analysis.speakers")
    from analysis.quotes import attribute_quotes
    from analysis.speakers import find_mentions

    article = load_article(path)
    records = attribute_quotes(article)
    found_here = mention_table(article, records)
    given = mention_table(article, records, find_mentions(article))
    pd.testing.assert_frame_equal(found_here, given, check_exact=True)
    if path == SEED_PATH:
        assert (found_here["n_mentions"] > 0).sum() >= 10


ODD_TEXTS = {
    "all_caps": " date 2024-01-01 THE MINISTER SAID ON MONDAY THAT \"TALKS WILL GO ON,\" ACCORDING TO STATE MEDIA.\n",
    "unbalanced": " date 2024-01-01 \"We will not leave, said the mayor.\n\nShe added that \"nothing had changed.\n",
    "no_quotes": " date 2024-01-01 Rain fell on the city. The river rose.\n",
    "non_english": " date 2024-01-01 Der Minister sagte am Montag, die Gespräche würden fortgesetzt.\n\n“Wir bleiben”, sagte er.\n",
    "long": " date 2024-01-01 " + "\n\n".join(
        f"Minister Ana Vell said on day {i} that the harbour would reopen. \"It is ready,\" she said." for i in range(2500)
    ) + "\n",
}


@pytest.mark.parametrize("name", sorted(ODD_TEXTS))
def test_odd_text_gives_tables_not_crashes(name):
    pytest.importorskip("analysis.quotes")
    pytest.importorskip("analysis.speakers")
    from analysis.quotes import attribute_quotes
    from analysis.speakers import find_mentions

    article = parse_article(ODD_TEXTS[name], article_id=name)
    records, mentions = attribute_quotes(article), find_mentions(article)
    assert list(source_table(article, records).columns) == SOURCE_COLUMNS
    share = voice_share(article, records)
    assert share["n_words"].sum() == article.n_words
    assert list(mention_table(article, records, mentions).columns) == MENTION_COLUMNS
    country_voice(article, records, mentions)
    assert source_mix(article, "channel", records=records)["share"].sum() == pytest.approx(1.0)


def test_cli_sources_and_mentions(seed):
    pytest.importorskip("analysis.quotes")
    pytest.importorskip("analysis.speakers")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "analysis", "sources", str(SEED_PATH), "--format", "jsonl"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert list(rows[0]) == SOURCE_COLUMNS and rows[0]["article_id"] == SEED_ID
    out = subprocess.run([sys.executable, "-m", "analysis", "mentions", str(SEED_PATH), "--format", "csv"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == ",".join(MENTION_COLUMNS)
