"""Gate math: PyTorch's form reproduces nn.GRU (property-based), the conventions relate as the
book says, and gru_step / gru_sequence agree."""
from dataclasses import replace

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import gru_viz

TOLERANCE = {torch.float32: 1e-6, torch.float64: 1e-12}


@st.composite
def gru_cases(draw):
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    config = dict(input_size=draw(st.integers(1, 12)), hidden_size=draw(st.integers(1, 24)),
                  num_layers=draw(st.integers(1, 3)), bidirectional=draw(st.booleans()),
                  batch_first=draw(st.booleans()), bias=draw(st.booleans()))
    steps, batch = draw(st.integers(1, 10)), draw(st.integers(0, 3))   # batch 0: unbatched
    with_hx = draw(st.booleans())
    seed = draw(st.integers(0, 2 ** 16))
    return dtype, config, steps, batch, with_hx, seed


def _difference(case):
    """Largest |gru_viz - nn.GRU| over output and h_n for one case; checks the traces too."""
    dtype, config, steps, batch, with_hx, seed = case
    torch.manual_seed(seed)
    gru = nn.GRU(**config).to(dtype)
    D = 2 if config["bidirectional"] else 1
    if batch == 0:
        x = torch.randn(steps, config["input_size"], dtype=dtype)
        hx = torch.randn(D * config["num_layers"], config["hidden_size"], dtype=dtype)
    else:
        shape = (batch, steps) if config["batch_first"] else (steps, batch)
        x = torch.randn(*shape, config["input_size"], dtype=dtype)
        hx = torch.randn(D * config["num_layers"], batch, config["hidden_size"], dtype=dtype)
    hx = hx if with_hx else None
    with torch.no_grad():
        output, h_n = gru(x, hx)
        ours, ours_h_n, traces = gru_viz.nn_gru_forward(gru, x, hx)
    assert ours.shape == output.shape and ours_h_n.shape == h_n.shape
    assert set(traces) == {(k, d) for k in range(config["num_layers"]) for d in range(D)}
    for trace in traces.values():
        assert bool(((trace.R >= 0) & (trace.R <= 1) & (trace.Z >= 0) & (trace.Z <= 1)).all())
    return max((ours - output).abs().max().item(), (ours_h_n - h_n).abs().max().item())


@settings(max_examples=40, deadline=None)
@given(gru_cases())
def test_pytorch_form_reproduces_nn_gru(case):
    assert _difference(case) <= TOLERANCE[case[0]]


def test_largest_difference_against_nn_gru_is_reported():
    """The same comparison over 24 fixed cases (no state shared with the property test): prints
    the largest difference per dtype (pytest -s shows it) and checks it against the tolerance."""
    largest = {torch.float32: 0.0, torch.float64: 0.0}
    for seed in range(24):
        dtype = (torch.float32, torch.float64)[seed % 2]
        config = dict(input_size=1 + seed % 7, hidden_size=1 + (5 * seed) % 17,
                      num_layers=1 + seed % 3, bidirectional=seed % 4 < 2,
                      batch_first=seed % 3 == 0, bias=seed % 5 != 0)
        case = (dtype, config, 1 + seed % 9, seed % 4, seed % 3 != 1, seed)
        largest[dtype] = max(largest[dtype], _difference(case))
    print(f"\nlargest |gru_viz - nn.GRU|: float32 {largest[torch.float32]:.3g}, "
          f"float64 {largest[torch.float64]:.3g}")
    assert 0 < largest[torch.float32] <= TOLERANCE[torch.float32]   # > 0: it compared something
    assert largest[torch.float64] <= TOLERANCE[torch.float64]


@pytest.mark.parametrize("layer,direction", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_from_nn_gru_picks_each_layer_and_direction(layer, direction):
    torch.manual_seed(0)
    gru = nn.GRU(3, 4, num_layers=2, bidirectional=True).double()
    p = gru_viz.GRUParams.from_nn_gru(gru, layer, direction)
    suffix = f"_l{layer}" + ("_reverse" if direction else "")
    assert torch.equal(p.W_xz.T, getattr(gru, "weight_ih" + suffix)[4:8])
    assert torch.equal(p.b_hh, getattr(gru, "bias_hh" + suffix)[8:])
    assert p.num_inputs == (3 if layer == 0 else 8) and p.num_hiddens == 4


def test_gru_cell_matches_gru_step():
    torch.manual_seed(0)
    cell = nn.GRUCell(5, 6).double()
    x, h = torch.randn(4, 5, dtype=torch.float64), torch.randn(4, 6, dtype=torch.float64)
    with torch.no_grad():
        expected = cell(x, h)
    step = gru_viz.gru_step(x, h, gru_viz.GRUParams.from_nn_gru(cell), convention="pytorch")
    assert (step.H - expected).abs().max() <= 1e-12


def test_d2l_form_matches_a_scratch_gru(make_scratch_gru):
    torch.manual_seed(0)
    module = make_scratch_gru(3, 5, sigma=0.8)
    X = torch.randn(7, 2, 3)
    with torch.no_grad():
        outputs, _ = module(X)
    trace = gru_viz.gru_sequence(X, gru_viz.GRUParams.from_scratch(module), convention="d2l")
    assert (trace.H - outputs).abs().max() <= 1e-6


def test_step_and_sequence_agree_and_hand_set_gates_are_exact():
    p = gru_viz.GRUParams.random(3, 4, seed=3, dtype=torch.float64)
    X = torch.randn(5, 2, 3, dtype=torch.float64)
    trace = gru_viz.gru_sequence(X, p)
    H = torch.zeros(2, 4, dtype=torch.float64)
    for t in range(5):
        step = gru_viz.gru_step(X[t], H, p)
        assert torch.allclose(step.H, trace.H[t], atol=1e-14, rtol=0)
        H = step.H
    assert torch.equal(gru_viz.gru_sequence(X, p, Z=1.0).H[-1], torch.zeros(2, 4,
                                                                               dtype=torch.float64))
    z0 = gru_viz.gru_sequence(X, p, Z=0.0)
    assert torch.equal(z0.H, z0.H_tilde)


def test_chung_form_is_d2l_with_the_update_gate_negated():
    p = gru_viz.GRUParams.random(2, 3, seed=4, dtype=torch.float64)
    swapped = replace(p, W_xz=-p.W_xz, W_hz=-p.W_hz, b_xz=-p.b_xz, b_hz=-p.b_hz)
    X = torch.randn(6, 2, dtype=torch.float64)
    assert torch.allclose(gru_viz.gru_sequence(X, swapped, convention="chung").H,
                          gru_viz.gru_sequence(X, p, convention="d2l").H, atol=1e-14)


def test_d2l_and_pytorch_forms_differ_with_the_same_weights():
    p = gru_viz.GRUParams.random(3, 4, seed=5, scale=1.0)
    X = torch.randn(8, 3)
    gap = (gru_viz.gru_sequence(X, p, convention="d2l").H
           - gru_viz.gru_sequence(X, p, convention="pytorch").H).abs().max()
    assert gap > 1e-3
