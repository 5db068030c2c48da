"""House style for charts: colours per speaker type and polarity, labels, and ``save_figure``.

The colours here are the only ones the charts and the annotated-article view use, so a
speaker type looks the same everywhere. They are the Okabe–Ito palette, chosen to stay
distinguishable under the common colour-vision deficiencies.

``save_figure(fig, "01_paragraph_length", data)`` writes ``figures/01_paragraph_length.png``
and, beside it, ``figures/01_paragraph_length.csv`` with the data drawn; it returns the paths.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

import pandas as pd

from . import paths

SPEAKER_TYPES = ["official", "former_official", "scholar", "journalist", "media", "organization", "citizen", "unknown"]
"""The speaker types of the attribution schema, in the order charts show them."""

SPEAKER_TYPE_COLORS = {
    "official": "#0072B2",  # blue
    "former_official": "#56B4E9",  # sky blue
    "scholar": "#009E73",  # bluish green
    "journalist": "#E69F00",  # orange
    "media": "#D55E00",  # vermillion
    "organization": "#CC79A7",  # reddish purple
    "citizen": "#F0E442",  # yellow
    "unknown": "#999999",  # grey
    "narrator": "#4D4D4D",  # the outlet's own, unattributed voice
}

POLARITY_COLORS = {"positive": "#009E73", "negative": "#D55E00", "neutral": "#999999"}

LABELS = {
    "former_official": "former official",
    "narrator": "narrator (unattributed)",
    "direct": "direct quote",
    "indirect": "reported speech",
    "mixed": "mixed (paraphrase with quoted words)",
}

FIGURE_NAME_RE = re.compile(r"\A\d{2}_[a-z0-9_]+\Z")


def label(value: str) -> str:
    """Display label for a category value ("former_official" -> "former official")."""
    return LABELS.get(value, str(value).replace("_", " "))


def use_house_style() -> None:
    """Apply the project's matplotlib style (readable sizes, no top/right spines, white background)."""
    matplotlib.rcParams.update(
        {
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.frameon": False,
            "font.family": "DejaVu Sans",
        }
    )


def save_figure(fig, name: str, data: pd.DataFrame | None = None, *, figures_dir: str | Path | None = None) -> list[Path]:
    """Write a chart as ``<figures_dir>/<name>.png`` and its data as ``<name>.csv``.

    Args:
        fig: a matplotlib Figure.
        name: ``NN_slug`` where NN is the number of the notebook that draws it
            ("02_statements_by_speaker"); no extension, no date.
        data: the DataFrame behind the chart, written as CSV beside the PNG (skipped if None).
        figures_dir: defaults to the project's ``figures/`` folder.

    Returns:
        The paths written.
    """
    if not FIGURE_NAME_RE.match(name):
        raise ValueError(f"figure name {name!r} must look like 'NN_slug' (two digits, underscore, lowercase words)")
    folder = Path(figures_dir) if figures_dir is not None else paths.FIGURES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / f"{name}.png"]
    fig.savefig(written[0])
    if data is not None:
        written.append(folder / f"{name}.csv")
        data.to_csv(written[1], index=False)
    return written


def plot_paragraph_lengths(paragraphs: pd.DataFrame, title: str = "Words per paragraph"):
    """Horizontal bars of words per body paragraph, in reading order, headings marked as section breaks.

    Args:
        paragraphs: ``Article.paragraphs()`` (columns ``paragraph``, ``kind``, ``section``, ``n_words``).

    Returns:
        The matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    body = paragraphs[paragraphs["kind"] == "body"].reset_index(drop=True)
    sections = body["section"].fillna("(lead)")
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
    section_colors = {name: palette[i % len(palette)] for i, name in enumerate(dict.fromkeys(sections))}
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.24 * len(body) + 1)))
    positions = range(len(body))
    ax.barh(positions, body["n_words"], color=[section_colors[s] for s in sections])
    ax.set_yticks(list(positions), [f"¶{p}" for p in body["paragraph"]], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("words")
    ax.set_title(title)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in section_colors.values()]
    ax.legend(handles, list(section_colors), title="section", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
