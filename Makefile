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

.PHONY: all setup data book test expected clean

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

book: setup
	GRU_BOOK_QUICK=0 $(VENV)/bin/jupyter-book build . --path-output _build/full -n -W --keep-going
	@rm -rf _build/html && cp -r _build/full/_build/html _build/html
	@echo "The book is at $(abspath _build/html/index.html)"

test: setup
	GRU_BOOK_QUICK=1 $(PY) -m pytest --nbval-lax --nbval-current-env --durations=10 $(PYTEST_ARGS) tests notebooks

# Record what the deterministic (# NBVAL_CHECK_OUTPUT) cells print, for nbval to compare.
expected: setup
	$(PY) tools/expected_outputs.py $(NOTEBOOKS)

clean:
	rm -rf _build test-output
