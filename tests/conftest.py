"""Shared fixtures: the seed article and a writer for small article files."""

from pathlib import Path

import pytest

from analysis import load_article
from analysis.paths import SEEDS_DIR

SEED_PATH = SEEDS_DIR / "000_4a60538e41788e46.txt"
DATA_DIR = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seed():
    """The seed article, parsed."""
    return load_article(SEED_PATH)


@pytest.fixture
def write_article(tmp_path):
    """Write text (str or bytes) to tmp_path/<name> and return the path."""

    def write(name: str, content):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
