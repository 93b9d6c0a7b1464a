"""Perplexity of a trained d2l language model over a whole split of its data."""
from __future__ import annotations

import math

import torch

from . import _checks


def perplexity(model, data, split: str = "val") -> float:
    """exp(mean cross-entropy per token) of ``model`` over the training or validation split.

    d2l's progress board plots averages over parts of an epoch while the weights still change;
    this evaluates the final weights over every window of the split, under ``torch.no_grad``.

    Args:
        model: a d2l language model (``d2l.RNNLMScratch``, ``d2l.RNNLM``) with ``.loss``.
        data: its ``d2l.TimeMachine`` (anything with ``get_dataloader(train)``).
        split: ``"train"`` (the first ``num_train`` windows) or ``"val"`` (the next ``num_val``).
    """
    _checks.choice("split", split, ("train", "val"))
    if not hasattr(model, "loss") or not callable(model):
        raise TypeError(f"model: expected a d2l language model with .loss, got {type(model).__name__}")
    if not hasattr(data, "get_dataloader"):
        raise TypeError(f"data: expected a d2l DataModule such as d2l.TimeMachine, "
                        f"got {type(data).__name__}")
    params = list(model.parameters())
    device = params[0].device if params else torch.device("cpu")
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    try:
        with torch.no_grad():
            for X, Y in data.get_dataloader(train=split == "train"):
                X, Y = X.to(device), Y.to(device)
                total += float(model.loss(model(X), Y)) * Y.numel()
                count += Y.numel()
    finally:
        model.train(was_training)
    if count == 0:
        raise ValueError(f"data: the {split!r} split is empty")
    return math.exp(total / count)
