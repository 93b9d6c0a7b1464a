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

.PHONY: all setup data book test test-fast expected clean sync-repository

all: book

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps d2l==1.0.3
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) data

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
test: setup
	@mkdir -p test-output; \
	$(MAKE) --no-print-directory colab-test > test-output/colab-test.log 2>&1 & colab=$$!; \
	echo "make test: colab-test runs alongside (log: test-output/colab-test.log)"; \
	GRU_BOOK_QUICK=1 $(PY) -m pytest --nbval-lax --nbval-current-env --durations=10 \
	  $(PYTEST_ARGS) notebooks tests; status=$$?; \
	wait $$colab; colab_status=$$?; \
	echo "================ make colab-test (ran alongside; exit status $$colab_status)"; \
	cat test-output/colab-test.log; \
	if [ $$status -ne 0 ] || [ $$colab_status -ne 0 ]; then \
	  echo "make test: FAILED (main run: exit $$status, colab-test: exit $$colab_status)"; exit 1; fi

# The unit tiers only (no notebook executions, no book build, no browser): well under a minute.
test-fast: setup
	GRU_BOOK_QUICK=1 $(PY) -m pytest -q -m "not notebook and not browser and not slow" $(PYTEST_ARGS) tests

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
# `make colab-test`: gru_viz's tests and every chapter in both languages (quick mode, nbval)
# in an environment like a bare Colab runtime, $(COLAB_VENV): ipywidgets 7.7.1 (Colab's front end
# runs 7.x), Colab's kernel (IPython 7.34.0, ipykernel 6.17.1, jupyter-client < 8), numpy 2.0,
# pandas 2.2, matplotlib 3.10, Colab's Python 3.12 (found on PATH or among pyenv's versions;
# COLAB_PYTHON names another, COLAB_PYTHON_VERSION the version the tests then expect), torch
# 2.14.1 as on this machine (for 3.12 pip downloads torch, torchvision, triton and cuda-bindings,
# about 0.75 GB; the CUDA libraries, built for any Python, are hard-linked from $(VENV)), d2l 1.0.3 with
# --no-deps, gru_viz installed as a regular package from a copy of the working tree, and no CJK
# font: tools/without_cjk_fonts.sh hides them in a mount namespace, and MPLCONFIGDIR is new, so
# matplotlib's font list is built without them. The tests and notebooks run from a copy in
# $(COLAB_VENV)/run that has no gru_viz folder: the folders pytest and the kernels put first on
# sys.path (the root conftest.py's, a notebook's) hold no gru_viz, so only the installed one can
# be imported; tests/test_colab_env.py checks this and the rest. The venv is made again only when
# COLAB_PINS change (pip --no-compile: Python compiles what is imported); gru_viz is reinstalled
# on every run (with the venv's setuptools, torch needs it anyway).
COLAB_VENV ?= .venv-colab
COLAB_PYTHON_VERSION ?= 3.12
COLAB_PYTHON ?= $(firstword $(foreach p,python$(COLAB_PYTHON_VERSION) \
  $(wildcard $(or $(PYENV_ROOT),$(HOME)/.pyenv)/versions/$(COLAB_PYTHON_VERSION).*/bin/python$(COLAB_PYTHON_VERSION)),\
  $(if $(shell $(p) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null \
    | grep -Fx '$(COLAB_PYTHON_VERSION)'),$(p))))
COLAB_PINS := ipywidgets==7.7.1 numpy==2.0.2 pandas==2.2.2 matplotlib==3.10.* \
  torch==2.14.1 torchvision==0.29.1 scipy requests Pillow matplotlib-inline \
  ipython==7.34.0 ipykernel==6.17.1 'jupyter-client<8' pytest nbval nbformat hypothesis
# This machine's torch comes from $(VENV), hard-linked (tools/link_packages.py), when it has one.
COLAB_LINKED := torch torchvision triton 'nvidia-*' 'cuda-*'
COLAB_CHAPTERS := $(basename $(notdir $(wildcard notebooks/en/*.ipynb)))
COLAB_NOTEBOOKS := $(foreach l,en zh,$(foreach c,$(COLAB_CHAPTERS),notebooks/$(l)/$(c).ipynb))
COLAB_RUN := $(COLAB_VENV)/run

.PHONY: colab-test
colab-test: data
	@start=$$(date +%s); set -e; \
	if [ -z "$(COLAB_PYTHON)" ]; then \
	  echo "colab-test: no Python $(COLAB_PYTHON_VERSION) found (Colab runs $(COLAB_PYTHON_VERSION)): looked" \
	    "for python$(COLAB_PYTHON_VERSION) on PATH and in pyenv's versions. Install one" \
	    "(pyenv install $(COLAB_PYTHON_VERSION)), or test another version with" \
	    "COLAB_PYTHON=python3.11 COLAB_PYTHON_VERSION=3.11"; exit 1; fi; \
	if [ "$$(cat $(COLAB_VENV)/.pins 2>/dev/null)" != "$(COLAB_PYTHON) $(strip $(COLAB_PINS))" ]; then \
	  echo "colab-test: making $(COLAB_VENV)"; rm -rf $(COLAB_VENV); \
	  $(COLAB_PYTHON) -m venv $(COLAB_VENV); echo '*' > $(COLAB_VENV)/.gitignore; \
	  if [ -x $(PY) ]; then $(PY) tools/link_packages.py $(COLAB_VENV) $(COLAB_LINKED); fi; \
	  $(COLAB_VENV)/bin/python -m pip install --quiet --no-compile $(COLAB_PINS); \
	  $(COLAB_VENV)/bin/python -m pip install --quiet --no-compile --no-deps d2l==1.0.3; \
	  echo "$(COLAB_PYTHON) $(strip $(COLAB_PINS))" > $(COLAB_VENV)/.pins; fi; \
	rm -rf $(COLAB_VENV)/src $(COLAB_RUN) $(COLAB_VENV)/mplconfig; \
	mkdir -p $(COLAB_VENV)/src $(COLAB_RUN) $(COLAB_VENV)/mplconfig; \
	cp -r pyproject.toml README.md gru_viz $(COLAB_VENV)/src/; \
	$(COLAB_VENV)/bin/python -m pip install --quiet --no-build-isolation $(COLAB_VENV)/src; \
	cp -r conftest.py pyproject.toml tools tests notebooks book $(COLAB_RUN)/; \
	echo "colab-test: environment ready after $$(( $$(date +%s) - start )) s"; \
	cd $(COLAB_RUN); env -u PYTHONPATH PATH="$(abspath $(COLAB_VENV))/bin:$$PATH" \
	  MPLCONFIGDIR="$(abspath $(COLAB_VENV))/mplconfig" GRU_COLAB_ENV=1 GRU_BOOK_QUICK=1 \
	  GRU_COLAB_PYTHON_VERSION=$(COLAB_PYTHON_VERSION) \
	  $(abspath tools/without_cjk_fonts.sh) $(abspath $(COLAB_VENV))/bin/python -m pytest \
	  -p tools.nbval_plugin --nbval-lax --nbval-current-env --durations=5 \
	  -W ignore::DeprecationWarning:ipywidgets.widgets.widget \
	  -W ignore::DeprecationWarning:IPython.core.history -m "not browser and not node" \
	  $(PYTEST_ARGS) \
	  tests/test_colab_env.py tests/gru_viz $(COLAB_NOTEBOOKS); \
	echo "colab-test: finished in $$(( $$(date +%s) - start )) s"
