"""gru_viz.challenges: the classroom challenges of the HTML views, defined once as data.

The page's JavaScript evaluates the same table (tests/gru_viz/test_views_js.py compares its verdicts with
these, word for word; tests/gru_viz/test_views_browser.py solves each challenge in a browser)."""
from __future__ import annotations

import json
import re

import pytest
import torch

import gru_viz
from gru_viz import challenges as C
from gru_viz import views

GLOSSARY_ZH = ("更新门", "重置门", "候选隐状态", "隐状态", "影响")
# Words of the English side that must not appear in the Chinese texts (other terms of the
# glossary's rows, or none at all).
NOT_ZH = ("隐藏状态", "候选状态", "更新閘", "重設", "输入门", "遗忘门", "隐含状态")


def _texts(ch, lang):
    out = [ch["title"][lang], ch["goal"][lang], ch["solved"][lang]]
    for cond in ch["conditions"]:
        out.append(cond["off"][lang])
        if "more" in cond:
            out.append(cond["more"][lang])
    return out


def _views():
    return {"one-step": gru_viz.one_step_view(), "sequence": gru_viz.sequence_view()}


def _k(ch, view):
    return C.k_range(ch, view.num_steps)[0] if "k" in ch else None


# ------------------------------------------------------------------ the table
def test_the_table_is_well_formed():
    ids = [c["id"] for c in C.CHALLENGES]
    assert len(ids) == len(set(ids))
    assert set(C.ids("one-step")) == {"candidate", "ignore-state", "skip-input"}
    assert set(C.ids("sequence")) == {"tprime", "plain-rnn", "freeze", "reset", "leak"}
    json.dumps(C.CHALLENGES)  # data only: what the page gets
    view_keys = {"one-step": {"r", "z", "h_prev", "x"},
                 "sequence": {"t_prime", "z_before", "z_at", "r_at", "z_after", "r_other"}}
    for ch in C.CHALLENGES:
        assert ch["view"] in C.KINDS
        for lang in C.LANGS:
            assert all(isinstance(t, str) and t.strip() for t in _texts(ch, lang)), ch["id"]
        for cond in ch["conditions"]:
            assert cond["op"] in C.OPS
            assert ("steps" in cond) == (ch["view"] == "sequence"), ch["id"]
        assert set(ch["solution"]) <= view_keys[ch["view"]], ch["id"]
        for w in ch.get("witnesses", ()):
            assert set(w) <= view_keys[ch["view"]], ch["id"]


@pytest.mark.parametrize("lang", C.LANGS)
def test_every_text_fills_on_the_default_views(lang):
    for kind, view in _views().items():
        for ch in C.CHALLENGES:
            if ch["view"] != kind:
                continue
            k = _k(ch, view)
            q, ctx = C.quantities(view, k)
            texts = [C.fill(ch["goal"][lang], q, ctx), C.fill(ch["solved"][lang], q, ctx)]
            for cond in ch["conditions"]:
                local = {"t": 1 if kind == "sequence" else None, "value": 0.5,
                         "limit": cond["value"], "n": 2, "more": ""}
                texts.append(C.fill(cond["off"][lang], q, ctx, local))
                texts.append(C.fill(cond.get("more", C.DEFAULT_MORE)[lang], q, ctx, local))
            for text in texts:
                assert "{" not in text and "}" not in text, (ch["id"], text)


def test_chinese_texts_use_the_glossary():
    zh = " ".join(t for ch in C.CHALLENGES for t in _texts(ch, "zh"))
    for term in GLOSSARY_ZH:
        assert term in zh, term
    for wrong in NOT_ZH:
        assert wrong not in zh, wrong
    # No English words in the Chinese texts, only symbols and names (H_t, tanh, RNN, w_xh ...).
    words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", zh)))
    assert words <= {"tanh", "RNN", "GRU"}, words
    # Chinese punctuation in Chinese sentences.
    for ch in C.CHALLENGES:
        for text in _texts(ch, "zh"):
            assert ", " not in text and ". " not in text and not text.endswith("."), text
            assert re.search(r"[\u4e00-\u9fff]", text), text
    views_zh = " ".join(v for v in views.view_labels("zh").values())
    assert "挑战" in views_zh and "挑战已完成" in views_zh


# ------------------------------------------------------------------ solutions and verdicts
@pytest.mark.parametrize("challenge_id", C.ids())
def test_the_solution_solves_it_and_only_its_last_move_does(challenge_id):
    ch = C.challenge(challenge_id)
    view = _views()[ch["view"]]
    k = _k(ch, view)
    moves = C.solution_settings(ch, k)
    assert not C.check(view, challenge_id, k=k).solved, "solved before any move"
    for n in range(1, len(moves)):
        verdict = C.check(view, challenge_id, k=k, **dict(moves[:n]))
        assert not verdict.solved, f"solved after only {moves[:n]}"
        assert verdict.lines and all(verdict.lines)
    verdict = C.check(view, challenge_id, k=k, **dict(moves))
    assert verdict.solved, verdict
    assert len(verdict.lines) == 1 and re.search(r"\d", verdict.message)  # numbers achieved


def test_the_t_prime_challenge_is_the_exercise():
    view = gru_viz.sequence_view()
    solved = C.check(view, "tprime", z_at=0, r_at=0, z_after=1)
    assert solved.solved
    assert solved.message == ("only x_3 reaches the final state (influence 0.42); the influence "
                              "of every other input is exactly 0.")
    # What is still off, in numbers, about the input that reaches it most.
    almost = C.check(view, "tprime", z_at=0, r_at=0.07, z_after=1)
    infl = view.values(z_at=0, r_at=0.07, z_after=1)["influence_on_final"]
    worst = max((t for t in range(10) if t != 3), key=lambda t: infl[t])
    assert almost["failures"][0]["t"] == worst and almost["failures"][0]["more"] == 2
    assert almost.lines[0].startswith(f"x_{worst} still reaches the final state: its influence "
                                      f"is {C.fmt(infl[worst])} (and 2 more inputs)")
    zh = C.check(view, "tprime", lang="zh", z_at=0, r_at=0, z_after=1)
    assert zh.message == "只有 x_3 影响最终的隐状态（影响为 0.42），其他输入的影响都恰好为 0。"
    # x_t' must still reach the end: Z = 1 everywhere silences every input.
    silent = C.check(view, "tprime", z_before=1, z_at=1, z_after=1)
    assert not silent.solved and silent["failures"][-1]["cond"] == 1


def test_plain_rnn_freeze_and_reset():
    view = gru_viz.sequence_view()
    assert C.check(view, "plain-rnn", z_before=0, z_at=0, z_after=0, r_at=1, r_other=1).solved
    off = C.check(view, "plain-rnn", z_before=0, z_at=0, z_after=0, r_at=1, r_other=0.99)
    assert not off.solved and off.lines == [
        "R_0 = 0.99, not 1 (and at 8 more steps): the reset gate still hides part of H_t−1 from "
        "the candidate."]
    # Freeze from k: Z = 1 from k on, reached with t' = k or with t' = k - 1 and Z after t' = 1.
    assert C.check(view, "freeze", k=4, t_prime=4, z_at=1, z_after=1).solved
    assert C.check(view, "freeze", k=4, t_prime=3, z_after=1).solved
    assert not C.check(view, "freeze", k=4, t_prime=5, z_at=1, z_after=1).solved
    early = C.check(view, "freeze", k=4, t_prime=2, z_after=1)     # frozen from step 3: too early
    assert not early.solved and early["failures"] == [
        {"cond": 1, "t": 3, "value": 0.0, "more": 0}]
    assert early.lines[0].startswith("the state stops changing too early: step 3 leaves it")
    # Reset at k: the state after step k ignores everything before k (exact zeros).
    verdict = C.check(view, "reset", k=6, t_prime=6, z_at=0, r_at=0)
    assert verdict.solved
    infl = view.values(t_prime=6, z_at=0, r_at=0)["influence"]
    assert all(infl[t][s] == 0 for t in range(6, 10) for s in range(6))
    assert not C.check(view, "reset", k=6, t_prime=6, z_at=0, r_at=0.01).solved


def test_the_leak_challenge_is_solvable_with_the_views_ten_steps():
    """With Z ≤ 0.95 and R = 0 each step after the first keeps exactly the fraction Z of x_0's
    influence: 0.95^(T−1), 0.63 for the view's T = 10 steps, enough; for T ≥ 15 steps it is
    below a half (0.95^14 = 0.49), and that setting no longer solves it."""
    witness = {"t_prime": 0, "z_at": 0, "z_after": 0.95, "r_at": 0, "r_other": 0}
    view = gru_viz.sequence_view()
    assert view.num_steps == 10
    q, _ = C.quantities(view, **witness)
    assert q["keep"][0] == pytest.approx(0.95 ** 9, abs=1e-12) and 0.95 ** 9 > 0.5
    assert C.check(view, "leak", **witness).solved
    assert "leak" in [c["id"] for c in view.challenges]
    # One step above 0.95 breaks the rule, however much is kept.
    assert not C.check(view, "leak", **dict(witness, z_after=0.96)).solved
    assert C.check(view, "leak", **dict(witness, z_after=0.96))["failures"][0]["cond"] == 0
    # The reset gate helps a little (R = 1: each step keeps Z + (1 − Z)(1 − H̃²) ≥ Z).
    q1, _ = C.quantities(view, **dict(witness, r_other=1))
    assert q1["keep"][0] > q["keep"][0]
    # Fifteen steps are too many for the R = 0 setting: 0.95^14 < 0.5.
    long = gru_viz.sequence_view(num_steps=15)
    assert 0.95 ** 14 < 0.5
    assert not C.check(long, "leak", **witness).solved
    # A view where no witness solves it does not offer it.
    far = gru_viz.sequence_view(num_steps=25, t_prime=20, w_hh=-0.8)
    assert "leak" not in [c["id"] for c in far.challenges]
    with pytest.raises(ValueError, match="leak"):
        gru_viz.sequence_view(num_steps=25, w_hh=-0.8, challenge="leak")


def test_one_step_challenges():
    view = gru_viz.one_step_view()
    assert C.check(view, "candidate", z=0).message == (
        "H = H̃ = 0.604 (Z = 0): the old state H(t−1) = -0.6 is overwritten.")
    assert C.check(view, "ignore-state", r=0).solved
    assert not C.check(view, "ignore-state", r=0.01).solved
    assert C.check(view, "skip-input", z=1).solved
    assert C.check(view, "skip-input", lang="zh").lines == [
        "H 仍然依赖 x：∂H/∂x = 0.317（Z = 0.5）。"]


# ------------------------------------------------------------------ the quantities
def test_closed_form_derivatives_are_autograds():
    """carry, ∂H̃/∂H(t−1) and ∂H/∂x, written out in gru_viz.challenges (and gru_math.js), are
    the derivatives of gru_viz.gru_step."""
    params = gru_viz.unit_params(w_xh=1.3, w_hh=-0.8, b_h=0.05)
    for r, z, h_prev, x in [(0.3, 0.6, 0.4, -1.2), (1.0, 0.0, -0.9, 0.5), (0.0, 1.0, 0.2, 2.0),
                            (0.77, 0.21, -0.33, 0.8)]:
        X = torch.tensor([x], dtype=torch.float64, requires_grad=True)
        H = torch.tensor([h_prev], dtype=torch.float64, requires_grad=True)
        step = gru_viz.gru_step(X, H, params, "d2l", R=r, Z=z)
        dht_dh, = torch.autograd.grad(step.H_tilde.sum(), H, retain_graph=True)
        dh_dh, dh_dx = torch.autograd.grad(step.H.sum(), (H, X))
        q = C.one_step_quantities(r, z, h_prev, x, {"w_xh": 1.3, "w_hh": -0.8, "b_h": 0.05})
        assert q["dht_dhprev"] == pytest.approx(float(dht_dh), abs=1e-12)
        assert q["dh_dx"] == pytest.approx(float(dh_dx), abs=1e-12)
        seq = C.sequence_quantities([r, r], [z, z], 0, [0.0, x], h_prev,
                                    {"w_xh": 1.3, "w_hh": -0.8, "b_h": 0.05})
        # carry[1] = |∂H_1/∂H_0|: one step from H_0 with input x.
        X1 = torch.tensor([x], dtype=torch.float64)
        H0 = torch.tensor([seq["H"][0]], dtype=torch.float64, requires_grad=True)
        dh1, = torch.autograd.grad(gru_viz.gru_step(X1, H0, params, "d2l", R=r, Z=z).H.sum(), H0)
        assert seq["carry"][1] == pytest.approx(abs(float(dh1)), abs=1e-12)
        assert dh_dh is not None


def test_sequence_quantities_are_gru_vizs():
    view = gru_viz.sequence_view(num_steps=6, t_prime=2, h0=0.3)
    q, ctx = C.quantities(view, k=3, z_before=0.2)
    v = view.values(z_before=0.2)
    assert q["H"] == v["h"] and q["infl"] == v["influence_on_final"]
    assert q["self"] == [v["influence"][t][t] for t in range(6)]
    assert q["drift"] == [v["h"][t] - v["h"][2] for t in range(6)]
    assert ctx == {"T": 6, "last": 5, "tp": 2, "k": 3, "k1": 2}


@pytest.mark.parametrize("v, text", [(0, "0"), (-0.0, "0"), (1.0, "1"), (0.95, "0.95"),
                                     (0.07, "0.07"), (0.0704, "0.07"), (0.4996, "0.5"),
                                     (-0.602, "-0.602"), (0.0004, "4e-4"),
                                     (3.14159e-5, "3.1e-5"), (0.0015, "0.002")])
def test_numbers_in_words(v, text):
    assert C.fmt(v) == text


# ------------------------------------------------------------------ errors and views
@pytest.mark.parametrize("call, match", [
    (lambda: C.check(gru_viz.one_step_view(), "tprime"), "sequence view"),
    (lambda: C.check(gru_viz.sequence_view(), "nope"), "no challenge 'nope'"),
    (lambda: C.check(gru_viz.sequence_view(), "freeze", k=0), "k: expected an int from 1 to 9"),
    (lambda: C.check(gru_viz.sequence_view(), "tprime", r=0), "unknown slider"),
    (lambda: gru_viz.one_step_view(challenge="tprime"), "challenge"),
    (lambda: gru_viz.one_step_view(view_id="<b>"), "view_id"),
    (lambda: gru_viz.sequence_view(hide=["q"]), "hide"),
])
def test_errors_name_the_problem(call, match):
    with pytest.raises((KeyError, ValueError, TypeError), match=match):
        call()


def test_views_carry_their_challenges():
    one, seq = gru_viz.one_step_view(), gru_viz.sequence_view()
    assert [c["id"] for c in one.challenges] == C.ids("one-step")
    assert [c["id"] for c in seq.challenges] == C.ids("sequence")
    assert one.challenge is None and seq.challenge == "tprime"
    assert gru_viz.sequence_view(challenge=None).challenge is None
    freeze = next(c for c in seq.challenges if c["id"] == "freeze")
    assert (freeze["k"], freeze["k_min"], freeze["k_max"]) == (7, 1, 9)
    html = gru_viz.sequence_view(challenge="reset", view_id="ch5", hide=["R", "table"]).to_html()
    config = json.loads(re.search(r'class="gv-config">(.*?)</script>', html, re.S).group(1))
    assert config["challenge"] == "reset" and config["hide"] == ["r_at", "r_other", "table"]
    assert [c["id"] for c in config["challenges"]] == C.ids("sequence")
    assert config["challenges"][0]["conditions"] == C.challenge("tprime")["conditions"]
    assert set(config["labels"]) == {"en", "zh"}
    assert 'data-gv-name="ch5"' in html
    assert seq.check(z_at=0, r_at=0, z_after=1).solved
