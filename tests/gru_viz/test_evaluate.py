"""gru_viz.perplexity against a direct computation on a small d2l model."""
import math

import pytest
import torch
from torch.nn import functional as F

import gru_viz

d2l = pytest.importorskip("d2l.torch")


class TinyData(d2l.DataModule):
    """20 windows of a repeating 5-token corpus; 12 for training, 8 for validation."""

    def __init__(self):
        super().__init__()
        self.batch_size, self.num_train = 4, 12
        corpus = torch.arange(25) % 5
        windows = torch.stack([corpus[i:i + 4] for i in range(20)])
        self.X, self.Y = windows[:, :3], windows[:, 1:]

    def get_dataloader(self, train):
        idx = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader([self.X, self.Y], train, idx)


def test_perplexity_equals_exp_mean_cross_entropy():
    torch.manual_seed(0)
    model = d2l.RNNLM(gru_viz.GRU(5, 8), vocab_size=5, lr=1)
    data = TinyData()
    for split, rows in (("train", slice(0, 12)), ("val", slice(12, None))):
        with torch.no_grad():
            logits = model(data.X[rows])
            ce = F.cross_entropy(logits.reshape(-1, 5), data.Y[rows].reshape(-1))
        assert gru_viz.perplexity(model, data, split) == pytest.approx(math.exp(ce.item()), rel=1e-6)
    assert model.training, "perplexity must restore the model's training mode"


def test_perplexity_checks_its_arguments():
    model = d2l.RNNLM(gru_viz.GRU(5, 8), vocab_size=5, lr=1)
    with pytest.raises(ValueError, match="split: expected one of 'train', 'val', got 'test'"):
        gru_viz.perplexity(model, TinyData(), "test")
    with pytest.raises(TypeError, match="data: expected a d2l DataModule"):
        gru_viz.perplexity(model, [1, 2, 3])
    with pytest.raises(TypeError, match="model: expected a d2l language model"):
        gru_viz.perplexity("model", TinyData())
