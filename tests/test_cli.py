"""The command line: `python -m analysis ...` as a user runs it."""

import json
import subprocess
import sys

from conftest import SEED_PATH


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True, timeout=120)


def test_help_lists_subcommands():
    result = run("--help")
    assert result.returncode == 0
    assert "article" in result.stdout


def test_article_table_and_json():
    table = run("article", SEED_PATH)
    assert table.returncode == 0 and "PR Newswire" in table.stdout and "BEIJING" in table.stdout
    rows = json.loads(run("article", SEED_PATH.parent, "--format", "json").stdout)
    assert rows[0]["article_id"] == SEED_PATH.stem
    assert rows[0]["n_sentences"] == 40
    assert rows[0]["headings"] == ["Fruitful summit", "Tangible contributions"]


def test_bad_file_is_reported_and_others_still_printed(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    result = run("article", SEED_PATH, bad)
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and "binary" in result.stderr
    assert SEED_PATH.stem in result.stdout


def test_missing_path_is_an_error():
    result = run("article", "no/such/folder")
    assert result.returncode == 1 and "no such file" in result.stderr
