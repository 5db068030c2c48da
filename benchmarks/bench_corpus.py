"""Speed and memory of corpus runs on a SYNTHETIC corpus: a for-loop, one core, all cores, Dask.

Builds synthetic corpora (benchmarks/synthetic_corpus.py: recombined, varied paragraphs of the
seed and the invented test articles; ids ``synthetic-...``) of the sizes asked for, then times,
each in a fresh Python process:

- ``loop``: what a user would write without this package's corpus module: a plain for-loop over
  the files calling the same per-article functions (``load_article``, then every analysis of
  ``analysis.corpus.ANALYSES`` with the quotes passed on), collecting DataFrames and writing them
  to Parquet at the end;
- ``local-1``: ``write_corpus(..., workers=1)`` (in-process, streaming batches to Parquet);
- ``local-N``: ``write_corpus(..., workers=N)``, a process pool over all N cores;
- ``dask-N``: ``write_corpus(..., engine="dask", workers=N)`` on a LocalCluster it starts.

Each run's time is measured inside the child process from before the call until its files are
written (worker start-up included, interpreter start-up and imports not), with the CPU time it
and its worker processes used: on a shared machine, articles per CPU-second is the figure that
other people's work does not distort, and "cores used" (CPU seconds / seconds) shows how much
of the machine a run actually got; the load average before and after is printed too. Peak memory is the
largest total resident memory of the child and all its descendants, sampled every 0.1 s with
psutil (so worker processes count). Results go to ``benchmarks/out/bench_corpus.md`` as a
markdown table, plus how time grows with corpus size.

    python benchmarks/bench_corpus.py --sizes 1000 10000
    python benchmarks/bench_corpus.py --sizes 250 1000 --runs loop local-1 local-2 dask-2
    python benchmarks/bench_corpus.py --sizes 10000 --analyses articles      # reading and parsing only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "out"


# -- what each child process runs ---------------------------------------------------------------


def _loop(input_dir: Path, out: Path, analyses: list[str]) -> int:
    """The plain for-loop a user would write: every file, every analysis, frames collected, Parquet at the end."""
    import pandas as pd

    from analysis import load_article
    from analysis.corpus import ANALYSES, _resolve

    funcs = {name: _resolve(ANALYSES[name].target) for name in analyses if name != "articles"}
    quotes_func = _resolve(ANALYSES["quotes"].target) if any(ANALYSES[n].uses_quotes for n in funcs) or "quotes" in funcs else None
    tables: dict[str, list] = {name: [] for name in analyses}
    errors = []
    n = 0
    for path in sorted(input_dir.glob("*.txt")):
        n += 1
        try:
            article = load_article(path)
            tables["articles"].append(article.metadata())
            quotes = quotes_func(article) if quotes_func else None
            for name, func in funcs.items():
                if name == "quotes":
                    tables[name].append(quotes)
                elif ANALYSES[name].uses_quotes:
                    tables[name].append(func(article, records=quotes))
                else:
                    tables[name].append(func(article))
        except Exception as exc:  # noqa: BLE001 - a careful loop keeps going too
            errors.append({"path": str(path), "reason": str(exc)})
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(tables.pop("articles")).to_parquet(out / "articles.parquet")
    for name, frames in tables.items():
        frames = [f for f in frames if len(f)]
        if frames:
            pd.concat(frames, ignore_index=True).astype(str).to_parquet(out / f"{name}.parquet")
    return n


def child(run: str, input_dir: Path, out: Path, analyses: list[str]) -> dict:
    import warnings

    warnings.simplefilter("ignore")
    from analysis.corpus import write_corpus

    import resource

    cpu_at_start = sum(getattr(resource.getrusage(resource.RUSAGE_SELF), f) for f in ("ru_utime", "ru_stime"))
    start = time.perf_counter()
    if run == "loop":
        n = _loop(input_dir, out, analyses)
    else:
        engine, workers = run.split("-")
        summary = write_corpus(input_dir, out, engine=engine, workers=int(workers), analyses=analyses, progress=False)
        n = summary.n_articles
    seconds = time.perf_counter() - start
    import resource

    # CPU time of this process and of every worker process it started and waited for.
    cpu = sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for field in ("ru_utime", "ru_stime"))
    return {"seconds": seconds, "cpu_seconds": cpu - cpu_at_start, "n": n}


# -- the parent: build corpora, run children, measure memory ----------------------------------------


def _peak_rss(process, stop: threading.Event, peak: list[int]) -> None:
    import psutil

    try:
        root = psutil.Process(process.pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        total = 0
        try:
            for proc in [root, *root.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
        except psutil.NoSuchProcess:
            break
        peak[0] = max(peak[0], total)
        stop.wait(0.1)


def measure(run: str, input_dir: Path, analyses: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        command = [sys.executable, __file__, "--child", run, "--input", str(input_dir), "--child-out", str(Path(tmp) / "out"),
                   "--analyses", ",".join(analyses)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=_peak_rss, args=(process, stop, peak), daemon=True)
        sampler.start()
        stdout, _ = process.communicate()
        stop.set()
        sampler.join()
        if process.returncode != 0:
            raise RuntimeError(f"{run} failed with status {process.returncode}")
        result = json.loads(stdout.strip().splitlines()[-1])
    return {**result, "peak_mb": peak[0] / 1e6}


def corpus_dir(n: int) -> Path:
    from synthetic_corpus import write_synthetic_corpus

    path = OUT_DIR / f"synthetic-{n}"
    if not (path.exists() and len(list(path.glob("*.txt"))) == n):
        shutil.rmtree(path, ignore_errors=True)
        write_synthetic_corpus(n, path)
    return path


def main(argv: list[str] | None = None) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", nargs="+", default=["loop", "local-1", f"local-{cores}", f"dask-{cores}"])
    parser.add_argument("--analyses", default=None, help="comma-separated (default: every available analysis)")
    parser.add_argument("--report", type=Path, default=OUT_DIR / "bench_corpus.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from analysis.corpus import _normalise_analyses

    analyses = list(_normalise_analyses(args.analyses.split(",") if args.analyses else None))
    if args.child:
        print(json.dumps(child(args.child, args.input, args.child_out, analyses)))
        return 0

    sys.path.insert(0, str(HERE))
    load_before = os.getloadavg()[0]
    rows = []
    for n in args.sizes:
        input_dir = corpus_dir(n)
        loop_rate = None
        for run in args.runs:
            result = measure(run, input_dir, analyses)
            workers = 1 if run == "loop" else int(run.split("-")[1])
            rate = result["n"] / result["seconds"]
            loop_rate = rate if run == "loop" else loop_rate
            rows.append({"n": n, "run": run, "workers": workers, **result, "rate": rate, "per_core": rate / workers,
                         "vs_loop": rate / loop_rate if loop_rate else None})
            print(f"{n:>7} {run:<9} {result['seconds']:8.1f} s {rate:8.1f} articles/s {result['n'] / result['cpu_seconds']:6.1f}/CPU-s {result['peak_mb']:8.0f} MB", flush=True)

    lines = [
        f"Pipeline: {', '.join(analyses)}. Synthetic corpus (seed-sized articles, median ~1,070 words), "
        f"{cores} cores, Python {sys.version.split()[0]}.",
        "",
        f"Load average (1 min) before: {load_before:.1f}, after: {os.getloadavg()[0]:.1f}.",
        "",
        "| articles | run | workers | seconds | articles/s | articles/s/core | cores used | articles/CPU-s | peak memory (MB) | vs. for-loop |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{r['vs_loop']:.2f}x" if r["vs_loop"] else "-"
        lines.append(
            f"| {r['n']:,} | {r['run']} | {r['workers']} | {r['seconds']:.1f} | {r['rate']:.1f} | {r['per_core']:.1f} "
            f"| {r['cpu_seconds'] / r['seconds']:.2f} | {r['n'] / r['cpu_seconds']:.1f} | {r['peak_mb']:.0f} | {ratio} |"
        )
    sizes = sorted(set(args.sizes))
    if len(sizes) > 1:
        lines += ["", "Growth with corpus size (time per article relative to the smallest corpus; 1.00 = linear):", ""]
        for run in args.runs:
            by_size = {r["n"]: r for r in rows if r["run"] == run}
            if sizes[0] in by_size:
                base = by_size[sizes[0]]["seconds"] / sizes[0]
                parts = [f"{n:,}: {by_size[n]['seconds'] / n / base:.2f} ({by_size[n]['peak_mb']:.0f} MB)" for n in sizes if n in by_size]
                lines.append(f"- {run}: " + ", ".join(parts))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nwritten to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
