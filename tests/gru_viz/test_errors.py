"""Bad input gets a TypeError/ValueError that names the argument, what it got and what it
expects: one test per case of the issue (shapes and dtypes, non-GRU models, layer/direction,
gate values, NaN/inf, empty text, missing characters, unit index)."""
import contextlib
import math

import pytest
import torch
from torch import nn

import gru_viz

P = gru_viz.GRUParams.random(3, 4)


@contextlib.contextmanager
def raises(error, *fragments):
    """pytest.raises that also checks that the message contains every fragment."""
    with pytest.raises(error) as info:
        yield info
    for fragment in fragments:
        assert fragment in str(info.value), f"{fragment!r} not in {str(info.value)!r}"


# -- wrong shapes or dtypes -------------------------------------------------------------------
def test_input_with_the_wrong_last_dimension():
    with raises(ValueError, "X:", "num_inputs=3", "(2, 5)"):
        gru_viz.gru_step(torch.randn(2, 5), None, P)


def test_state_with_the_wrong_shape():
    with raises(ValueError, "H:", "expected shape (2, 4)", "got (3, 4)"):
        gru_viz.gru_step(torch.randn(2, 3), torch.zeros(3, 4), P)


def test_token_ids_instead_of_floats():
    with raises(TypeError, "X:", "floating-point", "torch.int64"):
        gru_viz.gru_sequence(torch.ones(4, 3, dtype=torch.int64), P)


def test_dtype_that_differs_from_the_parameters():
    with raises(TypeError, "X:", "torch.float32", "torch.float64"):
        gru_viz.gru_sequence(torch.ones(4, 3, dtype=torch.float64), P)
    with raises(TypeError, "input:", "torch.float64"):
        gru_viz.nn_gru_forward(nn.GRU(3, 4), torch.randn(5, 2, 3, dtype=torch.float64))


def test_parameter_tensors_with_inconsistent_shapes():
    with raises(ValueError, "W_hr:", "(4, 4)", "(4, 5)"):
        gru_viz.GRUParams.from_tensors(*(torch.zeros(3, 4),) * 3, *(torch.zeros(4, 5),) * 3)


def test_influence_wants_one_sequence():
    with raises(ValueError, "X:", "(num_steps, num_inputs)", "(4, 2, 3)"):
        gru_viz.influence(P, torch.randn(4, 2, 3))


def test_hx_with_the_wrong_shape():
    with raises(ValueError, "hx:", "(1, 2, 4)", "(1, 3, 4)"):
        gru_viz.nn_gru_forward(nn.GRU(3, 4), torch.randn(5, 2, 3), torch.zeros(1, 3, 4))


def test_influence_matrix_must_be_square():
    with raises(ValueError, "matrix:", "(2, 3)"):
        gru_viz.plot_influence(torch.ones(2, 3))


# -- an LSTM or a plain RNN where a GRU is needed ------------------------------------------------
@pytest.mark.parametrize("module,name", [(nn.LSTM(3, 4), "LSTM"), (nn.RNN(3, 4), "RNN")])
def test_lstm_or_rnn_instead_of_a_gru(module, name):
    with raises(TypeError, "gru:", "expected a GRU", name):
        gru_viz.GRUParams.from_nn_gru(module)
    with raises(TypeError, "gru:", name):
        gru_viz.nn_gru_forward(module, torch.randn(2, 3))


def test_language_model_over_a_plain_rnn(vocab):
    from d2l import torch as d2l
    concise = d2l.RNNLM(d2l.RNN(len(vocab), 4), len(vocab))
    with raises(TypeError, "model:", "expected a GRU", "RNN"):
        gru_viz.trace_text(concise, "abc", vocab)
    scratch = d2l.RNNLMScratch(d2l.RNNScratch(len(vocab), 4), len(vocab))
    with raises(TypeError, "model:", "expected a GRU", "RNNScratch", "plain RNN"):
        gru_viz.text_influence(scratch, "abc", vocab)


def test_language_model_over_an_lstm(vocab):
    from d2l import torch as d2l

    class LSTM(d2l.RNN):                       # the concise LSTM of d2l's LSTM chapter
        def __init__(self, num_inputs, num_hiddens):
            d2l.Module.__init__(self)
            self.rnn = nn.LSTM(num_inputs, num_hiddens)

    with raises(TypeError, "model:", "expected a GRU", "LSTM"):
        gru_viz.trace_text(d2l.RNNLM(LSTM(len(vocab), 4), len(vocab)), "abc", vocab)


# -- a layer or direction out of range --------------------------------------------------------
def test_layer_out_of_range(concise_lm, scratch_lm, vocab):
    with raises(ValueError, "layer:", "layer 2", "0 to 1"):
        gru_viz.GRUParams.from_nn_gru(nn.GRU(3, 4, num_layers=2), layer=2)
    with raises(ValueError, "layer:", "layer 2", "0 to 1"):
        gru_viz.trace_text(concise_lm, "abc", vocab, layer=2)
    with raises(ValueError, "layer:", "layer 1", "0 to 0"):
        gru_viz.trace_text(scratch_lm, "abc", vocab, layer=1)


def test_direction_out_of_range():
    with raises(ValueError, "direction:", "direction 1", "0 to 0"):
        gru_viz.GRUParams.from_nn_gru(nn.GRU(3, 4), direction=1)


# -- gate values outside [0, 1] -----------------------------------------------------------------
def test_gate_values_outside_the_unit_interval():
    with raises(ValueError, "R:", "[0, 1]", "1.5"):
        gru_viz.gru_step(torch.randn(3), None, P, R=1.5)
    with raises(ValueError, "Z:", "[0, 1]", "-0.2"):
        gru_viz.gru_sequence(torch.randn(4, 3), P, Z=torch.tensor([[0.1], [-0.2], [0.5], [1.0]]))
    with raises(ValueError, "r:", "[0, 1]", "1.2"):
        gru_viz.one_step_values(1.2, 0.5, 0.0, 0.0)
    with raises(ValueError, "Z_schedule:", "[0, 1]", "2"):
        gru_viz.sequence_values([0.5, 0.5], [0.5, 2.0], 0)


# -- NaN or inf ------------------------------------------------------------------------------------
def test_nan_or_inf():
    with raises(ValueError, "X:", "finite", "NaN or inf"):
        gru_viz.gru_sequence(torch.tensor([[math.nan, 0.0, 0.0]]), P)
    with raises(ValueError, "x:", "finite", "inf"):
        gru_viz.one_step_values(0.5, 0.5, 0.0, math.inf)
    with raises(ValueError, "W_xr:", "finite"):
        gru_viz.GRUParams.from_tensors(torch.full((3, 4), math.nan), *(torch.zeros(3, 4),) * 2,
                                       *(torch.zeros(4, 4),) * 3)
    with raises(ValueError, "matrix:", "finite"):
        gru_viz.plot_influence(torch.tensor([[math.inf]]))


# -- empty text; characters missing from the vocabulary ------------------------------------------
def test_empty_text(scratch_lm, vocab):
    with raises(ValueError, "text:", "non-empty", "''"):
        gru_viz.trace_text(scratch_lm, "", vocab)
    with raises(ValueError, "text:", "non-empty"):
        gru_viz.text_influence(scratch_lm, "", vocab)
    with raises(ValueError, "passages:", "empty"):
        gru_viz.trace_explorer(scratch_lm, vocab, {"first": ""})


def test_characters_missing_from_the_vocabulary_are_listed(scratch_lm, vocab):
    with raises(ValueError, "text:", "4 character(s)", "'!', ',', 'H', 'W'", ".lower()"):
        gru_viz.trace_text(scratch_lm, "Hello, World!", vocab)


def test_vocabulary_of_another_size(scratch_lm):
    from d2l import torch as d2l
    with raises(ValueError, "vocab:", "size 28", "is 4"):
        gru_viz.trace_text(scratch_lm, "abc", d2l.Vocab(list("abc")))


# -- a unit index out of range ---------------------------------------------------------------------
def test_unit_index_out_of_range(scratch_lm, vocab):
    trace = gru_viz.trace_text(scratch_lm, "abc", vocab)       # 12 units
    with raises(ValueError, "units:", "unit 12", "0 to 11"):
        gru_viz.plot_gate_heatmap(trace, units=[0, 12])
    with raises(ValueError, "units:", "unit -1"):
        gru_viz.plot_gate_curves(trace, -1)
    with raises(ValueError, "unit:", "unit 99"):
        gru_viz.trace_explorer(scratch_lm, vocab, "abc", unit=99)


# -- other arguments ------------------------------------------------------------------------------
@pytest.mark.parametrize("call,error,fragment", [
    (lambda: gru_viz.gru_step(torch.randn(3), None, "params"), TypeError, "params:"),
    (lambda: gru_viz.gru_step(torch.randn(3), None, P, convention="keras"), ValueError,
     "convention:"),
    (lambda: gru_viz.set_language("fr"), ValueError, "lang:"),
    (lambda: gru_viz.text("no such key"), ValueError, "key:"),
    (lambda: gru_viz.sequence_playground(1), ValueError, "num_steps:"),
    (lambda: gru_viz.sequence_playground(5, t_prime=5), ValueError, "t_prime:"),
    (lambda: gru_viz.sequence_values([0.5], [0.5, 0.5], 0), ValueError, "Z_schedule:"),
    (lambda: gru_viz.one_step_playground(h_prev=3.0), ValueError, "h_prev:"),
    (lambda: gru_viz.plot_saturation(gru_viz.TextTrace(["a"], *(torch.zeros(1, 2),) * 4, "d2l"),
                                     ax=3), TypeError, "ax:"),
    (lambda: gru_viz.plot_gate_heatmap("trace"), TypeError, "trace:"),
    (lambda: gru_viz.saturation(gru_viz.TextTrace(["a"], *(torch.zeros(1, 2),) * 4, "d2l"),
                                low=0.9, high=0.1), ValueError, "low, high:"),
    (lambda: gru_viz.GRUParams.random(0, 3), ValueError, "num_inputs:"),
])
def test_other_bad_arguments_are_named(call, error, fragment):
    with raises(error, fragment):
        call()


def test_wrong_model_and_vocabulary_types(scratch_lm, vocab):
    with raises(TypeError, "model:", "str"):
        gru_viz.trace_text("model", "abc", vocab)
    with raises(TypeError, "vocab:", "int"):
        gru_viz.trace_text(scratch_lm, "abc", 3)
    with raises(TypeError, "text:", "int 42"):
        gru_viz.trace_text(scratch_lm, 42, vocab)
