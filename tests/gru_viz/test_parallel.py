"""gru_viz.parallel_map runs on whatever joblib backend is active: loky by default, the backend of
a `joblib.parallel_config` block otherwise (threads here, a Dask cluster in the slow test), with
the same numbers."""
from __future__ import annotations

import os
import threading

import joblib
import pytest
import torch

import gru_viz
from gru_viz import cache

d2l = pytest.importorskip("d2l.torch")
from tests.gru_viz.test_cache import VOCAB, Tokens  # noqa: E402


def where(x):
    return x * x, os.getpid(), threading.get_ident()


def test_by_default_worker_processes_of_loky():
    results = list(gru_viz.parallel_map(where, range(4), n_jobs=2))
    assert [r[0] for r in results] == [0, 1, 4, 9]
    assert os.getpid() not in {r[1] for r in results}


def test_inside_parallel_config_the_configured_backend_and_n_jobs():
    main = threading.get_ident()
    with joblib.parallel_config(backend="threading", n_jobs=2):
        results = list(gru_viz.parallel_map(where, range(6)))
    assert [r[0] for r in results] == [0, 1, 4, 9, 16, 25]
    assert {r[1] for r in results} == {os.getpid()}  # threads of this process, not loky's
    assert main not in {r[2] for r in results}


def test_one_job_stays_in_this_process_whatever_the_backend():
    main = threading.get_ident()
    with joblib.parallel_config(backend="threading", n_jobs=2):
        results = list(gru_viz.parallel_map(where, range(3), n_jobs=1))
    assert {(r[1], r[2]) for r in results} == {(os.getpid(), main)}


def timed_training(seed, data):
    torch.manual_seed(seed)
    model = d2l.RNNLMScratch(gru_viz.GRUScratch(VOCAB, 2, sigma=0.5), VOCAB, lr=1.0)
    model.board.display = False
    trainer = d2l.Trainer(max_epochs=1, gradient_clip_val=1)
    trainer.fit(model, data)
    return trainer.fit_seconds, getattr(trainer, "fit_from_cache", False)


def test_without_a_cache_folder_workers_still_record_fit_seconds():
    """A reader's Jupyter or Colab (GRU_BOOK_CACHE unset, so training_cache(None)) on a CPU with
    several cores: chapter 7 reads trainer.fit_seconds of runs trained in worker processes."""
    original = d2l.Trainer.fit
    try:
        gru_viz.training_cache(None)
        data = Tokens()
        results = list(gru_viz.parallel_map(timed_training, [(0, data), (1, data)], n_jobs=2))
    finally:
        d2l.Trainer.fit = cache._state["original"] or original
    assert [loaded for _, loaded in results] == [False, False]
    assert all(seconds > 0 for seconds, _ in results)


def train_setting(seed, num_hiddens, data):
    """One cell of a small grid: a tiny GRU language model, trained for two epochs."""
    torch.manual_seed(seed)
    model = d2l.RNNLMScratch(gru_viz.GRUScratch(VOCAB, num_hiddens, sigma=0.5), VOCAB, lr=1.0)
    model.board.display = False
    trainer = d2l.Trainer(max_epochs=2, gradient_clip_val=1)
    trainer.fit(model, data)
    with torch.no_grad():
        X, Y = data.X[data.num_train:], data.Y[data.num_train:]
        val_loss = model.loss(model(X), Y).item()
    weights = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return val_loss, weights, getattr(trainer, "fit_from_cache", False), os.getpid()


@pytest.mark.slow
def test_a_grid_on_a_local_dask_cluster_gives_loky_s_numbers(tmp_path):
    distributed = pytest.importorskip("distributed")
    data = Tokens()
    grid = [(seed, h, data) for seed in (0, 1) for h in (2, 4)]
    loky = list(gru_viz.parallel_map(train_setting, grid, n_jobs=2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, local_directory=str(tmp_path)) as cluster, \
            distributed.Client(cluster) as client:
        workers = set(client.run(os.getpid).values())
        with joblib.parallel_config(backend="dask"):
            dask = list(gru_viz.parallel_map(train_setting, grid))
    assert len(workers) == 2
    assert not any(loaded for _, _, loaded, _ in loky + dask)  # every run trained
    assert {pid for *_, pid in dask} <= workers  # the cluster's workers trained them
    assert not {pid for *_, pid in loky} & workers
    # The same numbers: the same float32 computation, one thread each, on this machine; a
    # tolerance of a few float32 rounding steps instead of bit equality.
    eps = torch.finfo(torch.float32).eps
    for (loss_l, w_l, *_), (loss_d, w_d, *_) in zip(loky, dask):
        assert abs(loss_l - loss_d) <= 16 * eps * abs(loss_l), (loss_l, loss_d)
        for k in w_l:
            assert torch.allclose(w_l[k].double(), w_d[k].double(), rtol=16 * eps, atol=0), k
    # ... and the comparison could fail: the grid's settings give different numbers.
    losses = [loss for loss, *_ in loky]
    assert min(abs(a - b) for i, a in enumerate(losses) for b in losses[i + 1:]) > 1e-4, losses


def test_bad_n_jobs_is_named_inside_a_config_too():
    with joblib.parallel_config(backend="threading", n_jobs=2):
        with pytest.raises(ValueError, match="n_jobs: expected a positive int, got int 0"):
            list(gru_viz.parallel_map(where, range(3), n_jobs=0))
