"""Traces of d2l language models: same states as the models' own forward passes."""
import pytest
import torch

import gru_viz

TEXT = "the time traveller for so it will be convenient to speak of him"


def _ids(vocab, text):
    return torch.tensor(vocab[list(text)])[None]          # (batch 1, num_steps)


def test_scratch_model_trace_matches_its_forward(scratch_lm, vocab):
    trace = gru_viz.trace_text(scratch_lm, TEXT, vocab)
    with torch.no_grad():
        outputs, _ = scratch_lm.rnn(scratch_lm.one_hot(_ids(vocab, TEXT)), None)
    assert trace.convention == "d2l" and trace.chars == list(TEXT)
    assert trace.R.shape == trace.Z.shape == trace.H_tilde.shape == trace.H.shape == (len(TEXT), 12)
    assert (trace.H - outputs[:, 0]).abs().max() <= 1e-6
    assert all(v.device.type == "cpu" for v in (trace.R, trace.Z, trace.H_tilde, trace.H))


@pytest.mark.parametrize("layer", [0, 1])
def test_concise_model_trace_matches_nn_gru(concise_lm, vocab, layer):
    trace = gru_viz.trace_text(concise_lm, TEXT, vocab, layer=layer)
    with torch.no_grad():
        output, h_n = concise_lm.rnn.rnn(concise_lm.one_hot(_ids(vocab, TEXT)))
    assert trace.convention == "pytorch"
    assert (trace.H[-1] - h_n[layer, 0]).abs().max() <= 1e-6
    if layer == 1:
        assert (trace.H - output[:, 0]).abs().max() <= 1e-6


def test_trace_accepts_a_plain_dict_vocabulary_and_slices(scratch_lm, vocab):
    table = dict(vocab.token_to_idx)
    trace = gru_viz.trace_text(scratch_lm, "time", table)
    assert torch.equal(trace.Z, gru_viz.trace_text(scratch_lm, "time", vocab).Z)
    part = trace[1:3]
    assert part.chars == ["i", "m"] and torch.equal(part.R, trace.R[1:3])
    assert torch.equal(trace.gate("H_tilde"), trace.H_tilde)


def test_encode_uses_the_vocabulary(vocab):
    assert gru_viz.encode("ab ", vocab).tolist() == vocab[["a", "b", " "]]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_trace_on_gpu_returns_cpu_tensors(scratch_lm, vocab):
    import copy
    model = copy.deepcopy(scratch_lm).to("cuda")
    trace = gru_viz.trace_text(model, TEXT, vocab)
    cpu = gru_viz.trace_text(scratch_lm, TEXT, vocab)
    assert trace.H.device.type == "cpu"
    assert (trace.H - cpu.H).abs().max() <= 1e-5
    matrix = gru_viz.text_influence(model, TEXT[:20], vocab)
    assert matrix.device.type == "cpu"
    assert torch.allclose(matrix, gru_viz.text_influence(scratch_lm, TEXT[:20], vocab), atol=1e-5)
