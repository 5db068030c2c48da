"""Compare sentence splitters on news English: the project's splitter, plain syntok, pysbd.

Run by hand (pysbd is a benchmark-only dependency: `pip install -r benchmarks/requirements.txt`):

    python benchmarks/sentence_splitters.py [--repeat 20]

Prints, for each splitter, how many of the hand-written news edge cases it splits exactly
right, and its speed on the seed article (milliseconds per article, and the ratio to ours).
"""

from __future__ import annotations

import argparse
import json
import time

from syntok import segmenter
from syntok.tokenizer import Tokenizer

from analysis.article import _sentence_spans
from analysis.paths import ROOT, SEEDS_DIR
from analysis import load_article

# Paragraphs with their expected sentences, each a trap for sentence splitting in news English;
# the same cases the tests check (tests/data/sentences/news_edge_cases.json).
CASES_PATH = ROOT / "tests" / "data" / "sentences" / "news_edge_cases.json"
CASES = [(case["text"], case["sentences"]) for case in json.loads(CASES_PATH.read_text(encoding="utf-8"))]


def syntok_plain(paragraph: str) -> list[str]:
    tokenizer = Tokenizer(emit_hyphen_or_underscore_sep=False, replace_not_contraction=False)
    out = []
    for sentence in segmenter.split(iter(tokenizer.tokenize(paragraph))):
        out.append(paragraph[sentence[0].offset : sentence[-1].offset + len(sentence[-1].value)])
    return out


def ours(paragraph: str) -> list[str]:
    return [paragraph[s:e] for s, e in _sentence_spans(paragraph)]


def make_pysbd():
    import pysbd

    splitter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return lambda paragraph: [s.sent.strip() for s in splitter.segment(paragraph)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    splitters = {"analysis (syntok + news repairs)": ours, "syntok 1.4.4, plain": syntok_plain}
    try:
        splitters["pysbd 0.3.4"] = make_pysbd()
    except ImportError:
        print("pysbd not installed: pip install -r benchmarks/requirements.txt")
    article = load_article(SEEDS_DIR / "000_4a60538e41788e46.txt")
    paragraphs = [article.text[u.start : u.end] for u in article.paragraph_units if u.kind == "body"]
    print(f"| splitter | edge cases right (of {len(CASES)}) | seed sentences | ms per seed article | time vs ours |")
    print("|---|---:|---:|---:|---:|")
    baseline = None
    for name, split in splitters.items():
        right = sum(split(text) == expected for text, expected in CASES)
        n_sentences = sum(len(split(p)) for p in paragraphs)
        start = time.perf_counter()
        for _ in range(args.repeat):
            for p in paragraphs:
                split(p)
        ms = (time.perf_counter() - start) / args.repeat * 1000
        baseline = baseline or ms
        print(f"| {name} | {right} | {n_sentences} | {ms:.1f} | {ms / baseline:.1f}× |")
    for name, split in splitters.items():
        for text, expected in CASES:
            got = split(text)
            if got != expected:
                print(f"- {name} on {text!r}: {got}")


if __name__ == "__main__":
    main()
