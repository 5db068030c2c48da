"""The annotated article: one article drawn as HTML with its analysis on it, like spaCy's displaCy.

``render_article(article)`` returns a :class:`RenderedArticle`; JupyterLab shows it inline
(``_repr_html_``) and ``.save("figures/02_annotated_article.html")`` writes one self-contained
page (inline CSS, no scripts, no fonts or images fetched; opens from disk and prints cleanly).

What is drawn, by layer:

- ``quotes`` (from :func:`analysis.quotes.attribute_quotes`): every attributed statement with a
  background in the colour of its speaker type (``plotting.SPEAKER_TYPE_COLORS``, the colours
  the charts use), a label chip with the resolved speaker and the ``via`` outlet, the cue words
  in bold with a dotted underline, the speaker's mention in semi-bold with a solid underline.
- ``phrases`` (from :func:`analysis.phrases.find_phrases`, rows whose ``kind`` is not
  ``formula``): evaluative phrases underlined in the polarity colour
  (``plotting.POLARITY_COLORS``), and in a line style that does not need colour to be read:
  solid = positive, wavy = negative, dotted = neutral.
- ``formulae`` (rows of the same table whose ``kind`` is ``formula``): a dashed box.

Hovering a highlight shows its record (speaker, role, affiliation, country, kind, cue, via;
polarity, intensity and voice for phrases) through the element's ``title``.

How it is built: records become plain span dicts (``start``, ``end``, ``layer``, ``record``,
...); each paragraph is cut at every span boundary and the pieces are wrapped in properly
nested ``<span>`` elements, so overlapping and nested records (a phrase inside a quote, two
statements sharing words) give valid markup. A record cut into several elements (because it
overlaps another record partly, or crosses a paragraph break) carries the same
``data-record`` id on each piece: concatenating their text gives ``article.text[start:end]``
(minus the blank lines between paragraphs, which are not drawn). Labels are CSS
``::after`` content, so they are never part of the text a reader copies.

Article text is untrusted input: every character of it, and every value of a record, is
escaped with ``html.escape(..., quote=True)``; markup in an article shows as text.

Not handled: text before the first paragraph other than the dateline (the ``date`` header
is shown as metadata instead); spans that fall entirely outside the paragraphs are skipped
with a warning, as are spans with missing, reversed or out-of-range offsets.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from . import plotting
from .article import Article

LAYERS = ("quotes", "phrases", "formulae")
"""The layers :func:`render_article` can draw, in legend order."""

SPAN_COLUMNS = ["article_id", "record", "layer", "start", "end", "text", "speaker_type", "polarity", "label"]
"""Columns of :attr:`RenderedArticle.spans`, one row per span drawn."""

# Nesting order when two spans start at the same offset and have the same length: the
# statement is the outer element, then the words inside it that name its parts.
_LAYER_ORDER = {"dateline": 0, "quote": 1, "speaker": 2, "cue": 3, "formula": 4, "phrase": 5}

# Light tint behind statements on a light page; a stronger one on a dark page so the hue
# still reads against a dark background. Both keep body text at its normal colour.
_ALPHA_LIGHT = 0.22
_ALPHA_DARK = 0.42
_LABEL_MAX_CHARS = 48

DOCUMENT_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<style>
html, body.na-page {{ margin: 0; background: #f4f4f4; }}
body.na-page {{ padding: 2em 1em; }}
@media (prefers-color-scheme: dark) {{ html, body.na-page {{ background: #111111; }} }}
@media print {{ html, body.na-page {{ background: #ffffff; padding: 0; }} }}
{css}
</style>
</head>
<body class="na-page">
{fragment}
</body>
</html>
"""

FRAGMENT_TEMPLATE = """<div class="na-article" lang="en" data-article-id="{article_id}">
{style}<header class="na-header"><h2 class="na-title">{title}</h2><p class="na-meta">{meta}</p></header>
{legend}<div class="na-body">
{body}
</div>
</div>"""

STYLE_TEMPLATE = "<style>{css}</style>\n"
HEADING_TEMPLATE = '<h3 class="na-heading" data-paragraph="{index}">{content}</h3>'
PARAGRAPH_TEMPLATE = '<p class="na-paragraph na-{kind}" data-paragraph="{index}">{content}</p>'
SPAN_OPEN_TEMPLATE = '<span class="{classes}" data-record="{record}" data-layer="{layer}"{extra}>'
SPAN_CLOSE = "</span>"
LEGEND_TEMPLATE = '<div class="na-legend" role="note">\n{groups}<p class="na-counts">{counts}</p>\n</div>\n'
LEGEND_GROUP_TEMPLATE = '<p class="na-legend-group"><span class="na-legend-name">{name}</span> {items}</p>\n'

CSS_TEMPLATE = """
.na-article {{
  --na-bg: #ffffff; --na-fg: #1b1b1b; --na-muted: #5c5c5c; --na-rule: #d6d6d6;
  --na-formula: #6b6b6b; --na-alpha: {alpha_light};
  background: var(--na-bg); color: var(--na-fg);
  font-family: Georgia, "DejaVu Serif", "Times New Roman", serif;
  font-size: 16px; line-height: 1.8; text-align: left;
  max-width: 46em; margin: 0 auto; padding: 1.25em 1.5em;
  border: 1px solid var(--na-rule); border-radius: 6px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}}
body[data-jp-theme-light="false"] .na-article {{ {dark} }}
@media (prefers-color-scheme: dark) {{ body:not([data-jp-theme-light]) .na-article {{ {dark} }} }}
@media print {{
  .na-article, body:not([data-jp-theme-light]) .na-article, body[data-jp-theme-light] .na-article {{ {light} border: none; max-width: none; padding: 0; }}
  .na-article .na-paragraph {{ orphans: 3; widows: 3; }}
  .na-article .na-heading {{ break-after: avoid; }}
  .na-article .na-legend {{ break-inside: avoid; }}
}}
.na-article .na-header, .na-article .na-legend, .na-article .na-heading {{
  font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif;
}}
.na-article .na-title {{ font-size: 1.15em; line-height: 1.3; margin: 0 0 0.15em; font-weight: 650; color: var(--na-fg); }}
.na-article .na-meta {{ font-size: 0.85em; color: var(--na-muted); margin: 0 0 0.8em; line-height: 1.4; }}
.na-article .na-legend {{ font-size: 0.8em; line-height: 2.1; border-top: 1px solid var(--na-rule);
  border-bottom: 1px solid var(--na-rule); padding: 0.35em 0; margin: 0 0 1.1em; }}
.na-article .na-legend-group {{ margin: 0; }}
.na-article .na-legend-name {{ color: var(--na-muted); margin-right: 0.35em; }}
.na-article .na-legend .na-key {{ margin-right: 0.55em; white-space: nowrap; }}
.na-article .na-counts {{ margin: 0.1em 0 0; color: var(--na-muted); line-height: 1.5; }}
.na-article .na-heading {{ font-size: 1.05em; font-weight: 650; margin: 1.3em 0 0.5em; line-height: 1.4; color: var(--na-fg); }}
.na-article .na-paragraph {{ margin: 0 0 0.9em; }}
.na-article .na-date_line {{ color: var(--na-muted); font-style: italic; }}
.na-article .na-dateline {{ font-variant: small-caps; font-weight: 600; letter-spacing: 0.02em; }}
.na-article .na-quote, .na-article .na-cue, .na-article .na-speaker {{ --na-rgb: {unknown_rgb}; --na-chip-fg: #000000; }}
{type_rules}
.na-article .na-quote {{
  background-color: rgba(var(--na-rgb), var(--na-alpha));
  box-shadow: inset 0 -2px 0 rgb(var(--na-rgb));
  padding: 0.12em 0; border-radius: 2px;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}}
.na-article .na-quote:hover {{ outline: 2px solid rgb(var(--na-rgb)); }}
.na-article .na-quote.na-last[data-label]::after {{
  content: attr(data-label);
  font: 600 0.66em/1.2 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif;
  background: rgb(var(--na-rgb)); color: var(--na-chip-fg);
  padding: 0.15em 0.45em; margin-left: 0.3em; border-radius: 3px;
  vertical-align: 0.12em; white-space: nowrap; font-style: normal;
}}
.na-article .na-cue {{ font-weight: 700; text-decoration: underline dotted rgb(var(--na-rgb)); text-decoration-thickness: 2px; }}
.na-article .na-speaker {{ font-weight: 600; border-bottom: 2px solid rgb(var(--na-rgb)); }}
.na-article .na-phrase {{ text-decoration-line: underline; text-decoration-thickness: 2.5px;
  text-underline-offset: 0.1em; text-decoration-skip-ink: none; }}
{polarity_rules}
.na-article .na-formula {{ outline: 1px dashed var(--na-formula); outline-offset: 1px; border-radius: 2px; }}
"""

_LIGHT_VARS = (
    "--na-bg: #ffffff; --na-fg: #1b1b1b; --na-muted: #5c5c5c; --na-rule: #d6d6d6; "
    f"--na-formula: #6b6b6b; --na-alpha: {_ALPHA_LIGHT};"
)
_DARK_VARS = (
    "--na-bg: #1f1f1f; --na-fg: #e8e8e8; --na-muted: #ababab; --na-rule: #4a4a4a; "
    f"--na-formula: #bdbdbd; --na-alpha: {_ALPHA_DARK};"
)
# Line styles make polarity readable without colour (and in grey print).
_POLARITY_STYLE = {"positive": "solid", "negative": "wavy", "neutral": "dotted"}


@dataclass(frozen=True, eq=False, repr=False)
class RenderedArticle:
    """An article drawn as HTML: shows inline in Jupyter, ``.save(path)`` writes a standalone page.

    Attributes:
        article_id: the article's id.
        title: the page title.
        fragment: the HTML fragment (a ``<div class="na-article">`` with its own ``<style>``).
        css: the stylesheet, also inside ``fragment``.
        spans: the spans drawn, one row per record part (see :data:`SPAN_COLUMNS`); ``start``,
            ``end`` index ``article.text`` and ``text`` equals ``article.text[start:end]``.
    """

    article_id: str
    title: str
    fragment: str
    css: str
    spans: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.fragment

    def __repr__(self) -> str:
        counts = self.spans["layer"].value_counts()
        parts = [f"{int(counts.get(layer, 0))} {name}" for layer, name in (("quote", "statements"), ("phrase", "phrases"), ("formula", "formulae"))]
        return f"<RenderedArticle {self.article_id!r}: {', '.join(parts)}>"

    def to_html(self) -> str:
        """The whole standalone page: doctype, inline CSS in the head, the article in the body."""
        body = self.fragment.replace(STYLE_TEMPLATE.format(css=self.css), "", 1)
        return DOCUMENT_TEMPLATE.format(title=_esc(self.title), css=self.css, fragment=body)

    def save(self, path: str | Path) -> Path:
        """Write the standalone page to ``path`` (UTF-8), creating the folder; returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html(), encoding="utf-8")
        return path


def render_article(
    article: Article,
    layers: Sequence[str] = LAYERS,
    *,
    quotes: pd.DataFrame | Iterable[dict] | None = None,
    phrases: pd.DataFrame | Iterable[dict] | None = None,
    title: str | None = None,
) -> RenderedArticle:
    """Draw an article with its attributed statements, evaluative phrases and formulae as HTML.

    Args:
        article: the :class:`~analysis.article.Article` to draw.
        layers: any of ``"quotes"``, ``"phrases"``, ``"formulae"``.
        quotes: attribution records (a DataFrame or a list of dicts) with at least ``start``
            and ``end``; also read when present: ``speaker``, ``speaker_mention``,
            ``speaker_type``, ``speaker_country``, ``role``, ``affiliation``, ``kind``,
            ``cue``, ``via``, ``cue_start``/``cue_end``, ``speaker_start``/``speaker_end``.
            Default: :func:`analysis.quotes.attribute_quotes` on the article.
        phrases: phrase records with ``start``, ``end``, ``kind`` (``evaluative`` or
            ``formula``) and, when present, ``polarity``, ``intensity``, ``voice``,
            ``speaker``. Default: :func:`analysis.phrases.find_phrases` on the article.
        title: the heading and page title; default the article id.

    Returns:
        A :class:`RenderedArticle`. Its ``spans`` table lists what was drawn: ``article_id``,
        ``record`` (the ``data-record`` id in the HTML: ``q3`` for the fourth of the ``quotes``
        rows kept for this article, ``q3-cue`` and ``q3-speaker`` for its cue and speaker
        mention, ``p5`` likewise for ``phrases``), ``layer`` (quote, cue, speaker, phrase, formula), ``start``,
        ``end``, ``text``, ``speaker_type``, ``polarity``, ``label``.

    Records of another ``article_id`` are ignored. Records with missing or impossible
    offsets are skipped with a warning, never an error. When a statement has a ``cue`` (or
    ``speaker_mention``) but no offsets for it, the nearest whole-word occurrence of that text
    in the statement's paragraph, outside the statement, is marked; none is marked when it
    does not occur there. A speaker type not in ``plotting.SPEAKER_TYPE_COLORS`` is drawn in
    the ``unknown`` colour.

    Raises:
        ValueError: an unknown layer name, or records without ``start``/``end`` columns.
    """
    layers = (layers,) if isinstance(layers, str) else tuple(layers)
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise ValueError(f"unknown layer(s) {unknown}; choose from {list(LAYERS)}")
    spans: list[dict] = []
    skipped: dict[str, int] = {}
    quote_frame = phrase_frame = None
    if "quotes" in layers:
        quote_frame = _records(quotes, "quotes", article) if quotes is not None else _default_quotes(article)
    if "phrases" in layers or "formulae" in layers:
        phrase_frame = _records(phrases, "phrases", article) if phrases is not None else _default_phrases(article)
    if quote_frame is not None:
        spans += _quote_spans(article, quote_frame, skipped)
    if phrase_frame is not None:
        spans += _phrase_spans(article, phrase_frame, layers, skipped)
    if skipped:
        detail = ", ".join(f"{n} {name}" for name, n in skipped.items())
        warnings.warn(f"{article.article_id}: skipped records with missing or out-of-range offsets ({detail})", stacklevel=2)

    blocks = _blocks(article)
    drawn, outside = _clip_to_blocks(spans, blocks)
    if outside:
        warnings.warn(f"{article.article_id}: {outside} span(s) lie outside the article's paragraphs and are not drawn", stacklevel=2)
    if article.dateline is not None and blocks:
        dateline_span = {"start": article.dateline.start, "end": article.dateline.end, "layer": "dateline", "record": "dateline"}
        drawn.setdefault(0, []).append(_clip(dateline_span, blocks[0][0], blocks[0][1]))

    body = "\n".join(_block_html(article.text, block, drawn.get(i, [])) for i, block in enumerate(blocks))
    title = title if title is not None else article.article_id
    css = stylesheet()
    counts = _counts(spans, layers)
    fragment = FRAGMENT_TEMPLATE.format(
        article_id=_esc(article.article_id),
        style=STYLE_TEMPLATE.format(css=css),
        title=_esc(title),
        meta=_esc(_meta(article)),
        legend=_legend(spans, layers, counts),
        body=body,
    )
    table = pd.DataFrame(
        [{**{c: s.get(c) for c in SPAN_COLUMNS}, "article_id": article.article_id, "text": article.text[s["start"] : s["end"]]} for s in spans],
        columns=SPAN_COLUMNS,
    )
    return RenderedArticle(article_id=article.article_id, title=title, fragment=fragment, css=css, spans=table)


def stylesheet() -> str:
    """The CSS of the annotated view, with the colours read from :mod:`analysis.plotting` now."""
    type_rules = []
    for name, hex_color in plotting.SPEAKER_TYPE_COLORS.items():
        rgb = ", ".join(str(v) for v in _rgb(hex_color))
        type_rules.append(f".na-article .na-t-{_css_name(name)} {{ --na-rgb: {rgb}; --na-chip-fg: {_chip_foreground(hex_color)}; }}")
    polarity_rules = [
        f".na-article .na-pol-{_css_name(name)} {{ text-decoration-color: {hex_color}; text-decoration-style: {_POLARITY_STYLE.get(name, 'solid')}; }}"
        for name, hex_color in plotting.POLARITY_COLORS.items()
    ]
    unknown = plotting.SPEAKER_TYPE_COLORS.get("unknown", "#999999")
    return CSS_TEMPLATE.format(
        alpha_light=_ALPHA_LIGHT,
        light=_LIGHT_VARS,
        dark=_DARK_VARS,
        unknown_rgb=", ".join(str(v) for v in _rgb(unknown)),
        type_rules="\n".join(type_rules),
        polarity_rules="\n".join(polarity_rules),
    ).strip()


def load_records(path: str | Path) -> pd.DataFrame:
    """Read quote or phrase records from a ``.jsonl`` (one JSON object a line) or ``.csv`` file.

    Raises:
        ValueError: the file is missing, has another extension, or a line is not JSON; the
            message names the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path)
    if path.suffix.lower() not in (".jsonl", ".json"):
        raise ValueError(f"{path}: records must be a .jsonl or .csv file")
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {number} is not JSON ({exc.msg})") from None
    return pd.DataFrame(rows)


# -- records to spans ---------------------------------------------------------------------


def _default_quotes(article: Article) -> pd.DataFrame:
    from .quotes import attribute_quotes

    return _records(attribute_quotes(article), "quotes", article)


def _default_phrases(article: Article) -> pd.DataFrame | None:
    try:
        from .phrases import find_phrases
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.phrases":
            raise
        warnings.warn("analysis.phrases is not available: phrases and formulae are not drawn", stacklevel=3)
        return None
    return _records(find_phrases(article), "phrases", article)


def _records(records, name: str, article: Article) -> pd.DataFrame:
    frame = records if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
    if len(frame) == 0:
        return frame.reset_index(drop=True)
    missing = [c for c in ("start", "end") if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} records need 'start' and 'end' columns; missing {missing}")
    if "article_id" in frame.columns:
        frame = frame[frame["article_id"].isna() | (frame["article_id"] == article.article_id)]
    return frame.reset_index(drop=True)


def _quote_spans(article: Article, frame: pd.DataFrame, skipped: dict) -> list[dict]:
    spans = []
    for i, row in enumerate(frame.to_dict(orient="records")):
        start, end = _offsets(row, "start", "end", len(article.text))
        if start is None:
            skipped["quotes"] = skipped.get("quotes", 0) + 1
            continue
        stype = _value(row.get("speaker_type")) or "unknown"
        color_key = stype if stype in plotting.SPEAKER_TYPE_COLORS else "unknown"
        speaker = _value(row.get("speaker"))
        via = _value(row.get("via"))
        label = speaker or "unattributed"
        if via and via != speaker:
            label += f" · via {via}"
        if len(label) > _LABEL_MAX_CHARS:
            label = label[: _LABEL_MAX_CHARS - 1].rstrip() + "…"
        tooltip = _tooltip(
            [
                ("statement", plotting.label(_value(row.get("kind")) or "statement")),
                ("speaker", speaker or "unattributed"),
                ("mention", _value(row.get("speaker_mention"))),
                ("type", plotting.label(stype)),
                ("role", _value(row.get("role"))),
                ("affiliation", _value(row.get("affiliation"))),
                ("country", _value(row.get("speaker_country"))),
                ("cue", _value(row.get("cue"))),
                ("via", via),
            ]
        )
        base = {"speaker_type": stype, "color_key": color_key, "title": tooltip, "speaker": speaker}
        spans.append({**base, "start": start, "end": end, "layer": "quote", "record": f"q{i}", "label": label})
        for part, text_field in (("cue", "cue"), ("speaker", "speaker_mention")):
            s, e = _offsets(row, f"{part}_start", f"{part}_end", len(article.text))
            if s is None and _value(row.get(text_field)):
                s, e = _find_near(article, str(row[text_field]), start, end)
            if s is not None:
                spans.append({**base, "start": s, "end": e, "layer": part, "record": f"q{i}-{part}", "label": None})
    return spans


def _phrase_spans(article: Article, frame: pd.DataFrame, layers: tuple, skipped: dict) -> list[dict]:
    spans = []
    for i, row in enumerate(frame.to_dict(orient="records")):
        kind = _value(row.get("kind")) or "evaluative"
        layer = "formula" if kind == "formula" else "phrase"
        if (layer == "formula" and "formulae" not in layers) or (layer == "phrase" and "phrases" not in layers):
            continue
        start, end = _offsets(row, "start", "end", len(article.text))
        if start is None:
            skipped["phrases"] = skipped.get("phrases", 0) + 1
            continue
        polarity = _value(row.get("polarity")) or "neutral"
        intensity = _value(row.get("intensity"))
        if isinstance(intensity, float):
            intensity = f"{intensity:.2f}"
        tooltip = _tooltip(
            [
                ("phrase", "formula" if layer == "formula" else f"{kind} · {polarity}"),
                ("intensity", intensity),
                ("voice", _value(row.get("voice"))),
                ("speaker", _value(row.get("speaker"))),
            ]
        )
        spans.append(
            {
                "start": start,
                "end": end,
                "layer": layer,
                "record": f"p{i}",
                "polarity": polarity,
                "title": tooltip,
                "label": None,
            }
        )
    return spans


def _offsets(row: dict, start_key: str, end_key: str, n: int) -> tuple[int | None, int | None]:
    start, end = row.get(start_key), row.get(end_key)
    try:
        if _value(start) is None or _value(end) is None:
            return None, None
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        return None, None
    if not 0 <= start < end <= n:
        return None, None
    return start, end


def _find_near(article: Article, needle: str, start: int, end: int) -> tuple[int | None, int | None]:
    """The whole-word occurrence of ``needle`` nearest to [start, end) in its paragraph, outside it."""
    paragraph = article.paragraph_at(start)
    if paragraph is None or not needle.strip():
        return None, None
    unit = article.paragraph_units[paragraph]
    pattern = re.compile(rf"(?<!\w){re.escape(needle.strip())}(?!\w)")
    best = None
    for match in pattern.finditer(article.text, unit.start, unit.end):
        s, e = match.span()
        if s < end and e > start:
            continue
        distance = start - e if e <= start else s - end
        if best is None or distance < best[0]:
            best = (distance, s, e)
    return (best[1], best[2]) if best else (None, None)


def _value(value):
    """None for missing values (None, NaN, NA, empty string); the value otherwise."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _tooltip(pairs: list[tuple[str, object]]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in pairs if value is not None)


# -- spans to HTML --------------------------------------------------------------------------


def _blocks(article: Article) -> list[tuple[int, int, str, int]]:
    """(start, end, kind, index) per paragraph; the first one reaches back over the dateline."""
    blocks = [(u.start, u.end, u.kind, u.index) for u in article.paragraph_units]
    if blocks and article.dateline is not None and article.dateline.start < blocks[0][0]:
        blocks[0] = (article.dateline.start,) + blocks[0][1:]
    return blocks


def _clip(span: dict, lo: int, hi: int) -> dict:
    return {**span, "start": max(span["start"], lo), "end": min(span["end"], hi), "whole": (span["start"], span["end"])}


def _clip_to_blocks(spans: list[dict], blocks) -> tuple[dict[int, list[dict]], int]:
    drawn: dict[int, list[dict]] = {}
    outside = 0
    ends = [hi for _, hi, _, _ in blocks]  # blocks are in text order and do not overlap
    for span in spans:
        hit = False
        i = bisect_right(ends, span["start"])
        while i < len(blocks) and blocks[i][0] < span["end"]:
            lo, hi = blocks[i][0], blocks[i][1]
            if span["start"] < hi and span["end"] > lo:
                drawn.setdefault(i, []).append(_clip(span, lo, hi))
                hit = True
            i += 1
        outside += not hit
    return drawn, outside


def _sort_key(span: dict):
    return (span["start"], -span["end"], _LAYER_ORDER.get(span["layer"], 9), span["record"])


def _block_html(text: str, block, spans: list[dict]) -> str:
    lo, hi, kind, index = block
    content = _nest(text, lo, hi, spans)
    if kind == "heading":
        return HEADING_TEMPLATE.format(index=index, content=content)
    return PARAGRAPH_TEMPLATE.format(kind=_css_name(kind), index=index, content=content)


def _nest(text: str, lo: int, hi: int, spans: list[dict]) -> str:
    """HTML for text[lo:hi] with every span wrapped in properly nested elements.

    The text is cut at every span boundary; for each piece the spans covering it, in
    outer-to-inner order, form the wanted stack of open elements. Elements above the common
    prefix of the open stack and the wanted stack are closed, the rest opened, so partly
    overlapping spans are split into pieces instead of producing crossed tags.
    """
    spans = sorted((s for s in spans if s["start"] < s["end"]), key=_sort_key)
    cuts = sorted({lo, hi, *(s["start"] for s in spans), *(s["end"] for s in spans)})
    tokens: list = []  # ("open", piece) | ("close", piece) | ("text", str)
    stack: list[dict] = []  # open pieces: {"span": span, "start": int, "end": int}
    for a, b in zip(cuts, cuts[1:]):
        wanted = [s for s in spans if s["start"] <= a and s["end"] >= b]
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep]["span"] is wanted[keep]:
            keep += 1
        for piece in reversed(stack[keep:]):
            piece["end"] = a
            tokens.append(("close", piece))
        del stack[keep:]
        for span in wanted[keep:]:
            piece = {"span": span, "start": a, "end": None}
            stack.append(piece)
            tokens.append(("open", piece))
        tokens.append(("text", text[a:b]))
    for piece in reversed(stack):
        piece["end"] = hi
        tokens.append(("close", piece))
    out = []
    for kind, value in tokens:
        if kind == "text":
            out.append(_esc(value))
        elif kind == "close":
            out.append(SPAN_CLOSE)
        else:
            out.append(_open_tag(value))
    return "".join(out)


def _open_tag(piece: dict) -> str:
    span = piece["span"]
    layer = span["layer"]
    whole_start, whole_end = span.get("whole", (span["start"], span["end"]))
    classes = [f"na-{layer}"]
    if layer in ("quote", "cue", "speaker"):
        classes.append(f"na-t-{_css_name(span['color_key'])}")
    elif layer == "phrase":
        polarity = span.get("polarity")
        classes.append(f"na-pol-{_css_name(polarity if polarity in plotting.POLARITY_COLORS else 'neutral')}")
    first = piece["start"] == whole_start
    last = piece["end"] == whole_end
    if first:
        classes.append("na-first")
    if last:
        classes.append("na-last")
    extra = ""
    if span.get("title"):
        extra += f' title="{_esc(span["title"])}"'
    if last and span.get("label"):
        extra += f' data-label="{_esc(span["label"])}"'
    if layer in ("quote", "cue", "speaker"):
        extra += f' data-speaker-type="{_esc(span["speaker_type"])}"'
    return SPAN_OPEN_TEMPLATE.format(classes=" ".join(classes), record=_esc(span["record"]), layer=layer, extra=extra)


def _counts(spans: list[dict], layers: tuple) -> dict[str, int]:
    return {
        "quote": sum(s["layer"] == "quote" for s in spans),
        "speakers": len({s["speaker"] for s in spans if s["layer"] == "quote" and s["speaker"]}),
        "phrase": sum(s["layer"] == "phrase" for s in spans),
        "formula": sum(s["layer"] == "formula" for s in spans),
    }


def _legend(spans: list[dict], layers: tuple, counts: dict) -> str:
    groups, parts = [], []
    if "quotes" in layers:
        present = [t for t in plotting.SPEAKER_TYPES + ["narrator"] if any(s.get("color_key") == t for s in spans if s["layer"] == "quote")]
        present += sorted({s["color_key"] for s in spans if s["layer"] == "quote"} - set(present))
        keys = [
            f'<span class="na-key na-quote na-t-{_css_name(t)}">{_esc(plotting.label(t))}</span>'
            for t in present
        ] or ['<span class="na-key">none found</span>']
        groups.append(LEGEND_GROUP_TEMPLATE.format(name="Statements by speaker type:", items=" ".join(keys)))
        groups.append(
            LEGEND_GROUP_TEMPLATE.format(
                name="Marked in statements:",
                items='<span class="na-key"><span class="na-cue na-t-unknown">cue</span> (reporting words)</span> '
                '<span class="na-key"><span class="na-speaker na-t-unknown">speaker</span> (as named in the text)</span> '
                '<span class="na-key"><span class="na-quote na-t-unknown na-last" data-label="resolved speaker · via outlet">statement</span></span>',
            )
        )
        parts.append(f"{counts['quote']} attributed statement{'s' * (counts['quote'] != 1)} from {counts['speakers']} speaker{'s' * (counts['speakers'] != 1)}")
    items = []
    if "phrases" in layers:
        items += [
            f'<span class="na-key"><span class="na-phrase na-pol-{_css_name(p)}">{_esc(p)}</span></span>'
            for p in plotting.POLARITY_COLORS
        ]
        parts.append(f"{counts['phrase']} evaluative phrase{'s' * (counts['phrase'] != 1)}")
    if "formulae" in layers:
        items.append('<span class="na-key"><span class="na-formula">formula</span></span>')
        parts.append(f"{counts['formula']} formula{'e' * (counts['formula'] != 1)}")
    if items:
        groups.append(LEGEND_GROUP_TEMPLATE.format(name="Phrases:", items=" ".join(items)))
    counts_text = (", ".join(parts) + ". " if parts else "") + "Hover a highlight to see its record."
    return LEGEND_TEMPLATE.format(groups="".join(groups), counts=_esc(counts_text))


def _meta(article: Article) -> str:
    parts = []
    if article.date:
        parts.append(article.date.isoformat())
    if article.dateline is not None:
        parts.append(article.dateline.place)
    if article.wire:
        parts.append(f"distributed by {article.wire}")
    parts.append(f"{article.n_words} words")
    return " · ".join(parts)


def _esc(value) -> str:
    return html.escape(str(value), quote=True)


def _css_name(value: str) -> str:
    """A class-name-safe form of a category value (only [a-z0-9_-] survive)."""
    return re.sub(r"[^a-z0-9_-]", "-", str(value).lower())


def _rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        raise ValueError(f"colour {hex_color!r} is not a #RRGGBB hex colour")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(hex_color: str) -> float:
    channels = []
    for v in _rgb(hex_color):
        c = v / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _chip_foreground(hex_color: str) -> str:
    """Black or white, whichever has the higher WCAG contrast on ``hex_color``."""
    lum = _luminance(hex_color)
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"
