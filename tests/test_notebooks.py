"""The notebooks' outputs policy and shape (their execution is `pytest --nbmake`, in `make test`).

Policy: notebooks are stored without outputs, each paired with a jupytext percent-format `.py`
file holding the same cells, so diffs are reviewable; `figures/` holds the visible results.
"""

import re

import jupytext
import nbformat
import pytest

from analysis.paths import NOTEBOOKS_DIR, ROOT

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def test_notebooks_exist_and_are_numbered():
    assert NOTEBOOKS, "no notebooks found"
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1)), "notebooks are numbered 01, 02, ... without gaps"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stripped(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: stored outputs (run `make notebooks` to strip them)"
            assert cell.execution_count is None, f"{path.name}: stored execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_script_has_the_same_cells(path):
    script = path.with_suffix(".py")
    assert script.exists(), f"{path.name} has no paired {script.name}"
    from_ipynb = [(c.cell_type, c.source.strip()) for c in jupytext.read(path).cells]
    from_py = [(c.cell_type, c.source.strip()) for c in jupytext.read(script).cells]
    assert from_ipynb == from_py, f"{path.name} and {script.name} differ: run `make notebooks`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_shape(path):
    cells = jupytext.read(path).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), "opens with a title"
    source = "\n".join(c.source for c in cells)
    assert "sys.path" not in source, "no sys.path tricks: the package is installed editable"
    assert not re.search(r"^\s*[!%]pip\b", source, re.M), "no pip installs in notebooks"
    assert "from analysis" in source or "import analysis" in source
    assert "What this measures and what it doesn't" in source
    for name in re.findall(r"save_figure\([^,]+,\s*[\"']([^\"']+)[\"']", source):
        assert name.startswith(path.name[:2] + "_"), f"figure {name} is named after another notebook"


def test_make_targets_named_in_readme_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    commands = re.findall(r"^make (\w+)", readme, re.M)
    assert {"figures", "test"} <= set(commands)
    for target in commands:
        assert re.search(rf"^{target}:", makefile, re.M), f"README names `make {target}`, the Makefile has no such target"
    assert "make test" in (ROOT / ".ci" / "run").read_text()
