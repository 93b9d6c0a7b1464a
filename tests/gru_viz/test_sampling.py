"""gru_viz.sample against d2l's predict and a direct computation; loop_start and word_share."""
import pytest
import torch

import gru_viz

d2l = pytest.importorskip("d2l.torch")


def test_temperature_zero_is_d2l_greedy_predict(scratch_lm, concise_lm, vocab):
    for model in (scratch_lm, concise_lm):
        for prefix in ("time traveller", "a"):
            assert gru_viz.sample(model, vocab, prefix, 40, temperature=0) == \
                model.predict(prefix, 40, vocab)


def test_draws_follow_softmax_of_logits_over_temperature(scratch_lm, vocab):
    """Each draw equals torch.multinomial on softmax(logits / T), restricted to the top k."""
    for temperature, top_k in [(1.0, None), (0.5, None), (1.5, 3), (1.0, 1)]:
        text = gru_viz.sample(scratch_lm, vocab, "the ", 25, temperature=temperature, top_k=top_k,
                              generator=torch.Generator().manual_seed(7))
        gen = torch.Generator().manual_seed(7)
        ids = [vocab[ch] for ch in "the "]
        for _ in range(25):
            with torch.no_grad():
                logits = scratch_lm(torch.tensor([ids]))[0, -1].double() / temperature
            if top_k is not None:
                logits[logits < logits.topk(top_k).values[-1]] = float("-inf")
            ids.append(int(torch.multinomial(torch.softmax(logits, 0), 1, generator=gen)))
        assert text == "".join(vocab.idx_to_token[i] for i in ids)
        assert text.startswith("the ") and len(text) == 29


def test_top_1_is_greedy_and_seed_repeats(scratch_lm, vocab):
    greedy = gru_viz.sample(scratch_lm, vocab, "it was", 30, temperature=0)
    assert gru_viz.sample(scratch_lm, vocab, "it was", 30, temperature=2.0, top_k=1) == greedy
    one = gru_viz.sample(scratch_lm, vocab, "it was", 60, generator=torch.Generator().manual_seed(1))
    two = gru_viz.sample(scratch_lm, vocab, "it was", 60, generator=torch.Generator().manual_seed(1))
    other = gru_viz.sample(scratch_lm, vocab, "it was", 60, generator=torch.Generator().manual_seed(2))
    assert one == two and one != other


def test_top_k_keeps_only_the_k_most_likely(scratch_lm, vocab):
    with torch.no_grad():
        logits = scratch_lm(torch.tensor([[vocab[ch] for ch in "x"]]))[0, -1]
    allowed = {vocab.idx_to_token[i] for i in logits.topk(2).indices.tolist()}
    firsts = {gru_viz.sample(scratch_lm, vocab, "x", 1, temperature=3.0, top_k=2,
                             generator=torch.Generator().manual_seed(s))[1] for s in range(40)}
    assert firsts == allowed


def test_sample_keeps_training_mode(scratch_lm, vocab):
    scratch_lm.train()
    gru_viz.sample(scratch_lm, vocab, "a", 3)
    assert scratch_lm.training


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(model=object()), TypeError, "model: expected a d2l language model"),
    (dict(prefix=""), ValueError, "prefix: expected a non-empty str"),
    (dict(prefix="Time!"), ValueError, "prefix: expected characters of the vocabulary, got ['!', 'T']"),
    (dict(num_chars=-1), ValueError, "num_chars: expected an int of at least 0, got int -1"),
    (dict(temperature=-0.5), ValueError, "temperature: expected a number in [0, None], got -0.5"),
    (dict(temperature="hot"), TypeError, "temperature: expected a number"),
    (dict(top_k=0), ValueError, "top_k: expected a positive int, got int 0"),
    (dict(generator=3), TypeError, "generator: expected a torch.Generator or None, got int 3"),
])
def test_sample_checks_its_arguments(scratch_lm, vocab, kwargs, error, words):
    args = dict(model=scratch_lm, vocab=vocab, prefix="time", num_chars=5)
    args.update(kwargs)
    with pytest.raises(error) as info:
        gru_viz.sample(args.pop("model"), args.pop("vocab"), args.pop("prefix"),
                       args.pop("num_chars"), **args)
    assert words in str(info.value)


def test_loop_start():
    assert gru_viz.loop_start("abcdefg", 3) == 7                # nothing repeats
    assert gru_viz.loop_start("xyz abcabcabc", 3) == 7          # 'abc' again at 7
    assert gru_viz.loop_start("aaaa", 3) == 1                    # overlapping repeats count
    assert gru_viz.loop_start("ab", 3) == 2                      # shorter than length
    with pytest.raises(ValueError, match="length: expected a positive int"):
        gru_viz.loop_start("abc", 0)
    with pytest.raises(TypeError, match="text: expected a str"):
        gru_viz.loop_start(["a"], 1)


def test_word_share():
    words = {"the", "time", "machine"}
    assert gru_viz.word_share("the time machxx mach", words) == pytest.approx(2 / 3)  # last word cut
    assert gru_viz.word_share("the time qq ", words) == pytest.approx(2 / 3)          # ends complete
    assert gru_viz.word_share("machi", words) == 0.0
    with pytest.raises(TypeError, match="words: expected a set of words"):
        gru_viz.word_share("the time", "the time")
