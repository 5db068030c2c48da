"""Tests for analysis.speakers: speaker resolution, entity mentions and outlet names."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import parse_article
from analysis.article import load_article
from analysis.paths import SEEDS_DIR
from analysis.speakers import (
    MENTION_COLUMNS,
    SPEAKER_TYPES,
    Speaker,
    SpeakerResolver,
    find_mentions,
    outlet_name,
)

SEED = SEEDS_DIR / "000_4a60538e41788e46.txt"


@pytest.fixture(scope="module")
def seed():
    return load_article(SEED)


@pytest.fixture(scope="module")
def seed_resolver(seed):
    return SpeakerResolver(seed)


def span(article, surface: str, occurrence: int = 0, after: str | None = None) -> tuple[int, int]:
    """The span of the ``occurrence``-th ``surface`` in the text (after the first ``after``, if given)."""
    pos = article.text.index(after) if after else 0
    for _ in range(occurrence + 1):
        pos = article.text.index(surface, pos)
        found = pos
        pos += 1
    return found, found + len(surface)


def resolve(resolver, surface, occurrence=0, after=None, previous=()):
    return resolver.resolve(*span(resolver.article, surface, occurrence, after), previous=previous)


def article(text: str, article_id: str = "t"):
    return parse_article(" date 2024-05-01 " + text, article_id=article_id)


# -- the seed ------------------------------------------------------------------------------


def test_seed_full_name_with_title(seed_resolver):
    sp = resolve(seed_resolver, "Chinese President Xi Jinping")
    assert (sp.name, sp.role, sp.speaker_type, sp.country, sp.entity_kind) == (
        "Xi Jinping", "President", "official", "China", "person")


def test_seed_short_name_takes_fullest_form(seed_resolver):
    sp = resolve(seed_resolver, "Xi", after="Fruitful summit")
    assert sp.name == "Xi Jinping" and sp.mention == "Xi" and sp.speaker_type == "official"


def test_seed_appositive_gives_role_and_affiliation(seed_resolver):
    sp = resolve(seed_resolver, "Yang Cheng")
    assert sp.name == "Yang Cheng"
    assert sp.role == "Executive Dean"
    assert sp.affiliation == "Shanghai Academy of Global Governance and Area Studies"
    assert (sp.speaker_type, sp.country) == ("scholar", "China")   # Shanghai places the academy in China


def test_seed_later_surname(seed_resolver):
    sp = resolve(seed_resolver, "Yang", after="Referring to")
    assert (sp.name, sp.speaker_type, sp.country) == ("Yang Cheng", "scholar", "China")


def test_seed_title_with_ministry(seed_resolver):
    sp = resolve(seed_resolver, "Chinese Foreign Ministry Spokesperson Guo Jiakun")
    assert (sp.name, sp.role, sp.speaker_type, sp.country) == (
        "Guo Jiakun", "Foreign Ministry Spokesperson", "official", "China")


def test_seed_of_affiliation_with_possessive(seed_resolver):
    sp = resolve(seed_resolver, "Rashid Yusupov of Kyrgyz State University's Center for Belt and Road Studies")
    assert (sp.name, sp.affiliation, sp.speaker_type, sp.country) == (
        "Rashid Yusupov", "Kyrgyz State University", "scholar", "Kyrgyzstan")


def test_seed_role_noun_finds_latest_scholar(seed_resolver):
    yusupov = resolve(seed_resolver, "Rashid Yusupov")
    sp = resolve(seed_resolver, "the scholar", previous=[yusupov])
    assert (sp.name, sp.speaker_type, sp.country, sp.mention) == ("Rashid Yusupov", "scholar", "Kyrgyzstan", "the scholar")


def test_seed_former_official(seed_resolver):
    sp = resolve(seed_resolver, "Djoomart Otorbaev")
    assert (sp.name, sp.role, sp.speaker_type, sp.country) == (
        "Djoomart Otorbaev", "former prime minister", "former_official", "Kyrgyzstan")
    short = resolve(seed_resolver, "Otorbaev", after="In a recent interview")
    assert short.name == "Djoomart Otorbaev"


def test_seed_pronoun_he_after_otorbaev(seed_resolver):
    otorbaev = resolve(seed_resolver, "Djoomart Otorbaev")
    sp = resolve(seed_resolver, "he", after="In a recent interview", previous=[otorbaev])
    assert sp.name == "Djoomart Otorbaev" and sp.mention == "he"


def test_seed_journalist_and_she(seed_resolver):
    rahimova = resolve(seed_resolver, "Aygul Rahimova")
    assert (rahimova.name, rahimova.speaker_type, rahimova.country, rahimova.role) == (
        "Aygul Rahimova", "journalist", "Turkmenistan", "journalist")
    she = resolve(seed_resolver, "She", after="Aygul Rahimova", previous=[rahimova])
    assert she.name == "Aygul Rahimova"


def test_seed_she_skips_a_man_mentioned_in_between(seed_resolver):
    # "... echoed Otorbaev's view ... She told": with no previous speakers, gender decides.
    she = resolve(seed_resolver, "She", after="Aygul Rahimova")
    assert she.name == "Aygul Rahimova"


def test_seed_they_is_the_group_named_before(seed_resolver):
    rahimova = resolve(seed_resolver, "Aygul Rahimova")
    sp = resolve(seed_resolver, "They", after="Turkmen youth", previous=[rahimova])
    assert (sp.name, sp.speaker_type, sp.country, sp.entity_kind) == ("Turkmen youth", "citizen", "Turkmenistan", "group")


def test_seed_outlet_reporters_are_journalists(seed_resolver):
    sp = resolve(seed_resolver, "Global Times reporters")
    assert (sp.name, sp.speaker_type, sp.country, sp.affiliation) == ("Global Times reporters", "journalist", "China", "Global Times")
    sp2 = resolve(seed_resolver, "Global Times reporters in Astana")
    assert sp2.name == "Global Times reporters" and sp2.speaker_type == "journalist"


def test_seed_outlet_as_source(seed_resolver):
    sp = resolve(seed_resolver, "Xinhua", occurrence=1)
    assert (sp.name, sp.speaker_type, sp.country, sp.entity_kind) == ("Xinhua", "media", "China", "outlet")


def test_seed_pronoun_he_for_xi(seed_resolver):
    xi = resolve(seed_resolver, "Xi", after="Turkmen President Berdimuhamedov")
    sp = resolve(seed_resolver, "He", after="Turkmen President Berdimuhamedov", previous=[xi])
    assert sp.name == "Xi Jinping"


# -- mentions on the seed --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_mentions(seed):
    return find_mentions(seed)


def test_mentions_columns_and_offsets(seed, seed_mentions):
    assert list(seed_mentions.columns) == MENTION_COLUMNS
    assert (seed_mentions["article_id"] == seed.article_id).all()
    for row in seed_mentions.itertuples():
        assert seed.text[row.start : row.end] == row.text
    assert set(seed_mentions["entity_kind"]) <= {"person", "country", "institution", "outlet"}
    assert set(seed_mentions["speaker_type"]) <= set(SPEAKER_TYPES)


def test_mentions_five_presidents_are_people(seed_mentions):
    people = seed_mentions[seed_mentions["entity_kind"] == "person"]
    presidents = {"Kassym-Jomart Tokayev", "Sadyr Japarov", "Emomali Rahmon", "Serdar Berdimuhamedov", "Shavkat Mirziyoyev"}
    assert presidents <= set(people["entity"])
    for name in presidents:
        rows = people[people["entity"] == name]
        assert (rows["role"] == "President").all() and (rows["speaker_type"] == "official").all()
    # "Kyrgyz President Japarov" is merged into the full name given earlier
    assert "Japarov" in set(people.loc[people["entity"] == "Sadyr Japarov", "text"])


def test_mentions_demonym_mentions_country(seed_mentions):
    kazakh = seed_mentions[(seed_mentions["text"] == "Kazakh")]
    assert len(kazakh) >= 2 and set(kazakh["entity"]) == {"Kazakhstan"} and set(kazakh["entity_kind"]) == {"country"}
    # capitals are not counted as mentions of the country
    assert "Astana" not in set(seed_mentions["text"])


def test_mentions_no_false_people(seed_mentions):
    people = set(seed_mentions.loc[seed_mentions["entity_kind"] == "person", "entity"])
    for not_a_person in ("Central Asian", "Central Asia", "Belt and Road", "Inside", "Collaboration", "Fruitful"):
        assert not_a_person not in people
    assert len(people) == 11


def test_mentions_acronym_and_pronoun_merge(seed_mentions):
    sco = seed_mentions[seed_mentions["text"] == "SCO"]
    assert len(sco) == 1 and sco["entity"].iloc[0].startswith("Shanghai Cooperation Organization")
    his = seed_mentions[seed_mentions["text"] == "his"]
    assert list(his["entity"]) == ["Xi Jinping"]
    xi = seed_mentions[seed_mentions["entity"] == "Xi Jinping"]
    assert len(xi) >= 18


def test_mentions_of_a_list_of_articles(seed):
    both = find_mentions([seed, article("No names here at all.", "empty")])
    assert set(both["article_id"]) == {seed.article_id}


# -- other shapes of news English ------------------------------------------------------------

TWO_SMITHS = (
    "John Smith, a professor of economics at Leeds University, said prices would rise.\n\n"
    "Mary Smith, the mayor of Leeds, said the council would act. Smith added that funds were ready.\n\n"
    "\"We are prepared,\" Mary Smith said. Later John Smith said the plan was late. Smith noted it was costly."
)


def test_same_surname_takes_latest_full_name():
    art = article(TWO_SMITHS)
    r = SpeakerResolver(art)
    sp = r.resolve(*_word(art, "Smith", before="added"))
    assert (sp.name, sp.speaker_type, sp.role) == ("Mary Smith", "official", "mayor")
    sp2 = r.resolve(*_word(art, "Smith", before="noted"))
    assert (sp2.name, sp2.speaker_type) == ("John Smith", "scholar")
    # No country is named anywhere in the text (Leeds is not in the city list): left open.
    assert sp2.affiliation == "Leeds University" and sp2.country is None


def _word(art, word: str, before: str) -> tuple[int, int]:
    pos = art.text.index(f"{word} {before}")
    return pos, pos + len(word)


def test_pronoun_after_two_candidates_uses_gender():
    art = article(
        "Ms. Anna Berg, a researcher at the Nordic Institute, met Mr. Tom Kale, the port director. "
        "Kale said trade would grow. She said the data showed otherwise."
    )
    r = SpeakerResolver(art)
    kale = r.resolve(*_word(art, "Kale", before="said"))
    assert kale.name == "Tom Kale"
    she = r.resolve(*span(art, "She"), previous=[kale])
    assert she.name == "Anna Berg" and she.speaker_type == "scholar"
    he = r.resolve(*span(art, "She"), previous=[kale, she])
    assert he.name == "Anna Berg"


def test_role_noun_minister_after_minister_and_scholar():
    art = article(
        "Italian Finance Minister Paolo Renzi announced new taxes on Monday. "
        "Professor Ada Lenz of the University of Bologna called the plan risky. "
        "The minister said the taxes were needed. The professor disagreed."
    )
    r = SpeakerResolver(art)
    minister = r.resolve(*span(art, "The minister"))
    assert (minister.name, minister.speaker_type, minister.country) == ("Paolo Renzi", "official", "Italy")
    prof = r.resolve(*span(art, "The professor"))
    assert (prof.name, prof.speaker_type) == ("Ada Lenz", "scholar")


def test_honorific_short_form_and_name_given_after():
    art = article(
        "Mr. Okafor said the vote was fair. The envoy of Nigeria, Mr. Chidi Okafor, arrived on Friday. "
        "Ms. Lindqvist, a spokeswoman for the Swedish Foreign Ministry, declined to comment."
    )
    r = SpeakerResolver(art)
    sp = r.resolve(*span(art, "Mr. Okafor"))
    assert sp.name == "Chidi Okafor"
    ms = r.resolve(*span(art, "Ms. Lindqvist"))
    assert (ms.name, ms.speaker_type, ms.country) == ("Lindqvist", "official", "Sweden")


def test_names_with_particles_hyphens_and_chinese_order():
    art = article(
        "European Commission President Ursula von der Leyen said the bloc was united. "
        "Saudi Crown Prince Mohammed bin Salman met French President Jean-Pierre Dufort in Riyadh. "
        "Chinese Foreign Minister Wang Yi also spoke. Wang said the talks were useful. "
        "Von der Leyen said she was hopeful, and Dufort said Paris agreed."
    )
    r = SpeakerResolver(art)
    vdl = r.resolve(*span(art, "Von der Leyen"))
    assert vdl.name == "Ursula von der Leyen" and vdl.speaker_type == "organization" and vdl.country is None
    mbs = r.resolve(*span(art, "Saudi Crown Prince Mohammed bin Salman"))
    assert (mbs.name, mbs.speaker_type, mbs.country) == ("Mohammed bin Salman", "official", "Saudi Arabia")
    wang = r.resolve(*_word(art, "Wang", before="said"))
    assert (wang.name, wang.country) == ("Wang Yi", "China")
    dufort = r.resolve(*_word(art, "Dufort", before="said"))
    assert (dufort.name, dufort.country) == ("Jean-Pierre Dufort", "France")


def test_all_caps_text():
    art = article(
        "FOREIGN MINISTER JANE DOE SAID THE BORDER WOULD STAY OPEN, REUTERS REPORTED. "
        "THE NORTHERN COAST GUARD SAID TWO BOATS WERE MISSING. LATER THE COAST GUARD SAID BOTH WERE FOUND. "
        "DOE SAID SHE WAS RELIEVED."
    )
    r = SpeakerResolver(art)
    sp = r.resolve(*span(art, "FOREIGN MINISTER JANE DOE"))
    assert sp.name == "Jane Doe" and sp.speaker_type == "official"
    assert r.resolve(*span(art, "REUTERS")).name == "Reuters"
    guard = r.resolve(*span(art, "THE NORTHERN COAST GUARD"))
    assert (guard.name, guard.speaker_type, guard.entity_kind) == ("Northern Coast Guard", "official", "institution")
    again = r.resolve(*span(art, "THE COAST GUARD"), previous=[sp, guard])
    assert again.name == "Northern Coast Guard"
    short = r.resolve(*_word(art, "DOE", before="SAID SHE"), previous=[sp, guard, again])
    assert short.name == "Jane Doe"
    frame = find_mentions(art)
    assert list(frame.columns) == MENTION_COLUMNS


def test_institutions_countries_and_groups():
    art = article(
        "The Foreign Ministry of Peru said on Monday it would respond. "
        "South Korea said the drill was routine, while Beijing said it was a provocation. "
        "German officials said the flights were suspended. Critics said the ban came late. "
        "A Turkish official told Reuters the talks had stalled. The US said it was watching. "
        "The emergencies ministry said rescuers were at the site."
    )
    r = SpeakerResolver(art)
    mof = r.resolve(*span(art, "The Foreign Ministry of Peru"))
    assert (mof.name, mof.speaker_type, mof.country, mof.entity_kind) == ("Foreign Ministry of Peru", "official", "Peru", "institution")
    assert r.resolve(*span(art, "South Korea")).name == "South Korea"
    beijing = r.resolve(*span(art, "Beijing"))
    assert (beijing.name, beijing.country, beijing.speaker_type) == ("Beijing", "China", "official")
    off = r.resolve(*span(art, "German officials"))
    assert (off.name, off.speaker_type, off.country, off.entity_kind) == ("officials", "official", "Germany", "group")
    critics = r.resolve(*span(art, "Critics"))
    assert (critics.name, critics.speaker_type) == ("critics", "unknown")
    turk = r.resolve(*span(art, "A Turkish official"))
    assert (turk.name, turk.speaker_type, turk.country) == ("Turkish official", "official", "Turkey")
    us = r.resolve(*span(art, "The US"))
    assert (us.name, us.country, us.entity_kind) == ("United States", "United States", "country")
    emerg = r.resolve(*span(art, "The emergencies ministry"))
    assert emerg.name == "Emergencies Ministry" and emerg.speaker_type == "official"


def test_acronym_and_international_body():
    art = article(
        "The World Health Organization (WHO) said cases were falling. "
        "NATO Secretary-General Lena Frost said allies were ready. Later the WHO said more tests were needed."
    )
    r = SpeakerResolver(art)
    who = r.resolve(*span(art, "WHO", occurrence=1))
    assert (who.name, who.speaker_type, who.country) == ("World Health Organization (WHO)", "organization", None)
    frost = r.resolve(*span(art, "NATO Secretary-General Lena Frost"))
    assert (frost.name, frost.speaker_type, frost.country, frost.affiliation) == ("Lena Frost", "organization", None, "NATO")


def test_outlet_name():
    assert outlet_name("the Global Times") == "Global Times"
    assert outlet_name("Xinhua news agency") == "Xinhua"
    assert outlet_name("Yonhap news agency") == "Yonhap"
    assert outlet_name("The Associated Press") == "Associated Press"
    assert outlet_name("the weather") is None
    assert outlet_name("") is None


# -- odd input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'He said "the talks failed and never closed the mark.\n\nOfficials said nothing.',
        "No quotes and no names at all, only words.",
        "Der Minister sagte am Montag, die Gespräche seien gescheitert. « Nous verrons », a dit Mme Dupont.",
        "x",
    ],
)
def test_odd_text_does_not_crash(text):
    art = article(text)
    frame = find_mentions(art)
    assert list(frame.columns) == MENTION_COLUMNS
    r = SpeakerResolver(art)
    assert isinstance(r.resolve(0, len(art.text)), Speaker)
    assert r.resolve(5, 5).name is None                  # empty span
    assert isinstance(r.resolve(-10, 10**9), Speaker)    # clipped, not an error


def test_empty_result_has_columns():
    frame = find_mentions(article("nothing capitalised here, just words."))
    assert frame.empty and list(frame.columns) == MENTION_COLUMNS
    assert frame["start"].dtype == "int64"


def test_large_article_is_handled(seed):
    body = seed.text.split(" -- ", 1)[1]
    big = article("\n\n".join([body] * 40))   # about 260 KB
    frame = find_mentions(big)
    assert len(frame) > 40 * 100
    assert (frame["entity"] == "Xi Jinping").sum() >= 40 * 18


def test_pronoun_without_antecedent_is_unresolved():
    art = article("He said the plan was sound.")
    he = SpeakerResolver(art).resolve(*span(art, "He"))
    assert he.name is None and he.mention == "He"


def test_mentions_frame_types(seed_mentions):
    assert isinstance(seed_mentions, pd.DataFrame)
    assert seed_mentions["start"].dtype == "int64" and seed_mentions["end"].dtype == "int64"
    assert seed_mentions["start"].is_monotonic_increasing


def test_cli_mention_spans_jsonl(capsys):
    import json

    from analysis.cli import main

    assert main(["mention-spans", str(SEED), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and list(rows[0]) == MENTION_COLUMNS
    assert any(r["entity"] == "Xi Jinping" and r["entity_kind"] == "person" for r in rows)


def test_wire_lead_spokesperson_named_in_next_paragraph():
    art = article(
        "Norway will reopen its embassy in Kabul, a spokesperson for the Norwegian Foreign Ministry said on Monday.\n\n"
        "Foreign Ministry spokesman Eirik Dahl told reporters the staff would return in May.\n\n"
        "A spokesperson for the Danish Defence Ministry declined to comment."
    )
    r = SpeakerResolver(art)
    lead = r.resolve(*span(art, "a spokesperson for the Norwegian Foreign Ministry"))
    assert (lead.name, lead.speaker_type, lead.country) == ("Eirik Dahl", "official", "Norway")
    # nobody is named after the Danish spokesperson: an unnamed person of that ministry
    dane = r.resolve(*span(art, "A spokesperson for the Danish Defence Ministry"))
    assert (dane.name, dane.speaker_type, dane.country) == ("Danish Defence Ministry spokesperson", "official", "Denmark")


def test_mentions_skip_names_of_things():
    art = article(
        'Officials named the plan "Silver Harbor" on Monday. Critics said Common Interest projects cost '
        "too much and that the common interest was ignored. Prime Minister Anna Kowal said the plan would go ahead. "
        '"Kowal has our support," a spokesman said.'
    )
    people = find_mentions(art).query("entity_kind == 'person'")
    assert set(people["entity"]) == {"Anna Kowal"}
    assert len(people) == 2   # the full name and the surname opening the quotation
