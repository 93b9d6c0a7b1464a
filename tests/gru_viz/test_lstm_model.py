"""gru_viz.LSTM: one nn.LSTM layer for d2l.RNNLM (the LSTM rows of chapters 3 and 7)."""
import re

import pytest
import torch
from torch import nn

pytest.importorskip("d2l")
from d2l import torch as d2l  # noqa: E402

import gru_viz  # noqa: E402


def test_lstm_is_nn_lstm_with_its_pair_of_states():
    torch.manual_seed(0)
    layer = gru_viz.LSTM(5, 4)
    assert isinstance(layer.rnn, nn.LSTM)
    inputs = torch.randn(3, 2, 5)
    outputs, (H, C) = layer(inputs)
    expected, (H_ref, C_ref) = layer.rnn(inputs)
    assert torch.equal(outputs, expected) and torch.equal(H, H_ref) and torch.equal(C, C_ref)
    assert tuple(outputs.shape) == (3, 2, 4) and tuple(H.shape) == tuple(C.shape) == (1, 2, 4)
    # a state passed in is used: running the second half from the first half's state
    first, state = layer(inputs[:2])
    second, _ = layer(inputs[2:], state)
    assert torch.allclose(torch.cat([first, second]), outputs, rtol=0, atol=1e-6)


def test_lstm_parameter_count_is_four_blocks_with_two_biases():
    d, h = 28, 32
    n = sum(p.numel() for p in gru_viz.LSTM(d, h).parameters())
    assert n == 4 * (d * h + h * h + 2 * h)


def test_lstm_in_d2l_language_model_forward_predict_and_reload():
    vocab = d2l.Vocab(list("the time machine"))
    torch.manual_seed(0)
    model = d2l.RNNLM(gru_viz.LSTM(len(vocab), 8), len(vocab), lr=1)
    X = torch.randint(0, len(vocab), (2, 5))
    logits = model(X)
    assert tuple(logits.shape) == (2, 5, len(vocab))
    assert re.fullmatch(r"the(<unk>|[a-z ]){4}", model.predict("the", 4, vocab))
    # rebuilt from its weights (as the chapters rebuild runs trained in worker processes)
    copy = d2l.RNNLM(gru_viz.LSTM(len(vocab), 8), len(vocab), lr=1)
    copy.load_state_dict(model.state_dict())
    assert torch.equal(copy(X), logits)


@pytest.mark.parametrize("kwargs, name", [(dict(num_inputs=0, num_hiddens=4), "num_inputs"),
                                          (dict(num_inputs=3, num_hiddens=2.5), "num_hiddens")])
def test_lstm_bad_sizes_name_the_argument(kwargs, name):
    with pytest.raises((TypeError, ValueError), match=name):
        gru_viz.LSTM(**kwargs)
