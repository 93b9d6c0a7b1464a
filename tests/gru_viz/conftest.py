"""Fixtures of gru_viz's tests: English labels and no open figure around every test, and tiny
d2l language models with random weights."""
import os
import shutil
import subprocess

import pytest
import torch

ALPHABET = list("abcdefghijklmnopqrstuvwxyz ")


@pytest.fixture(autouse=True)
def _english_and_closed_figures():
    """Every gru_viz test starts with English labels and leaves no pyplot figure open."""
    import matplotlib.pyplot as plt

    import gru_viz
    gru_viz.set_language("en")
    yield
    gru_viz.set_language("en")
    plt.close("all")


def scratch_gru(num_inputs, num_hiddens, sigma):
    """gru_viz's d2l-style scratch GRU with weights *and biases* drawn with std ``sigma``
    (its biases start at zero; random ones make the bias paths testable)."""
    import gru_viz

    module = gru_viz.GRUScratch(num_inputs, num_hiddens, sigma=sigma)
    with torch.no_grad():
        for bias in (module.b_z, module.b_r, module.b_h):
            bias.normal_(0, sigma)
    return module


@pytest.fixture
def make_scratch_gru():
    """:func:`scratch_gru`, for tests that build their own."""
    return scratch_gru


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
    return d2l.RNNLMScratch(scratch_gru(len(vocab), 12, sigma=0.7), len(vocab))


@pytest.fixture(scope="session")
def concise_lm(vocab):
    """d2l.RNNLM over a two-layer nn.GRU (d2l.GRU) with 10 hidden units."""
    from d2l import torch as d2l
    torch.manual_seed(1)
    model = d2l.RNNLM(d2l.GRU(len(vocab), 10, num_layers=2), len(vocab))
    model.eval()
    return model


@pytest.fixture(scope="session")
def node() -> str:
    """The Node.js executable (18 or later, for ``node --test``) that runs the views' JavaScript
    tests: skipped without it, failed under CI=true (.ci/run's machine has it)."""
    path = os.environ.get("GRU_VIZ_NODE") or shutil.which("node") or shutil.which("nodejs")
    if path is None:
        reason = "Node.js is not installed (looked for `node` and `nodejs` on PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI=true: the JavaScript tests must run")
        pytest.skip(f"{reason}: the JavaScript tests are skipped. Install Node 18 or later "
                    "(`apt-get install nodejs`) to run them; with CI=true they fail instead.")
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout.strip()
    major = int(version.lstrip("v").split(".")[0]) if version.startswith("v") else 0
    if major < 18:
        pytest.skip(f"{path} is Node {version}; the tests need Node 18 or later (node --test)")
    return path
