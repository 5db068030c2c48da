"""The annotated article view: escaping, overlapping and nested spans, colours from plotting, the CLI.

The HTML is read back with the standard library's parser, which stands in for the DOM: it
checks that every element is closed in the order it was opened and collects the text of
every element carrying a ``data-record`` id. The browser checks are in ``test_browser.py``.
"""

from __future__ import annotations

import json
import random
import re
import warnings
from collections import defaultdict
from html.parser import HTMLParser

import pandas as pd
import pytest

from analysis import parse_article, plotting
from analysis.cli import main
from analysis.render import LAYERS, SPAN_COLUMNS, RenderedArticle, load_records, render_article

from conftest import DATA_DIR, SEED_PATH

GOLD_SEED = DATA_DIR / "quotes" / "gold" / "000_4a60538e41788e46.jsonl"
VOID_TAGS = {"meta", "br", "img", "hr", "link", "input", "wbr"}


class Dom(HTMLParser):
    """What a browser would build, reduced to what the tests read."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.record_text: dict[str, str] = defaultdict(str)
        self.record_elements: dict[str, list[dict]] = defaultdict(list)
        self.paragraph_text: dict[int, str] = defaultdict(str)
        self.tags: list[str] = []
        self.feed(markup)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {[t for t, _ in self.stack]}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag in VOID_TAGS:
            return
        if "data-record" in attrs:
            self.record_elements[attrs["data-record"]].append(attrs)
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        records = {attrs["data-record"] for _, attrs in self.stack if "data-record" in attrs}
        for record in records:
            self.record_text[record] += data
        for _, attrs in self.stack:
            if "data-paragraph" in attrs:
                self.paragraph_text[int(attrs["data-paragraph"])] += data


def gold_seed() -> pd.DataFrame:
    return pd.DataFrame([json.loads(line) for line in GOLD_SEED.read_text(encoding="utf-8").splitlines() if line.strip()])


def block_texts(article) -> dict[int, str]:
    """The text each paragraph element should hold (the first one starts at the dateline)."""
    texts = {u.index: article.text[u.start : u.end] for u in article.paragraph_units}
    if article.dateline is not None:
        first = article.paragraph_units[0]
        texts[0] = article.text[article.dateline.start : first.end]
    return texts


def quote_row(article, needle: str, *, occurrence: int = 0, **fields) -> dict:
    start = [m.start() for m in re.finditer(re.escape(needle), article.text)][occurrence]
    return {"article_id": article.article_id, "start": start, "end": start + len(needle), "quote": needle, **fields}


# -- the seed with its hand-annotated records -------------------------------------------------


def test_seed_every_gold_record_is_recovered_from_the_markup(seed):
    gold = gold_seed()
    rendered = render_article(seed, layers=("quotes",), quotes=gold)
    dom = Dom(rendered.to_html())
    assert dom.errors == []
    assert len(gold) > 10
    for i, row in gold.iterrows():
        assert dom.record_text[f"q{i}"] == row["quote"], f"record {i} ({row['speaker']})"
        assert seed.text[row["start"] : row["end"]] == row["quote"]
    assert dict(dom.paragraph_text) == block_texts(seed)


def test_seed_labels_carry_speaker_and_via_on_the_last_piece_only(seed):
    gold = gold_seed()
    dom = Dom(render_article(seed, layers=("quotes",), quotes=gold).fragment)
    for i, row in gold.iterrows():
        labelled = [a for a in dom.record_elements[f"q{i}"] if "data-label" in a]
        assert len(labelled) == 1
        assert "na-last" in labelled[0]["class"].split()
        assert labelled[0]["data-label"].startswith(row["speaker"] or "unattributed")
        if isinstance(row["via"], str) and row["via"] != row["speaker"]:
            assert labelled[0]["data-label"].endswith(f"via {row['via']}")
        tooltip = dom.record_elements[f"q{i}"][0]["title"]
        assert f"speaker: {row['speaker']}" in tooltip and f"cue: {row['cue']}" in tooltip


def test_cue_without_offsets_is_found_next_to_the_statement_not_inside_it(seed):
    gold = gold_seed()
    rendered = render_article(seed, layers=("quotes",), quotes=gold)
    cues = rendered.spans[rendered.spans["layer"] == "cue"]
    assert len(cues) >= len(gold) * 0.8
    for _, cue in cues.iterrows():
        i = int(cue["record"][1:].split("-")[0])
        quote = gold.loc[i]
        assert cue["text"] == quote["cue"]
        assert cue["end"] <= quote["start"] or cue["start"] >= quote["end"]
        assert seed.paragraph_at(cue["start"]) == seed.paragraph_at(quote["start"])


def test_explicit_cue_and_speaker_offsets_are_used_as_given():
    article = parse_article("Officials said on Monday that the road would open. Nobody said otherwise.", "cue")
    row = quote_row(article, "the road would open", speaker="Officials", speaker_type="official")
    row.update(cue_start=10, cue_end=14, speaker_start=0, speaker_end=9)
    dom = Dom(render_article(article, layers=("quotes",), quotes=[row]).fragment)
    assert dom.record_text["q0-cue"] == "said"
    assert dom.record_text["q0-speaker"] == "Officials"


# -- untrusted text ------------------------------------------------------------------------

NASTY = (
    ' date 2025-01-02 LONDON (Reuters) -- The minister said <script>window.__pwned = 1; alert("x")</script> '
    'was "fine" & <b>bold</b> <img src=x onerror="alert(2)"> &amp; &lt;tag&gt; &#60;script&#62;.\n\n'
    "Quotes of every kind: \"straight\" 'single' “curly” ‘single curly’ «guillemets» „low“ ‚low‘ "
    "‹single guillemets› 「corner」 『white corner』 ″double prime″ `backtick` end.\n\n"
    "</p></div><style>body{display:none}</style><!-- comment --> ]]> <![CDATA[ x ]]> trailing.\n"
)


def test_markup_in_the_article_renders_as_text():
    article = parse_article(NASTY, "nasty")
    script = quote_row(article, '<script>window.__pwned = 1; alert("x")</script> was "fine" & <b>bold</b>')
    evil_fields = {
        "speaker": '"><script>alert(3)</script>',
        "speaker_type": 'official" onmouseover="alert(4)',
        "cue": "<img src=y onerror=alert(5)>",
        "via": "A&B <i>News</i>",
    }
    quotes = [
        {**script, **evil_fields},
        quote_row(article, "«guillemets» „low“ ‚low‘ ‹single guillemets› 「corner」", speaker="X", speaker_type="citizen"),
        quote_row(article, "</p></div><style>body{display:none}</style><!-- comment -->", speaker="Y"),
    ]
    phrases = [quote_row(article, "<b>bold</b>", kind="evaluative", polarity="positive")]
    rendered = render_article(article, quotes=quotes, phrases=phrases, title="<title>T & T</title>")
    page = rendered.to_html()
    dom = Dom(page)
    assert dom.errors == []
    assert "script" not in dom.tags and "img" not in dom.tags and "b" not in dom.tags and "i" not in dom.tags
    assert dom.tags.count("style") == 1 and dom.tags.count("title") == 1
    assert "<!-- comment" not in page and "<![CDATA[" not in page
    assert dict(dom.paragraph_text) == block_texts(article)
    for i, row in enumerate(quotes):
        assert dom.record_text[f"q{i}"] == row["quote"]
    assert dom.record_text["p0"] == "<b>bold</b>"
    first = dom.record_elements["q0"][0]
    assert 'speaker: "><script>alert(3)</script>' in first["title"]
    assert "onmouseover" not in first  # the speaker type stays inside its attribute
    assert "na-t-unknown" in first["class"].split()  # an unknown type falls back to the unknown colour


def test_every_character_of_the_text_is_escaped():
    article = parse_article(NASTY, "nasty")
    body = render_article(article, layers=()).fragment.split('<div class="na-body">', 1)[1]
    text_only = re.sub(r"<(/?)(p|h3|span|div)\b[^>]*>", "", body)
    assert "<" not in text_only and ">" not in text_only and '"' not in text_only and "'" not in text_only
    assert re.search(r"&(?!(amp|lt|gt|quot|#x27);)", text_only) is None


# -- overlapping and nested spans -----------------------------------------------------------

OVERLAP = (
    "Alpha said the new plan is a great success and a clear failure at once, "
    "while Beta said it was a pity. Gamma agreed.\n\nSecond paragraph says more about the plan."
)


def overlap_records(article):
    quotes = [
        quote_row(article, "the new plan is a great success", speaker="Alpha", speaker_type="official"),
        quote_row(article, "a great success and a clear failure at once", speaker="Beta", speaker_type="scholar"),
        quote_row(article, "the new plan is a great success", speaker="Gamma", speaker_type="citizen"),  # same words
        quote_row(article, "it was a pity. Gamma agreed.\n\nSecond paragraph", speaker="Delta", speaker_type="media"),
    ]
    phrases = [
        quote_row(article, "great success", kind="evaluative", polarity="positive"),
        quote_row(article, "success and a clear", kind="formula", polarity="neutral"),
        quote_row(article, "clear failure", kind="evaluative", polarity="negative"),
        quote_row(article, "pity", kind="evaluative", polarity="negative"),
    ]
    return quotes, phrases


def test_overlapping_and_nested_spans_give_valid_markup_and_whole_records():
    article = parse_article(OVERLAP, "overlap")
    quotes, phrases = overlap_records(article)
    rendered = render_article(article, quotes=quotes, phrases=phrases)
    dom = Dom(rendered.fragment)
    assert dom.errors == []
    for i, row in enumerate(quotes[:3]):
        assert dom.record_text[f"q{i}"] == row["quote"]
    for i, row in enumerate(phrases):
        assert dom.record_text[f"p{i}"] == row["quote"]
    # the record that crosses a paragraph break is drawn in both paragraphs, without the blank line
    assert dom.record_text["q3"] == quotes[3]["quote"].replace("\n\n", "")
    assert len(dom.record_elements["q3"]) == 2
    # partial overlap splits one of the two records into pieces; only the last piece is labelled
    assert len(dom.record_elements["q1"]) >= 2
    assert [("data-label" in a) for a in dom.record_elements["q1"]] == [False] * (len(dom.record_elements["q1"]) - 1) + [True]
    assert dict(dom.paragraph_text) == block_texts(article)


def test_a_phrase_inside_a_statement_is_nested_in_its_element():
    article = parse_article(OVERLAP, "overlap")
    quotes, phrases = overlap_records(article)
    html = render_article(article, layers=("quotes", "phrases"), quotes=quotes[:1], phrases=phrases[:1]).fragment
    assert re.search(r'data-record="q0"[^>]*>the new plan is a <span class="na-phrase na-pol-positive[^"]*" data-record="p0"[^>]*>great success</span></span>', html)


def test_random_overlapping_spans_over_a_long_article_always_nest():
    rng = random.Random(7)
    paragraphs = [" ".join(rng.choice(["said", "the", "«plan»", "&", "<b>", "“quoted”", "growth", "it's"]) for _ in range(120)) for _ in range(60)]
    article = parse_article("\n\n".join(paragraphs), "long")
    assert len(article.text) > 30_000
    n = len(article.text)
    quotes, phrases = [], []
    for _ in range(300):
        start = rng.randrange(0, n - 1)
        end = min(n, start + rng.randrange(1, 400))
        quotes.append({"start": start, "end": end, "speaker_type": rng.choice(plotting.SPEAKER_TYPES)})
        s = rng.randrange(0, n - 1)
        phrases.append({"start": s, "end": min(n, s + rng.randrange(1, 40)), "kind": rng.choice(["evaluative", "formula"])})
    rendered = render_article(article, quotes=quotes, phrases=phrases)
    dom = Dom(rendered.fragment)
    assert dom.errors == []
    assert dict(dom.paragraph_text) == block_texts(article)
    for i, row in enumerate(quotes):
        expected = "".join(
            article.text[max(row["start"], u.start) : min(row["end"], u.end)]
            for u in article.paragraph_units
            if row["start"] < u.end and row["end"] > u.start
        )
        assert dom.record_text.get(f"q{i}", "") == expected


# -- colours and legend ---------------------------------------------------------------------


def rgb_triplet(hex_color: str) -> str:
    value = hex_color.lstrip("#")
    return ", ".join(str(int(value[k : k + 2], 16)) for k in (0, 2, 4))


def test_colours_come_from_plotting(seed):
    rendered = render_article(seed, layers=("quotes",), quotes=gold_seed())
    for name, color in plotting.SPEAKER_TYPE_COLORS.items():
        assert f".na-t-{name} {{ --na-rgb: {rgb_triplet(color)};" in rendered.css
    for name, color in plotting.POLARITY_COLORS.items():
        assert f".na-pol-{name} {{ text-decoration-color: {color};" in rendered.css
    dom = Dom(rendered.fragment)
    for i, row in gold_seed().iterrows():
        assert f"na-t-{row['speaker_type']}" in dom.record_elements[f"q{i}"][0]["class"].split()


def test_changing_the_plotting_palette_changes_the_page(seed, monkeypatch):
    monkeypatch.setitem(plotting.SPEAKER_TYPE_COLORS, "scholar", "#123456")
    css = render_article(seed, layers=("quotes",), quotes=gold_seed()).css
    assert ".na-t-scholar { --na-rgb: 18, 52, 86;" in css


def test_label_text_is_readable_on_every_chip_colour():
    from analysis.render import _chip_foreground, _luminance

    for color in plotting.SPEAKER_TYPE_COLORS.values():
        fg = _chip_foreground(color)
        lighter, darker = sorted([_luminance(color), _luminance(fg)], reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, color


def test_legend_lists_the_speaker_types_present_and_the_counts(seed):
    gold = gold_seed()
    html = render_article(seed, layers=("quotes",), quotes=gold).fragment
    legend = html.split('<div class="na-legend"', 1)[1].split("</div>", 1)[0]
    for stype in set(gold["speaker_type"]):
        assert f"na-t-{stype}\">{plotting.label(stype)}<" in legend
    assert f"{len(gold)} attributed statements from {gold['speaker'].nunique()} speakers" in legend
    assert "Phrases:" not in legend


def test_dark_theme_and_print_rules_are_present(seed):
    css = render_article(seed, layers=()).css
    assert 'body[data-jp-theme-light="false"] .na-article' in css
    assert "prefers-color-scheme: dark" in css and "@media print" in css


# -- layers, records, odd input -------------------------------------------------------------


def test_layers_choose_what_is_drawn():
    article = parse_article(OVERLAP, "overlap")
    quotes, phrases = overlap_records(article)
    only_formulae = render_article(article, layers=("formulae",), quotes=quotes, phrases=phrases).spans
    assert set(only_formulae["layer"]) == {"formula"}
    only_phrases = render_article(article, layers=("phrases",), phrases=phrases).spans
    assert set(only_phrases["layer"]) == {"phrase"}
    assert set(render_article(article, quotes=quotes, phrases=phrases).spans["layer"]) == {"quote", "phrase", "formula"}


def test_unknown_layer_and_records_without_offsets_are_refused(seed):
    with pytest.raises(ValueError, match="unknown layer"):
        render_article(seed, layers=("quotes", "entities"))
    with pytest.raises(ValueError, match="'start' and 'end'"):
        render_article(seed, layers=("quotes",), quotes=[{"quote": "x"}])


def test_records_with_bad_offsets_are_skipped_with_a_warning(seed):
    quotes = [
        {"article_id": seed.article_id, "start": float("nan"), "end": 10},
        {"article_id": seed.article_id, "start": 50, "end": 40},
        {"article_id": seed.article_id, "start": 0, "end": len(seed.text) + 5},
        {"article_id": seed.article_id, "start": "x", "end": 10},
        {"article_id": "another_article", "start": 103, "end": 345},
        {"article_id": seed.article_id, "start": 103, "end": 345, "speaker_type": None},
    ]
    with pytest.warns(UserWarning, match="4 quotes"):
        rendered = render_article(seed, layers=("quotes",), quotes=quotes)
    assert list(rendered.spans["record"]) == ["q4"]  # row 4 of the rows left for this article
    assert rendered.spans.loc[0, "speaker_type"] == "unknown"


def test_empty_records_give_an_empty_table_and_a_plain_article(seed):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rendered = render_article(seed, quotes=pd.DataFrame(columns=["start", "end"]), phrases=[])
    assert list(rendered.spans.columns) == SPAN_COLUMNS and rendered.spans.empty
    assert "none found" in rendered.fragment and "0 attributed statements from 0 speakers" in rendered.fragment
    assert dict(Dom(rendered.fragment).paragraph_text) == block_texts(seed)


@pytest.mark.parametrize(
    "text",
    [
        "ALL CAPS BULLETIN: THE MINISTER SAID \"NO\".\n\nMORE TO FOLLOW",
        'He said "unbalanced quote and never closed.\n\nAnother " stray mark.',
        "Der Minister sagte, die Straße werde «bald» eröffnet. 大臣说道路将很快开通。",
        "no quotes at all, one line",
        "Fruitful summit\n\nA heading and a body.\n\nJune 3, 2025",
    ],
    ids=["all_caps", "unbalanced", "non_english", "no_quotes", "heading_and_date_line"],
)
def test_odd_articles_render_every_character(text):
    article = parse_article(text, "odd")
    rendered = render_article(article, quotes=[{"start": 0, "end": min(5, len(text))}], phrases=[])
    dom = Dom(rendered.to_html())
    assert dom.errors == []
    assert dict(dom.paragraph_text) == block_texts(article)
    assert dom.record_text["q0"] == text[:5]


def test_headings_and_date_lines_keep_their_kind():
    article = parse_article("Fruitful summit\n\nA heading and a body that runs on.\n\nJune 3, 2025", "kinds")
    html = render_article(article, layers=()).fragment
    assert re.search(r'<h3 class="na-heading" data-paragraph="0">Fruitful summit</h3>', html)
    assert 'class="na-paragraph na-date_line" data-paragraph="2"' in html


def test_spans_table_is_tidy(seed):
    spans = render_article(seed, layers=("quotes",), quotes=gold_seed()).spans
    assert list(spans.columns) == SPAN_COLUMNS
    assert (spans["article_id"] == seed.article_id).all()
    assert all(seed.text[s:e] == t for s, e, t in zip(spans["start"], spans["end"], spans["text"]))
    assert pd.api.types.is_integer_dtype(spans["start"]) and pd.api.types.is_integer_dtype(spans["end"])


# -- the page and the notebook display ------------------------------------------------------


def test_saved_page_is_self_contained(seed, tmp_path):
    rendered = render_article(seed, layers=("quotes",), quotes=gold_seed(), title="Seed & gold")
    assert isinstance(rendered, RenderedArticle)
    path = rendered.save(tmp_path / "deep" / "page.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<title>Seed &amp; gold</title>" in page
    for outside in ("http://", "https://", "src=", "<link", "@import", "url(", "<script"):
        assert outside not in page.lower(), outside
    assert page.count("<style>") == 1
    assert Dom(page).errors == []


def test_notebook_display_is_a_fragment_with_its_own_style(seed):
    fragment = render_article(seed, layers=("quotes",), quotes=gold_seed())._repr_html_()
    assert fragment.startswith('<div class="na-article"') and "<html" not in fragment
    assert fragment.count("<style>") == 1
    assert all(rule.startswith((".na-article", "body", "@media", "}")) for rule in re.findall(r"^\S[^\n]*", fragment.split("<style>")[1].split("</style>")[0], re.M))


# -- command line ---------------------------------------------------------------------------


def test_cli_render_writes_the_page(tmp_path, capsys):
    out = tmp_path / "seed.html"
    status = main(["render", str(SEED_PATH), "--out", str(out), "--quotes", str(GOLD_SEED), "--layers", "quotes"])
    assert status == 0 and out.exists()
    dom = Dom(out.read_text(encoding="utf-8"))
    assert dom.record_text["q0"] == gold_seed().loc[0, "quote"]
    assert str(out) in capsys.readouterr().err


def test_cli_render_reports_bad_input(tmp_path, capsys):
    assert main(["render", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "x.html")]) == 1
    assert "missing.txt: no such file" in capsys.readouterr().err
    assert main(["render", str(SEED_PATH), "--out", str(tmp_path / "x.html"), "--layers", "quotes,colours", "--quotes", str(GOLD_SEED)]) == 2
    assert "unknown layer" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"start": 1, "end": 4}\nnot json\n', encoding="utf-8")
    assert main(["render", str(SEED_PATH), "--out", str(tmp_path / "x.html"), "--layers", "quotes", "--quotes", str(bad)]) == 2
    assert "bad.jsonl: line 2 is not JSON" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_load_records_reads_jsonl_and_csv(tmp_path):
    frame = load_records(GOLD_SEED)
    frame.to_csv(tmp_path / "gold.csv", index=False)
    assert load_records(tmp_path / "gold.csv")[["start", "end"]].equals(frame[["start", "end"]])
    with pytest.raises(ValueError, match="records must be"):
        (tmp_path / "gold.txt").write_text("x", encoding="utf-8")
        load_records(tmp_path / "gold.txt")


def test_layers_constant_matches_the_documented_default():
    assert LAYERS == ("quotes", "phrases", "formulae")


def test_default_records_come_from_attribute_quotes_and_find_phrases(seed):
    from analysis import attribute_quotes, find_phrases

    rendered = render_article(seed)
    quotes, phrases = attribute_quotes(seed), find_phrases(seed)
    counts = rendered.spans["layer"].value_counts()
    assert counts.get("quote", 0) == len(quotes)
    assert counts.get("formula", 0) == int((phrases["kind"] == "formula").sum())
    assert counts.get("phrase", 0) == int((phrases["kind"] != "formula").sum())
    assert repr(rendered) == (
        f"<RenderedArticle '{seed.article_id}': {len(quotes)} statements, "
        f"{counts.get('phrase', 0)} phrases, {counts.get('formula', 0)} formulae>"
    )
    dom = Dom(rendered.fragment)
    assert dom.errors == []
    for i, row in quotes.iterrows():
        assert dom.record_text[f"q{i}"] == row["quote"]


def test_a_single_layer_may_be_given_as_a_string(seed):
    assert set(render_article(seed, "quotes", quotes=gold_seed()).spans["layer"]) == {"quote", "cue", "speaker"}
