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
# # 01 · The article: what it is and how it is built
#
# **Question.** Before asking who speaks and in what words, what exactly are we reading? Which
# outlet, which date, which wire, and how is the text built: how many paragraphs, sections and
# sentences, and how long are they?
#
# **Input:** the seed article in `seeds/` (a Global Times report distributed over PR Newswire on
# the second China–Central Asia Summit, Astana, 17 June 2025). **Outputs:** two charts with
# their data in `figures/`. Every number below is computed from the file by `analysis.article`;
# change `ARTICLE_PATH` to read your own article.

# %%
# %load_ext autoreload
# %autoreload 2

# %%
from IPython.display import Markdown, display

from analysis import load_article
from analysis.paths import FIGURES_DIR, SEEDS_DIR
from analysis.plotting import plot_paragraph_lengths, save_figure, use_house_style

use_house_style()

# %% [markdown]
# ## Inputs and outputs

# %%
ARTICLE_PATH = SEEDS_DIR / "000_4a60538e41788e46.txt"
OUTPUTS = ["01_paragraph_length", "01_sentence_length"]  # .png + .csv each, in figures/
article = load_article(ARTICLE_PATH)
paragraphs, sentences = article.paragraphs(), article.sentences()

# %% [markdown]
# ## What the file says about itself
#
# The header gives the publication date; the dateline gives the place and the wire that
# distributed the text. A PR Newswire credit means the outlet paid to distribute it as a release.

# %%
meta = article.metadata()
display(Markdown(
    f"Published **{meta['date']}**, datelined **{meta['dateline_place']}, {meta['dateline_date']}**, "
    f"distributed by **{meta['wire']}**: {meta['n_paragraphs']} body paragraphs under "
    f"{meta['n_headings']} section headings, {meta['n_sentences']} sentences, {meta['n_words']} words."
))

# %% [markdown]
# ## Structure: a lead block, then two headed sections
#
# Short standalone lines without a full stop are read as section headings.

# %%
body = paragraphs[paragraphs["kind"] == "body"].fillna({"section": "(lead)"})
body.groupby("section", sort=False).agg(paragraphs=("paragraph", "size"), sentences=("n_sentences", "sum"), words=("n_words", "sum"))

# %% [markdown]
# ## Paragraphs are short, one or two sentences each, as in wire copy

# %%
display(Markdown(
    f"{(body['n_sentences'] == 1).mean():.0%} of body paragraphs are a single sentence; "
    f"the median paragraph has {body['n_words'].median():.0f} words, the longest "
    f"(¶{body.loc[body['n_words'].idxmax(), 'paragraph']}) {body['n_words'].max()}."
))
fig = plot_paragraph_lengths(paragraphs, "Words per paragraph, in reading order")
save_figure(fig, "01_paragraph_length", body[["article_id", "paragraph", "section", "n_sentences", "n_words"]]);

# %% [markdown]
# ## Sentences run long
#
# The sentence splitter is tuned for news English (abbreviations, initials, money, quotations).

# %%
body_sentences = sentences[sentences["kind"] == "body"]
display(Markdown(
    f"{len(body_sentences)} body sentences, median {body_sentences['n_words'].median():.0f} words; "
    f"{(body_sentences['n_words'] > 30).mean():.0%} are over 30 words."
))
ax = body_sentences["n_words"].plot.hist(bins=range(0, 75, 5), color="#0072B2", edgecolor="white")
ax.set(xlabel="words per sentence", ylabel="sentences", title="Sentence length")
save_figure(ax.figure, "01_sentence_length", body_sentences[["article_id", "sentence", "paragraph", "n_words"]]);

# %%
body_sentences[["sentence", "paragraph", "start", "end", "n_words", "text"]].head(8)

# %% [markdown]
# ## What this measures and what it doesn't
#
# - Counts are of the body: the header, the dateline and headings are not counted as words.
#   Words are runs of letters and digits ("U.S." and "good-neighborliness" are one word each).
# - Headings are recognised by shape (short, standalone, no final punctuation); a one-line
#   paragraph that ends without a full stop would be taken for a heading.
# - The dateline reader knows the common wire shapes (`/PRNewswire/ --`, `(Xinhua) --`,
#   `(AP) —`); an unusual one is left in the first paragraph.
# - Structure says nothing yet about voice: notebook 02 asks who speaks.
#
# ## Outputs written

# %%
for name in OUTPUTS:
    print(*(FIGURES_DIR / f"{name}.{ext}" for ext in ("png", "csv")), sep="\n")
