"""gru_viz.models: the d2l-style scratch GRU (GRUScratch) and its concise twin (GRU)."""
from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest
import torch
from torch import nn

import gru_viz
from gru_viz import GRUParams, gru_sequence, nn_gru_forward

d2l = pytest.importorskip("d2l.torch")

NAMES = ("W_xz", "W_hz", "b_z", "W_xr", "W_hr", "b_r", "W_xh", "W_hh", "b_h")


def scratch(num_inputs=5, num_hiddens=4, seed=0, **kwargs):
    torch.manual_seed(seed)
    return gru_viz.GRUScratch(num_inputs, num_hiddens, **kwargs)


# ------------------------------------------------------------------ GRUScratch
def test_scratch_parameters_shapes_and_attributes():
    net = scratch(5, 4, sigma=0.1)
    assert [name for name, _ in net.named_parameters()] == list(NAMES)
    for name in NAMES:
        p = getattr(net, name)
        assert isinstance(p, nn.Parameter)
        want = {"W_x": (5, 4), "W_h": (4, 4), "b_": (4,)}[name[:3] if name[0] == "W" else "b_"]
        assert tuple(p.shape) == want, name
    assert (net.num_inputs, net.num_hiddens, net.sigma) == (5, 4, 0.1)
    assert isinstance(net, d2l.Module)


def test_scratch_initialisation_scale_and_zero_biases():
    net = scratch(200, 100, sigma=0.05)
    for name in ("b_z", "b_r", "b_h"):
        assert torch.equal(getattr(net, name), torch.zeros(100))
    weights = torch.cat([getattr(net, n).detach().flatten() for n in NAMES if n[0] == "W"])
    assert weights.std().item() == pytest.approx(0.05, rel=0.05)
    assert abs(weights.mean().item()) < 0.005


def test_scratch_is_reproducible_with_the_global_seed():
    a, b = scratch(seed=3), scratch(seed=3)
    for name in NAMES:
        assert torch.equal(getattr(a, name), getattr(b, name))


@pytest.mark.parametrize("batch", [1, 3])
def test_scratch_forward_shapes_and_last_state(batch):
    net = scratch(5, 4)
    X = torch.randn(7, batch, 5)
    outputs, H = net(X)
    assert tuple(outputs.shape) == (7, batch, 4)
    assert tuple(H.shape) == (batch, 4)
    assert torch.equal(outputs[-1], H)


def test_scratch_agrees_with_gru_sequence_d2l_convention():
    net = scratch(5, 4, sigma=0.5).double()
    with torch.no_grad():
        net.b_z.normal_(); net.b_r.normal_(); net.b_h.normal_()
    torch.manual_seed(1)
    X, H0 = torch.randn(9, 2, 5, dtype=torch.float64), torch.randn(2, 4, dtype=torch.float64)
    with torch.no_grad():
        outputs, H = net(X, H0)
    trace = gru_sequence(X, GRUParams.from_scratch(net), H0, convention="d2l")
    assert torch.allclose(outputs, trace.H, atol=1e-12)
    assert torch.allclose(H, trace.H[-1], atol=1e-12)


def test_scratch_initial_state_none_is_zeros():
    net = scratch(5, 4, sigma=0.5)
    X = torch.randn(4, 2, 5)
    with torch.no_grad():
        assert torch.equal(net(X)[0], net(X, torch.zeros(2, 4))[0])


def test_scratch_state_carries_over_between_calls():
    net = scratch(5, 4, sigma=0.5)
    X = torch.randn(6, 2, 5)
    with torch.no_grad():
        whole, H_whole = net(X)
        first, H = net(X[:2])
        rest, H_rest = net(X[2:], H)
    assert torch.allclose(torch.cat([first, rest]), whole, atol=1e-6)
    assert torch.allclose(H_rest, H_whole, atol=1e-6)


def test_scratch_gradients_reach_every_parameter():
    net = scratch(5, 4, sigma=0.5)
    outputs, _ = net(torch.randn(3, 2, 5))
    outputs.sum().backward()
    for name in NAMES:
        grad = getattr(net, name).grad
        assert grad is not None and grad.abs().sum() > 0, name


@pytest.mark.parametrize("language_model, layer", [
    ("RNNLMScratch", "GRUScratch"),  # the scratch GRU inside d2l's scratch language model
    ("RNNLM", "GRU"),                # the nn.GRU wrapper inside d2l's concise language model
])
def test_models_in_d2l_language_models_forward_and_predict(language_model, layer):
    vocab = d2l.Vocab(list("the time machine"))
    torch.manual_seed(0)
    model = getattr(d2l, language_model)(getattr(gru_viz, layer)(len(vocab), 8), len(vocab), lr=1)
    X = torch.randint(0, len(vocab), (2, 5))
    assert tuple(model(X).shape) == (2, 5, len(vocab))
    text = model.predict("the", 4, vocab)
    assert re.fullmatch(r"the(<unk>|[a-z ]){4}", text), text


def test_scratch_outputs_also_fit_the_concise_output_layer():
    vocab = d2l.Vocab(list("abc"))
    model = d2l.RNNLM(gru_viz.GRUScratch(len(vocab), 6), len(vocab), lr=1)
    assert tuple(model(torch.zeros(2, 5, dtype=torch.long)).shape) == (2, 5, len(vocab))


def test_scratch_trains_on_a_tiny_text():
    torch.manual_seed(0)
    data = torch.tensor([[0, 1, 2, 0, 1, 2, 0, 1]] * 4)
    X, Y = data[:, :-1], data[:, 1:]
    model = d2l.RNNLMScratch(gru_viz.GRUScratch(3, 8, sigma=0.1), 3, lr=1)
    optim = torch.optim.SGD(model.parameters(), lr=1)
    first = model.loss(model(X), Y).item()
    for _ in range(150):
        loss = model.loss(model(X), Y)
        optim.zero_grad()
        loss.backward()
        optim.step()
    assert loss.item() < 0.25 * first


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(num_inputs=0, num_hiddens=4), ValueError, "num_inputs: expected a positive int, got int 0"),
    (dict(num_inputs=5, num_hiddens=2.5), ValueError, "num_hiddens: expected a positive int"),
    (dict(num_inputs=True, num_hiddens=4), ValueError, "num_inputs: expected a positive int"),
    (dict(num_inputs=5, num_hiddens=4, sigma=0), ValueError, "sigma: expected a positive number"),
    (dict(num_inputs=5, num_hiddens=4, sigma="0.1"), TypeError, "sigma: expected a number"),
    (dict(num_inputs=5, num_hiddens=4, sigma=math.nan), ValueError, "sigma: expected a finite"),
])
def test_scratch_constructor_errors(kwargs, error, message):
    with pytest.raises(error, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        gru_viz.GRUScratch(**kwargs)


@pytest.mark.parametrize("inputs, H, error, message", [
    (torch.zeros(3, 2, dtype=torch.long), None, TypeError,
     "inputs: expected a floating-point tensor, got dtype torch.int64 (token ids must be one-hot"),
    ([[0.0] * 5], None, TypeError, "inputs: expected a tensor of shape (num_steps, batch_size, num_inputs)"),
    (torch.zeros(3, 5), None, ValueError,
     "inputs: expected shape (num_steps, batch_size, 5) (time first), got (3, 5)"),
    (torch.zeros(3, 2, 6), None, ValueError,
     "inputs: expected shape (num_steps, batch_size, 5) (time first), got (3, 2, 6)"),
    (torch.zeros(0, 2, 5), None, ValueError, "inputs: expected at least one time step"),
    (torch.zeros(3, 2, 5), torch.zeros(1, 2, 4), ValueError,
     "H: expected the state's shape (batch_size, num_hiddens) = (2, 4), got (1, 2, 4)"),
    (torch.zeros(3, 2, 5), (torch.zeros(2, 4),), ValueError,
     "H: expected the state's shape (batch_size, num_hiddens) = (2, 4), got tuple"),
])
def test_scratch_forward_errors(inputs, H, error, message):
    net = scratch(5, 4)
    with pytest.raises(error) as info:
        net(inputs, H)
    assert str(info.value).startswith(message)


# ------------------------------------------------------------------ GRU (concise)
def test_gru_wraps_one_nn_gru_layer():
    net = gru_viz.GRU(5, 4)
    assert isinstance(net, d2l.RNN) and isinstance(net.rnn, nn.GRU)
    assert (net.rnn.input_size, net.rnn.hidden_size, net.rnn.num_layers) == (5, 4, 1)
    assert (net.num_inputs, net.num_hiddens) == (5, 4)


def test_gru_forward_matches_nn_gru_forward_and_pytorch_convention():
    torch.manual_seed(0)
    net = gru_viz.GRU(5, 4)
    X = torch.randn(6, 3, 5)
    with torch.no_grad():
        outputs, H = net(X)
    ref_out, ref_h, _ = nn_gru_forward(net.rnn, X)
    assert tuple(outputs.shape) == (6, 3, 4) and tuple(H.shape) == (1, 3, 4)
    assert torch.allclose(outputs, ref_out, atol=1e-6) and torch.allclose(H, ref_h, atol=1e-6)
    trace = gru_sequence(X, GRUParams.from_nn_gru(net), convention="pytorch")
    assert torch.allclose(outputs, trace.H, atol=1e-6)


@pytest.mark.parametrize("args, message", [
    ((0, 4), "num_inputs: expected a positive int, got int 0"),
    ((5, "4"), "num_hiddens: expected a positive int, got str '4'"),
])
def test_gru_constructor_errors(args, message):
    with pytest.raises(ValueError) as info:
        gru_viz.GRU(*args)
    assert str(info.value) == message


# ------------------------------------------------------------------ packaging
def test_models_are_exported():
    assert {"GRUScratch", "GRU"} <= set(gru_viz.__all__)
    from gru_viz import GRU, GRUScratch  # noqa: F401  (resolved lazily)
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        gru_viz.no_such_name


def test_gru_viz_imports_without_d2l():
    code = (
        "import sys\n"
        "sys.modules['d2l'] = None\n"  # makes `import d2l` fail, as on a machine without it
        "import gru_viz\n"
        "print(gru_viz.GRUParams.__name__)\n"
        "try:\n"
        "    gru_viz.GRUScratch\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines() == ["GRUParams", "gru_viz.GRUScratch and gru_viz.GRU need d2l: "
                                "pip install --no-deps d2l==1.0.3"]
