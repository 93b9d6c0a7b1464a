"""Text from a trained d2l language model: sampling with a temperature and top-k, and two measures
of what comes out (where it starts repeating itself, how many of its words are real words).

Chapter 2 teaches the idea in a few lines; chapters 6 and 7 compare models with these functions.
"""
from __future__ import annotations

import torch

from . import _checks

__all__ = ["sample", "loop_start", "word_share"]


def _check_model(model):
    for attr in ("rnn", "one_hot", "output_layer"):
        if not hasattr(model, attr):
            raise TypeError("model: expected a d2l language model (d2l.RNNLMScratch or d2l.RNNLM) "
                            f"with .rnn, .one_hot and .output_layer, got {type(model).__name__} "
                            f"without .{attr}")


def sample(model, vocab, prefix: str, num_chars: int, *, temperature: float = 1.0,
           top_k: int | None = None, generator: torch.Generator | None = None) -> str:
    """Continue ``prefix`` by ``num_chars`` characters drawn from the model, one at a time.

    The prefix is fed first, one character per step, to build up the state (the warm-up of d2l's
    ``predict``). Then, at every step, the output scores (logits) are divided by ``temperature``,
    all but the ``top_k`` largest are dropped, and the next character is drawn from the softmax
    of what is left with ``torch.multinomial``; it is fed back in as the next input.

    Args:
        model: a d2l language model (``d2l.RNNLMScratch`` or ``d2l.RNNLM``), on any device.
        vocab: its vocabulary (``data.vocab``).
        prefix: at least one character; every character must be in ``vocab``.
        num_chars: how many characters to generate (0 or more).
        temperature: ``1`` samples the model's own distribution, the one whose perplexity the
            book measures; below 1 sharpens it, above 1 flattens it. ``0`` means greedy decoding:
            always the most likely character, the same text as d2l's ``predict``.
        top_k: keep only the ``top_k`` most likely characters at each step (``None``: all).
        generator: a seeded ``torch.Generator`` on the CPU, for text that is the same at every
            run (``None``: PyTorch's global random number generator). The probabilities are
            moved to the CPU before drawing, so a seed gives the same draws on a GPU.

    Returns:
        ``prefix`` followed by the generated characters (as d2l's ``predict`` returns).
    """
    _check_model(model)
    if not isinstance(prefix, str) or not prefix:
        raise ValueError(f"prefix: expected a non-empty str, got {_checks.describe(prefix)}")
    unknown = sorted({ch for ch in prefix if ch not in vocab.token_to_idx})
    if unknown:
        raise ValueError(f"prefix: expected characters of the vocabulary, got {unknown} "
                         "(d2l.TimeMachine keeps lower-case letters and spaces only)")
    if isinstance(num_chars, bool) or not isinstance(num_chars, int) or num_chars < 0:
        raise ValueError(f"num_chars: expected an int of at least 0, got {_checks.describe(num_chars)}")
    temperature = _checks.number("temperature", temperature, low=0)
    if top_k is not None:
        _checks.positive_int("top_k", top_k)
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator: expected a torch.Generator or None, got "
                        f"{_checks.describe(generator)}")
    if generator is not None and generator.device.type != "cpu":
        raise ValueError(f"generator: expected a generator on the CPU, got one on {generator.device}")

    device = next(model.parameters()).device
    ids = [vocab[ch] for ch in prefix]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            X = torch.tensor([ids], device=device)                   # (1, len(prefix))
            outputs, state = model.rnn(model.one_hot(X))             # warm-up on the prefix
            for _ in range(num_chars):
                logits = model.output_layer(outputs)[0, -1].double().cpu()   # the last step's scores
                if temperature == 0:
                    next_id = int(logits.argmax())
                else:
                    logits = logits / temperature
                    if top_k is not None and top_k < logits.numel():
                        kth = logits.topk(top_k).values[-1]
                        logits = logits.masked_fill(logits < kth, float("-inf"))
                    probs = torch.softmax(logits, dim=0)
                    next_id = int(torch.multinomial(probs, 1, generator=generator))
                ids.append(next_id)
                X = torch.tensor([[next_id]], device=device)
                outputs, state = model.rnn(model.one_hot(X), state)
    finally:
        model.train(was_training)
    return "".join(vocab.idx_to_token[i] for i in ids)


def loop_start(text: str, length: int = 20) -> int:
    """The first position ``i`` at which ``text[i:i + length]`` already occurred earlier in
    ``text`` (the start of a repetition of ``length`` characters); ``len(text)`` when no stretch
    of ``length`` characters occurs twice. Greedy decoding loops, so this measures how long a
    continuation stays new."""
    if not isinstance(text, str):
        raise TypeError(f"text: expected a str, got {_checks.describe(text)}")
    _checks.positive_int("length", length)
    for i in range(len(text) - length + 1):
        if text[i:i + length] in text[:i + length - 1]:
            return i
    return len(text)


def word_share(text: str, words) -> float:
    """The share of the complete words of ``text`` that are in ``words`` (a set of real words).
    The last word counts only when ``text`` ends with a space: a generated text may stop in the
    middle of it. 0 when there is no complete word."""
    if not isinstance(text, str):
        raise TypeError(f"text: expected a str, got {_checks.describe(text)}")
    if isinstance(words, str) or not hasattr(words, "__contains__"):
        raise TypeError(f"words: expected a set of words, got {_checks.describe(words)}")
    complete = text.split() if text.endswith(" ") else text.split()[:-1]
    return sum(w in words for w in complete) / len(complete) if complete else 0.0
