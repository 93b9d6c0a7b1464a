#!/usr/bin/env bash
# The Colab-like run (`make colab-test`, and `make test` alongside its main run):
#
#     tools/colab_test.sh            # set up $COLAB_VENV when needed, then run the tests in it
#     tools/colab_test.sh --check    # only say whether it can be set up here (exit 0 or 77)
#     tools/colab_test.sh --setup    # only make $COLAB_VENV and install gru_viz into it
#
# gru_viz's tests and every chapter in both languages (quick mode, nbval) in an environment like a
# bare Colab runtime, $COLAB_VENV (default .venv-colab): ipywidgets 7.7.1 (Colab's front end runs
# 7.x), Colab's kernel (IPython 7.34.0, ipykernel 6.17.1, jupyter-client < 8), numpy 2.0, pandas
# 2.2, matplotlib 3.10, Colab's Python 3.12 (found on PATH or among pyenv's versions;
# COLAB_PYTHON names another, COLAB_PYTHON_VERSION the version the tests then expect), torch
# 2.14.1 as on this machine (for 3.12 pip downloads torch, torchvision, triton and cuda-bindings,
# about 0.75 GB; the CUDA libraries, built for any Python, are hard-linked from $VENV), d2l 1.0.3
# with --no-deps, gru_viz installed as a regular package from a copy of the working tree, and no
# CJK font: tools/without_cjk_fonts.sh hides them in a mount namespace, and MPLCONFIGDIR is new,
# so matplotlib's font list is built without them. The tests and notebooks run from a copy in
# $COLAB_VENV/run that has no gru_viz folder: the folders pytest and the kernels put first on
# sys.path (the root conftest.py's, a notebook's) hold no gru_viz, so only the installed one can
# be imported; tests/test_colab_env.py checks this and the rest. The venv is made again only when
# the pins change (pip --no-compile: Python compiles what is imported); gru_viz is reinstalled on
# every run (with the venv's setuptools, torch needs it anyway).
#
# Where the run cannot be set up (no Python $COLAB_PYTHON_VERSION, or no mount namespace to hide
# the CJK fonts in), the script says why in one line starting "colab-test: cannot run here" and
# exits with status 77 (automake's "skipped"), before it installs anything. `make test` then
# passes on the rest and says so at its end, unless CI=true: in CI the Colab-like run is
# mandatory. The run ends with chapters 1 and 5 in classic Notebook 6.5 + ipywidgets 7.7 in
# Chromium (tests/test_frontend_classic.py).
# Run from the repository root; the Makefile passes VENV, COLAB_VENV,
# COLAB_PYTHON_VERSION, PYTEST_ARGS and, when given, COLAB_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

VENV=${VENV:-.venv}
COLAB_VENV=${COLAB_VENV:-.venv-colab}
COLAB_PYTHON_VERSION=${COLAB_PYTHON_VERSION:-3.12}
PYTEST_ARGS=${PYTEST_ARGS:-}
pins=(ipywidgets==7.7.1 numpy==2.0.2 pandas==2.2.2 'matplotlib==3.10.*'
      torch==2.14.1 torchvision==0.29.1 scipy requests Pillow matplotlib-inline
      ipython==7.34.0 ipykernel==6.17.1 'jupyter-client<8' pytest nbval nbformat hypothesis
      notebook==6.5.7 widgetsnbextension==3.6.10)
# notebook 6.5.7 (classic Notebook, Colab's version) and widgetsnbextension 3.6.10 (what
# ipywidgets 7.7.1's `widgetsnbextension~=3.6.0` resolves to) are the ipywidgets-7 front end that
# tests/test_frontend_classic.py drives: on 3.6.7-3.6.10 an Output-based widget does not render,
# so the playgrounds draw into an Image widget (gru_viz/widgets.py), tested on that version.
# This machine's torch comes from $VENV, hard-linked (tools/link_packages.py), when it has one.
linked=(torch torchvision triton 'nvidia-*' 'cuda-*')
SKIPPED=77

cannot_run() {
  echo "colab-test: cannot run here: $*" >&2
  exit "$SKIPPED"
}

is_version() {  # is_version PYTHON: does PYTHON run and report $COLAB_PYTHON_VERSION?
  [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" \
    = "$COLAB_PYTHON_VERSION" ]
}

find_python() {  # python3.12 on PATH, else pyenv's newest 3.12.x
  local candidates=("python$COLAB_PYTHON_VERSION") p
  shopt -s nullglob
  candidates+=("${PYENV_ROOT:-$HOME/.pyenv}/versions/$COLAB_PYTHON_VERSION".*/bin/"python$COLAB_PYTHON_VERSION")
  shopt -u nullglob
  for p in "${candidates[@]}"; do
    if is_version "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

# ---------------------------------------------------------------- can it be set up here?
if [ -n "${COLAB_PYTHON:-}" ]; then
  is_version "$COLAB_PYTHON" || cannot_run "COLAB_PYTHON=$COLAB_PYTHON does not run as a" \
    "Python $COLAB_PYTHON_VERSION (Colab runs 3.12; set COLAB_PYTHON_VERSION to test another)"
elif ! COLAB_PYTHON=$(find_python); then
  cannot_run "no Python $COLAB_PYTHON_VERSION found (Colab runs $COLAB_PYTHON_VERSION): looked" \
    "for python$COLAB_PYTHON_VERSION on PATH and in pyenv's versions. Install one" \
    "(pyenv install $COLAB_PYTHON_VERSION), or test another version with" \
    "COLAB_PYTHON=python3.11 COLAB_PYTHON_VERSION=3.11"
fi
if ! probe=$(tools/without_cjk_fonts.sh true 2>&1); then
  cannot_run "the CJK fonts cannot be hidden (tools/without_cjk_fonts.sh:" \
    "$(printf '%s' "$probe" | head -n1 | sed 's|^.*without_cjk_fonts.sh: ||'))"
fi
if [ "${1:-}" = --check ]; then
  echo "colab-test: can run here (Python $COLAB_PYTHON_VERSION: $COLAB_PYTHON)"
  exit 0
fi

# ---------------------------------------------------------------- the venv, made when pins change
start=$(date +%s)
stamp="$COLAB_PYTHON ${pins[*]}"
if [ "$(cat "$COLAB_VENV/.pins" 2>/dev/null)" != "$stamp" ]; then
  echo "colab-test: making $COLAB_VENV"
  rm -rf "$COLAB_VENV"
  "$COLAB_PYTHON" -m venv "$COLAB_VENV"
  echo '*' > "$COLAB_VENV/.gitignore"
  if [ -x "$VENV/bin/python" ]; then
    "$VENV/bin/python" tools/link_packages.py "$COLAB_VENV" "${linked[@]}"
  fi
  "$COLAB_VENV/bin/python" -m pip install --quiet --no-compile "${pins[@]}"
  "$COLAB_VENV/bin/python" -m pip install --quiet --no-compile --no-deps d2l==1.0.3
  echo "$stamp" > "$COLAB_VENV/.pins"
fi

# ---------------------------------------------------------------- gru_viz and a copy to run from
run=$COLAB_VENV/run
rm -rf "$COLAB_VENV/src" "$run" "$COLAB_VENV/mplconfig"
mkdir -p "$COLAB_VENV/src" "$run" "$COLAB_VENV/mplconfig"
cp -r pyproject.toml README.md gru_viz "$COLAB_VENV/src/"
"$COLAB_VENV/bin/python" -m pip install --quiet --no-build-isolation "$COLAB_VENV/src"
cp -r conftest.py pyproject.toml tools tests notebooks book "$run/"
echo "colab-test: environment ready after $(( $(date +%s) - start )) s"
[ "${1:-}" = --setup ] && exit 0

# ---------------------------------------------------------------- the tests, without CJK fonts
notebooks=()
for lang in en zh; do
  for chapter in notebooks/en/*.ipynb; do notebooks+=("notebooks/$lang/$(basename "$chapter")"); done
done
eval "extra=($PYTEST_ARGS)"  # as make would split it
colab=$(cd "$COLAB_VENV" && pwd)
# The nbval plugin (tools/nbval_plugin.py): it hands nbval the recorded outputs of the checked cells (tests/expected_outputs):
record_plugin=(-p tools.nbval_plugin)
cd "$run"
status=0
env -u PYTHONPATH PATH="$colab/bin:$PATH" MPLCONFIGDIR="$colab/mplconfig" GRU_COLAB_ENV=1 \
  GRU_BOOK_QUICK=1 GRU_COLAB_PYTHON_VERSION="$COLAB_PYTHON_VERSION" \
  "$root/tools/without_cjk_fonts.sh" "$colab/bin/python" -m pytest \
  "${record_plugin[@]}" --nbval-lax --nbval-current-env --durations=5 \
  -W ignore::DeprecationWarning:ipywidgets.widgets.widget \
  -W ignore::DeprecationWarning:IPython.core.history -m "not browser and not node" \
  "${extra[@]}" \
  tests/test_colab_env.py tests/gru_viz "${notebooks[@]}" || status=$?

# ---------------------------------------------------------------- the ipywidgets-7 front end
# Chapters 1 and 5 in classic Notebook 6.5 + widgetsnbextension 3.6.10 from this venv, its kernel
# without CJK fonts, driven in Chromium by the main venv's Playwright (tests/test_frontend_classic.py).
# Run-all waits until the widgets' manager has had the kernel's answer to its start-up question:
# a widget shown before that is blanked by the manager's re-render (tests/frontend.py,
# Notebook._wait_for_widget_manager; tests/test_frontend_classic.py makes it happen).
cd "$root"
if [ -x "$VENV/bin/python" ]; then
  GRU_CLASSIC_PYTHON="$colab/bin/python" GRU_CLASSIC_WRAP="$root/tools/without_cjk_fonts.sh" \
    "$VENV/bin/python" -m pytest --durations=3 "${extra[@]}" tests/test_frontend_classic.py \
    || status=$?
else
  echo "colab-test: no $VENV (make setup): the classic-Notebook front-end test needs its Playwright"
  status=1
fi
echo "colab-test: finished in $(( $(date +%s) - start )) s"
exit "$status"
