"""Build a SYNTHETIC corpus of any size for speed benchmarks: recombined, varied news articles.

Every article is synthetic: made by recombining the paragraphs of the seed article
(seeds/) and of the invented test articles (tests/data/quotes/articles/), with the numbers
changed and the surnames replaced by invented ones. The texts read like wire copy to the
analyses (datelines, attributions, quotes, headings) but state nothing true; ids start with
``synthetic-`` and every file is marked so. Use them to time the pipeline, never to study
coverage.

Each article takes the opening paragraph (with its dateline) of one source article, then body
paragraphs drawn from all of them until it reaches a length drawn around the seed's
(0.75-1.25 x its 1,071 words), with a section heading now and then. Deterministic for a given
``seed``.

    python benchmarks/synthetic_corpus.py 1000 /tmp/synthetic-1k            # .txt files
    python benchmarks/synthetic_corpus.py 1000 /tmp/synthetic-1k.jsonl      # one JSON line each
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path
from typing import Iterator

from analysis import count_words, load_article
from analysis.paths import ROOT, SEEDS_DIR

SOURCES = [*sorted(SEEDS_DIR.glob("*.txt")), *sorted((ROOT / "tests" / "data" / "quotes" / "articles").glob("*.txt"))]
GOLD_DIR = ROOT / "tests" / "data" / "quotes" / "gold"  # speakers' names, to know which words are surnames
SEED_WORDS = 1071  # body words of the seed article, the size the speed targets are stated for
SYLLABLES = ["ka", "ro", "vin", "mel", "tor", "sa", "dre", "lin", "bo", "rak", "nem", "ul", "fa", "ster", "gor", "el"]
NUMBER_RE = re.compile(r"\d+")


def _surnames() -> list[str]:
    """Last words of the multi-word speaker names in the hand-annotated records of the source articles."""
    names = set()
    lowercase = {w for path in SOURCES for w in re.findall(r"\b[a-z]+\b", path.read_text(encoding="utf-8"))}
    for path in GOLD_DIR.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            speaker = json.loads(line).get("speaker") or ""
            if len(speaker.split()) >= 2 and speaker.split()[-1][:1].isupper():
                names.add(speaker.split()[-1])
    # A word that also occurs in lower case ("Minister", "Office") is a title, not a surname.
    return sorted(n for n in names if n.lower() not in lowercase)


def _pieces() -> tuple[list[str], list[str], list[str]]:
    """(opening paragraphs with datelines, body paragraphs, headings) of the source articles."""
    openings, body, headings = [], [], []
    for path in SOURCES:
        article = load_article(path)
        units = article.paragraph_units
        openings.append(article.text[article.dateline.start : units[0].end] if article.dateline else article.text[units[0].start : units[0].end])
        for unit in units[1:]:
            text = article.text[unit.start : unit.end]
            (headings if unit.kind == "heading" else body).append(text)
    return openings, body, headings


def _invented_surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _vary(text: str, rng: random.Random, names: dict[str, str], surname_re: re.Pattern, numbers: bool = True) -> str:
    """Change every number (keeping its length) and replace speakers' surnames, the same way within an article."""
    if numbers:
        text = NUMBER_RE.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0, 10 ** len(m.group()) - 1)), text)

    def surname(match: re.Match) -> str:
        if match.group() not in names:
            names[match.group()] = _invented_surname(rng)
        return names[match.group()]

    return surname_re.sub(surname, text)


def synthetic_articles(n: int, seed: int = 0) -> Iterator[tuple[str, str, str]]:
    """Yield ``n`` synthetic articles as ``(id, date, text)``; ``text`` has no header."""
    rng = random.Random(seed)
    openings, body, headings = _pieces()
    surname_re = re.compile(r"\b(?:" + "|".join(map(re.escape, _surnames())) + r")\b")
    start = dt.date(2024, 1, 1)
    for i in range(n):
        names: dict[str, str] = {}
        date = start + dt.timedelta(days=rng.randrange(730))
        target = int(SEED_WORDS * rng.uniform(0.75, 1.25))
        paragraphs = [_vary(rng.choice(openings), rng, names, surname_re, numbers=False)]  # keep dateline dates
        words = count_words(paragraphs[0])
        for source in rng.sample(body, len(body)):  # each paragraph at most once per article
            if words >= target:
                break
            if len(paragraphs) > 4 and rng.random() < 0.06 and headings:
                paragraphs.append(rng.choice(headings))
            paragraph = _vary(source, rng, names, surname_re)
            paragraphs.append(paragraph)
            words += count_words(paragraph)
        yield f"synthetic-{i:07d}", date.isoformat(), "\n\n".join(paragraphs) + "\n"


def write_synthetic_corpus(n: int, out: str | Path, seed: int = 0) -> Path:
    """Write ``n`` synthetic articles: a folder of .txt files, or one .jsonl file if ``out`` ends so."""
    out = Path(out)
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as handle:
            for article_id, date, text in synthetic_articles(n, seed):
                handle.write(json.dumps({"id": article_id, "date": date, "text": text, "outlet": "SYNTHETIC"}) + "\n")
        return out
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.txt").unlink(missing_ok=True)
    for article_id, date, text in synthetic_articles(n, seed):
        (out / f"{article_id}.txt").write_text(f" date {date} {text}", encoding="utf-8")
    (out / "SYNTHETIC.md").write_text(
        "These articles are synthetic: recombined and varied paragraphs of the project's seed and\n"
        "invented test articles, made by benchmarks/synthetic_corpus.py for speed benchmarks only.\n",
        encoding="utf-8",
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", help="a folder for .txt files, or a path ending in .jsonl")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(write_synthetic_corpus(args.n, args.out, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
