"""analysis: read news coverage the way a media researcher does.

The public API, flat. Each name comes from the module named for its concept:
``article`` (the article model), ``quotes`` (who speaks), ``sources`` (source mix),
``phrases`` (evaluative and formulaic language), ``readability``, ``corpus``, ``render``
and ``plotting``.
"""

from .article import (
    Article,
    ArticleError,
    articles_table,
    count_words,
    load_article,
    load_corpus,
    parse_article,
)
from .quotes import QUOTE_COLUMNS, attribute_quotes
from .speakers import MENTION_COLUMNS, Speaker, SpeakerResolver, find_mentions, outlet_name
from .phrases import (
    PHRASE_COLUMNS,
    find_phrases,
    find_recurring,
    formula_counts,
    score_phrases,
    tone_arc,
    tone_by_voice,
    voice_segments,
)
from .readability import READABILITY_COLUMNS, readability
from .render import RenderedArticle, render_article
from .corpus import CorpusResult, analyze_corpus, available_analyses, read_corpus, write_corpus
from .sources import (
    assign_channels,
    corpus_country_voice,
    corpus_mention_voice,
    corpus_source_mix,
    corpus_voice_share,
    country_voice,
    mention_table,
    mention_tables,
    source_mix,
    source_table,
    source_tables,
    voice_share,
)

__all__ = [
    "Article",
    "ArticleError",
    "articles_table",
    "count_words",
    "load_article",
    "load_corpus",
    "parse_article",
    "QUOTE_COLUMNS",
    "attribute_quotes",
    "MENTION_COLUMNS",
    "Speaker",
    "SpeakerResolver",
    "find_mentions",
    "outlet_name",
    "assign_channels",
    "corpus_country_voice",
    "corpus_mention_voice",
    "corpus_source_mix",
    "corpus_voice_share",
    "country_voice",
    "mention_table",
    "mention_tables",
    "source_mix",
    "source_table",
    "source_tables",
    "voice_share",
    "PHRASE_COLUMNS",
    "find_phrases",
    "find_recurring",
    "formula_counts",
    "score_phrases",
    "tone_arc",
    "tone_by_voice",
    "voice_segments",
    "READABILITY_COLUMNS",
    "readability",
    "RenderedArticle",
    "render_article",
    "CorpusResult",
    "analyze_corpus",
    "available_analyses",
    "read_corpus",
    "write_corpus",
]
