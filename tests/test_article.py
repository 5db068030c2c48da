"""The article model: header, dateline, wire, headings, paragraphs, sentences, offsets, bad input."""

import hashlib
import json
import shutil

import pandas as pd
import pytest

from analysis import ArticleError, count_words, load_article, load_corpus, parse_article
from analysis.article import PARAGRAPH_COLUMNS, SENTENCE_COLUMNS

from conftest import DATA_DIR, SEED_PATH

SEED_SHA256 = "5f0ba86282b80d8f7abf4b9ac3b163de20922aa19db0088956110ed467d3107f"


def sentence_texts(text: str) -> list[str]:
    article = parse_article(" date 2025-01-01 " + text)
    return [article.text[u.start : u.end] for u in article.sentence_units]


# -- the seed, checked by hand ------------------------------------------------------------


def test_seed_is_unedited():
    assert hashlib.sha256(SEED_PATH.read_bytes()).hexdigest() == SEED_SHA256


def test_seed_metadata(seed):
    assert seed.article_id == "000_4a60538e41788e46"
    assert str(seed.date) == "2025-06-17"
    assert seed.dateline.place == "BEIJING"
    assert seed.dateline.date == "June 17, 2025"
    assert seed.wire == "PR Newswire"
    assert seed.text[seed.dateline.start : seed.dateline.end] == "BEIJING, June 17, 2025 /PRNewswire/ -- "
    assert seed.headings == ["Fruitful summit", "Tangible contributions"]


def test_seed_paragraphs(seed):
    paragraphs = seed.paragraphs()
    assert list(paragraphs.columns) == PARAGRAPH_COLUMNS
    assert (paragraphs["kind"] == "body").sum() == 30
    assert (paragraphs["kind"] == "heading").sum() == 2
    assert paragraphs.loc[0, "text"].startswith("Chinese President Xi Jinping said Tuesday")
    assert paragraphs.loc[6, "text"] == "Fruitful summit"
    assert paragraphs.loc[7, "section"] == "Fruitful summit"
    assert pd.isna(paragraphs.loc[0, "section"])
    assert paragraphs.iloc[-1]["text"].endswith("personally championed by Xi.")
    for row in paragraphs.itertuples():
        assert seed.text[row.start : row.end] == row.text
    assert (paragraphs["article_id"] == seed.article_id).all()


def test_seed_sentences(seed):
    sentences = seed.sentences()
    assert list(sentences.columns) == SENTENCE_COLUMNS
    body = sentences[sentences["kind"] == "body"]
    assert len(body) == 40
    for row in sentences.itertuples():
        assert seed.text[row.start : row.end] == row.text
        assert row.text == row.text.strip()
    texts = list(body["text"])
    # sentence 0 starts after the dateline
    assert texts[0].startswith("Chinese President Xi Jinping said Tuesday that")
    # money and decimals
    assert "In 2024, China's trade with Central Asia reached a record $94.8 billion, fueled in part by a booming cross-border e-commerce sector." in texts
    # a quotation of two sentences is two sentences, the closing mark stays with the second
    assert "China and Central Asia are building a tangible, fruitful community with a shared future.\"" in texts
    # per-paragraph counts, by hand: the Rahimova paragraph has three sentences
    paragraphs = seed.paragraphs().set_index("paragraph")
    assert paragraphs.loc[29, "n_sentences"] == 3
    assert paragraphs.loc[29, "text"].startswith("Aygul Rahimova")


def test_seed_words(seed):
    assert seed.n_words == 1071
    assert count_words("U.S. good-neighborliness $94.8 billion, Xi's") == 5


def test_offset_lookup(seed):
    offset = seed.text.index("Tangible contributions")
    assert seed.paragraph_at(offset) == 23
    assert seed.sentence_at(offset) == seed.sentence_units[seed.sentence_at(offset)].index
    assert seed.paragraph_at(0) is None  # inside the header


# -- sentence splitting on news English ----------------------------------------------------


NEWS_EDGE_CASES = json.loads((DATA_DIR / "sentences" / "news_edge_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", NEWS_EDGE_CASES, ids=lambda case: case["text"][:30])
def test_sentence_splitting(case):
    assert sentence_texts(case["text"]) == case["sentences"]


def _syntok_whole(paragraph: str) -> list[tuple[int, int]]:
    """syntok run on the whole paragraph, then the same repairs: what the shortcuts must equal."""
    from analysis.article import _TOKENIZER, _repair_spans
    from syntok import segmenter

    spans = [(s[0].offset, s[-1].offset + len(s[-1].value))
             for s in segmenter.split(iter(_TOKENIZER.tokenize(paragraph))) if s]
    return _repair_spans(paragraph, spans)


def test_sentence_shortcuts_agree_with_syntok_on_whole_paragraphs():
    # The splitter runs syntok only on the pieces of a paragraph where an end is in doubt; this
    # checks that pieces give syntok's own answer, on real paragraphs and on spliced ones full
    # of abbreviations, brackets, quotation marks and numbers (it fails if syntok changes).
    import random

    from analysis.article import _sentence_spans

    paragraphs = [case["text"] for case in NEWS_EDGE_CASES]
    for path in [SEED_PATH, *sorted((DATA_DIR / "quotes" / "articles").glob("*.txt"))]:
        article = load_article(path)
        paragraphs += [article.text[u.start : u.end] for u in article.paragraph_units if u.kind == "body"]
    sentences = [p[a:b] for p in paragraphs for a, b in _syntok_whole(p)]
    inserts = ["p.m.", "D.C.", "2025", "Jan. 2", "U.S. Embassy", "A. Doe", "Mr. Smith", "end.Next", "No.",
               "(AP)", "(", ")", "[sic]", '"', "“", "”", "’", "?", "!", "...", "II.", "3.5", "e.g.", "St.", "vs."]
    rng = random.Random(7)
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 5)):
            words = rng.choice(sentences).split(" ")
            for _ in range(rng.randint(0, 3)):
                words.insert(rng.randint(0, len(words)), rng.choice(inserts))
            parts.append(" ".join(words))
        paragraphs.append(rng.choice([" ", "  ", "\n"]).join(parts).strip() or "x")
    disagree = [p for p in paragraphs if _sentence_spans(p) != _syntok_whole(p)]
    assert not disagree, disagree[:3]


def test_heading_is_its_own_sentence():
    article = parse_article(" date 2025-01-01 First paragraph here. It goes on.\n\nA New Chapter\n\nNext paragraph.\n")
    assert article.headings == ["A New Chapter"]
    assert [u.kind for u in article.sentence_units] == ["body", "body", "heading", "body"]


# -- datelines and wires ------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening, place, date, wire",
    [
        ("BEIJING, June 17, 2025 /PRNewswire/ -- ", "BEIJING", "June 17, 2025", "PR Newswire"),
        ("ASTANA, June 17 (Xinhua) -- ", "ASTANA", "June 17", "Xinhua"),
        ("SEOUL, Aug. 21 (Yonhap) -- ", "SEOUL", "Aug. 21", "Yonhap"),
        ("WASHINGTON (AP) — ", "WASHINGTON", None, "AP"),
        ("LONDON (Reuters) - ", "LONDON", None, "Reuters"),
        ("NEW YORK, Nov. 3, 2024 /PRNewswire/ -- ", "NEW YORK", "Nov. 3, 2024", "PR Newswire"),
        ("ALMATY, Kazakhstan, June 2 (Xinhua) -- ", "ALMATY, Kazakhstan", "June 2", "Xinhua"),
        ("KYIV, Ukraine — ", "KYIV, Ukraine", None, None),
        ("SYDNEY (Acme Wire) -- ", "SYDNEY", None, "Acme Wire"),
    ],
)
def test_datelines(opening, place, date, wire):
    article = parse_article(f" date 2025-06-17 {opening}The minister spoke on Tuesday. He left.\n")
    assert (article.dateline.place, article.dateline.date, article.wire) == (place, date, wire)
    assert article.text[article.sentence_units[0].start :].startswith("The minister spoke")


@pytest.mark.parametrize(
    "opening",
    ["US President Donald Trump said -- nothing else. ", "The talks (AP style) went on. ", "Friday, August 21, 2015\n\n"],
)
def test_no_false_dateline(opening):
    assert parse_article(f" date 2025-06-17 {opening}More text follows here.\n").dateline is None


def test_wikinews_date_line_is_not_a_heading():
    article = parse_article(" date 2015-08-21 Friday, August 21, 2015\n\nNorth Korea said on Friday it was ready.\n")
    assert [u.kind for u in article.paragraph_units] == ["date_line", "body"]
    assert article.headings == []


# -- files and bad input ------------------------------------------------------------------


def test_load_article_reads_like_text_mode(write_article):
    path = write_article("crlf.txt", b" date 2024-02-01 Line one.\r\n\r\nLine two.\r\n")
    article = load_article(path)
    assert article.text == open(path, encoding="utf-8").read()
    assert [article.text[u.start : u.end] for u in article.paragraph_units] == ["Line one.", "Line two."]


def test_missing_header_falls_back_to_no_date(write_article):
    article = load_article(write_article("plain.txt", "Just a paragraph of text.\n\nAnother one.\n"))
    assert article.date is None
    assert len(article.paragraph_units) == 2


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
        ("latin1.txt", " date 2024-01-01 Caf\u00e9 society.\n".encode("latin-1"), "not UTF-8"),
        ("baddate.txt", b" date 2024-13-45 Text.\n", "not a real date"),
        ("badheader.txt", b" date yesterday Text.\n", "malformed header"),
    ],
)
def test_bad_files_name_file_and_problem(write_article, name, content, problem):
    path = write_article(name, content)
    with pytest.raises(ArticleError) as info:
        load_article(path)
    assert name in str(info.value) and problem in str(info.value)
    assert info.value.path == str(path)


def test_too_large_file(write_article):
    path = write_article("big.txt", " date 2024-01-01 " + "word " * 1000)
    with pytest.raises(ArticleError, match="over the"):
        load_article(path, max_bytes=1000)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="folder"):
        load_article(tmp_path)


def test_folder_without_txt_files(tmp_path):
    (tmp_path / "notes.md").write_text("not an article")
    with pytest.raises(ArticleError, match="no .txt files"):
        load_corpus(tmp_path)
    with pytest.raises(ArticleError, match="matches no files"):
        load_corpus(str(tmp_path / "*.txt"))


def test_load_corpus_reports_bad_files(tmp_path):
    shutil.copy(SEED_PATH, tmp_path / SEED_PATH.name)
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02")
    with pytest.warns(UserWarning, match="1 of 2 files"):
        articles, table = load_corpus(tmp_path)
    assert [a.article_id for a in articles] == [SEED_PATH.stem]
    assert list(table["article_id"]) == [SEED_PATH.stem, "broken"]
    broken = table.set_index("article_id").loc["broken"]
    assert "binary" in broken["error"]
    seed_row = table.set_index("article_id").loc[SEED_PATH.stem]
    assert seed_row["n_sentences"] == 40 and seed_row["wire"] == "PR Newswire"
    with pytest.raises(ArticleError, match="binary"):
        load_corpus(tmp_path, on_error="raise")


def test_load_corpus_accepts_glob_and_list(tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f" date 2024-01-0{i + 1} Story {i} text.\n", encoding="utf-8")
    articles, table = load_corpus(str(tmp_path / "a*.txt"))
    assert [a.article_id for a in articles] == ["a0", "a1", "a2"]
    articles, _ = load_corpus([tmp_path / "a2.txt", tmp_path / "a0.txt"])
    assert [a.article_id for a in articles] == ["a2", "a0"]
    assert list(table["date"]) == ["2024-01-01", "2024-01-02", "2024-01-03"]


def test_parse_article_refuses_empty_text():
    with pytest.raises(ArticleError, match="empty"):
        parse_article("   \n")
