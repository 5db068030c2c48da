# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Readability: how hard the article is to read, paragraph by paragraph and voice by voice
#
# **Question.** Who is this text written for? How hard is it to read as a whole, where does it get
# harder, and is the outlet's own narration plainer or denser than the statements it quotes and
# paraphrases? To give the numbers a scale, the same measures are taken on three short texts
# written for this notebook in a plain, a standard-news and a dense official register.
#
# **Inputs:** the seed article in `seeds/` with its attributed statements (hand-checked for the
# seed, in `tests/data/quotes/gold/`; otherwise `attribute_quotes`), and the reference texts in
# `notebooks/data/reference_texts/` (written for comparison, not real news). **Outputs:** three
# charts with their data in `figures/`. The formulas are textstat's, counted over the project's
# own sentences (`analysis.readability`); change `ARTICLE_PATH` to read your own article.

# %%
# %load_ext autoreload
# %autoreload 2

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis import load_article, parse_article, readability
from analysis.evaluation import read_records
from analysis.paths import FIGURES_DIR, NOTEBOOKS_DIR, ROOT, SEEDS_DIR
from analysis.plotting import save_figure, use_house_style
from analysis.readability import plot_paragraph_grades, plot_units

use_house_style()

# %% [markdown]
# ## Inputs and outputs

# %%
ARTICLE_PATH = SEEDS_DIR / "000_4a60538e41788e46.txt"
HAND_RECORDS = ROOT / "tests" / "data" / "quotes" / "gold" / f"{ARTICLE_PATH.stem}.jsonl"
REFERENCE_DIR = NOTEBOOKS_DIR / "data" / "reference_texts"  # written for comparison, not real news
OUTPUTS = ["05_readability_by_paragraph", "05_readability_by_voice", "05_reference_comparison"]  # .png + .csv each
article = load_article(ARTICLE_PATH)
records = read_records(HAND_RECORDS) if HAND_RECORDS.exists() else None  # None: attribute_quotes(article)
table = readability(article, records)
print("statements:", "hand-checked" if records is not None else "automatic", "|", len(table), "units")

# %% [markdown]
# ## The whole article reads at university level
#
# Flesch reading ease runs from 0 to 100, higher is easier (60–70 is plain English); the grades
# (Flesch–Kincaid, Gunning fog, SMOG) are US school years, higher is harder; Dale–Chall above 9
# is college level.

# %%
whole = table.iloc[0]
display(Markdown(
    f"{whole['n_words']} words in {whole['n_sentences']} sentences (**{whole['words_per_sentence']:.1f}** words each); "
    f"Flesch reading ease **{whole['flesch_reading_ease']:.0f}**, Flesch–Kincaid grade **{whole['flesch_kincaid_grade']:.1f}**, "
    f"Gunning fog **{whole['gunning_fog']:.1f}**, SMOG **{whole['smog']:.1f}**, Dale–Chall **{whole['dale_chall']:.1f}**; "
    f"{whole['polysyllable_share']:.0%} of words have three or more syllables. "
    f"Reliable sample: {'yes' if whole['reliable'] else 'no'}; enough sentences for SMOG: {'yes' if whole['smog_reliable'] else 'no'}."
))

# %% [markdown]
# ## Paragraph by paragraph: the hardest paragraphs are single long sentences
#
# Every paragraph here is under 100 words, too short for a reliable grade: read the bars as
# where the text gets dense, not as grades.

# %%
paragraphs = table[table["unit"] == "paragraph"]
hardest = paragraphs.nlargest(3, "flesch_kincaid_grade")[["index", "n_words", "n_sentences", "words_per_sentence", "flesch_kincaid_grade"]]
display(Markdown(f"{(~paragraphs['reliable']).sum()} of {len(paragraphs)} paragraphs are under the 100-word threshold. The three hardest:"))
fig = plot_paragraph_grades(table)
save_figure(fig, "05_readability_by_paragraph", paragraphs);
hardest

# %% [markdown]
# ## By voice: the reported statements are the densest part
#
# *Narration* is body sentences that carry no attributed statement; *direct* the words inside
# quotation marks; *reported* the paraphrased (indirect and mixed) statements. A statement
# piece inside a sentence counts as one sentence of its voice.

# %%
voices = table[table["unit"].isin(["narration", "direct", "reported"])].reset_index(drop=True)
display(Markdown(", ".join(
    f"{u}: grade {g:.1f}, {w:.1f} words per sentence ({n} words{', too few for a reliable score' if not r else ''})"
    for u, g, w, n, r in voices[["unit", "flesch_kincaid_grade", "words_per_sentence", "n_words", "reliable"]].itertuples(index=False)
) + "."))
fig = plot_units(voices, title="Readability by voice (higher = harder)")
save_figure(fig, "05_readability_by_voice", voices);

# %% [markdown]
# ## Against texts written in plainer and denser registers
#
# The three reference texts describe the same invented summit: a plain explainer, a standard
# wire report and a dense joint communiqué (see `notebooks/data/reference_texts/README.md`).

# %%
references = [parse_article(p.read_text(encoding="utf-8"), article_id=p.stem) for p in sorted(REFERENCE_DIR.glob("*.txt"))]
comparison = pd.concat([readability(references, pd.DataFrame(columns=["start", "end", "speaker", "kind"])), table.head(1)])
comparison = comparison[comparison["unit"] == "article"].sort_values("flesch_kincaid_grade").reset_index(drop=True)
comparison[["article_id", "n_words", "words_per_sentence", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "dale_chall", "reliable"]]

# %%
rank = comparison["article_id"].tolist().index(article.article_id) + 1
display(Markdown(f"The article ranks **{rank} of {len(comparison)}** from easiest to hardest by Flesch–Kincaid grade."))
names = {r.article_id: r.article_id.replace("_", " ") + " (written for comparison)" for r in references} | {article.article_id: "the article"}
fig = plot_units(comparison, label_column="article_id", labels=names, title="The article against reference texts (higher = harder)")
save_figure(fig, "05_reference_comparison", comparison);

# %% [markdown]
# ## What this measures and what it doesn't
#
# - The formulas count **sentence length and word length** (syllables, or words outside the
#   Dale–Chall list of easy words). They say nothing about whether the reasoning is clear, the
#   terms are explained, or the reader knows the subject. Names of people and places count as
#   long or hard words, which penalises international news.
# - Scores on **fewer than 100 words** (`reliable` False) or fewer than 30 sentences for SMOG
#   (`smog_reliable` False) are indicative only; every paragraph here is in that case.
# - **Sentences** are the project's (notebook 01), not textstat's: textstat would drop sentences
#   of two words or fewer and split at abbreviations. Statement pieces count as sentences of
#   their voice, so a short reported clause makes its voice look easier than the sentence it sits
#   in.
# - **Voices** depend on the attributed statements; with automatic ones, a missed statement moves
#   its words into narration.
# - The reference texts were written for this comparison; they are a scale, not a corpus.
#
# ## Outputs written

# %%
for name in OUTPUTS:
    print(*(FIGURES_DIR / f"{name}.{ext}" for ext in ("png", "csv")), sep="\n")
