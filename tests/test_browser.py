"""The annotated article and notebook 02 in a real browser: headless Chromium, driven by Playwright.

Chromium is Debian's ``chromium`` package (``make browser`` installs it when missing, as
root); Playwright's Python package drives it through ``executable_path``, so no browser is
ever downloaded. Without a Chromium on PATH every test here is skipped with that reason.

Screenshots are saved in each test's temporary folder (pytest prints where with ``-v``;
``--basetemp=DIR`` keeps them in a known place).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from analysis import parse_article, plotting
from analysis.paths import FIGURES_DIR, NOTEBOOKS_DIR
from analysis.render import render_article

from test_render import NASTY, gold_seed, quote_row

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAB_NOTEBOOK = "02_quote_attribution.ipynb"
LAB_TIMEOUT_S = 240

# Every element of one record, its text concatenated, its computed colours, whether it is laid out.
RECORDS_JS = """
() => {
  const out = {};
  for (const el of document.querySelectorAll('[data-record]')) {
    const r = el.dataset.record;
    out[r] = out[r] || {layer: el.dataset.layer, type: el.dataset.speakerType || null, text: '',
                        backgrounds: [], visible: true, labels: []};
    out[r].text += el.textContent;
    out[r].backgrounds.push(getComputedStyle(el).backgroundColor);
    out[r].visible = out[r].visible && el.getClientRects().length > 0;
    if (el.dataset.label) {
      const after = getComputedStyle(el, '::after');
      out[r].labels.push({content: after.content, background: after.backgroundColor});
    }
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium, the system's own."""
    if CHROMIUM is None:
        pytest.skip("no Chromium on PATH (Debian package 'chromium'; `make browser` installs it as root): browser tests not run")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed (requirements-test.txt)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


def rgba(css_color: str) -> tuple[int, int, int, float]:
    """(r, g, b, alpha) from a computed colour such as 'rgba(0, 114, 178, 0.22)'."""
    numbers = re.findall(r"[\d.]+", css_color)
    r, g, b = (int(float(v)) for v in numbers[:3])
    return r, g, b, float(numbers[3]) if len(numbers) > 3 else 1.0


def hex_rgb(hex_color: str) -> tuple[int, int, int]:
    value = hex_color.lstrip("#")
    return tuple(int(value[k : k + 2], 16) for k in (0, 2, 4))


# -- the standalone page --------------------------------------------------------------------


def test_seed_page_highlights_every_record_in_its_speaker_type_colour(browser, seed, tmp_path):
    gold = gold_seed()
    page_path = render_article(seed, layers=("quotes",), quotes=gold).save(tmp_path / "seed.html")
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    try:
        page.goto(page_path.as_uri())
        page.screenshot(path=str(tmp_path / "seed.png"), full_page=True)
        records = page.evaluate(RECORDS_JS)
    finally:
        page.close()
    assert (tmp_path / "seed.png").stat().st_size > 10_000
    for i, row in gold.iterrows():
        record = records[f"q{i}"]
        assert record["text"] == row["quote"], f"q{i}: the highlighted text is not the record's quote"
        assert record["visible"], f"q{i} is not laid out"
        expected = hex_rgb(plotting.SPEAKER_TYPE_COLORS[row["speaker_type"]])
        for background in record["backgrounds"]:
            r, g, b, alpha = rgba(background)
            assert (r, g, b) == expected and 0.1 <= alpha <= 0.6, f"q{i} ({row['speaker_type']}): {background}"
        [label] = record["labels"]
        assert row["speaker"] in label["content"]
        assert rgba(label["background"])[:3] == expected and rgba(label["background"])[3] == 1.0


def test_markup_in_an_article_shows_as_text_and_runs_nothing(browser, tmp_path):
    article = parse_article(NASTY, "nasty")
    quotes = [
        {**quote_row(article, '<script>window.__pwned = 1; alert("x")</script> was "fine" & <b>bold</b>'),
         "speaker": '"><script>window.__pwned = 2</script>', "speaker_type": "official"},
        quote_row(article, "«guillemets» „low“ ‚low‘ ‹single guillemets› 「corner」", speaker="X", speaker_type="citizen"),
    ]
    page_path = render_article(article, quotes=quotes, phrases=[]).save(tmp_path / "nasty.html")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(page_path.as_uri())
        page.screenshot(path=str(tmp_path / "nasty.png"), full_page=True)
        state = page.evaluate(
            """() => ({
                pwned: window.__pwned === undefined ? null : window.__pwned,
                scripts: document.scripts.length,
                images: document.images.length,
                bold: document.querySelectorAll('.na-body b').length,
                bodyText: document.querySelector('.na-body').innerText,
                bodyHeight: document.querySelector('.na-body').getBoundingClientRect().height,
            })"""
        )
        records = page.evaluate(RECORDS_JS)
    finally:
        page.close()
    assert dialogs == [] and state["pwned"] is None
    assert state["scripts"] == 0 and state["images"] == 0 and state["bold"] == 0
    assert state["bodyHeight"] > 50  # the article's own "<style>body{display:none}</style>" did nothing
    for literal in ('<script>window.__pwned = 1; alert("x")</script>', "<b>bold</b>", "&amp;", "「corner」", "„low“", "</p></div><style>"):
        assert literal in state["bodyText"]
    assert records["q0"]["text"] == quotes[0]["quote"] and records["q1"]["text"] == quotes[1]["quote"]


@pytest.mark.parametrize("scheme, jupyter_theme_light", [("light", None), ("dark", None), ("dark", "true"), ("light", "false")])
def test_page_follows_the_colour_scheme_and_jupyterlab_theme(browser, seed, tmp_path, scheme, jupyter_theme_light):
    page_path = render_article(seed, layers=("quotes",), quotes=gold_seed()).save(tmp_path / "seed.html")
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        if jupyter_theme_light is not None:  # what JupyterLab sets on <body> for its theme
            page.evaluate(f"document.body.dataset.jpThemeLight = '{jupyter_theme_light}'")
        colors = page.evaluate(
            """() => { const s = getComputedStyle(document.querySelector('.na-article'));
                       return [s.backgroundColor, s.color]; }"""
        )
        page.screenshot(path=str(tmp_path / f"theme_{scheme}_{jupyter_theme_light}.png"))
    finally:
        context.close()
    dark = jupyter_theme_light == "false" or (jupyter_theme_light is None and scheme == "dark")
    background, text = (sum(rgba(c)[:3]) / 3 for c in colors)
    assert (background < 80 and text > 180) if dark else (background > 230 and text < 60), colors


def test_page_prints_light_and_whole(browser, seed, tmp_path):
    page_path = render_article(seed, layers=("quotes",), quotes=gold_seed()).save(tmp_path / "seed.html")
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.emulate_media(media="print")
        colors = page.evaluate(
            """() => { const s = getComputedStyle(document.querySelector('.na-article'));
                       const q = getComputedStyle(document.querySelector('[data-layer="quote"]'));
                       return [s.backgroundColor, s.color, q.backgroundColor, s.printColorAdjust || s.webkitPrintColorAdjust]; }"""
        )
        pdf = page.pdf(path=str(tmp_path / "seed.pdf"))
    finally:
        context.close()
    background, text, quote, adjust = colors
    assert sum(rgba(background)[:3]) / 3 > 230 and sum(rgba(text)[:3]) / 3 < 60, colors
    assert rgba(quote)[3] > 0 and adjust == "exact"
    assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000


# -- JupyterLab ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read().decode("utf-8"))


def _lab_settings(folder: Path) -> Path:
    """User settings for the test's Lab: no autosave (the notebook stays as stored), no news."""
    overrides = {
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for name, values in overrides.items():
        path = folder.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return folder


def _wait_for_server(base: str, token: str, process: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"jupyter lab exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            _get_json(f"{base}/api/status?token={token}")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.5)
    raise AssertionError(f"jupyter lab did not answer in time:\n{log.read_text(errors='replace')[-3000:]}")


CELLS_JS = r"""
() => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')];
  return {
    n: cells.length,
    prompts: cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || ''),
    // JupyterLab draws an exception as a stderr-typed output; warnings share that type but
    // carry no traceback and no "SomeError:" line.
    errors: [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output:is('
                                          + '[data-mime-type="application/vnd.jupyter.error"],'
                                          + '[data-mime-type="application/vnd.jupyter.stderr"])')]
              .map(e => e.textContent)
              .filter(t => /Traceback \(most recent call last\)|^\w*(Error|Exception)\b/m.test(t))
              .map(t => t.slice(-2000)),
    images: [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img')]
              .filter(img => img.complete && img.naturalWidth > 100).length,
    articles: document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .na-article').length,
    records: document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .na-article [data-record]').length,
    quoteBackground: (() => { const q = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .na-article [data-layer="quote"]');
                              return q ? getComputedStyle(q).backgroundColor : null; })(),
  };
}
"""


def _run_all_cells_in_lab(browser, root_dir: Path, notebook: str, tmp_path: Path) -> dict:
    """Open ``notebook`` in a fresh JupyterLab, run all cells from the menu, report what the page shows."""
    token = secrets.token_hex(16)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "jupyterlab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
        f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={_lab_settings(tmp_path / 'lab-settings')}",
        f"--LabApp.workspaces_dir={tmp_path / 'lab-workspaces'}",
    ]  # fmt: skip
    deadline = time.monotonic() + LAB_TIMEOUT_S
    with open(log, "wb") as log_handle:
        server = subprocess.Popen(command, stdout=log_handle, stderr=subprocess.STDOUT, env=env, cwd=root_dir)
    page = None
    try:
        _wait_for_server(base, token, server, log, deadline)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{base}/lab/tree/{notebook}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=120_000)
        _wait_for_kernel(base, token, deadline, page)
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        state = page.evaluate(CELLS_JS)
        while time.monotonic() < deadline:
            state = page.evaluate(CELLS_JS)
            done = state["n"] > 0 and all(re.fullmatch(r"\s*\[\d+\]:\s*", p) for p in state["prompts"])
            if state["errors"] or (done and _kernel_idle(base, token)):
                break
            page.wait_for_timeout(1000)
        else:
            state["timed_out"] = True
        page.wait_for_timeout(500)  # let the last outputs lay out before the picture
        page.screenshot(path=str(tmp_path / "jupyterlab.png"), full_page=True)
        shown = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .na-article")
        if shown.count():  # the article's top in view; Lab scrolls inside its own panel
            shown.first.evaluate("el => el.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(300)
            page.screenshot(path=str(tmp_path / "jupyterlab_annotated_article.png"))
        return state
    finally:
        if page is not None:
            page.close()
        try:
            for session in _get_json(f"{base}/api/sessions?token={token}"):
                request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
                urllib.request.urlopen(request, timeout=10).close()
        except (urllib.error.URLError, OSError, ValueError):
            pass
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _kernel_idle(base: str, token: str) -> bool:
    try:
        sessions = _get_json(f"{base}/api/sessions?token={token}")
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return bool(sessions) and all(s["kernel"]["execution_state"] == "idle" for s in sessions)


def _wait_for_kernel(base: str, token: str, deadline: float, page) -> None:
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count():  # "Select Kernel" when the notebook names none
            dialog.first.click()
        if _kernel_idle(base, token):
            return
        page.wait_for_timeout(500)
    raise AssertionError("the notebook's kernel did not start")


def test_notebook_02_runs_in_jupyterlab_and_shows_chart_and_annotated_article(browser, tmp_path):
    notebook = NOTEBOOKS_DIR / LAB_NOTEBOOK
    if not notebook.exists():
        pytest.skip(f"{notebook} does not exist: nothing to open in JupyterLab")
    stored = notebook.read_bytes()
    checkpoints = NOTEBOOKS_DIR / ".ipynb_checkpoints"
    had_checkpoints = checkpoints.exists()
    before = {p: p.stat().st_mtime for p in FIGURES_DIR.glob("02_*")}
    started = time.time()
    try:
        state = _run_all_cells_in_lab(browser, NOTEBOOKS_DIR, LAB_NOTEBOOK, tmp_path)
    finally:
        if notebook.read_bytes() != stored:  # the user's file stays as stored: no outputs saved
            notebook.write_bytes(stored)
        if not had_checkpoints and checkpoints.exists():
            shutil.rmtree(checkpoints)
    screenshot = tmp_path / "jupyterlab.png"
    assert screenshot.exists(), "no screenshot"
    assert not state.get("timed_out"), f"cells not finished after {LAB_TIMEOUT_S} s: {state['prompts']} (see {screenshot})"
    assert state["errors"] == [], f"error output in a cell (see {screenshot}):\n" + "\n".join(state["errors"])
    assert state["n"] > 3 and all(re.fullmatch(r"\s*\[\d+\]:\s*", p) for p in state["prompts"]), state["prompts"]
    assert state["images"] >= 1, "no chart image displayed"
    assert state["articles"] >= 1 and state["records"] > 0, "the annotated article is not displayed"
    assert state["quoteBackground"] and rgba(state["quoteBackground"])[3] > 0, "the annotated article is displayed without its style"
    rewritten = {p.name for p in FIGURES_DIR.glob("02_*") if p.stat().st_mtime >= started - 1 and p.stat().st_mtime != before.get(p)}
    assert "02_annotated_article.html" in rewritten, f"figure files rewritten: {sorted(rewritten)}"
    assert any(name.endswith(".png") for name in rewritten), f"no chart PNG rewritten: {sorted(rewritten)}"
