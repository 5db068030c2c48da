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

__all__ = [
    "Article",
    "ArticleError",
    "articles_table",
    "count_words",
    "load_article",
    "load_corpus",
    "parse_article",
]
