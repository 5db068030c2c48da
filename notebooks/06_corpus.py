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
# # 06 · The corpus: every analysis over many articles at once
#
# **Question.** How do the per-article readings of notebooks 01–05 (structure, who speaks,
# source mix, evaluative language and formulae, readability) look across a whole set of
# articles? This notebook shows how to run them over your own articles in one call, on every
# core of the machine (or on a Dask cluster), what tables come out, and three corpus-level
# charts: the source mix of each article, how often official formulae recur, and how hard each
# article is to read.
#
# **Input:** the folder in `CORPUS_PATH` (default: `seeds/`, which holds one article, the Global
# Times report on the China–Central Asia Summit). With one article a "corpus" chart is a chart of
# that article, so the charts below also show, as a second small corpus, the seven short articles
# written by hand for the project's tests: they are **invented** (fictional places and people)
# and are labelled so. **Outputs:** three charts with their data in `figures/`, and the tables
# as Parquet files in `build/06_corpus/`.

# %%
# %load_ext autoreload
# %autoreload 2

# %%
from IPython.display import Markdown, display

from analysis import analyze_corpus, available_analyses, read_corpus, write_corpus
from analysis.corpus import plot_formula_frequency, plot_readability_by_article, plot_source_mix_by_article, source_mix_by_article
from analysis.paths import FIGURES_DIR, ROOT, SEEDS_DIR
from analysis.phrases import formula_counts
from analysis.plotting import save_figure, use_house_style

use_house_style()

# %% [markdown]
# ## Inputs and outputs
#
# `CORPUS_PATH` can be a folder of `.txt` files in the seed format, a glob pattern, a JSON-lines
# file (`id`, `date`, `text`, optional `outlet`, `title`), or a CSV/Parquet file with a text
# column (name it with `text_column=`). `ENGINE = "dask"` runs the same batches on
# `dask.distributed`; set `SCHEDULER` to a running scheduler's address to use a real cluster.

# %%
CORPUS_PATH = SEEDS_DIR
INVENTED_PATH = ROOT / "tests" / "data" / "quotes" / "articles"  # hand-written test articles: invented
SHOW_INVENTED = True
ENGINE, WORKERS, SCHEDULER = "local", None, None  # None: one worker per core; a LocalCluster for Dask
TABLES_DIR = ROOT / "build" / "06_corpus"
OUTPUTS = ["06_source_mix", "06_formula_frequency", "06_readability"]  # .png + .csv each, in figures/
print("analyses that will run:", ", ".join(available_analyses()))

# %% [markdown]
# ## One call runs every analysis
#
# `analyze_corpus` reads and parses each article, attributes its quotes once, and hands them
# to the source, phrase and readability analyses. A bad file (empty, binary, not UTF-8, too
# large, a malformed header) does not stop the run: it becomes a row of `errors`.

# %%
result = analyze_corpus(CORPUS_PATH, engine=ENGINE, workers=WORKERS, scheduler=SCHEDULER)
display(Markdown(f"**{result.n_articles}** article(s) read, **{result.n_succeeded}** analysed without error. "
                 f"Rows per table: " + ", ".join(f"`{name}` {len(frame)}" for name, frame in result.tables.items())))
result.articles

# %% [markdown]
# Every table has `article_id` on each row, and `start`/`end` offsets into the article's text
# where a row is a stretch of text. The first rows of the attributed statements:

# %%
result.quotes[["article_id", "start", "end", "kind", "speaker", "speaker_type", "quote"]].head()

# %% [markdown]
# For a corpus too large for memory, `write_corpus` streams the same tables to one file each
# (written batch by batch, so an interrupted run can be resumed with `resume=True`);
# `read_corpus` reads them back. The command line does the same:
# `python -m analysis corpus seeds/ --out build/06_corpus`.

# %%
written = write_corpus(CORPUS_PATH, TABLES_DIR, engine=ENGINE, workers=WORKERS, scheduler=SCHEDULER, progress=False)
{name: path.relative_to(ROOT).as_posix() for name, path in written.files.items()}

# %% [markdown]
# ## A second, invented corpus beside the seed
#
# With one seed article, the charts compare it with the seven invented test articles (wire
# copy, a press release, an interview, a bulletin in capitals, an article without quotes).
# They are fictional and only show what the charts look like with several articles.

# %%
paths = [CORPUS_PATH, INVENTED_PATH] if SHOW_INVENTED else [CORPUS_PATH]
corpus = analyze_corpus(paths, engine=ENGINE, workers=WORKERS, scheduler=SCHEDULER, progress=False)
invented = corpus.articles["source"].str.startswith(str(INVENTED_PATH))
labels = {a: f"{a} (invented)" if inv else a for a, inv in zip(corpus.articles["article_id"], invented)}
display(Markdown(f"{corpus.n_articles} articles ({int(invented.sum())} invented), {corpus.n_succeeded} analysed without error."))

# %% [markdown]
# ## Source mix: in the seed, officials and scholars carry most of the quoted words
#
# Each bar splits one article's attributed words by the type of speaker. The narrator's own
# text is not counted here (notebook 03 does that).

# %%
mix = source_mix_by_article(corpus.sources)
seed_mix = mix[mix["article_id"] == result.articles["article_id"].iloc[0]].sort_values("share_words", ascending=False)
display(Markdown("Seed article: " + ", ".join(f"{t.replace('_', ' ')} {s:.0%}" for t, s in zip(seed_mix["speaker_type"], seed_mix["share_words"]))))
fig = plot_source_mix_by_article(mix, labels, articles=list(corpus.articles["article_id"]))
save_figure(fig, "06_source_mix", mix);

# %% [markdown]
# ## Formulae: the official phrases recur, and only in the seed
#
# Counted over the whole corpus; the label says in how many articles each formula occurs.

# %%
counts = formula_counts(corpus.phrases)
display(Markdown(f"{int(counts['n'].sum())} formula occurrences of {len(counts)} formulae, in "
                 f"{corpus.phrases.loc[corpus.phrases['kind'] == 'formula', 'article_id'].nunique()} of {corpus.n_articles} articles."))
fig = plot_formula_frequency(counts)
save_figure(fig, "06_formula_frequency", counts.drop(columns=["paragraphs"]));

# %% [markdown]
# ## Readability: the seed reads at a far higher grade than the invented wire copy
#
# Dots are paragraphs, the bar is the whole article (Flesch-Kincaid grade: years of US
# schooling; higher is harder). Scores of paragraphs under 100 words are rough.

# %%
scores = corpus.readability[corpus.readability["unit"].isin(["article", "paragraph"])]
whole = scores[scores["unit"] == "article"].set_index("article_id")["flesch_kincaid_grade"]
display(Markdown(f"Whole-article grade: seed {whole.iloc[0]:.1f}; invented articles {whole.iloc[1:].min():.1f}–{whole.iloc[1:].max():.1f}." if len(whole) > 1 else f"Whole-article grade: {whole.iloc[0]:.1f}."))
fig = plot_readability_by_article(scores, labels=labels)
save_figure(fig, "06_readability", scores[["article_id", "unit", "index", "n_words", "n_sentences", "flesch_kincaid_grade", "reliable"]]);

# %% [markdown]
# ## What this measures and what it doesn't
#
# - A corpus run is the per-article analyses, run many times: it inherits their limits (quote
#   attribution rules, lexicon coverage, English only). Nothing here compares articles beyond
#   putting their tables side by side.
# - Shares are per article; a corpus total would let long articles weigh more. Articles
#   without attributed statements have no source mix and are marked so.
# - The seven comparison articles are invented for tests; their numbers say nothing about real
#   coverage. With your own folder in `CORPUS_PATH` (and `SHOW_INVENTED = False`) the charts are
#   of your corpus.
# - Results are the same with either engine and any number of workers (the tests check this);
#   speed and memory figures are in the README, measured by `benchmarks/bench_corpus.py`.
#
# ## Outputs written

# %%
for name in OUTPUTS:
    print(*(FIGURES_DIR / f"{name}.{ext}" for ext in ("png", "csv")), sep="\n")
print(*written.files.values(), sep="\n")
