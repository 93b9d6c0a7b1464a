# Two commands: `make book` builds the HTML book (full mode), `make test` runs every test (quick mode).
# Both set up .venv first; the second time they only do what changed.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED_TEXT := ../shared/data/timemachine.txt
DATA := notebooks/data/timemachine.txt
PYTEST_ARGS ?=
# The venv's tools (jupyter-book, the python3 kernel) come first on PATH.
export PATH := $(abspath $(VENV))/bin:$(PATH)
# Training runs the book has done before (same settings, seed, data, code, versions) are loaded
# from here by gru_viz.training_cache: the Chinese twin, a rebuild and the tests' second
# execution train nothing again. Delete the folder to train everything anew.
export GRU_BOOK_CACHE ?= $(abspath _build/training-cache)

.PHONY: all setup data book test test-fast test-frontend expected clean sync-repository

all: book

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps d2l==1.0.3
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) data node_modules/.installed

# axe-core for the browser tests (tests/accessibility.py), from the npm registry as
# package-lock.json pins it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "make setup: npm not found, so axe-core is not installed: the accessibility browser" \
	  "tests will be skipped (with CI=true they fail). Install Node.js's npm to run them."; fi

# d2l.TimeMachine reads ../data/timemachine.txt relative to a notebook's folder: notebooks/data/.
data:
	@if [ -f $(DATA) ]; then :; \
	elif [ -f $(SHARED_TEXT) ]; then mkdir -p $(dir $(DATA)) && cp $(SHARED_TEXT) $(DATA) && \
	  echo "Time Machine text copied to $(DATA)"; \
	else echo "No $(SHARED_TEXT): d2l will download the Time Machine text on first use."; fi

# At the end, the build report: each chapter's execution time, and what came from a cache.
book: setup
	@start=$$(date +%s); status=0; \
	GRU_BOOK_QUICK=0 $(VENV)/bin/jupyter-book build . --path-output _build/full -n -W --keep-going \
	  || status=$$?; \
	$(PY) tools/build_report.py _build/full/_build/.jupyter_cache --since $$start \
	  --json _build/full/build-report.json; \
	echo "make book: $$(( $$(date +%s) - start )) s in all"; exit $$status
	@rm -rf _build/html && cp -r _build/full/_build/html _build/html
	@echo "The book is at $(abspath _build/html/index.html)"

# Every test: nbval over the notebooks first, so that the quick book build (tests/, built once)
# takes the chapters nbval executed instead of executing them again (tools/nbval_plugin.py);
# the main venv (ipywidgets 8) and, alongside it, the Colab-like venv (ipywidgets
# 7.7.1, make colab-test), whose log is printed at the end: the main run leaves one of the two
# cores idle most of the time (a notebook's kernel computes while pytest waits), so running both
# at once saves most of the second's time. Tests never assert on time, so sharing is safe.
# Where the Colab-like run cannot be set up (no Python 3.12, no mount namespace: the script exits
# 77), make test passes on the rest and says so in its last line, except with CI=true (GitHub
# Actions and .ci/run set it): there the Colab-like run is mandatory. TEST_MAIN is the main run.
# The main run includes the JupyterLab front-end tests (tests/test_frontend_lab.py: after nbval, so
# chapter 6 takes its trained model from the training cache); the classic-Notebook ones run in the
# Colab-like run. Their waits poll and scale with the load (tests/frontend.py: patience).
TEST_MAIN ?= GRU_BOOK_QUICK=1 $(PY) -m pytest --nbval-lax --nbval-current-env --durations=10 \
  $(PYTEST_ARGS) notebooks tests
test: setup
	@mkdir -p test-output; \
	tools/colab_test.sh > test-output/colab-test.log 2>&1 & colab=$$!; \
	echo "make test: colab-test runs alongside (log: test-output/colab-test.log)"; \
	$(TEST_MAIN); status=$$?; \
	wait $$colab; colab_status=$$?; \
	echo "================ make colab-test (ran alongside; exit status $$colab_status)"; \
	cat test-output/colab-test.log; \
	not_run="$$(grep -m1 '^colab-test: cannot run here' test-output/colab-test.log)"; \
	if [ $$colab_status -eq 77 ] && [ "$$CI" = true ]; then \
	  echo "make test: with CI=true the Colab-like run is mandatory, and it $${not_run#colab-test: }"; \
	elif [ $$colab_status -eq 77 ]; then colab_status=0; fi; \
	if [ $$status -ne 0 ] || [ $$colab_status -ne 0 ]; then \
	  echo "make test: FAILED (main run: exit $$status, colab-test: exit $$colab_status)"; exit 1; fi; \
	if [ -n "$$not_run" ]; then \
	  echo "make test: passed WITHOUT the Colab-like run ($${not_run#colab-test: }); run it with: make colab-test"; \
	else echo "make test: passed"; fi

# The front-end tier alone (also part of make test): the widget chapters in JupyterLab 4 in Chromium
# (tests/test_frontend_lab.py) and the broken-widget checks; the classic Notebook run is in make
# colab-test.
test-frontend: setup
	GRU_BOOK_QUICK=1 $(PY) -m pytest -m frontend $(PYTEST_ARGS) tests

# The unit tiers only (no notebook executions, no book build, no browser): well under a minute.
test-fast: setup
	GRU_BOOK_QUICK=1 $(PY) -m pytest -q -m "not notebook and not browser and not slow and not frontend" $(PYTEST_ARGS) tests

# Record what the checked cells (cell tag nbval-check-output) print, for nbval to compare:
# NOTEBOOKS="notebooks/en/X.ipynb notebooks/zh/X.ipynb", or every notebook when empty.
expected: setup
	$(PY) tools/expected_outputs.py $(NOTEBOOKS)

# After changing repository.url in _config.yml (a fork): copy it into every chapter's set-up cell.
sync-repository:
	$(PY) tools/sync_repository.py

clean:
	rm -rf _build test-output

# ------------------------------------------------------------------------------ Colab-like run
# `make colab-test`: gru_viz's tests and every chapter in both languages (quick mode, nbval) in a
# venv like a bare Colab runtime ($(COLAB_VENV): Python 3.12, ipywidgets 7.7.1, Colab's kernel,
# no CJK font); tools/colab_test.sh says what it holds and how it is made. COLAB_PYTHON names
# another Python 3.12 than the one found on PATH or in pyenv, COLAB_PYTHON_VERSION another version.
COLAB_VENV ?= .venv-colab
COLAB_PYTHON_VERSION ?= 3.12
export VENV COLAB_VENV COLAB_PYTHON_VERSION PYTEST_ARGS

.PHONY: colab-test
colab-test: data
	@tools/colab_test.sh
