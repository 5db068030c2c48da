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
# # 04 · Evaluative language: what the article praises, in whose voice, and in which formulae
#
# **Question.** A sentence-level sentiment score would call this article "positive" and stop there.
# Where exactly does its tone live: in which phrases ("fruitful summit", "escalating regional
# conflicts"), in whose voice (the outlet's own narration, or the officials and scholars it quotes),
# where in the article, and how much of it is fixed official wording ("community with a shared
# future") repeated from speech to speech?
#
# **Input:** the seed article in `seeds/` and its attributed statements (for the seed the
# hand-checked records in `tests/data/quotes/gold/`; for another article, `attribute_quotes`).
# **Outputs:** four charts with their data in `figures/`. Every number below is computed by
# `analysis.phrases`; change `ARTICLE_PATH` to read your own article.

# %%
# %load_ext autoreload
# %autoreload 2

# %%
import pandas as pd
from IPython.display import Markdown, display

from analysis import find_phrases, find_recurring, formula_counts, load_article, score_phrases, tone_arc, tone_by_voice
from analysis.evaluation import read_records
from analysis.paths import FIGURES_DIR, ROOT, SEEDS_DIR
from analysis.phrases import plot_formulae, plot_tone_arc, plot_tone_by_voice, plot_top_phrases, read_phrase_gold, top_phrases
from analysis.plotting import save_figure, use_house_style

use_house_style()

# %% [markdown]
# ## Inputs and outputs

# %%
ARTICLE_PATH = SEEDS_DIR / "000_4a60538e41788e46.txt"
HAND_RECORDS = ROOT / "tests" / "data" / "quotes" / "gold" / f"{ARTICLE_PATH.stem}.jsonl"
HAND_PHRASES = ROOT / "tests" / "data" / "phrases" / "seed_phrases.csv"  # hand annotation, seed only
OUTPUTS = ["04_top_phrases", "04_tone_arc", "04_tone_by_voice", "04_formulae"]  # .png + .csv each, in figures/
article = load_article(ARTICLE_PATH)
records = read_records(HAND_RECORDS) if HAND_RECORDS.exists() else None  # None: attribute_quotes(article)
phrases = find_phrases(article, records)
print("statements:", "hand-checked" if records is not None else "automatic", "|", len(phrases), "phrase rows")

# %% [markdown]
# ## How much of the evaluation is favourable
#
# Each row is one phrase: an evaluative word from VADER's lexicon or the project's domain list,
# grown into its phrase (booster + adjective + noun, adverb + verb), with negation applied.

# %%
ev = phrases[phrases["kind"] == "evaluative"]
counts = ev["polarity"].value_counts()
display(Markdown(
    f"**{len(ev)}** evaluative phrases in {article.n_words} words: **{counts.get('positive', 0)}** positive, "
    f"**{counts.get('negative', 0)}** negative ({counts.get('negative', 0) / max(len(ev), 1):.0%}); "
    f"{(ev['voice'] == 'speaker').mean():.0%} of them stand inside a source's statement."
))
ev[["text", "polarity", "intensity", "voice", "speaker", "method"]].head(12)

# %% [markdown]
# ## The strongest phrases, and who says them
#
# The few negative phrases describe the world outside the region ("disorder", "conflicts",
# "tensions"); the praise is for the summit and the relationship.

# %%
top = top_phrases(phrases, n=10)
fig = plot_top_phrases(top)
save_figure(fig, "04_top_phrases", top[["article_id", "start", "end", "text", "polarity", "intensity", "signed", "voice", "speaker", "method"]]);

# %%
ev.loc[ev["polarity"] == "negative", ["text", "intensity", "voice", "speaker", "paragraph"]]

# %% [markdown]
# ## Tone through the article
#
# Net tone per paragraph (positive minus negative intensity). Headings ("Fruitful summit",
# "Tangible contributions") are paragraphs of their own and carry praise too.

# %%
arc = tone_arc(article, phrases)
worst = arc.loc[arc["net"].idxmin()]
display(Markdown(
    f"{(arc['net'] > 0).sum()} of {len(arc)} paragraphs lean positive, {(arc['net'] < 0).sum()} negative; "
    f"the lowest net tone is ¶{worst['paragraph']} ({worst['net']:+.1f}), the highest "
    f"¶{arc.loc[arc['net'].idxmax(), 'paragraph']} ({arc['net'].max():+.1f})."
))
fig = plot_tone_arc(arc)
save_figure(fig, "04_tone_arc", arc);

# %% [markdown]
# ## Tone by voice: whose words carry the praise
#
# Intensity per 100 words of each voice, so that a voice with many words is not favoured.
# Framing words ("Xi said that") count as the narrator's.

# %%
by_voice = tone_by_voice(article, phrases, records)
narrator = by_voice.iloc[0]
display(Markdown(
    f"The narrator: {narrator['n_phrases']} evaluative phrases in {narrator['n_words']} words "
    f"({narrator['net_per_100_words']:+.1f} net per 100 words); the sources together: "
    f"{by_voice.iloc[1:]['n_phrases'].sum()} in {by_voice.iloc[1:]['n_words'].sum()} words "
    f"({100 * by_voice.iloc[1:]['net'].sum() / max(by_voice.iloc[1:]['n_words'].sum(), 1):+.1f})."
))
fig = plot_tone_by_voice(by_voice)
save_figure(fig, "04_tone_by_voice", by_voice);

# %% [markdown]
# ## Formulae: fixed official wording, repeated
#
# Known formulae come from `analysis/lexicons/formulae.csv` (matched tolerantly: "community of
# shared future" counts as "community with a shared future"); "mutual X, mutual Y, mutual Z"
# lists are found from their shape.

# %%
formulae = formula_counts(phrases)
display(Markdown(
    f"**{formulae['n'].sum()}** formula occurrences of **{len(formulae)}** formulae; the most repeated: "
    + ", ".join(f"“{f}” ×{n}" for f, n in zip(formulae["formula"].head(3), formulae["n"].head(3))) + "."
))
fig = plot_formulae(formulae)
save_figure(fig, "04_formulae", formulae.assign(paragraphs=formulae["paragraphs"].map(lambda p: " ".join(map(str, p)))));

# %%
phrases.loc[phrases["method"] == "list", ["text", "formula", "voice", "speaker", "paragraph"]]

# %% [markdown]
# ## Word sequences that recur, found from the data alone
#
# Sequences of 2–6 words that occur at least twice, compared on word stems, not starting or
# ending with a function word, and not made only of capitalised names. Some are formulae the
# curated list knows (`known_formula`), others are just the article's subject matter: a reader
# decides.

# %%
recurring = find_recurring(article)  # for a corpus: find_recurring(articles, min_articles=2)
(recurring.groupby("sequence", sort=False)
 .agg(example=("text", "first"), count=("count_in_article", "first"), known_formula=("known_formula", "any"),
      paragraphs=("paragraph", lambda p: sorted(set(p))))
 .head(12))

# %% [markdown]
# ## How accurate is this on the seed?
#
# Against a hand annotation of the seed's evaluative phrases and formulae made before the rules
# were tuned (`tests/data/phrases/`): a found phrase counts when it overlaps an annotated phrase
# of the same kind; `exact_*` require identical spans.

# %%
if ARTICLE_PATH.stem == "000_4a60538e41788e46":
    display(score_phrases(phrases, read_phrase_gold(HAND_PHRASES)))

# %% [markdown]
# ## What this measures and what it doesn't
#
# - It finds **words that evaluate**, from VADER's general lexicon (rated by crowd raters on
#   social-media text) and a domain list for diplomatic, development and economic news. A
#   word that neither knows is missed ("replicable", "universality"); a word that evaluates in
#   general but names a thing in this text may be miscounted (VADER entries that mostly name
#   things in news are removed, but not all).
# - Intensities are on VADER's scale and **add up within a phrase**; they are a rough ordering,
#   not a measurement of how strongly a reader feels.
# - **Facts that evaluate** are invisible to it: "the railway was finished after nearly 30 years"
#   praises without an evaluative word. So are irony and understatement.
# - **Voice** is only as good as the statements: a phrase counts as a source's when an
#   attributed statement contains its evaluative word. Framing words and unattributed sentences
#   are the narrator's, which is the outlet's choice of words even when it paraphrases.
# - **Formulae** are those in the curated list, plus repeated-modifier lists; the recurring
#   sequences are candidates, not verdicts. The list reflects Chinese, UN, EU and US diplomatic
#   usage; formulae of other traditions need adding.
#
# ## Outputs written

# %%
for name in OUTPUTS:
    print(*(FIGURES_DIR / f"{name}.{ext}" for ext in ("png", "csv")), sep="\n")
