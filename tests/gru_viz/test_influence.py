"""Influence (Madsen 2019's connectivity) against direct autograd Jacobians and closed forms."""
import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import gru_viz


def _jacobian_norms(fn, X):
    """‖∂H_t/∂X_t′‖ from one full torch.autograd Jacobian of the whole sequence."""
    J = torch.autograd.functional.jacobian(fn, X)           # (T, h, T, d)
    return J.permute(0, 2, 1, 3).flatten(2).norm(dim=-1)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 8), st.integers(1, 4), st.integers(1, 5),
       st.sampled_from(gru_viz.CONVENTIONS), st.integers(0, 1000))
def test_influence_equals_autograd_jacobian_norms(T, d, h, convention, seed):
    p = gru_viz.GRUParams.random(d, h, seed=seed, scale=0.8, dtype=torch.float64)
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(T, d, generator=gen, dtype=torch.float64)
    H0 = torch.randn(h, generator=gen, dtype=torch.float64).tanh()
    M = gru_viz.influence(p, X, H0, convention)
    expected = _jacobian_norms(lambda x: gru_viz.gru_sequence(x, p, H0, convention).H, X)
    assert M.shape == (T, T)
    assert torch.allclose(M, expected, atol=1e-12, rtol=1e-10)
    assert torch.equal(M.triu(1), torch.zeros(T, T, dtype=torch.float64))   # t′ > t: exactly 0


def test_hand_set_gates_keep_exactly_one_input():
    T, t_prime = 9, 4
    p = gru_viz.GRUParams.random(3, 5, seed=1, dtype=torch.float64)
    X = torch.randn(T, 3, dtype=torch.float64)
    Z = torch.ones(T, 1, dtype=torch.float64)
    Z[t_prime] = 0.0                          # write at t′, keep everything after
    M = gru_viz.influence(p, X, convention="d2l", Z=Z)
    for t in range(t_prime, T):
        row = M[t]
        assert row[t_prime] > 0
        assert torch.equal(row[:t_prime], torch.zeros(t_prime, dtype=torch.float64))
        assert torch.equal(row[t_prime + 1:], torch.zeros(T - t_prime - 1, dtype=torch.float64))
    assert torch.equal(M[t_prime:, t_prime], M[t_prime, t_prime].expand(T - t_prime))


def _recursion(R, Z, xs, h0, s, w_xh=1.0, w_hh=1.0, b_h=0.0):
    """|∂h[t]/∂x[s]| for every t by the recursion in sequence_values' docstring."""
    h, g, out = h0, 0.0, []
    for t in range(len(R)):
        h_tilde = math.tanh(w_xh * xs[t] + w_hh * R[t] * h + b_h)
        d = 1 - h_tilde ** 2
        if t == s:
            g = (1 - Z[t]) * d * w_xh
        elif t > s:
            g = (Z[t] + (1 - Z[t]) * d * w_hh * R[t]) * g
        h = Z[t] * h + (1 - Z[t]) * h_tilde
        out.append(abs(g))
    return out, h


gates = st.floats(0, 1, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(st.data(), st.integers(1, 8))
def test_sequence_values_follow_the_documented_recursion(data, T):
    R = data.draw(st.lists(gates, min_size=T, max_size=T))
    Z = data.draw(st.lists(gates, min_size=T, max_size=T))
    xs = data.draw(st.lists(st.floats(-2, 2), min_size=T, max_size=T))
    h0 = data.draw(st.floats(-1, 1))
    t_prime = data.draw(st.integers(0, T - 1))
    v = gru_viz.sequence_values(R, Z, t_prime, x=xs, h0=h0)
    column, final = _recursion(R, Z, xs, h0, t_prime)
    assert v["influence_of_t_prime"] == pytest.approx(column, abs=1e-12)
    assert v["h"][-1] == pytest.approx(final, abs=1e-12)
    on_final = [_recursion(R, Z, xs, h0, s)[0][-1] for s in range(T)]
    assert v["influence_on_final"] == pytest.approx(on_final, abs=1e-12)


def test_sequence_values_closed_form_with_zero_inputs():
    R = [1.0, 0.2, 0.7, 1.0, 0.5]
    Z = [0.3, 0.9, 0.0, 0.6, 0.25]
    v = gru_viz.sequence_values(R, Z, 1)
    for s in range(5):
        expected = (1 - Z[s]) * math.prod(Z[t] + (1 - Z[t]) * R[t] for t in range(s + 1, 5))
        assert v["influence_on_final"][s] == pytest.approx(expected, abs=1e-15)
    assert v["h"] == [0.0] * 5


def test_one_step_values_formulas():
    v = gru_viz.one_step_values(0.25, 0.75, -0.5, 1.5, w_xh=2.0, w_hh=-1.0, b_h=0.1)
    a = 2.0 * 1.5 - 1.0 * 0.25 * -0.5 + 0.1
    assert v["a"] == pytest.approx(a, abs=1e-15)
    assert v["h_tilde"] == pytest.approx(math.tanh(a), abs=1e-15)
    assert v["h"] == pytest.approx(0.75 * -0.5 + 0.25 * math.tanh(a), abs=1e-15)
    assert gru_viz.one_step_values(0.3, 1.0, 0.4, 2.0)["h"] == 0.4      # Z = 1 keeps the state


@pytest.mark.parametrize("layer", [0, 1])
def test_text_influence_of_a_concise_model(concise_lm, vocab, layer):
    text = "time machine"
    M = gru_viz.text_influence(concise_lm, text, vocab, layer=layer)
    X = concise_lm.one_hot(torch.tensor(vocab[list(text)])[None])[:, 0]      # (T, vocab)

    gru = concise_lm.rnn.rnn
    if layer == 0:                 # layer 0 alone: a one-layer nn.GRU with its weights
        first = torch.nn.GRU(gru.input_size, gru.hidden_size)
        first.load_state_dict({k: v for k, v in gru.state_dict().items() if k.endswith("_l0")})
        gru = first

    def states(x):
        return gru(x[:, None])[0][:, 0]

    expected = _jacobian_norms(states, X)
    assert torch.allclose(M, expected, atol=1e-5, rtol=1e-4)


def test_text_influence_of_a_scratch_model(scratch_lm, vocab):
    text = "machine"
    M = gru_viz.text_influence(scratch_lm, text, vocab)
    X = scratch_lm.one_hot(torch.tensor(vocab[list(text)])[None])[:, 0]
    expected = _jacobian_norms(lambda x: scratch_lm.rnn(x[:, None])[0][:, 0], X)
    assert torch.allclose(M, expected, atol=1e-5, rtol=1e-4)
