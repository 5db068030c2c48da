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
# # 03 · Source mix: who gets voice, through which channel, and who is only mentioned
#
# **Question.** Whose words fill the article? Of what the sources say, how much comes from
# officials, scholars, journalists, outlets; from which countries; through which channel (an
# interview with an outlet, an outlet's report, an official statement or meeting)? How much of
# the body is the narrator's own, unattributed voice? And who is named but never heard?
#
# **Input:** the seed article in `seeds/`, its attributed statements (`attribute_quotes`) and its
# mentions of people, countries, institutions and outlets (`find_mentions`). A last check compares
# the result with the hand-checked statements of the seed in `tests/data/`. **Outputs:** five charts with their data in `figures/`. Every number below is
# computed by `analysis.sources`; change `ARTICLE_PATH` to read your own article.

# %%
# %load_ext autoreload
# %autoreload 2

# %%
from IPython.display import Markdown, display

from analysis import (
    assign_channels, attribute_quotes, country_voice, find_mentions, load_article, mention_table, source_mix, source_table,
    voice_share,
)
from analysis.evaluation import read_records
from analysis.paths import FIGURES_DIR, ROOT, SEEDS_DIR
from analysis.plotting import save_figure, use_house_style
from analysis.sources import (
    CHANNEL_LABELS, plot_channels, plot_countries, plot_mentions_vs_voice, plot_voice_share, plot_words_by_type_and_country,
    words_by_type_and_country,
)

use_house_style()

# %% [markdown]
# ## Inputs and outputs

# %%
ARTICLE_PATH = SEEDS_DIR / "000_4a60538e41788e46.txt"
HAND_RECORDS = ROOT / "tests" / "data" / "quotes" / "gold" / f"{ARTICLE_PATH.stem}.jsonl"
OUTPUTS = ["03_words_by_type_and_country", "03_channels", "03_voice_share",
           "03_people_mentioned_vs_heard", "03_countries_mentioned_vs_heard"]  # .png + .csv each, in figures/
article = load_article(ARTICLE_PATH)
records, mentions = attribute_quotes(article), find_mentions(article)

# %% [markdown]
# ## The sources, one row each
#
# `n_words` counts the words of what each source is reported to have said; `share_words` is that
# part of the whole body, `first_paragraph` where the source is first heard.

# %%
statements = assign_channels(article, records)
sources = source_table(article, records)
top = sources.iloc[0]
display(Markdown(
    f"**{len(sources)} sources** make {len(statements)} statements. **{top['speaker']}** ({top['speaker_type']}) "
    f"alone has {top['n_statements']} of them and {top['share_attributed']:.0%} of the attributed words; "
    f"{sources['n_direct'].sum()} statements in all are direct quotations."
))
sources[["speaker", "speaker_type", "speaker_country", "via", "n_statements", "n_direct", "n_words", "share_words", "first_paragraph", "channels"]]

# %% [markdown]
# ## Of what sources say: by speaker type and by country

# %%
by_type = source_mix(article, "speaker_type", records=records).set_index("speaker_type")
by_country = source_mix(article, "speaker_country", records=records).set_index("speaker_country")
lead_type, lead_country = by_type["share_words"].idxmax(), by_country["share_words"].idxmax()
display(Markdown(
    f"By speaker type the largest share of attributed words is **{lead_type}** ({by_type.loc[lead_type, 'share_words']:.0%}); "
    f"by country **{lead_country}** ({by_country.loc[lead_country, 'share_words']:.0%}). "
    f"Speakers from {len(by_country)} countries are heard: "
    + ", ".join(f"{c} {r.share_words:.0%}" for c, r in by_country.iterrows()) + "."
))
chart = words_by_type_and_country(statements)
fig = plot_words_by_type_and_country(chart)
save_figure(fig, "03_words_by_type_and_country", chart);

# %% [markdown]
# ## Channels: how the words reached the reporter
#
# A statement's channel is read from its `via` outlet, its speaker's type and the words around
# it ("told", "in an interview with", "in a meeting with"); the narrator row is the body's text
# outside every statement.

# %%
channels = source_mix(article, "channel", records=records)
outlets = statements.dropna(subset=["outlet"]).groupby(["channel", "outlet"], observed=True).size()
display(Markdown(
    "; ".join(f"**{CHANNEL_LABELS[r.channel]}**: {r.share_words:.0%} of the body's words" for r in channels.itertuples())
    + ". Outlets as channels: " + ", ".join(f"{o} ({CHANNEL_LABELS[c]}, {n} statements)" for (c, o), n in outlets.items()) + "."
))
fig = plot_channels(channels)
save_figure(fig, "03_channels", channels);

# %% [markdown]
# ## The narrator's share

# %%
share = voice_share(article, records).set_index("voice")
display(Markdown(
    f"The narrator's own, unattributed text is **{share.loc['narrator', 'share_words']:.0%} of the body's words** "
    f"and {share.loc['narrator', 'n_sentences']} of {share['n_sentences'].sum()} sentences "
    f"({share.loc['narrator', 'share_sentences']:.0%}). A sentence counts as attributed if any of it is reported content, "
    f"so attribution covers {share.loc['attributed', 'share_sentences']:.0%} of the sentences "
    f"but {share.loc['attributed', 'share_words']:.0%} of the words."
))
fig = plot_voice_share(share.reset_index())
save_figure(fig, "03_voice_share", share.reset_index());

# %% [markdown]
# ## Named but never heard
#
# Every person the article mentions, with how often, coloured by whether they are quoted
# directly, only reported, or never given a statement.

# %%
entities = mention_table(article, records, mentions)
people = entities[entities["entity_kind"] == "person"]
silent = people[(people["voice"] == "mentioned_only") & (people["n_mentions"] > 0)]
display(Markdown(
    f"{len(people)} people or groups of people are named or heard; **{len(silent)} are mentioned but never given a statement**: "
    + ", ".join(f"{r.entity} ({r.n_mentions}×)" for r in silent.itertuples()) + ". "
    f"{(people['voice'] == 'direct').sum()} are quoted directly."
))
fig = plot_mentions_vs_voice(people, "People: named, and heard?")
save_figure(fig, "03_people_mentioned_vs_heard", people);

# %% [markdown]
# ## Outlets and institutions: channel, source, or neither

# %%
entities[entities["entity_kind"].isin(["outlet", "institution"])][
    ["entity", "entity_kind", "n_mentions", "voice", "n_statements", "n_via"]
]

# %% [markdown]
# ## Countries mentioned vs countries whose people speak

# %%
countries = country_voice(article, records, mentions)
unheard = countries[countries["voice"] == "mentioned_only"]["country"].tolist()
display(Markdown(
    f"{len(countries)} countries are mentioned or heard; people from {(countries['n_statements'] > 0).sum()} speak. "
    f"Mentioned, but no one from there is heard: **{', '.join(unheard) or 'none'}**."
))
fig = plot_countries(countries)
save_figure(fig, "03_countries_mentioned_vs_heard", countries);

# %% [markdown]
# ## Would a hand reading tell the same story?
#
# The same mix from the hand-checked statements of the seed, where they exist; the distance is the
# share of attributed words that land in a different speaker type (0 = the same mix, 1 = nothing
# in common).

# %%
if HAND_RECORDS.exists():
    hand = read_records(HAND_RECORDS)
    by_hand = source_mix(article, "speaker_type", records=hand).set_index("speaker_type")["share_words"]
    distance = 0.5 * by_hand.sub(by_type["share_words"], fill_value=0).abs().sum()
    hand_narrator = voice_share(article, hand).set_index("voice").loc["narrator", "share_words"]
    display(Markdown(
        f"Distance between the automatic and the hand-checked mix by speaker type: **{distance:.2f}**; "
        f"narrator's word share {share.loc['narrator', 'share_words']:.0%} automatic vs {hand_narrator:.0%} by hand."
    ))

# %% [markdown]
# ## What this measures and what it doesn't
#
# - Counts rest on the attributed statements: a statement the reader misses, or gives to the
#   wrong speaker, moves words between sources and between sources and the narrator: the
#   extractor's errors carry into these shares (its accuracy is in the README; the last check
#   above measures the difference on the seed).
# - Words are those of the reported content; the framing ("Xi said that") counts as the
#   narrator's. A sentence counts as attributed if any part of it is.
# - The channel is a rule over the `via` outlet, the speaker's type and a few words around the
#   statement; an interview named once is carried to that speaker's other statements. Officials
#   with no stated channel are put under "statement, speech or meeting", which is how news
#   reports them but not always what happened.
# - Mentions count names, short names and pronouns the mention reader merges into one entity;
#   possessives ("his") are not counted, and a country counts as mentioned by name or demonym,
#   not inside hyphenated compounds ("China-Central Asia").
# - Voice is not standing: a source quoted at length can be framed critically, and a silent
#   president can still set the agenda. Notebook 04 looks at the words themselves.
#
# ## Outputs written

# %%
for name in OUTPUTS:
    print(*(FIGURES_DIR / f"{name}.{ext}" for ext in ("png", "csv")), sep="\n")
