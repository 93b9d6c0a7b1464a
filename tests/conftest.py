"""Shared test set-up: a non-interactive matplotlib backend (chosen before any test imports
pyplot), English labels by default, and tiny d2l language models for the gru_viz tests."""
import matplotlib
import pytest
import torch
from torch import nn

matplotlib.use("Agg")

ALPHABET = list("abcdefghijklmnopqrstuvwxyz ")


@pytest.fixture(autouse=True)
def _english_and_closed_figures(request):
    """Every gru_viz test starts with English labels and leaves no pyplot figure open."""
    if not request.module.__name__.startswith("test_gru_viz"):
        yield
        return
    import matplotlib.pyplot as plt

    import gru_viz
    gru_viz.set_language("en")
    yield
    gru_viz.set_language("en")
    plt.close("all")


def scratch_gru_class():
    """A d2l-style GRU written from scratch, as in d2l's chapter on GRUs (d2l's convention)."""
    from d2l import torch as d2l

    class GRUScratch(d2l.Module):
        def __init__(self, num_inputs, num_hiddens, sigma=0.01):
            super().__init__()
            self.save_hyperparameters()

            def init_weight(*shape):
                return nn.Parameter(torch.randn(*shape) * sigma)

            def triple():
                return (init_weight(num_inputs, num_hiddens),
                        init_weight(num_hiddens, num_hiddens),
                        nn.Parameter(torch.randn(num_hiddens) * sigma))

            self.W_xz, self.W_hz, self.b_z = triple()
            self.W_xr, self.W_hr, self.b_r = triple()
            self.W_xh, self.W_hh, self.b_h = triple()

        def forward(self, inputs, H=None):
            if H is None:
                H = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device)
            outputs = []
            for X in inputs:
                Z = torch.sigmoid(X @ self.W_xz + H @ self.W_hz + self.b_z)
                R = torch.sigmoid(X @ self.W_xr + H @ self.W_hr + self.b_r)
                H_tilde = torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh + self.b_h)
                H = Z * H + (1 - Z) * H_tilde
                outputs.append(H)
            return outputs, H

    return GRUScratch


@pytest.fixture(scope="session")
def vocab():
    """A character vocabulary like d2l.TimeMachine's: 26 letters, space and <unk>."""
    from d2l import torch as d2l
    return d2l.Vocab(ALPHABET)


@pytest.fixture(scope="session")
def scratch_lm(vocab):
    """d2l.RNNLMScratch over a scratch GRU with 12 hidden units and random weights."""
    from d2l import torch as d2l
    torch.manual_seed(0)
    return d2l.RNNLMScratch(scratch_gru_class()(len(vocab), 12, sigma=0.7), len(vocab))


@pytest.fixture(scope="session")
def concise_lm(vocab):
    """d2l.RNNLM over a two-layer nn.GRU (d2l.GRU) with 10 hidden units."""
    from d2l import torch as d2l
    torch.manual_seed(1)
    model = d2l.RNNLM(d2l.GRU(len(vocab), 10, num_layers=2), len(vocab))
    model.eval()
    return model


# ---------------------------------------------------------------------------- the built book
QUICK_BUILD = __import__("pathlib").Path(__file__).resolve().parents[1] / "_build" / "quick"


@pytest.fixture(scope="session")
def built_book():
    """Build the book in quick mode (its own folder and jupyter-cache, apart from the full book)
    with warnings as errors, once per test session, and return the folder of its HTML pages."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = QUICK_BUILD.parents[1]
    jb = Path(sys.executable).with_name("jupyter-book")
    env = dict(os.environ, GRU_BOOK_QUICK="1")
    env["PATH"] = str(jb.parent) + os.pathsep + env.get("PATH", "")
    start = time.perf_counter()
    proc = subprocess.run(
        [str(jb), "build", str(root), "--path-output", str(QUICK_BUILD), "-n", "-W",
         "--keep-going"],
        cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    QUICK_BUILD.mkdir(parents=True, exist_ok=True)
    (QUICK_BUILD / "build.log").write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        pytest.fail(f"the quick-mode book build failed (exit {proc.returncode}) after "
                    f"{seconds:.0f} s; the end of its log "
                    f"(whole log in {QUICK_BUILD / 'build.log'}):\n{log[-6000:]}")
    print(f"\nquick-mode book built in {seconds:.0f} s")
    return QUICK_BUILD / "_build" / "html"
