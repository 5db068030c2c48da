# Two commands do everything on a fresh machine with Python 3.11 and make:
#   make figures   build .venv, execute every notebook in number order, regenerate figures/
#   make test      build .venv (with test tools), run the whole test suite, notebooks included
# Also: make lab (JupyterLab on notebooks/), make notebooks (sync .py <-> .ipynb, strip outputs).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
BUILD := build
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: figures test lab notebooks browser clean

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(TEST_INSTALLED): $(INSTALLED) requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

figures: $(INSTALLED)
	@mkdir -p $(BUILD)/executed figures
	@rm -f figures/*.png figures/*.csv figures/*.html
	@touch $(BUILD)/figures-start
	@for nb in $(NOTEBOOKS); do \
		echo "executing $$nb"; \
		$(VENV)/bin/jupyter nbconvert --to notebook --execute --log-level=WARN \
			--ExecutePreprocessor.timeout=1800 --output-dir $(BUILD)/executed "$$nb" || exit 1; \
	done
	@echo "figures written:"
	@find figures -type f -newer $(BUILD)/figures-start | sort | sed 's/^/  /'

# The browser tests drive Debian's Chromium; install it when missing (needs root and apt).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
		echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium not found and not root; browser tests will be skipped"; fi; }

test: $(TEST_INSTALLED) browser
	$(PY) -m pytest tests --nbmake $(NOTEBOOKS)

lab: $(INSTALLED)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks --allow-root

notebooks: $(INSTALLED)
	$(VENV)/bin/jupytext --sync notebooks/[0-9][0-9]_*.py
	$(VENV)/bin/jupyter nbconvert --clear-output --inplace --log-level=WARN notebooks/[0-9][0-9]_*.ipynb

clean:
	rm -rf $(BUILD) .pytest_cache
