"""gru_viz.training_cache: a repeated training run is loaded, any change to what determines it
trains again, and a loaded run leaves the model, its progress board and the random number
generators exactly as the real run did."""
import pytest
import torch

import gru_viz
from gru_viz import cache

d2l = pytest.importorskip("d2l.torch")

VOCAB = 5


class Tokens(d2l.DataModule):
    """A tiny language-model data set: windows of a random token sequence."""

    def __init__(self, batch_size=8, num_steps=6, num_train=48, num_val=16, seed=0):
        super().__init__()
        self.save_hyperparameters()
        gen = torch.Generator().manual_seed(seed)
        n = num_train + num_val
        seq = torch.randint(0, VOCAB, (n + num_steps + 1,), generator=gen)
        self.X = torch.stack([seq[i:i + num_steps] for i in range(n)])
        self.Y = torch.stack([seq[i + 1:i + num_steps + 1] for i in range(n)])

    def get_dataloader(self, train):
        idx = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader([self.X, self.Y], train, idx)


@pytest.fixture
def folder(tmp_path):
    yield tmp_path / "cache"
    d2l.Trainer.fit = cache._state["original"] or d2l.Trainer.fit  # undo the wrapper


def model(lr=1.0, layer=gru_viz.GRUScratch):
    torch.manual_seed(0)
    m = d2l.RNNLMScratch(layer(VOCAB, 4, sigma=0.5), VOCAB, lr=lr)
    m.board.display = False
    return m


def fit(m, data=None, epochs=2):
    trainer = d2l.Trainer(max_epochs=epochs, gradient_clip_val=1)
    trainer.fit(m, data or Tokens())
    return trainer


def counting(monkeypatch):
    calls = []
    original = cache._state["original"]

    def counted(self, model, data):
        calls.append(1)
        return original(self, model, data)

    monkeypatch.setitem(cache._state, "original", counted)
    return calls


def test_second_identical_run_is_loaded_exactly(folder, monkeypatch):
    gru_viz.training_cache(folder)
    calls = counting(monkeypatch)
    first = model()
    t1 = fit(first)
    rng_after_first = torch.get_rng_state()
    draw_after_first = torch.rand(3)
    assert calls == [1] and t1.fit_from_cache is False and t1.fit_seconds > 0

    second = model()
    t2 = fit(second)
    assert calls == [1], "the identical run trained again"
    assert t2.fit_from_cache is True and t2.fit_seconds == t1.fit_seconds
    for (k, a), b in zip(first.state_dict().items(), second.state_dict().values()):
        assert torch.equal(a, b), f"parameter {k} differs after loading"
    assert second.board.data.keys() == first.board.data.keys()
    assert all(second.board.data[k] == first.board.data[k] for k in first.board.data)
    assert torch.equal(torch.get_rng_state(), rng_after_first)
    assert torch.equal(torch.rand(3), draw_after_first), "cells after a loaded run draw other numbers"
    assert t2.epoch == t1.epoch and second.trainer is t2


@pytest.mark.parametrize("change", ["setting", "seed", "epochs", "data", "training code"])
def test_a_change_trains_again(folder, monkeypatch, change):
    gru_viz.training_cache(folder)
    calls = counting(monkeypatch)

    class Layer(gru_viz.GRUScratch):
        pass

    fit(model(layer=Layer))
    fit(model(layer=Layer))
    assert len(calls) == 1, "the identical run was not loaded"
    if change == "setting":
        fit(model(lr=0.5, layer=Layer))
    elif change == "seed":
        m = model(layer=Layer)
        with torch.no_grad():
            m.rnn.W_xz.add_(1e-3)  # other initial weights, as another seed would give
        fit(m)
    elif change == "epochs":
        fit(model(layer=Layer), epochs=3)
    elif change == "data":
        fit(model(layer=Layer), Tokens(seed=1))
    else:  # one line of the training code: the layer's forward pass
        def forward(self, inputs, H=None):
            outputs, H = gru_viz.GRUScratch.forward(self, inputs, H)
            return outputs * 0.5, H * 0.5

        Layer.forward = forward
        fit(model(layer=Layer))
    assert len(calls) == 2, f"a change of {change} did not train again"


def test_a_loaded_run_draws_its_progress_board(folder, monkeypatch):
    """With the board displayed (as chapters do), a loaded run draws the final board once."""
    import matplotlib
    matplotlib.use("Agg")
    from IPython import display as ipd

    shown = []
    monkeypatch.setattr(ipd, "display", lambda fig, *a, **k: shown.append(fig))
    monkeypatch.setattr(ipd, "clear_output", lambda *a, **k: None)
    gru_viz.training_cache(folder)
    first = model()
    first.board.display = True
    fit(first)
    drawn_while_training = len(shown)
    second = model()
    second.board.display = True
    assert fit(second).fit_from_cache
    assert drawn_while_training > 0 and len(shown) == drawn_while_training + 1
    assert second.board.xlabel == "epoch"
    lines = second.board.fig.axes[0].get_lines()
    assert len(lines) == len(first.board.data) >= 2, "the loaded board does not draw every curve"


def test_without_a_folder_it_trains_and_times(folder, monkeypatch):
    gru_viz.training_cache(None)
    calls = counting(monkeypatch)
    fit(model())
    trainer = fit(model())
    assert calls == [1, 1] and trainer.fit_seconds > 0


def test_bad_folder():
    with pytest.raises(TypeError, match="folder: expected a path or None, got int"):
        gru_viz.training_cache(3)


def test_lazy_output_layer_of_d2l_rnnlm(folder):
    """d2l.RNNLM's output layer is an nn.LazyLinear, uninitialised until the first batch."""
    gru_viz.training_cache(folder)

    def concise():
        torch.manual_seed(0)
        m = d2l.RNNLM(gru_viz.GRU(VOCAB, 4), VOCAB, lr=1)
        m.board.display = False
        return m

    first = concise()
    fit(first)
    second = concise()
    assert fit(second).fit_from_cache
    for a, b in zip(first.state_dict().values(), second.state_dict().values()):
        assert torch.equal(a, b)


def train_tiny(seed, data):
    torch.manual_seed(seed)
    m = d2l.RNNLMScratch(gru_viz.GRUScratch(VOCAB, 4, sigma=0.5), VOCAB, lr=1.0)
    m.board.display = False
    trainer = d2l.Trainer(max_epochs=1, gradient_clip_val=1)
    trainer.fit(m, data)
    return {k: v.clone() for k, v in m.state_dict().items()}, trainer.fit_from_cache


def test_workers_share_the_cache_and_report_their_hits(folder):
    gru_viz.training_cache(folder)
    data = Tokens()
    before = cache.cache_stats()
    first = list(gru_viz.parallel_map(train_tiny, [(0, data), (1, data)], n_jobs=2))
    again = list(gru_viz.parallel_map(train_tiny, [(0, data), (1, data)], n_jobs=2))
    here = train_tiny(1, data)
    after = cache.cache_stats()
    assert [hit for _, hit in first] == [False, False]
    assert [hit for _, hit in again] == [True, True] and here[1] is True
    assert after["hits"] - before["hits"] == 3 and after["misses"] - before["misses"] == 2
    for (a, _), (b, _) in zip(first, again):
        assert all(torch.equal(a[k], b[k]) for k in a)


def test_comments_and_docstrings_do_not_matter(folder, monkeypatch):
    """The English and the Chinese twin define the same layer with other comments."""
    gru_viz.training_cache(folder)
    calls = counting(monkeypatch)
    layers = {}
    for lang, doc, comment in [("en", "A layer.", "# halve"), ("zh", "一层。", "# 减半")]:
        namespace = {"gru_viz": gru_viz}
        exec(f'class Layer(gru_viz.GRUScratch):\n'
             f'    def forward(self, inputs, H=None):\n'
             f'        """{doc}"""\n'
             f'        outputs, H = gru_viz.GRUScratch.forward(self, inputs, H)  {comment}\n'
             f'        return outputs * 0.5, H * 0.5\n', namespace)
        layers[lang] = namespace["Layer"]
    import linecache
    fit(model(layer=layers["en"]))
    fit(model(layer=layers["zh"]))
    assert len(calls) == 1, "a change of comments or docstrings trained again"
