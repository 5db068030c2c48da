"""Corpus runs: the same tables from every engine and input shape, bad articles reported, writes atomic and resumable."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import corpus
from analysis.article import ArticleError
from analysis.cli import main
from analysis.corpus import CORPUS_ARTICLE_COLUMNS, ERROR_COLUMNS, analyze_corpus, read_corpus, write_corpus
from conftest import DATA_DIR, SEED_PATH

HAND_WRITTEN = sorted((DATA_DIR / "quotes" / "articles").glob("*.txt"))
ANALYSES = corpus.available_analyses()
MODULE = Path(__file__).stem  # custom analyses below are named "test_corpus:function"

pytestmark = pytest.mark.filterwarnings("ignore:.*articles had errors:UserWarning")


# -- custom per-article analyses used to provoke failures (importable by worker processes) --


def explode_on_marker(article):
    """One row per article, but raises on articles whose text says EXPLODE."""
    if "EXPLODE" in article.text:
        raise RuntimeError("boom on purpose")
    return pd.DataFrame({"article_id": [article.article_id], "n_chars": [len(article.text)]})


def quotes_or_explode(article):
    """The real quote attribution, except on articles whose text says EXPLODE."""
    from analysis.quotes import attribute_quotes

    if "EXPLODE" in article.text:
        raise RuntimeError("boom on purpose")
    return attribute_quotes(article)


def die_once(article):
    """Kills the worker process the first time it sees the article named in $CORPUS_TEST_DIE_ONCE."""
    marker = os.environ.get("CORPUS_TEST_DIE_ONCE")
    if marker and article.article_id == Path(marker).stem and not Path(marker).exists():
        Path(marker).touch()
        os._exit(1)
    return pd.DataFrame({"article_id": [article.article_id], "n_chars": [len(article.text)]})


def set_env(key, value):
    """Set (or, with None, remove) an environment variable in the process that runs this."""
    if value is None:
        os.environ.pop(key, None)
    else:
        os.environ[key] = value


def always_die(article):
    """Kills the worker process on articles whose text says DIE."""
    if "DIE" in article.text:
        os._exit(1)
    return pd.DataFrame({"article_id": [article.article_id]})


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    """The seed and the hand-written test articles, copied into one folder (8 articles)."""
    target = tmp_path / "articles"
    target.mkdir()
    for path in [SEED_PATH, *HAND_WRITTEN]:
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="module")
def serial():
    """The reference result: every available analysis, in this process, one article at a time."""
    folder = SEED_PATH.parent
    return analyze_corpus([folder, *HAND_WRITTEN], workers=1, batch_size=1, progress=False)


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster
    cluster.close()


def _records(paths):
    """(id, date, text without its header, outlet) for each article file."""
    rows = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        date = text.split()[1]
        rows.append({"id": path.stem, "date": date, "text": text[text.index(date) + len(date) + 1 :], "outlet": "Example Daily"})
    return rows


def assert_same_tables(a, b, tables=None):
    for name in tables or a.tables:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)


# -- engines give the same tables ----------------------------------------------------------------


def test_serial_run_has_every_table_in_input_order(serial):
    assert list(serial.tables) == [*ANALYSES, "errors"]
    assert serial.articles["article_id"].tolist() == [SEED_PATH.stem, *(p.stem for p in HAND_WRITTEN)]
    assert list(serial.articles.columns) == CORPUS_ARTICLE_COLUMNS
    assert list(serial.errors.columns) == ERROR_COLUMNS
    assert serial.n_articles == 8 and serial.articles["error"].isna().all()
    assert not (serial.errors["stage"] == "read").any()
    for name in ANALYSES:
        assert "article_id" in serial[name].columns, name


def test_process_pool_matches_serial(serial):
    pooled = analyze_corpus([SEED_PATH.parent, *HAND_WRITTEN], workers=2, batch_size=2, progress=False)
    assert_same_tables(serial, pooled)


def test_dask_cluster_matches_serial(serial, dask_cluster):
    result = analyze_corpus(
        [SEED_PATH.parent, *HAND_WRITTEN], engine="dask", scheduler=dask_cluster.scheduler_address, batch_size=3, progress=False
    )
    assert_same_tables(serial, result)


def test_dask_starts_and_stops_its_own_local_cluster(folder):
    import multiprocessing

    before = set(multiprocessing.active_children())
    result = analyze_corpus(folder, engine="dask", workers=1, analyses=["articles"], progress=False)
    assert result.n_succeeded == 8
    assert set(multiprocessing.active_children()) == before


def test_killed_dask_worker_is_retried(tmp_path, folder, dask_cluster):
    marker = tmp_path / f"{HAND_WRITTEN[2].stem}.died"
    client = __import__("distributed").Client(dask_cluster)
    client.run(set_env, "CORPUS_TEST_DIE_ONCE", str(marker))
    try:
        result = analyze_corpus(folder, engine="dask", scheduler=client, analyses=[f"{MODULE}:die_once"], batch_size=2, progress=False)
    finally:
        client.run(set_env, "CORPUS_TEST_DIE_ONCE", None)
        client.close()
    assert result.errors.empty, result.errors.to_dict(orient="records")
    assert marker.exists()  # a worker did die
    assert result["die_once"]["article_id"].tolist() == sorted(p.stem for p in folder.glob("*.txt"))


def test_killed_local_worker_is_retried(tmp_path, folder, monkeypatch):
    marker = tmp_path / f"{HAND_WRITTEN[2].stem}.died"
    monkeypatch.setenv("CORPUS_TEST_DIE_ONCE", str(marker))  # spawned workers inherit it
    result = analyze_corpus(folder, workers=2, analyses=[f"{MODULE}:die_once"], batch_size=2, progress=False)
    assert marker.exists()
    assert result.errors.empty
    assert result["die_once"]["article_id"].tolist() == sorted(p.stem for p in folder.glob("*.txt"))


def test_batch_that_always_kills_its_worker_is_reported_not_lost(folder):
    (folder / "zz_poison.txt").write_text("DIE DIE DIE.\n", encoding="utf-8")
    result = analyze_corpus(folder, workers=2, analyses=[f"{MODULE}:always_die"], batch_size=1, progress=False)
    assert result.n_articles == 9 and result.n_succeeded == 8
    (row,) = result.errors.to_dict(orient="records")
    assert row["article_id"] == "zz_poison" and row["stage"] == "worker" and "died" in row["reason"]


# -- bad articles -------------------------------------------------------------------------------

BAD_FILES = {
    "empty": (b"", "empty"),
    "blank": (b"  \n\n \t\n", "empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin1": (" date 2025-06-17 Caf\xe9 owners said prices rose.\n".encode("latin-1"), "not UTF-8"),
    "bad_header": (b" date 17-06-2025 LONDON -- Officials said so.\n", "malformed header"),
    "impossible_date": (b" date 2025-02-30 LONDON -- Officials said so.\n", "not a real date"),
}


def test_every_bad_file_lands_in_errors_and_the_rest_is_analysed(folder):
    for name, (content, _) in BAD_FILES.items():
        (folder / f"bad_{name}.txt").write_bytes(content)
    with open(folder / "bad_huge.txt", "wb") as handle:  # 50 MB, sparse: nothing is really written
        handle.truncate(50 * 1024 * 1024)
    odd = {
        "odd_unbalanced.txt": 'LONDON -- "We will not stop, the minister said. Talks go on.\n',
        "odd_allcaps.txt": "BREAKING: MINISTER SAYS TALKS WILL GO ON. \"WE ARE READY,\" HE SAID.\n",
        "odd_noquotes.txt": "The river rose overnight. Roads were closed.\n",
        "odd_nonenglish.txt": "Президент заявил, что переговоры продолжатся. 会谈将继续。\n",
    }
    for name, text in odd.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.warns(UserWarning, match="had errors"):
        result = analyze_corpus(folder, workers=1, progress=False)
    errors = result.errors.set_index("article_id")
    for name, (_, reason) in BAD_FILES.items():
        assert reason in errors.loc[f"bad_{name}", "reason"], name
        assert errors.loc[f"bad_{name}", "stage"] == "read"
    assert "MB" in errors.loc["bad_huge", "reason"] and "limit" in errors.loc["bad_huge", "reason"]
    read_errors = set(errors.index[errors["stage"] == "read"])
    assert not read_errors & {Path(n).stem for n in odd}  # odd but readable text is analysed
    assert result.n_articles == 8 + len(BAD_FILES) + 1 + len(odd)
    assert result.articles["error"].notna().sum() == len(BAD_FILES) + 1
    articles = result.articles.set_index("article_id")
    assert articles.loc["bad_binary", "error"] == errors.loc["bad_binary", "reason"]  # never dropped


def test_size_limit_is_a_parameter(folder):
    result = analyze_corpus(folder, workers=1, analyses=["articles"], max_bytes=5000, progress=False)
    too_big = set(result.errors["article_id"])
    sizes = {p.stem: p.stat().st_size for p in folder.glob("*.txt")}
    assert too_big == {name for name, size in sizes.items() if size > 5000} and too_big


def test_an_analysis_that_crashes_on_one_article_is_reported_and_the_run_goes_on(folder):
    (folder / "zz_explode.txt").write_text("LONDON -- EXPLODE, the minister said.\n", encoding="utf-8")
    result = analyze_corpus(folder, workers=2, batch_size=3, analyses=[f"{MODULE}:explode_on_marker"], progress=False)
    assert result.errors.to_dict(orient="records") == [
        {"article_id": "zz_explode", "source": str(folder / "zz_explode.txt"), "stage": "explode_on_marker", "reason": "RuntimeError: boom on purpose"}
    ]
    assert len(result["explode_on_marker"]) == 8 and result.n_succeeded == 8


@pytest.mark.skipif("sources" not in ANALYSES, reason="analysis.sources not available")
def test_when_quote_attribution_crashes_the_analyses_built_on_it_are_reported_not_run(folder, monkeypatch):
    monkeypatch.setitem(corpus.ANALYSES, "quotes", corpus.Analysis("quotes", f"{MODULE}:quotes_or_explode"))
    (folder / "zz_explode.txt").write_text("LONDON -- EXPLODE, the minister said.\n", encoding="utf-8")
    result = analyze_corpus(folder, workers=1, analyses=["quotes", "sources"], progress=False)
    rows = result.errors[result.errors["article_id"] == "zz_explode"]
    assert rows["stage"].tolist() == ["quotes", "sources"]
    assert "not run" in rows["reason"].iloc[1]
    assert result.n_succeeded == 8


# -- inputs ---------------------------------------------------------------------------------------


def test_empty_folder_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ArticleError, match="no .txt files"):
        analyze_corpus(tmp_path / "empty", progress=False)
    with pytest.raises(ArticleError, match="no such file"):
        analyze_corpus(tmp_path / "missing", progress=False)
    with pytest.raises(ArticleError, match="matches no files"):
        analyze_corpus(str(tmp_path / "*.jsonl"), progress=False)


def test_empty_jsonl_gives_empty_tables_with_their_columns(tmp_path, serial):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    result = analyze_corpus(path, progress=False)
    assert result.n_articles == 0
    for name in serial.tables:
        assert result[name].empty and list(result[name].columns) == list(serial[name].columns), name


def test_jsonl_csv_parquet_and_dataframe_inputs_match_the_txt_files(tmp_path):
    records = _records(HAND_WRITTEN)
    frame = pd.DataFrame(records)
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    frame.rename(columns={"text": "body"}).to_csv(tmp_path / "c.csv", index=False)
    frame.rename(columns={"text": "body"}).to_parquet(tmp_path / "c.parquet")
    some = ANALYSES[:2]  # articles and quotes: enough to compare offsets, and quick
    from_files = analyze_corpus(HAND_WRITTEN, workers=1, analyses=some, progress=False)
    runs = {
        "jsonl": analyze_corpus(tmp_path / "c.jsonl", workers=1, analyses=some, progress=False),
        "csv": analyze_corpus(tmp_path / "c.csv", text_column="body", workers=1, analyses=some, progress=False),
        "parquet": analyze_corpus(tmp_path / "c.parquet", text_column="body", workers=1, analyses=some, progress=False),
        "frame": analyze_corpus(frame, workers=2, batch_size=2, analyses=some, progress=False),
    }
    for kind, result in runs.items():
        articles = result.articles
        assert articles["article_id"].tolist() == [p.stem for p in HAND_WRITTEN], kind
        # The date comes from the record's field, since the text has no header.
        assert articles["date"].tolist() == from_files.articles["date"].tolist(), kind
        assert set(articles["outlet"]) == {"Example Daily"} and articles["path"].isna().all(), kind
        assert articles["source"].iloc[1].endswith(("line 2", "row 2")), kind
        assert result.errors["stage"].tolist() == from_files.errors["stage"].tolist(), kind
        for name in some[1:]:
            # Offsets index the record's text, which lacks the 17-character header of the files.
            ours, theirs = result[name].reset_index(drop=True), from_files[name].reset_index(drop=True)
            assert ours.shape == theirs.shape, (kind, name)
            if "start" in ours.columns and len(ours):
                assert (ours["start"] + 17 == theirs["start"]).all(), (kind, name)


def test_bad_records_are_errors_with_line_numbers(tmp_path):
    lines = [
        json.dumps({"id": "a1", "date": "2025-06-17", "text": "LONDON -- The minister said talks go on."}),
        "{not json",
        json.dumps({"id": "a2", "date": "2025-06-17"}),
        json.dumps({"id": "a3", "date": "17 June", "text": "Officials said so."}),
        json.dumps({"id": "a1", "date": "2025-06-17", "text": "A second a1."}),
        json.dumps(["a", "list"]),
        json.dumps({"date": "2025-06-18T09:30:00Z", "text": "No id here, officials said."}),
        json.dumps({"id": "a5", "text": "x" * 3000}),
    ]
    path = tmp_path / "c.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "a6", "text": "caf\xe9"}\n')
    result = analyze_corpus(path, workers=1, analyses=["articles"], max_bytes=2000, progress=False)
    reasons = dict(zip(result.errors["source"].str.rsplit(":", n=1).str[1], result.errors["reason"]))
    assert "not valid JSON" in reasons["line 2"]
    assert "no text" in reasons["line 3"]
    assert "malformed date" in reasons["line 4"]
    assert "duplicate article id" in reasons["line 5"]
    assert "not a JSON object" in reasons["line 6"]
    assert "limit" in reasons["line 8"]
    assert "not UTF-8" in reasons["line 9"]
    ok = result.articles[result.articles["error"].isna()]
    assert ok["article_id"].tolist() == ["a1", "c-7"]  # a missing id is <file stem>-<line>
    assert ok["date"].tolist() == ["2025-06-17", "2025-06-18"]


def test_missing_text_column_names_the_file_and_the_columns(tmp_path):
    pd.DataFrame(_records(HAND_WRITTEN[:1])).to_csv(tmp_path / "c.csv", index=False)
    with pytest.raises(ArticleError, match=r"c\.csv: no column 'body' \(columns: id, date, text, outlet\)"):
        analyze_corpus(tmp_path / "c.csv", text_column="body", progress=False)


# -- writing: atomic, streaming, resumable ----------------------------------------------------------


def _leftovers(out):
    return [p for p in Path(out).rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_written_tables_read_back_as_the_in_memory_ones(tmp_path, folder, fmt):
    some = ANALYSES[:2] if fmt == "csv" else ANALYSES  # every table once, in Parquet
    in_memory = analyze_corpus(folder, workers=1, analyses=some, progress=False)
    summary = write_corpus(folder, tmp_path / "out", format=fmt, workers=2, batch_size=3, analyses=some, progress=False)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*(f"{n}.{fmt}" for n in in_memory.tables), "manifest.json"])
    assert summary.batches_run == 3 and summary.n_articles == 8 and not _leftovers(tmp_path / "out")
    back = read_corpus(tmp_path / "out")
    for name, frame in in_memory.tables.items():
        assert list(back[name].columns) == list(frame.columns), name
        assert len(back[name]) == len(frame), name
        if "start" in frame.columns:
            assert back[name]["start"].tolist() == frame["start"].tolist(), name
        assert back[name]["article_id"].astype(str).tolist() == frame["article_id"].astype(str).tolist(), name


@pytest.mark.parametrize("interruption", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_an_interrupted_run_resumes_redoing_only_unfinished_batches(tmp_path, folder, monkeypatch, interruption):
    out = tmp_path / "out"
    real_write_part = corpus._write_part
    calls = {"n": 0}

    def failing_write_part(frame, path):
        if path.name == "part-0000002.parquet":  # the third batch (of four) fails while being written
            calls["n"] += 1
            raise interruption
        return real_write_part(frame, path)

    monkeypatch.setattr(corpus, "_write_part", failing_write_part)
    with pytest.raises(type(interruption)):
        write_corpus(folder, out, workers=1, batch_size=2, analyses=["articles"], progress=False)
    assert calls["n"] == 1 and not _leftovers(out)
    assert not (out / "articles.parquet").exists()  # nothing half-written where the results go
    done = [json.loads(line)["batch"] for line in (out / "_parts" / "done.jsonl").read_text().splitlines()]
    assert done == [0, 1]
    monkeypatch.setattr(corpus, "_write_part", real_write_part)

    summary = write_corpus(folder, out, resume=True, workers=1, analyses=["articles"], progress=False)
    assert (summary.batches_skipped, summary.batches_run) == (2, 2)
    assert read_corpus(out).articles["article_id"].tolist() == sorted(p.stem for p in folder.glob("*.txt"))
    assert not (out / "_parts").exists() and not _leftovers(out)
    again = write_corpus(folder, out, resume=True, workers=1, analyses=["articles"], progress=False)
    assert again.batches_run == 0 and again.n_articles == 8


def test_resume_from_a_hand_made_journal_redoes_only_the_rest(tmp_path, folder):
    out = tmp_path / "out"
    first = write_corpus(folder, out, workers=1, batch_size=2, analyses=["articles"], progress=False)
    assert first.batches_run == 4
    # Rebuild the unfinished state of a run that had done batches 1 and 3 when it stopped.
    parts = out / "_parts"
    (parts / "articles").mkdir(parents=True)
    (parts / "errors").mkdir()
    articles = read_corpus(out).articles
    for batch in (1, 3):
        rows = articles.iloc[2 * batch : 2 * batch + 2].copy()
        rows["title"] = f"from batch {batch}"  # marks rows that must not be recomputed
        corpus._write_part(rows, parts / "articles" / f"part-{batch:07d}.parquet")
        corpus._write_part(pd.DataFrame(columns=ERROR_COLUMNS), parts / "errors" / f"part-{batch:07d}.parquet")
    settings = json.loads(json.dumps(corpus._read_manifest(out)["settings"]))
    (parts / "settings.json").write_text(json.dumps({**settings, "batch_size": 2}))
    (parts / "done.jsonl").write_text("".join(json.dumps({"batch": b, "n_articles": 2, "n_succeeded": 2}) + "\n" for b in (1, 3)) + '{"batch": 2, "n_ar')
    summary = write_corpus(folder, out, resume=True, workers=1, analyses=["articles"], progress=False)
    assert (summary.batches_skipped, summary.batches_run) == (2, 2)  # the torn last line does not count
    titles = [t if isinstance(t, str) else None for t in read_corpus(out).articles["title"]]
    assert titles == [None, None, "from batch 1", "from batch 1", None, None, "from batch 3", "from batch 3"]


def test_resume_refuses_other_settings(tmp_path, folder, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(corpus, "_merge_parts", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_corpus(folder, out, workers=1, analyses=["articles"], progress=False)
    with pytest.raises(ValueError, match="cannot resume"):
        write_corpus(folder, out, resume=True, workers=1, analyses=["articles"], max_bytes=10, progress=False)


def test_writing_a_result_object(tmp_path, serial):
    summary = write_corpus(serial, tmp_path / "out", format="csv")
    back = read_corpus(tmp_path / "out")
    assert summary.files["articles"].name == "articles.csv"
    assert back.articles["article_id"].tolist() == serial.articles["article_id"].tolist()


# -- command line and progress ---------------------------------------------------------------------


def test_cli_corpus_writes_csv_tables_and_reports_errors(tmp_path, folder):
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "corpus", str(folder), "--out", str(out), "--format", "csv", "--quiet", "--workers", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "9 articles, " in result.stderr and "analysed without error" in result.stderr
    assert result.stdout == ""
    errors = pd.read_csv(out / "errors.csv")
    assert errors[errors["stage"] == "read"][["article_id", "stage"]].values.tolist() == [["bad", "read"]]
    assert list(pd.read_csv(out / "articles.csv").columns) == CORPUS_ARTICLE_COLUMNS


def test_cli_corpus_usage_errors(tmp_path, capsys):
    assert main(["corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["corpus", str(SEED_PATH), "--out", str(tmp_path / "out"), "--analyses", "nonsense", "--quiet"]) == 2
    assert "unknown analysis 'nonsense'" in capsys.readouterr().err


def test_quiet_means_silent(capsys, folder):
    analyze_corpus(folder, workers=1, analyses=["articles"], progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    analyze_corpus(folder, workers=1, analyses=["articles"], progress=True)
    assert "8/8" in capsys.readouterr().err


def test_a_script_without_a_main_guard_can_use_the_process_pool(tmp_path, folder):
    script = tmp_path / "run.py"
    script.write_text(
        "from analysis import analyze_corpus\n"
        f"result = analyze_corpus({str(folder)!r}, workers=2, batch_size=2, analyses=['articles'], progress=False)\n"
        "print('analysed', result.n_succeeded)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "analysed 8"


def slow_article(article):
    """A quarter of a second per article, so that a run can be interrupted half-way."""
    import time

    time.sleep(0.25)
    return pd.DataFrame({"article_id": [article.article_id]})


def test_ctrl_c_stops_the_command_and_resume_finishes_it(tmp_path, folder):
    import signal
    import time

    out = tmp_path / "out"
    command = [sys.executable, "-m", "analysis", "corpus", str(folder), "--out", str(out), "--workers", "2",
               "--batch-size", "1", "--analyses", f"{MODULE}:slow_article", "--quiet"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])}
    # A terminal's Ctrl-C sends SIGINT to the whole foreground process group.
    process = subprocess.Popen(command, env=env, start_new_session=True, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    journal = out / "_parts" / "done.jsonl"
    deadline = time.monotonic() + 120
    while not (journal.exists() and journal.read_text().count("\n") >= 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "--resume" in stderr and not _leftovers(out) and not (out / "articles.parquet").exists()
    n_done = journal.read_text().count("\n")
    assert 2 <= n_done < 8
    resumed = subprocess.run(command + ["--resume"], env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{n_done} batches were already done, {8 - n_done} run now" in resumed.stderr
    assert read_corpus(out)["slow_article"]["article_id"].tolist() == sorted(p.stem for p in folder.glob("*.txt"))
