"""Source mix: who gets voice in an article, through which channel, from which country, and who is only mentioned.

The functions turn attribution records (one row per attributed statement, as
:func:`analysis.quotes.attribute_quotes` returns them or as the hand-annotated gold files hold
them) and entity mentions (:func:`analysis.speakers.find_mentions`) into the tables a media
researcher reports:

* :func:`assign_channels`: the records, each with the ``channel`` it reached the reader through
  (an interview with an outlet, an outlet's report, a statement, speech or meeting, or not stated);
* :func:`source_table`: one row per source (statements, words, share, first paragraph);
* :func:`source_mix`: counts and shares by speaker type, country or channel;
* :func:`voice_share`: how much of the body is attributed and how much is the narrator's own;
* :func:`mention_table` and :func:`country_voice`: who and which countries are mentioned, and
  whether they are heard;
* :func:`corpus_source_mix`, :func:`corpus_voice_share`, :func:`corpus_mention_voice`,
  :func:`corpus_country_voice`: the same over many articles (sums and per-article means, with the
  per-article table kept).

Every function takes ``records=`` (a records DataFrame; rows of other articles are ignored) so it
can run on hand-annotated gold; without it the records come from ``attribute_quotes``.

Example:
    >>> from analysis import load_article, source_table, source_mix
    >>> article = load_article("seeds/000_4a60538e41788e46.txt")
    >>> source_mix(article, by="speaker_type")  # doctest: +SKIP

Not handled: speakers are grouped by their canonical name exactly as the records give it, so
a speaker the extractor resolves to two different names counts as two sources; words of
overlapping (nested) statements count for each of their sources.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .article import WORD_RE, Article, count_words
from .frames import ColumnArray, column_arrays, nullable_ints, typed_frame
from .paths import LEXICON_DIR
from .plotting import SPEAKER_TYPE_COLORS, SPEAKER_TYPES

CHANNELS = ["outlet_interview", "outlet_report", "statement_or_meeting", "not_stated", "narrator"]
"""Channels through which a statement reaches the reader, in the order charts show them.

``outlet_interview``: the source spoke to an outlet ("told the Global Times", "in an interview with
Reuters"). ``outlet_report``: an outlet's own report ("according to Xinhua", "Xinhua reported",
"AP reporters observed") or a statement an outlet relays. ``statement_or_meeting``: an official or
an organisation speaking in a statement, speech, meeting or briefing, or anyone whose cue names
one. ``not_stated``: attributed, but the text does not say how the words were obtained.
``narrator``: the outlet's own unattributed text (only in mixes that include the narrator)."""

VOICES = ["direct", "reported", "mentioned_only"]
"""How an entity is heard: quoted directly at least once, only reported, or never given a statement."""

ENTITY_KINDS = ["person", "country", "institution", "outlet"]
"""Kinds of mentioned entities, as :func:`analysis.speakers.find_mentions` gives them."""

SPEAKER_TYPE_ORDER = [*SPEAKER_TYPES, "narrator"]
"""Speaker types in chart order, with the narrator last (for mixes that include it)."""

STATEMENT_COLUMNS = [
    "article_id", "start", "end", "quote", "kind", "cue", "speaker", "speaker_mention", "speaker_type",
    "speaker_country", "via", "role", "affiliation", "paragraph", "sentence", "n_words", "channel", "outlet", "speaker_start", "speaker_end",
]
"""Columns of :func:`assign_channels`."""

SOURCE_COLUMNS = [
    "article_id", "speaker", "speaker_type", "speaker_country", "role", "affiliation", "via",
    "n_statements", "n_direct", "n_indirect", "n_mixed", "n_words", "share_words", "share_attributed",
    "first_paragraph", "first_start", "channels",
]
"""Columns of :func:`source_table`."""
_SOURCE_NUMBERS = {
    **dict.fromkeys(("n_statements", "n_direct", "n_indirect", "n_mixed", "n_words", "first_paragraph", "first_start"), "int64"),
    "share_words": "float64",
    "share_attributed": "float64",
}

MENTION_COLUMNS = [
    "article_id", "entity", "entity_kind", "speaker_type", "speaker_country", "n_mentions", "first_start",
    "first_end", "first_mention", "voice", "n_statements", "n_direct", "n_reported", "n_words", "n_via",
]
"""Columns of :func:`mention_table`."""
_MENTION_NUMBERS = dict.fromkeys(("n_mentions", "n_statements", "n_direct", "n_reported", "n_words", "n_via"), "int64")

COUNTRY_COLUMNS = [
    "article_id", "country", "n_mentions", "n_named", "n_named_heard", "n_sources", "n_statements",
    "n_words", "share_attributed", "voice",
]
"""Columns of :func:`country_voice`."""

VOICE_SHARE_COLUMNS = ["article_id", "voice", "n_words", "share_words", "n_sentences", "share_sentences"]
"""Columns of :func:`voice_share`."""

_PASSED_COLUMNS = [
    "kind", "cue", "speaker", "speaker_mention", "speaker_type", "speaker_country", "via", "role", "affiliation",
]
"""Record text columns that :func:`assign_channels` passes through as they are (their dtypes kept)."""
_OPTIONAL_COLUMNS = (*_PASSED_COLUMNS, "speaker_start", "speaker_end")
"""Record columns that a table reads only if it uses them. Every table reads and checks ``article_id``,
``start``, ``end``, ``quote`` (against the text), ``paragraph`` and ``sentence`` (filled in when missing)."""
_MENTION_INPUT_COLUMNS = [
    "article_id", "start", "end", "text", "entity", "entity_kind", "role", "affiliation", "speaker_type",
    "speaker_country",
]
_NAME_TOKEN_RE = re.compile(r"\w+")


# -- statements and channels ------------------------------------------------------------------


def assign_channels(article: Article, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per attributed statement of ``article``, with the channel it reached the reader through.

    The channel is decided by rules over the record's ``via``, ``speaker_type`` and framing (its
    sentence with the reported content cut out, so the cue, the source and adjuncts such as "in
    an interview with ..."), in this order:

    1. ``outlet_interview``: ``via`` names an outlet other than the speaker, and the framing has an
       interview word ("told", "interview", "spoke to"; ``lexicons/channels.csv``), or the same
       speaker has such a statement through that outlet elsewhere in the article.
    2. ``outlet_report``: the speaker is an outlet (``speaker_type`` media, or the speaker is its own
       ``via``), or an outlet relays the statement (``via`` set, no interview).
    3. ``statement_or_meeting``: the cue itself names a statement, speech, meeting, briefing or post.
    4. ``outlet_interview``: the speaker was interviewed by an outlet elsewhere in the article
       (interviews are usually named once and then not repeated for every sentence).
    5. ``statement_or_meeting``: the framing names a statement, speech, meeting ...
    6. ``outlet_report``: a journalist speaking without a stated channel (an outlet's reporters
       "observed", "noticed").
    7. ``statement_or_meeting``: an official or an organisation with no other channel stated.
    8. ``not_stated`` otherwise.

    Args:
        article: the article the records belong to.
        records: attribution records (rows of other articles are ignored); defaults to
            ``attribute_quotes(article)``.

    Returns:
        DataFrame with columns ``STATEMENT_COLUMNS``: the record fields (``article_id, start, end,
        quote, kind, cue, speaker, speaker_mention, speaker_type, speaker_country, via, role,
        affiliation, paragraph, sentence``; role and affiliation empty when the records lack
        them), ``n_words`` (words of the reported content), ``channel`` (ordered categorical,
        ``CHANNELS``), ``outlet`` (the outlet of an interview or report, else empty) and
        ``speaker_start``, ``speaker_end`` (the source mention's span when the records give it). Sorted
        by ``start``; no records give an empty frame with these columns.

    Raises:
        ValueError: a record's offsets fall outside the text or do not match its ``quote``.
    """
    if _is_statements(article, records):
        return records  # already this article's statements: the other tables take them as they are
    statements = _Statements(article, records)
    if statements.empty:
        frame = pd.DataFrame(columns=STATEMENT_COLUMNS)
        frame["channel"] = _cat([], CHANNELS)
        return frame
    channels, outlets = statements.channels()
    # The record's own text columns pass through as arrays (so their dtypes are kept), in the
    # statements' order; the computed columns are plain lists. One frame is built at the end.
    columns: dict[str, object] = dict(statements.columns)
    rows, order = statements.rows, statements.order
    for column in _PASSED_COLUMNS:
        if column in rows.columns:
            values = rows[column].array
            columns[column] = values if order is None else values.take(order)
    columns["channel"] = _cat(channels, CHANNELS)
    columns["outlet"] = pd.Series(outlets, dtype=object)  # a Series keeps the object dtype
    for column in ("speaker_start", "speaker_end"):
        columns[column] = nullable_ints(columns[column])
    return pd.DataFrame({column: columns[column] for column in STATEMENT_COLUMNS})


# -- sources ----------------------------------------------------------------------------------


def source_table(article: Article, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per source (speaker) in ``article``: how often and how much they speak, and how.

    Args:
        article: the article.
        records: attribution records (rows of other articles are ignored); defaults to
            ``attribute_quotes(article)``.

    Returns:
        DataFrame with columns ``SOURCE_COLUMNS``: ``article_id``, ``speaker`` (canonical name as the
        records give it), ``speaker_type`` (ordered categorical; the most frequent among the
        source's statements, first seen on ties), ``speaker_country`` (likewise, ignoring empty
        ones), ``role``, ``affiliation`` and ``via`` (every distinct value in text order, joined by
        "; ", so a source named with two roles keeps both), ``n_statements``, ``n_direct``,
        ``n_indirect``, ``n_mixed``, ``n_words`` (words of the reported content),
        ``share_words`` (``n_words`` over the article's body words, 0..1), ``share_attributed``
        (``n_words`` over all attributed words, 0..1), ``first_paragraph`` (0-based index in
        ``article.paragraph_units``, headings counted), ``first_start`` (offset of the first
        statement) and ``channels`` (distinct channels of :func:`assign_channels`, "; "-joined).
        Sorted by ``n_words`` (largest first), then by first appearance. No records give an empty
        frame with these columns.

    Reading the numbers: ``share_words`` is the part of the whole body that is this source's
    reported content; the shares of all sources plus the narrator's do not add to 1 when
    statements overlap. A record without a speaker is a row with an empty ``speaker``.
    """
    if _is_statements(article, records):
        used = (
            "speaker", "kind", "n_words", "speaker_type", "speaker_country", "role", "affiliation", "via", "paragraph",
            "start", "channel",
        )
        statements = {column: records[column].tolist() for column in used}
        channels = statements["channel"]
    else:
        read = _Statements(article, records)
        statements, channels = read.columns, read.channels()[0]
    if not channels:
        return _typed_sources(pd.DataFrame(columns=SOURCE_COLUMNS))
    body_words = article.n_words
    total_attributed = int(sum(statements["n_words"]))
    groups: dict[str | None, list[int]] = {}
    for i, speaker in enumerate(statements["speaker"]):
        groups.setdefault(_clean(speaker), []).append(i)
    rows = []
    for speaker, positions in groups.items():

        def values(column: str) -> list:
            return [statements[column][i] for i in positions]

        kinds = [_clean(k) for k in values("kind")]
        n_words = int(sum(values("n_words")))
        rows.append(
            {
                "article_id": article.article_id,
                "speaker": speaker,
                "speaker_type": _mode(values("speaker_type")) or "unknown",
                "speaker_country": _mode(values("speaker_country")),
                "role": _joined(values("role")),
                "affiliation": _joined(values("affiliation")),
                "via": _joined(values("via")),
                "n_statements": len(positions),
                "n_direct": kinds.count("direct"),
                "n_indirect": kinds.count("indirect"),
                "n_mixed": kinds.count("mixed"),
                "n_words": n_words,
                "share_words": _share(n_words, body_words),
                "share_attributed": _share(n_words, total_attributed),
                "first_paragraph": int(min(values("paragraph"))),
                "first_start": int(min(values("start"))),
                "channels": _joined(str(channels[i]) for i in positions),
            }
        )
    rows.sort(key=lambda row: (-row["n_words"], row["first_start"]))  # stable: ties keep first appearance
    columns = {column: [row[column] for row in rows] for column in SOURCE_COLUMNS}
    columns["speaker_type"] = _cat(columns["speaker_type"], SPEAKER_TYPES)
    return typed_frame(columns, _SOURCE_NUMBERS)


def source_tables(articles: Sequence[Article], records: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`source_table` over many articles, concatenated (the ``sources`` command).

    An article whose records cannot be read is skipped with a warning naming it; the others go on.

    Returns:
        DataFrame with columns ``SOURCE_COLUMNS``, one row per source per article.
    """
    return _over_articles(source_table, articles, records, SOURCE_COLUMNS, _typed_sources)


# -- mixes and shares -------------------------------------------------------------------------


def source_mix(
    data: Article | pd.DataFrame,
    by: str = "speaker_type",
    *,
    records: pd.DataFrame | None = None,
    narrator: bool | None = None,
) -> pd.DataFrame:
    """Counts and shares of statements and words by speaker type, country or channel.

    Args:
        data: an Article, the statements of :func:`assign_channels`, or a :func:`source_table`
            (the last cannot be grouped by ``channel``). Frames may hold several articles.
        by: ``"speaker_type"``, ``"speaker_country"``, ``"channel"``, or any other column of the
            statements (``"kind"``, ``"outlet"``, ``"speaker"``).
        records: attribution records when ``data`` is an Article; defaults to ``attribute_quotes``.
        narrator: add a ``narrator`` row for the body's unattributed text (only with an Article):
            ``n`` counts its sentences, ``n_words`` its words (see :func:`voice_share`). Defaults to
            True for ``by="channel"`` with an Article, else False.

    Returns:
        DataFrame with columns ``article_id``, the ``by`` column (ordered categorical for
        speaker_type and channel; an empty country reads "unknown"), ``n`` (statements; narrator
        sentences on the narrator row), ``share`` (``n`` over the article's total, 0..1),
        ``n_words`` (words of reported content) and ``share_words`` (0..1). One row per value
        present, in category order (others by ``n_words``, largest first). No statements give an
        empty frame with these columns.

    Reading the numbers: without the narrator, shares are of the attributed content only ("of
    what sources say, 60% of the words come from officials"); with it, of the whole body. Words of
    overlapping statements count once for each.
    """
    article = data if isinstance(data, Article) else None
    if narrator is None:
        narrator = article is not None and by == "channel"
    if narrator and article is None:
        raise ValueError("narrator=True needs an Article (the narrator's words are counted in its body)")
    if article is not None:
        frame = assign_channels(article, records)
    else:
        frame = data
    columns = ["article_id", by, "n", "share", "n_words", "share_words"]
    if by not in frame.columns:
        raise ValueError(f"cannot group by {by!r}: the table has no such column (columns: {', '.join(map(str, frame.columns))})")
    ids = [str(a) for a in frame["article_id"].tolist()]
    if "n_statements" in frame.columns:
        counts = [int(n) for n in frame["n_statements"].tolist()]
    else:
        counts = [1] * len(frame)
    if "n_words" in frame.columns:
        words = [int(n) for n in frame["n_words"].tolist()]
    else:
        words = [count_words(q) if isinstance(q, str) else 0 for q in frame["quote"].tolist()]
    missing = "unknown" if by in ("speaker_type", "channel", "speaker_country") else "(none)"
    values = [_clean(v) or missing for v in frame[by].astype(object).tolist()]
    sums: dict[tuple[str, str], list[int]] = {}
    for key, n, w in zip(zip(ids, values), counts, words):
        total = sums.setdefault(key, [0, 0])
        total[0] += n
        total[1] += w
    if narrator:
        starts, ends = frame["start"].astype(int).tolist(), frame["end"].astype(int).tolist()
        narrator_words, narrator_sentences = _narrator_counts(article, starts, ends, _body_words(article))
        sums[(article.article_id, "narrator")] = [narrator_sentences, narrator_words]
    grouped = pd.DataFrame(
        [{"article_id": a, by: v, "n": n, "n_words": w} for (a, v), (n, w) in sums.items()],
        columns=["article_id", by, "n", "n_words"],
    )
    if grouped.empty:
        return _categorical(pd.DataFrame(columns=columns), by)
    totals: dict[str, list[int]] = {}
    for (a, _), (n, w) in sums.items():
        total = totals.setdefault(a, [0, 0])
        total[0] += n
        total[1] += w
    grouped["share"] = [_share(n, totals[a][0]) for a, n in zip(grouped["article_id"], grouped["n"])]
    grouped["share_words"] = [_share(w, totals[a][1]) for a, w in zip(grouped["article_id"], grouped["n_words"])]
    grouped[["n", "n_words"]] = grouped[["n", "n_words"]].astype(int)
    grouped = _categorical(grouped[columns], by)
    order = [by] if isinstance(grouped[by].dtype, pd.CategoricalDtype) else ["n_words"]
    ascending = [True] if order == [by] else [False]
    first_seen = {a: i for i, a in enumerate(dict.fromkeys(grouped["article_id"]))}
    grouped["_article"] = grouped["article_id"].map(first_seen)
    grouped = grouped.sort_values(["_article", *order], ascending=[True, *ascending], kind="stable")
    return grouped.drop(columns="_article").reset_index(drop=True)


def voice_share(article: Article, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """How much of the body is attributed to sources and how much is the narrator's own voice.

    Words: a body word (see :func:`analysis.article.count_words`) is attributed when it lies inside
    the reported content of any statement; the cue and the source ("Xi said that") are the
    narrator's framing. Sentences: a body sentence is attributed when it holds any reported content.
    Headings and the dateline are not counted.

    Args:
        article: the article.
        records: attribution records; defaults to ``attribute_quotes(article)``.

    Returns:
        DataFrame with columns ``article_id``, ``voice`` (ordered categorical: ``attributed``,
        ``narrator``), ``n_words``, ``share_words`` (of the body's words, 0..1), ``n_sentences``,
        ``share_sentences`` (of the body's sentences, 0..1); two rows per article, the shares of
        each pair adding to 1 (both 0 for an empty body).

    Reading the numbers: a narrator share of 0.6 in words means 60% of the body's words are the
    outlet's unattributed text. Words of statements the extractor misses count as the narrator's.
    """
    if _is_statements(article, records):
        starts, ends = records["start"].astype(int).tolist(), records["end"].astype(int).tolist()
    else:
        statements = _Statements(article, records, optional=()).columns
        starts, ends = statements["start"], statements["end"]
    word_starts = _body_words(article)
    words, sentences = _narrator_counts(article, starts, ends, word_starts)
    body_words = len(word_starts)
    body_sentences = sum(1 for u in article.sentence_units if u.kind == "body")
    n_words = [body_words - words, words]
    n_sentences = [body_sentences - sentences, sentences]
    return pd.DataFrame(
        {
            "article_id": [article.article_id] * 2,
            "voice": _cat(["attributed", "narrator"], ["attributed", "narrator"]),
            "n_words": n_words,
            "share_words": [_share(n, body_words) for n in n_words],
            "n_sentences": n_sentences,
            "share_sentences": [_share(n, body_sentences) for n in n_sentences],
        }
    )


# -- mentions vs voice ------------------------------------------------------------------------


def mention_table(
    article: Article, records: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per person, country, institution or outlet the article mentions, and whether it is heard.

    A statement belongs to a mentioned entity when its ``speaker`` equals the entity's name
    (case-folded), or the one name's words occur as a run in the other's and no other entity of
    the article matches the same way ("Hart" and "Lena Hart"; "Daily Star reporters" and
    "Daily Star"); otherwise when the record's source span (``speaker_start``, ``speaker_end``,
    when the records carry it) overlaps one of the entity's mentions. Two people with the same
    surname keep their statements apart: a bare surname that could be either is linked only
    through its source span, or else gets a row of its own.

    Args:
        article: the article.
        records: attribution records; defaults to ``attribute_quotes(article)``.
        mentions: mentions as :func:`analysis.speakers.find_mentions` returns them (rows of other
            articles are ignored); defaults to ``find_mentions(article)``.

    Returns:
        DataFrame with columns ``MENTION_COLUMNS``: ``article_id``, ``entity``, ``entity_kind``
        (ordered categorical: person, country, institution, outlet), ``speaker_type`` and
        ``speaker_country`` (the entity's, from its mentions or statements), ``n_mentions``,
        ``first_start``, ``first_end``, ``first_mention`` (``article.text[first_start:first_end]``),
        ``voice`` (ordered categorical: ``direct`` when any statement of theirs is quoted directly,
        else ``reported`` when any is reported or mixed, else ``mentioned_only``),
        ``n_statements``, ``n_direct``, ``n_reported`` (indirect or mixed), ``n_words`` (words of
        their reported content) and ``n_via`` (statements this entity carries as ``via``: an
        outlet that is a channel for others). A source with statements whom the mention finder
        missed ("Turkmen youth", a group) gets a row with ``n_mentions`` 0 and empty offsets, its
        kind guessed from its type (media: outlet, organization: institution, else person).
        Sorted by first mention, those rows last. Counts are integers; offsets nullable integers.
        An entity kind outside ``ENTITY_KINDS`` is read as empty.

    Not handled: an entity the mention finder splits in two (a short name it cannot merge) is
    two rows; possessive pronouns ("his") are not mentions.
    """
    statements = _statement_lists(
        article, records, ("kind", "speaker", "speaker_type", "speaker_country", "via", "speaker_start", "speaker_end")
    )
    found = _mention_lists(article, mentions)
    entities = _entity_rows(article, found)
    speaker_entity = _link_speakers(statements, found, entities)
    via_entity = _link_names(statements["via"], entities)

    positions: dict[tuple[str, str], list[int]] = {}
    via_counts: dict[tuple[str, str], int] = {}
    for i, (key, via) in enumerate(zip(speaker_entity, via_entity)):
        positions.setdefault(key, []).append(i)
        if via is not None and via != key:
            via_counts[via] = via_counts.get(via, 0) + 1
    kinds = [_clean(k) for k in statements["kind"]]
    words = statements["n_words"]
    rows = []
    for key, info in entities.items():
        own = positions.get(key, [])
        rows.append({**info, **_voice_counts([kinds[i] for i in own], [words[i] for i in own]), "n_via": via_counts.get(key, 0)})
    # Sources that speak but were not found among the mentions, grouped by speaker in text order.
    speakers = [_clean(v) for v in statements["speaker"]]
    unlinked: dict[str, list[int]] = {}
    for i, speaker in enumerate(speakers):
        if speaker_entity[i] is None and speaker:
            unlinked.setdefault(speaker, []).append(i)
    if unlinked:
        stypes, countries = statements["speaker_type"], statements["speaker_country"]
        vias = [_clean(v) for v in statements["via"]]
    for speaker, own in unlinked.items():
        stype = _mode([stypes[i] for i in own]) or "unknown"
        kind = "outlet" if stype == "media" else "institution" if stype == "organization" else "person"
        rows.append(
            {
                "article_id": article.article_id,
                "entity": speaker,
                "entity_kind": kind,
                "speaker_type": stype,
                "speaker_country": _mode([countries[i] for i in own]),
                "n_mentions": 0,
                "first_start": None,
                "first_end": None,
                "first_mention": None,
                **_voice_counts([kinds[i] for i in own], [words[i] for i in own]),
                "n_via": sum(1 for v, s in zip(vias, speakers) if _same_name(v, speaker) and not _same_name(s, speaker)),
            }
        )
    if not rows:
        return _typed_mentions(pd.DataFrame(columns=MENTION_COLUMNS))
    rows.sort(key=lambda row: (row["first_start"] is None, row["first_start"] or 0))  # stable; unmentioned sources last
    columns = {column: [row[column] for row in rows] for column in MENTION_COLUMNS}
    for column in ("first_start", "first_end"):
        columns[column] = nullable_ints(columns[column])
    columns["entity_kind"] = _cat(columns["entity_kind"], ENTITY_KINDS)
    columns["voice"] = _cat(columns["voice"], VOICES)
    columns["speaker_type"] = _cat(columns["speaker_type"], SPEAKER_TYPES)
    return typed_frame(columns, _MENTION_NUMBERS)


def mention_tables(
    articles: Sequence[Article], records: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`mention_table` over many articles, concatenated (the ``mentions`` command).

    An article that cannot be processed is skipped with a warning naming it.

    Returns:
        DataFrame with columns ``MENTION_COLUMNS``, one row per entity per article.
    """
    def one(article, recs):
        return mention_table(article, recs, mentions)

    return _over_articles(one, articles, records, MENTION_COLUMNS, _typed_mentions)


def country_voice(
    article: Article, records: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Countries mentioned vs countries whose people speak, one row per country.

    Args:
        article: the article.
        records: attribution records; defaults to ``attribute_quotes(article)``.
        mentions: mentions as ``find_mentions`` returns them; defaults to ``find_mentions(article)``.

    Returns:
        DataFrame with columns ``COUNTRY_COLUMNS``: ``article_id``, ``country``, ``n_mentions``
        (mentions of the country itself: names, demonyms, as the mention finder gives them),
        ``n_named`` (people and institutions of that country mentioned), ``n_named_heard`` (those of
        them given at least one statement), ``n_sources`` (distinct speakers of that country),
        ``n_statements``, ``n_words`` (words of their reported content), ``share_attributed``
        (of all attributed words, 0..1), ``voice`` (``direct`` / ``reported`` / ``mentioned_only``
        as in :func:`mention_table`, over the country's speakers). Countries that are only
        mentioned have zero statements. Sorted by ``n_words``, then ``n_mentions`` (largest first).

    Not handled: statements without a ``speaker_country`` (international bodies, open cases) are
    in no row; a country counts as mentioned only if the mention finder finds it.
    """
    statements = assign_channels(article, records)
    table = mention_table(article, statements, mentions)
    total_words = int(statements["n_words"].sum())
    countries: dict[str, dict] = {}

    def row(country: str) -> dict:
        return countries.setdefault(
            country,
            {"article_id": article.article_id, "country": country, "n_mentions": 0, "n_named": 0, "n_named_heard": 0},
        )

    entity_columns = [table[c].tolist() for c in ("entity", "entity_kind", "speaker_country", "n_mentions", "voice")]
    for entity, kind, country, n_mentions, voice in zip(*entity_columns):
        if kind == "country":
            row(entity)["n_mentions"] += int(n_mentions)
        elif _clean(country) and n_mentions > 0:
            r = row(_clean(country))
            r["n_named"] += 1
            r["n_named_heard"] += int(voice != "mentioned_only")
    by_country: dict[str, list[int]] = {}
    countries_of = [_clean(c) for c in statements["speaker_country"].tolist()]
    for i, country in enumerate(countries_of):
        if country is not None:
            by_country.setdefault(country, []).append(i)
    speakers = [_clean(v) for v in statements["speaker"].tolist()]
    kinds = [_clean(v) for v in statements["kind"].tolist()]
    words = statements["n_words"].tolist()
    for country, own in by_country.items():
        counts = _voice_counts([kinds[i] for i in own], [words[i] for i in own])
        row(country).update(
            {
                "n_sources": len({speakers[i] for i in own if speakers[i] is not None}),
                "n_statements": counts["n_statements"],
                "n_words": counts["n_words"],
                "voice": counts["voice"],
            }
        )
    frame = pd.DataFrame(list(countries.values()), columns=COUNTRY_COLUMNS)
    for column in ("n_mentions", "n_named", "n_named_heard", "n_sources", "n_statements", "n_words"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["voice"] = _cat(frame["voice"].fillna("mentioned_only"), VOICES)
    frame["share_attributed"] = [_share(n, total_words) for n in frame["n_words"]]
    frame = frame.sort_values(["n_words", "n_mentions", "country"], ascending=[False, False, True], kind="stable")
    return frame.reset_index(drop=True)


# -- corpus -----------------------------------------------------------------------------------


def corpus_source_mix(
    items: Iterable[Article] | pd.DataFrame,
    by: str = "speaker_type",
    *,
    records: pd.DataFrame | None = None,
    narrator: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`source_mix` over a corpus: corpus totals and per-article means, with the per-article table.

    Args:
        items: Articles, or an already computed per-article mix (``source_mix`` rows of many
            articles, concatenated).
        by: as in :func:`source_mix`.
        records: attribution records of all the articles (one frame); defaults to running
            ``attribute_quotes`` on each.
        narrator: as in :func:`source_mix`.

    Returns:
        ``(summary, per_article)``. ``per_article`` has the columns of :func:`source_mix`.
        ``summary`` has one row per value of ``by``: ``by``, ``n_articles`` (articles where it
        occurs), ``n``, ``n_words`` (corpus sums), ``share``, ``share_words`` (of corpus totals,
        0..1, so long articles weigh more) and ``mean_share``, ``mean_share_words`` (the mean of
        the per-article shares over all articles, an article without that value counting 0, so
        each article weighs the same). An article that cannot be processed is skipped with a
        warning.
    """
    if isinstance(items, pd.DataFrame):
        per_article = items.copy()
        n_articles = per_article["article_id"].nunique()
    else:
        articles = list(items)
        n_articles = len(articles)

        def one(article, recs):
            return source_mix(article, by, records=recs, narrator=narrator)

        per_article = _over_articles(one, articles, records, ["article_id", by, "n", "share", "n_words", "share_words"], None)
        per_article = _categorical(per_article, by)
    columns = [by, "n_articles", "n", "share", "n_words", "share_words", "mean_share", "mean_share_words"]
    if per_article.empty:
        return _categorical(pd.DataFrame(columns=columns), by), per_article
    summary = (
        per_article.groupby(by, observed=True, sort=True)
        .agg(
            n_articles=("article_id", "nunique"),
            n=("n", "sum"),
            n_words=("n_words", "sum"),
            sum_share=("share", "sum"),
            sum_share_words=("share_words", "sum"),
        )
        .reset_index()
    )
    summary["share"] = summary["n"] / max(int(summary["n"].sum()), 1)
    summary["share_words"] = summary["n_words"] / max(int(summary["n_words"].sum()), 1)
    summary["mean_share"] = summary.pop("sum_share") / max(n_articles, 1)
    summary["mean_share_words"] = summary.pop("sum_share_words") / max(n_articles, 1)
    if not isinstance(summary[by].dtype, pd.CategoricalDtype):
        summary = summary.sort_values("n_words", ascending=False, kind="stable")
    return summary[columns].reset_index(drop=True), per_article


def corpus_voice_share(
    items: Iterable[Article] | pd.DataFrame, *, records: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`voice_share` over a corpus: attributed vs narrator, summed and averaged per article.

    Args:
        items: Articles, or ``voice_share`` rows of many articles, concatenated.
        records: attribution records of all the articles; defaults to ``attribute_quotes`` on each.

    Returns:
        ``(summary, per_article)``. ``per_article`` has the columns of :func:`voice_share`;
        ``summary`` has one row per voice: ``voice``, ``n_words``, ``share_words``, ``n_sentences``,
        ``share_sentences`` (corpus sums and shares of corpus totals, 0..1) and
        ``mean_share_words``, ``mean_share_sentences`` (means of the per-article shares).
    """
    if isinstance(items, pd.DataFrame):
        per_article = items.copy()
    else:
        per_article = _over_articles(voice_share, list(items), records, VOICE_SHARE_COLUMNS, None)
    columns = ["voice", "n_words", "share_words", "n_sentences", "share_sentences", "mean_share_words", "mean_share_sentences"]
    if per_article.empty:
        return pd.DataFrame(columns=columns), per_article
    per_article["voice"] = _cat(per_article["voice"].astype(str), ["attributed", "narrator"])
    summary = (
        per_article.groupby("voice", observed=True)
        .agg(
            n_words=("n_words", "sum"),
            n_sentences=("n_sentences", "sum"),
            mean_share_words=("share_words", "mean"),
            mean_share_sentences=("share_sentences", "mean"),
        )
        .reset_index()
    )
    summary["share_words"] = summary["n_words"] / max(int(summary["n_words"].sum()), 1)
    summary["share_sentences"] = summary["n_sentences"] / max(int(summary["n_sentences"].sum()), 1)
    return summary[columns], per_article


def corpus_mention_voice(
    items: Iterable[Article] | pd.DataFrame,
    *,
    records: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`mention_table` over a corpus: how many of the mentioned people, institutions, outlets are heard.

    Args:
        items: Articles, or ``mention_table`` rows of many articles, concatenated.
        records: attribution records of all the articles; defaults to ``attribute_quotes`` on each.
        mentions: mentions of all the articles; defaults to ``find_mentions`` on each.

    Returns:
        ``(summary, per_article)``. ``per_article`` has the columns of :func:`mention_table`;
        ``summary`` has one row per ``entity_kind`` and ``voice`` (countries left out: see
        :func:`corpus_country_voice`): ``n_entities`` (entity-article pairs: a person named in two
        articles counts twice), ``share`` (of that kind's entities, 0..1) and ``mean_share`` (the
        mean over the articles that mention that kind at all). Only entities found among the
        mentions (``n_mentions`` > 0) count.
    """
    if isinstance(items, pd.DataFrame):
        per_article = items.copy()
    else:

        def one(article, recs):
            return mention_table(article, recs, mentions)

        per_article = _over_articles(one, list(items), records, MENTION_COLUMNS, _typed_mentions)
    columns = ["entity_kind", "voice", "n_entities", "share", "mean_share"]
    named = per_article[(per_article["n_mentions"] > 0) & (per_article["entity_kind"].astype(str) != "country")]
    if named.empty:
        return pd.DataFrame(columns=columns), per_article
    kinds = named["entity_kind"].astype(str).tolist()
    voices = named["voice"].astype(str).tolist()
    ids = named["article_id"].astype(str).tolist()
    counts: dict[tuple[str, str], int] = {}
    per: dict[tuple[str, str], dict[str, int]] = {}
    kind_totals: dict[str, int] = {}
    article_totals: dict[tuple[str, str], int] = {}
    for kind, voice, article_id in zip(kinds, voices, ids):
        counts[(kind, voice)] = counts.get((kind, voice), 0) + 1
        per.setdefault((kind, voice), {})
        per[(kind, voice)][article_id] = per[(kind, voice)].get(article_id, 0) + 1
        kind_totals[kind] = kind_totals.get(kind, 0) + 1
        article_totals[(kind, article_id)] = article_totals.get((kind, article_id), 0) + 1
    rows = []
    for (kind, voice), n in counts.items():
        articles_of_kind = [a for (k, a) in article_totals if k == kind]
        shares = [per[(kind, voice)].get(a, 0) / article_totals[(kind, a)] for a in articles_of_kind]
        rows.append(
            {
                "entity_kind": kind,
                "voice": voice,
                "n_entities": n,
                "share": _share(n, kind_totals[kind]),
                "mean_share": sum(shares) / len(shares),
            }
        )
    summary = pd.DataFrame(rows, columns=columns)
    summary["entity_kind"] = _cat(summary["entity_kind"], ENTITY_KINDS)
    summary["voice"] = _cat(summary["voice"], VOICES)
    return summary.sort_values(["entity_kind", "voice"]).reset_index(drop=True), per_article


def corpus_country_voice(
    items: Iterable[Article] | pd.DataFrame,
    *,
    records: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`country_voice` over a corpus: which countries are talked about, and which are heard.

    Args:
        items: Articles, or ``country_voice`` rows of many articles, concatenated.
        records: attribution records of all the articles; defaults to ``attribute_quotes`` on each.
        mentions: mentions of all the articles; defaults to ``find_mentions`` on each.

    Returns:
        ``(summary, per_article)``. ``per_article`` has the columns of :func:`country_voice`;
        ``summary`` has one row per country: ``country``, ``n_articles_mentioned`` (articles that
        mention it), ``n_articles_heard`` (articles where someone from it has a statement),
        ``n_mentions``, ``n_statements``, ``n_words`` (corpus sums), ``share_attributed`` (of all
        attributed words with a country, 0..1). Sorted by ``n_words``, then ``n_mentions``.
    """
    if isinstance(items, pd.DataFrame):
        per_article = items.copy()
    else:

        def one(article, recs):
            return country_voice(article, recs, mentions)

        per_article = _over_articles(one, list(items), records, COUNTRY_COLUMNS, None)
    columns = ["country", "n_articles_mentioned", "n_articles_heard", "n_mentions", "n_statements", "n_words", "share_attributed"]
    if per_article.empty:
        return pd.DataFrame(columns=columns), per_article
    frame = per_article.assign(
        mentioned=(per_article["n_mentions"] + per_article["n_named"] > 0).astype(int),
        heard=(per_article["n_statements"] > 0).astype(int),
    )
    summary = (
        frame.groupby("country", sort=False)
        .agg(
            n_articles_mentioned=("mentioned", "sum"),
            n_articles_heard=("heard", "sum"),
            n_mentions=("n_mentions", "sum"),
            n_statements=("n_statements", "sum"),
            n_words=("n_words", "sum"),
        )
        .reset_index()
    )
    summary["share_attributed"] = summary["n_words"] / max(int(summary["n_words"].sum()), 1)
    summary = summary.sort_values(["n_words", "n_mentions", "country"], ascending=[False, False, True], kind="stable")
    return summary[columns].reset_index(drop=True), per_article


# -- charts -----------------------------------------------------------------------------------

CHANNEL_COLORS = {
    "outlet_interview": SPEAKER_TYPE_COLORS["journalist"],
    "outlet_report": SPEAKER_TYPE_COLORS["media"],
    "statement_or_meeting": SPEAKER_TYPE_COLORS["official"],
    "not_stated": SPEAKER_TYPE_COLORS["unknown"],
    "narrator": SPEAKER_TYPE_COLORS["narrator"],
}
"""One colour per channel, taken from the speaker-type palette so that a channel and the sources it mostly carries match."""

VOICE_COLORS = {"direct": "#0072B2", "reported": "#56B4E9", "mentioned_only": "#BBBBBB"}
"""One colour per voice of :func:`mention_table`: quoted directly, only reported, never heard."""

CHANNEL_LABELS = {
    "outlet_interview": "interview with an outlet",
    "outlet_report": "outlet's report",
    "statement_or_meeting": "statement, speech or meeting",
    "not_stated": "attributed, channel not stated",
    "narrator": "narrator (unattributed)",
    "mentioned_only": "mentioned, never heard",
    "reported": "reported speech only",
    "direct": "quoted directly",
}


def words_by_type_and_country(statements: pd.DataFrame) -> pd.DataFrame:
    """Attributed words by speaker type, for all sources and for each speaker country (the data of a stacked bar chart).

    Args:
        statements: :func:`assign_channels` rows (one or more articles).

    Returns:
        DataFrame with columns ``group`` ("all sources", then each country, largest first; an empty
        country reads "unknown"), ``speaker_type`` (ordered categorical), ``n_words`` and
        ``share_words`` (of all attributed words, 0..1; the "all sources" rows add to 1, each
        country's rows to that country's share).
    """
    columns = ["group", "speaker_type", "n_words", "share_words"]
    if statements.empty:
        return pd.DataFrame(columns=columns)
    frame = statements.assign(
        speaker_type=statements["speaker_type"].astype(object).map(_clean).fillna("unknown"),
        speaker_country=statements["speaker_country"].astype(object).map(_clean).fillna("unknown"),
    )
    total = max(int(frame["n_words"].sum()), 1)
    everyone = frame.groupby("speaker_type")["n_words"].sum().reset_index().assign(group="all sources")
    by_country = frame.groupby(["speaker_country", "speaker_type"])["n_words"].sum().reset_index()
    order = by_country.groupby("speaker_country")["n_words"].sum().sort_values(ascending=False, kind="stable").index
    by_country = by_country.rename(columns={"speaker_country": "group"})
    table = pd.concat([everyone, by_country], ignore_index=True)
    table["share_words"] = table["n_words"] / total
    table["speaker_type"] = _cat(table["speaker_type"], SPEAKER_TYPE_ORDER)
    table["group"] = _cat(table["group"], ["all sources", *order])
    table = table[table["n_words"] > 0].sort_values(["group", "speaker_type"]).reset_index(drop=True)
    table["group"] = table["group"].astype(str)
    return table[columns]


def plot_words_by_type_and_country(table: pd.DataFrame, title: str = "Who gets the attributed words"):
    """Stacked horizontal bars of :func:`words_by_type_and_country`: one bar per group, one colour per speaker type.

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    from .plotting import label

    groups = list(dict.fromkeys(table["group"]))
    wide = table.pivot_table(index="group", columns="speaker_type", values="share_words", aggfunc="sum", observed=True)
    wide = wide.reindex(groups).fillna(0.0)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(groups) + 1.6))
    left = pd.Series(0.0, index=wide.index)
    for speaker_type in wide.columns:
        values = wide[speaker_type]
        ax.barh(wide.index, values, left=left, color=SPEAKER_TYPE_COLORS.get(speaker_type, "#999999"),
                label=label(speaker_type), edgecolor="white")
        left += values
    for y, total in enumerate(left):
        ax.text(total + 0.01, y, f"{total:.0%}", va="center", fontsize=10)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set(xlabel="share of all attributed words", title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=min(len(wide.columns), 4))
    return fig


def plot_channels(mix: pd.DataFrame, title: str = "Through which channel the words reach the reader"):
    """Horizontal bars of a :func:`source_mix` by channel: share of words per channel, with counts.

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    mix = mix.sort_values("channel")
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(mix) + 1.2))
    names = [CHANNEL_LABELS.get(str(c), str(c)) for c in mix["channel"]]
    ax.barh(names, mix["share_words"], color=[CHANNEL_COLORS.get(str(c), "#999999") for c in mix["channel"]])
    for y, row in enumerate(mix.itertuples()):
        unit = ("sentence" if row.channel == "narrator" else "statement") + ("" if row.n == 1 else "s")
        ax.text(row.share_words + 0.01, y, f"{row.share_words:.0%} of words ({row.n} {unit})", va="center", fontsize=10)
    ax.invert_yaxis()
    ax.set_xlim(0, min(1.0, mix["share_words"].max() + 0.35))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set(xlabel="share of the body's words", title=title)
    return fig


def plot_mentions_vs_voice(table: pd.DataFrame, title: str = "Named, and heard?"):
    """Bars of how often each entity is mentioned, coloured by whether it is heard (:func:`mention_table` rows).

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    table = table.sort_values(["n_mentions", "n_statements"], ascending=False, kind="stable")
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(table) + 1.4))
    ax.barh(table["entity"], table["n_mentions"], color=[VOICE_COLORS[str(v)] for v in table["voice"]])
    for y, row in enumerate(table.itertuples()):
        note = "never heard" if row.n_statements == 0 else f"{row.n_statements} statement{'s' if row.n_statements > 1 else ''}"
        if row.n_mentions == 0:
            note += " (speaks, but not found among the mentions)"
        ax.text(row.n_mentions + 0.2, y, note, va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, table["n_mentions"].max() * 1.3 + 1)
    ax.set(xlabel="mentions in the article", title=title)
    ax.legend(handles=[Patch(color=VOICE_COLORS[v], label=CHANNEL_LABELS[v]) for v in VOICES], loc="lower right")
    return fig


def plot_countries(countries: pd.DataFrame, title: str = "Countries: mentioned vs heard"):
    """Paired bars per country (:func:`country_voice` rows): times mentioned, and statements by its people.

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    countries = countries.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(countries) + 1.4))
    y = pd.Series(range(len(countries)), dtype=float)
    ax.barh(y - 0.2, countries["n_mentions"], height=0.4, color="#BBBBBB", label="mentions of the country")
    ax.barh(y + 0.2, countries["n_statements"], height=0.4, color="#0072B2", label="statements by its people")
    for i, row in countries.iterrows():
        ax.text(row["n_statements"] + 0.2, i + 0.2, str(row["n_statements"]), va="center", fontsize=9)
        ax.text(row["n_mentions"] + 0.2, i - 0.2, str(row["n_mentions"]), va="center", fontsize=9)
    ax.set_yticks(y, countries["country"])
    ax.invert_yaxis()
    ax.set(xlabel="count", title=title)
    ax.legend(loc="lower right")
    return fig


def plot_voice_share(share: pd.DataFrame, title: str = "Whose voice is the body in?"):
    """Two stacked bars (words, sentences) of :func:`voice_share`: attributed vs the narrator's own.

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    colors = {"attributed": "#56B4E9", "narrator": CHANNEL_COLORS["narrator"]}
    fig, ax = plt.subplots(figsize=(8, 2.4))
    for y, (unit, column) in enumerate([("words", "share_words"), ("sentences", "share_sentences")]):
        left = 0.0
        for row in share.itertuples():
            value = getattr(row, column)
            ax.barh(unit, value, left=left, color=colors[str(row.voice)], edgecolor="white",
                    label=CHANNEL_LABELS.get(str(row.voice), "attributed to a source") if y == 0 else None)
            if value >= 0.08:
                ink = "white" if str(row.voice) == "narrator" else "black"
                ax.text(left + value / 2, y, f"{value:.0%}", ha="center", va="center", color=ink, fontsize=10)
            left += value
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set(xlabel="share of the body", title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2)
    return fig


# -- internals --------------------------------------------------------------------------------


def _clean(value: object) -> str | None:
    """A string value, or None for NA/None/empty."""
    if value is None:
        return None
    if type(value) is str:  # the common case, without pandas' NA check
        return value.strip() or None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    text = str(value).strip()
    return text or None


def _share(part: int, whole: int) -> float:
    return float(part) / whole if whole else 0.0


def _mode(values: pd.Series) -> str | None:
    """The most frequent non-empty value, the first seen on ties."""
    cleaned = [v for v in (_clean(x) for x in values) if v is not None]
    if not cleaned:
        return None
    counts: dict[str, int] = {}
    for v in cleaned:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda v: (counts[v], -cleaned.index(v)))


def _joined(values: Iterable) -> str | None:
    distinct = list(dict.fromkeys(v for v in (_clean(x) for x in values) if v is not None))
    return "; ".join(distinct) if distinct else None


@lru_cache(maxsize=4096)
def _tokens(name: str | None) -> tuple[str, ...]:
    return tuple(t.casefold() for t in _NAME_TOKEN_RE.findall(name or ""))


def _contains(long_: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """Whether ``short`` is a non-empty run of ``long_``'s words."""
    n = len(short)
    if n == 1:
        return short[0] in long_
    if n == 0 or n > len(long_) or short[0] not in long_:
        return False
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _same_name(a: str | None, b: str | None) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    return _without_the(ta) == _without_the(tb)


def _without_the(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tokens[1:] if tokens[:1] == ("the",) else tokens


def _article_rows(article: Article, records: pd.DataFrame | None) -> pd.DataFrame:
    """The rows of ``records`` that belong to ``article`` (not copied); defaults to ``attribute_quotes(article)``."""
    if records is None:
        from .quotes import attribute_quotes  # imported here: quotes is the heavier module

        records = attribute_quotes(article)
    if not isinstance(records, pd.DataFrame):
        raise TypeError(f"{article.article_id}: records must be a pandas DataFrame, not {type(records).__name__}")
    if "article_id" in records.columns and len(records):
        if all(v == article.article_id and type(v) is str for v in _values(records["article_id"])):
            return records  # the usual case: all rows are this article's
        mine = records["article_id"].astype(str) == article.article_id
        if not mine.all():
            return records[mine]
    return records


class _Statements:
    """An article's statements read from its records: what the tables of this module start from.

    ``optional``: the columns of ``_OPTIONAL_COLUMNS`` to read (:func:`_record_lists`); None for all.

    Attributes:
        rows: the records of the article (``_article_rows``), as given.
        columns: :func:`_record_lists`' columns (empty lists when there are no records).
        order: the rows' sorting permutation, or None when they were sorted already.
        empty: no records.
    """

    def __init__(self, article: Article, records: pd.DataFrame | None, optional: Sequence[str] | None = None):
        self.article = article
        self.rows = _article_rows(article, records)
        self.empty = self.rows.empty
        if self.empty:
            self.columns: dict[str, list] = {column: [] for column in STATEMENT_COLUMNS}
            self.order: list[int] | None = None
        else:
            self.columns, self.order = _record_lists(article, self.rows, _OPTIONAL_COLUMNS if optional is None else optional)

    def channels(self) -> tuple[list[str], list[str | None]]:
        """The channel and outlet of each statement (:func:`_channel_lists`)."""
        return _channel_lists(self.article, self.columns)


def _record_lists(
    article: Article, frame: pd.DataFrame, optional: Sequence[str] = _OPTIONAL_COLUMNS
) -> tuple[dict[str, list], list[int] | None]:
    """The statements of a non-empty ``frame`` of this article's records, one plain list per column, checked against the text.

    Returns ``(columns, order)``: ``columns`` has every column of ``STATEMENT_COLUMNS`` but
    ``channel``, ``outlet`` and the columns of ``_OPTIONAL_COLUMNS`` not in ``optional`` (a
    table that does not use them need not read them), rows sorted by ``start`` (stable);
    ``order`` is the sorting permutation of the frame's rows, or None when they were sorted
    already. Text fields hold the records' values as read (missing ones may be NaN);
    ``speaker_start`` and ``speaker_end`` are ints or None. Plain lists, because reading a
    pandas column value by value is slow.
    """
    n = len(frame)
    series = column_arrays(frame)

    def column(name: str) -> list:
        return _values(series[name]) if name in series else [None] * n

    if "start" not in series or "end" not in series or _has_missing(series["start"]) or _has_missing(series["end"]):
        raise ValueError(f"{article.article_id}: a record has no start/end offsets")
    starts, ends = _int_values(series["start"]), _int_values(series["end"])
    text = article.text
    for start, end, quote in zip(starts, ends, column("quote")):
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"{article.article_id}: record offsets {start}-{end} fall outside the text ({len(text)} characters)")
        if _clean(quote) is not None and text[start:end] != quote:
            raise ValueError(
                f"{article.article_id}: record at {start}-{end} does not match the text "
                f"(quote {quote[:40]!r}); were the records made from another version of the file?"
            )
    quotes = [text[s:e] for s, e in zip(starts, ends)]
    columns = {
        "article_id": [article.article_id] * n,
        "start": starts,
        "end": ends,
        "quote": quotes,
        **{name: column(name) for name in optional if name in _PASSED_COLUMNS},
        "paragraph": [
            p if type(p) is int else int(p) if _clean(p) is not None else _paragraph_of(article, s)
            for p, s in zip(column("paragraph"), starts)
        ],
        "sentence": [
            x if type(x) is int else int(x) if _clean(x) is not None else _sentence_of(article, s)
            for x, s in zip(column("sentence"), starts)
        ],
        "n_words": [_statement_words(q) for q in quotes],
        **{name: _offset_values(column(name)) for name in ("speaker_start", "speaker_end") if name in optional},
    }
    order = sorted(range(n), key=starts.__getitem__)  # stable, as sort_values(kind="stable")
    if order == list(range(n)):
        return columns, None
    return {name: [values[i] for i in order] for name, values in columns.items()}, order


@lru_cache(maxsize=4096)
def _statement_words(quote: str) -> int:
    """:func:`count_words` of a statement, kept for the article's other tables (each reads the records)."""
    return count_words(quote)


def _values(column: pd.Series | ColumnArray) -> list:
    """A column's values (a Series or its array) as a list; a missing text is None or NaN (:func:`_clean` reads both as empty).

    Text columns of pandas' Arrow-backed string dtype are read through Arrow, several times
    faster than ``tolist()`` when they hold missing values.
    """
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        array = column.array if isinstance(column, pd.Series) else column
        return array.__arrow_array__().to_pylist()
    return column.tolist()


def _has_missing(values: pd.Series | ColumnArray) -> bool:
    """True when a column (a Series or its array) has missing values (a numpy integer column cannot)."""
    return not (isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu") and bool(pd.isna(values).any())


def _int_values(values: pd.Series | ColumnArray) -> list[int]:
    """A column of offsets (a Series or its array) as Python ints."""
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu":
        return values.tolist()
    return values.astype(int).tolist()


def _offset_values(values: list) -> list[int | None]:
    """A record's ``speaker_start`` or ``speaker_end`` values as ints, None where missing."""
    return [v if type(v) is int else None if _clean(v) is None else int(float(v)) for v in values]


def _statement_lists(article: Article, records: pd.DataFrame | None, optional: Sequence[str] | None = None) -> dict[str, list]:
    """The article's statements as one list per column: :func:`assign_channels`' rows, without its channels unless given.

    Same rows, order, checks and offsets, for the tables that do not read the channel (the channel
    rules and building the frame are most of ``assign_channels``' cost). Of ``_OPTIONAL_COLUMNS``,
    ``optional`` at least are there (all of them by default).
    """
    if _is_statements(article, records):
        columns = {column: records[column].tolist() for column in records.columns}
        for column in ("speaker_start", "speaker_end"):
            columns[column] = _offset_values(columns[column])
        return columns
    return _Statements(article, records, optional).columns


def _channel_lists(article: Article, statements: dict[str, list]) -> tuple[list[str], list[str | None]]:
    """The channel and outlet of each statement (the rules of :func:`assign_channels`); ``statements`` as :func:`_record_lists` gives them."""
    known_outlets = _known_outlets(statements)
    starts, ends = statements["start"], statements["end"]
    searched: dict[tuple[int, str], bool] = {}

    def framing_has(i: int, channel: str) -> bool:
        """Whether statement i's framing has words of ``channel`` (searched only where a rule asks)."""
        if (i, channel) not in searched:
            searched[i, channel] = _has_channel_words(_framing(article, starts[i], ends[i]), channel)
        return searched[i, channel]

    speakers = [_clean(v) for v in statements["speaker"]]
    vias = [_clean(v) for v in statements["via"]]
    types = [_clean(v) for v in statements["speaker_type"]]
    affiliations = statements["affiliation"]

    # Outlets that interviewed each speaker: an interview word plus a `via` outlet in one statement.
    interviewed: dict[str, list[str]] = {}
    for i, (speaker, via) in enumerate(zip(speakers, vias)):
        if speaker and via and not _same_name(speaker, via) and framing_has(i, "interview"):
            interviewed.setdefault(speaker.casefold(), [])
            if via not in interviewed[speaker.casefold()]:
                interviewed[speaker.casefold()].append(via)

    channels, outlets = [], []
    for i, (speaker, via, stype) in enumerate(zip(speakers, vias, types)):
        by_outlets = interviewed.get(speaker.casefold(), []) if speaker else []
        speaker_is_outlet = stype == "media" or (speaker is not None and via is not None and _same_name(speaker, via))
        if via and not speaker_is_outlet and (framing_has(i, "interview") or via in by_outlets):
            channel, outlet = "outlet_interview", via
        elif speaker_is_outlet:
            channel, outlet = "outlet_report", via or speaker
        elif via:
            channel, outlet = "outlet_report", via
        elif "statement" in _cue_channel_words(_clean(statements["cue"][i]) or ""):
            channel, outlet = "statement_or_meeting", None
        elif by_outlets:
            channel, outlet = "outlet_interview", by_outlets[0]
        elif framing_has(i, "statement"):
            channel, outlet = "statement_or_meeting", None
        elif stype == "journalist":
            channel = "outlet_report"
            outlet = _outlet_of(speaker, known_outlets) or _outlet_of(_clean(affiliations[i]), known_outlets)
        elif stype in ("official", "organization"):
            channel, outlet = "statement_or_meeting", None
        else:
            channel, outlet = "not_stated", None
        channels.append(channel)
        outlets.append(outlet)
    return channels, outlets


def _is_statements(article: Article, frame: pd.DataFrame | None) -> bool:
    """True for an :func:`assign_channels` result of this very article (so it need not be redone)."""
    return (
        isinstance(frame, pd.DataFrame)
        and len(frame.columns) == len(STATEMENT_COLUMNS)
        and list(frame.columns) == STATEMENT_COLUMNS
        and isinstance(frame["channel"].dtype, pd.CategoricalDtype)
        and set(frame["article_id"].tolist()) <= {article.article_id}
        and (frame.empty or int(frame["end"].max()) <= len(article.text))
    )


def _sentence_of(article: Article, offset: int) -> int:
    index = article.sentence_at(offset)
    return index if index is not None else -1


def _paragraph_of(article: Article, offset: int) -> int:
    index = article.paragraph_at(offset)
    if index is not None:
        return index
    before = [u.index for u in article.paragraph_units if u.start <= offset]
    return before[-1] if before else 0


def _framing(article: Article, start: int, end: int) -> str:
    """The sentence(s) around a statement with the statement itself cut out: cue, source, adjuncts."""
    first = article.sentence_at(start)
    last = article.sentence_at(max(start, end - 1))
    units = article.sentence_units
    s0 = units[first].start if first is not None else article.text.rfind("\n", 0, start) + 1
    s1 = units[last].end if last is not None else article.text.find("\n", end)
    if s1 < end:  # no line break after the statement: the framing runs to the end of the text
        s1 = len(article.text)
    return article.text[s0:start] + " … " + article.text[end:s1]


@lru_cache(maxsize=1)
def _channel_lexicon() -> tuple[tuple[re.Pattern, str], ...]:
    """One (pattern, channel) per channel of lexicons/channels.csv: its phrases as one alternation."""
    with open(LEXICON_DIR / "channels.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    phrases: dict[str, list[str]] = {}
    for row in csv.DictReader(lines):
        phrases.setdefault(row["channel"].strip(), []).append(row["phrase"].strip())
    # The lookahead on the phrases' first letters changes no match; it lets the regex engine
    # skip most positions after one test instead of trying every phrase there.
    return tuple(
        (
            re.compile(
                r"(?=[" + "".join(sorted({re.escape(p[0]) for p in group})) + r"])(?<!\w)(?:"
                + "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(group, key=len, reverse=True))
                + r")(?!\w)",
                re.IGNORECASE,
            ),
            channel,
        )
        for channel, group in phrases.items()
    )


def _channel_words(text: str) -> frozenset[str]:
    """The channels ("interview", "statement") whose words occur in ``text``."""
    return frozenset(channel for pattern, channel in _channel_lexicon() if pattern.search(text))


def _has_channel_words(text: str, channel: str) -> bool:
    """Whether words of ``channel`` occur in ``text`` (``channel in _channel_words(text)``, searching for that one only)."""
    return any(pattern.search(text) for pattern, name in _channel_lexicon() if name == channel)


@lru_cache(maxsize=1024)
def _cue_channel_words(cue: str) -> frozenset[str]:
    """:func:`_channel_words` of a cue: cues repeat ("said", "told"), framings do not."""
    return _channel_words(cue)


def _known_outlets(statements: dict[str, list]) -> list[str]:
    """The outlets named in the statements (``via``, or a media speaker); ``statements`` maps column names to lists."""
    outlets = [_clean(v) for v in statements["via"]]
    outlets += [_clean(s) for s, t in zip(statements["speaker"], statements["speaker_type"]) if _clean(t) == "media"]
    return list(dict.fromkeys(o for o in outlets if o))


def _outlet_of(name: str | None, known: Sequence[str]) -> str | None:
    """The outlet a name belongs to ("Global Times reporters" -> "Global Times"), if any."""
    if not name:
        return None
    tokens = _tokens(name)
    for outlet in known:
        outlet_tokens = _tokens(outlet)
        if outlet_tokens[:1] == ("the",):
            outlet_tokens = outlet_tokens[1:]
        if _contains(tokens, outlet_tokens):
            return outlet
    try:
        from .speakers import outlet_name
    except ImportError:  # the mention finder is optional for channels
        return None
    found = outlet_name(name)
    if found:
        return found
    # "Reuters reporters", "BBC correspondent": try the name without its last word.
    words = name.split()
    return outlet_name(" ".join(words[:-1])) if len(words) > 1 else None


def _body_words(article: Article) -> list[int]:
    """Start offsets of the body's words, in text order."""
    text = article.text
    return [m.start() for u in article.paragraph_units if u.kind == "body" for m in WORD_RE.finditer(text, u.start, u.end)]


def _narrator_counts(article: Article, starts: list[int], ends: list[int], word_starts: list[int]) -> tuple[int, int]:
    """(words, sentences) of the body outside every statement's reported content.

    ``starts`` and ``ends`` are the statements' offsets, ``word_starts`` those of the body's
    words (:func:`_body_words`).
    """
    spans = sorted(zip(starts, ends))
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [m[0] for m in merged]
    # merged spans are disjoint, and the word starts sorted: count the words inside each span
    covered = sum(bisect_left(word_starts, e) - bisect_left(word_starts, s) for s, e in merged)
    words = len(word_starts) - covered
    sentences = 0
    for unit in article.sentence_units:
        if unit.kind != "body":
            continue
        # merged spans are sorted and disjoint: only the last one starting before the sentence's end can overlap it
        i = bisect_right(starts, unit.end - 1) - 1
        if not (i >= 0 and merged[i][1] > unit.start):
            sentences += 1
    return words, sentences


_MENTION_LIST_COLUMNS = ("start", "end", "entity", "entity_kind", "speaker_type", "speaker_country")


def _mention_lists(article: Article, mentions: pd.DataFrame | None) -> dict[str, list]:
    """The article's named mentions, sorted by start (stable), one plain list per column of ``_MENTION_LIST_COLUMNS``.

    ``mentions`` defaults to ``find_mentions(article)``; rows of other articles and rows without
    an entity are left out. Offsets are ints, ``entity`` and ``entity_kind`` cleaned
    (:func:`_clean`; an empty kind reads "person"), the profile columns as given.
    """
    if mentions is None and type(article.article_id) is str:
        from .speakers import speaker_resolver

        # find_mentions' rows, taken before they become a frame
        found = speaker_resolver(article).mention_columns()
        entities = [_clean(v) for v in found["entity"]]
        named = [i for i, entity in enumerate(entities) if entity is not None]
        columns = {column: [found[column][i] for i in named] for column in _MENTION_LIST_COLUMNS}
        columns["entity"] = [entities[i] for i in named]
        columns["entity_kind"] = [_clean(v) or "person" for v in columns["entity_kind"]]
    else:
        columns = _frame_mention_lists(article, mentions)
    order = sorted(range(len(columns["start"])), key=columns["start"].__getitem__)  # stable, as sort_values(kind="stable")
    if order != list(range(len(order))):
        columns = {column: [values[i] for i in order] for column, values in columns.items()}
    return columns


def _frame_mention_lists(article: Article, mentions: pd.DataFrame | None) -> dict[str, list]:
    """:func:`_mention_lists` from a mentions frame (default ``find_mentions(article)``), before sorting."""
    if mentions is None:
        from .speakers import find_mentions

        mentions = find_mentions(article)
    # Each step only when it changes something: find_mentions' own frame passes through unchanged.
    frame = mentions
    series = column_arrays(frame)
    if "article_id" in series and len(frame):
        if not all(v == article.article_id and type(v) is str for v in _values(series["article_id"])):
            mine = mentions["article_id"].astype(str) == article.article_id
            if not mine.all():
                frame = frame[mine]
                series = column_arrays(frame)
    missing = [column for column in _MENTION_INPUT_COLUMNS if column not in series]
    if missing:
        frame = frame.assign(**{column: None for column in missing})
        series = column_arrays(frame)
    entities = [_clean(v) for v in _values(series["entity"])]
    named = [v is not None for v in entities]
    if not all(named):
        frame = frame[named]
        series = column_arrays(frame)
        entities = [v for v in entities if v is not None]
    if frame.empty:
        return {column: [] for column in _MENTION_LIST_COLUMNS}
    return {
        "start": _int_values(series["start"]),
        "end": _int_values(series["end"]),
        "entity": entities,
        "entity_kind": [_clean(v) or "person" for v in _values(series["entity_kind"])],
        "speaker_type": _values(series["speaker_type"]),
        "speaker_country": _values(series["speaker_country"]),
    }


def _entity_rows(article: Article, mentions: dict[str, list]) -> dict[tuple[str, str], dict]:
    """One dict per (entity, kind) with its mention counts and profile, in order of first mention.

    ``mentions`` as :func:`_mention_lists` gives them.
    """
    entities: dict[tuple[str, str], dict] = {}
    columns = [mentions[c] for c in ("entity", "entity_kind", "start", "end", "speaker_type", "speaker_country")]
    for entity, entity_kind, start, end, speaker_type, speaker_country in zip(*columns):
        key = (entity, entity_kind)
        info = entities.get(key)
        if info is None:
            entities[key] = info = {
                "article_id": article.article_id,
                "entity": key[0],
                "entity_kind": key[1],
                "speaker_type": None,
                "speaker_country": None,
                "n_mentions": 0,
                "first_start": start,
                "first_end": end,
                "first_mention": article.text[start:end],
            }
        info["n_mentions"] += 1
        # The first non-empty value wins (cleaned only while none has been found).
        if info["speaker_type"] is None:
            info["speaker_type"] = _clean(speaker_type)
        if info["speaker_country"] is None:
            info["speaker_country"] = _clean(speaker_country)
        if key[1] == "country":
            info["speaker_country"] = info["speaker_country"] or key[0]
    return entities


def _link_names(names: Iterable, entities: dict[tuple[str, str], dict]) -> list[tuple[str, str] | None]:
    """For each name, the entity it names: equal (case-folded), else a unique word-run containment."""
    cache: dict[str, tuple[str, str] | None] = {}
    by_name: dict[tuple[str, ...], tuple[str, str]] = {}  # the first entity with each name, as _same_name compares them
    for key in entities:
        if _tokens(key[0]):
            by_name.setdefault(_without_the(_tokens(key[0])), key)
    named = [(key, _tokens(key[0])) for key in entities if key[1] != "country"]

    def link(name: str) -> tuple[str, str] | None:
        tokens = _tokens(name)
        exact = by_name.get(_without_the(tokens)) if tokens else None
        if exact is not None:
            return exact
        contained = None
        for key, key_tokens in named:
            if _contains(tokens, key_tokens) or _contains(key_tokens, tokens):
                if contained is not None:
                    return None  # more than one: ambiguous
                contained = key
        return contained

    linked = []
    for name in names:
        name = _clean(name)
        if name is not None and name not in cache:
            cache[name] = link(name)
        linked.append(None if name is None else cache[name])
    return linked


def _link_speakers(statements: dict[str, list], mentions: dict[str, list], entities: dict) -> list[tuple[str, str] | None]:
    """The entity of each statement's speaker: by name first (so this agrees with source_table), else by the source span.

    ``statements`` maps column names to lists, as :func:`_statement_lists` gives them; ``mentions``
    as :func:`_mention_lists` gives them.
    """
    by_name = _link_names(statements["speaker"], entities)
    m_starts, m_ends, m_entities, m_kinds = mentions["start"], mentions["end"], mentions["entity"], mentions["entity_kind"]
    longest = max((e - s for s, e in zip(m_starts, m_ends)), default=0)
    linked = []
    spans = zip(statements["speaker"], statements["speaker_start"], statements["speaker_end"])
    for i, (speaker_name, s, e) in enumerate(spans):
        if by_name[i] is not None:
            linked.append(by_name[i])
            continue
        found, best_score = None, None
        if s is not None and e is not None and m_starts:
            speaker = _tokens(_clean(speaker_name))
            # A source span such as "Foreign Ministry Spokesperson Ken Sato" or "Omar Said of
            # Cairo University" overlaps several mentions: prefer the one the record's speaker
            # names (exactly, then by containment), then a person, then the longest overlap.
            # Mentions are sorted by start; only those starting after s - longest can reach s.
            for j in range(bisect_right(m_starts, s - longest - 1), bisect_right(m_starts, e - 1)):
                overlap = min(e, m_ends[j]) - max(s, m_starts[j])
                if overlap <= 0:
                    continue
                entity = _tokens(m_entities[j])
                score = (
                    entity == speaker,
                    bool(speaker) and (_contains(speaker, entity) or _contains(entity, speaker)),
                    m_kinds[j] == "person",
                    overlap,
                )
                if best_score is None or score > best_score:
                    best_score, found = score, (m_entities[j], m_kinds[j])
        linked.append(found if found in entities else None)
    return linked


def _voice_counts(kinds: list[str | None], words: list[int]) -> dict:
    """Voice and counts of one entity's statements, given their kinds and word counts."""
    n_direct = kinds.count("direct")
    n_reported = kinds.count("indirect") + kinds.count("mixed")
    voice = "direct" if n_direct else "reported" if kinds else "mentioned_only"
    return {
        "voice": voice,
        "n_statements": len(kinds),
        "n_direct": n_direct,
        "n_reported": n_reported,
        "n_words": int(sum(words)),
    }


@lru_cache(maxsize=32)
def _dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(categories), ordered=True)


@lru_cache(maxsize=32)
def _codes(categories: tuple[str, ...]) -> dict[str, int]:
    return {c: i for i, c in enumerate(categories)}


def _cat(values, categories: Sequence[str]) -> pd.Categorical:
    """An ordered categorical over ``categories``; values outside them are empty.

    Built from codes with a dtype made once per category list: pandas' own constructor costs
    about a millisecond per call, which adds up over a corpus.
    """
    key = tuple(categories)
    index = _codes(key)
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    codes = np.array([index.get(v, -1) if isinstance(v, str) else -1 for v in items], dtype=np.int64)
    return pd.Categorical.from_codes(codes, dtype=_dtype(key), validate=False)  # the codes are valid by construction


def _categorical(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    if by == "speaker_type":
        frame[by] = _cat(frame[by].astype(object), SPEAKER_TYPE_ORDER)
    elif by == "channel":
        frame[by] = _cat(frame[by].astype(object), CHANNELS)
    return frame


def _typed_sources(table: pd.DataFrame) -> pd.DataFrame:
    for column in ("n_statements", "n_direct", "n_indirect", "n_mixed", "n_words", "first_paragraph", "first_start"):
        table[column] = table[column].astype(int)
    for column in ("share_words", "share_attributed"):
        table[column] = table[column].astype(float)
    table["speaker_type"] = _cat(table["speaker_type"].astype(object), SPEAKER_TYPES)
    return table


def _typed_mentions(table: pd.DataFrame) -> pd.DataFrame:
    for column in ("first_start", "first_end"):
        table[column] = pd.array(table[column].tolist(), dtype="Int64")
    for column in ("n_mentions", "n_statements", "n_direct", "n_reported", "n_words", "n_via"):
        table[column] = table[column].astype(int)
    table["entity_kind"] = _cat(table["entity_kind"].astype(object), ENTITY_KINDS)
    table["voice"] = _cat(table["voice"].astype(object), VOICES)
    table["speaker_type"] = _cat(table["speaker_type"].astype(object), SPEAKER_TYPES)
    return table


def _over_articles(func, articles, records, columns, typed) -> pd.DataFrame:
    """Run ``func(article, records)`` on each article and stack the rows (``analysis.corpus`` reports per-article failures)."""
    frames = [func(article, records) for article in articles]
    frames = [f for f in frames if len(f)]
    if not frames:
        frame = pd.DataFrame(columns=columns)
    else:
        frame = pd.concat(frames, ignore_index=True)
    if typed is not None:
        frame = typed(frame)
    return frame[columns]
