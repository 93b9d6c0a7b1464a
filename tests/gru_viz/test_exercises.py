"""gru_viz.exercises: every checker accepts its worked solution, names each classic mistake
(written out below as a wrong solution), and answers hostile input with a sentence, not a crash."""
import itertools
import linecache
import textwrap
import time

import pytest
import torch

import gru_viz
from gru_viz import exercises
from gru_viz.exercises import EXERCISES


_cells = itertools.count()


def answer_from(code, name=None):
    """The object a reader's cell defines: the last name bound by ``code``. As in IPython, the
    cell's source is registered with linecache, so the checker can read it."""
    ns = {"torch": torch}
    code = textwrap.dedent(code)
    filename = f"<reader cell {next(_cells)}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    exec(compile(code, filename, "exec"), ns)
    names = [k for k in ns if k not in ("torch", "__builtins__")]
    return ns[name or names[-1]]


def run_check(name, answer, capsys):
    ex = gru_viz.exercise(name)
    ex.check(answer)
    out = capsys.readouterr().out
    assert out.strip() == ex.verdict.message.strip()
    return ex.verdict


# ----------------------------------------------------------------- the worked solutions pass
@pytest.mark.parametrize("name", list(EXERCISES))
def test_solution_passes(name, capsys):
    verdict = run_check(name, answer_from(EXERCISES[name].solution_code), capsys)
    assert verdict.correct, verdict.message
    assert verdict.message.startswith("✓ Correct")


def test_at_least_eight_exercises_in_five_chapters():
    assert len(EXERCISES) >= 8
    assert {cls.chapter for cls in EXERCISES.values()} == {1, 2, 3, 4, 5, 7}


# ----------------------------------------------------------------- each mistake, named
STEP = "def gru_step_by_hand(X, H_prev, W_xr, W_xz, W_xh, W_hr, W_hz, W_hh, b_r, b_z, b_h):\n"
STEP_RZ = ("    R = torch.sigmoid(X @ W_xr + H_prev @ W_hr + b_r)\n"
           "    Z = torch.sigmoid(X @ W_xz + H_prev @ W_hz + b_z)\n")
GOOD_CAND = "    H_tilde = torch.tanh(X @ W_xh + (R * H_prev) @ W_hh + b_h)\n"
GOOD_MIX = "    return Z * H_prev + (1 - Z) * H_tilde\n"

GRU_STEP_MISTAKES = {
    "chung": STEP + STEP_RZ + GOOD_CAND + "    return (1 - Z) * H_prev + Z * H_tilde\n",
    "reset_after": STEP + STEP_RZ
    + "    H_tilde = torch.tanh(X @ W_xh + b_h + R * (H_prev @ W_hh))\n" + GOOD_MIX,
    "reset_after_bias_inside": STEP + STEP_RZ
    + "    H_tilde = torch.tanh(X @ W_xh + R * (H_prev @ W_hh + b_h))\n" + GOOD_MIX,
    "no_bias_r": STEP + "    R = torch.sigmoid(X @ W_xr + H_prev @ W_hr)\n"
    + "    Z = torch.sigmoid(X @ W_xz + H_prev @ W_hz + b_z)\n" + GOOD_CAND + GOOD_MIX,
    "no_bias_z": STEP + "    R = torch.sigmoid(X @ W_xr + H_prev @ W_hr + b_r)\n"
    + "    Z = torch.sigmoid(X @ W_xz + H_prev @ W_hz)\n" + GOOD_CAND + GOOD_MIX,
    "no_bias_h": STEP + STEP_RZ + "    H_tilde = torch.tanh(X @ W_xh + (R * H_prev) @ W_hh)\n"
    + GOOD_MIX,
    "no_bias": STEP + "    R = torch.sigmoid(X @ W_xr + H_prev @ W_hr)\n"
    + "    Z = torch.sigmoid(X @ W_xz + H_prev @ W_hz)\n"
    + "    H_tilde = torch.tanh(X @ W_xh + (R * H_prev) @ W_hh)\n" + GOOD_MIX,
    "r_z_swapped": STEP + "    Z = torch.sigmoid(X @ W_xr + H_prev @ W_hr + b_r)\n"
    + "    R = torch.sigmoid(X @ W_xz + H_prev @ W_hz + b_z)\n" + GOOD_CAND + GOOD_MIX,
    "transposed_h": STEP + "    R = torch.sigmoid(X @ W_xr + H_prev @ W_hr.T + b_r)\n"
    + "    Z = torch.sigmoid(X @ W_xz + H_prev @ W_hz.T + b_z)\n"
    + "    H_tilde = torch.tanh(X @ W_xh + (R * H_prev) @ W_hh.T + b_h)\n" + GOOD_MIX,
    "no_reset": STEP + STEP_RZ + "    H_tilde = torch.tanh(X @ W_xh + H_prev @ W_hh + b_h)\n"
    + GOOD_MIX,
    "candidate_only": STEP + STEP_RZ + GOOD_CAND + "    return H_tilde\n",
    # On the square case (inputs = hidden units) transposed input weights give numbers ...
    "transposed_x": STEP + "    R = torch.sigmoid(X @ W_xr.T + H_prev @ W_hr + b_r)\n"
    + "    Z = torch.sigmoid(X @ W_xz.T + H_prev @ W_hz + b_z)\n"
    + "    H_tilde = torch.tanh(X @ W_xh.T + (R * H_prev) @ W_hh + b_h)\n" + GOOD_MIX,
    "transposed_all": STEP + "    R = torch.sigmoid(X @ W_xr.T + H_prev @ W_hr.T + b_r)\n"
    + "    Z = torch.sigmoid(X @ W_xz.T + H_prev @ W_hz.T + b_z)\n"
    + "    H_tilde = torch.tanh(X @ W_xh.T + (R * H_prev) @ W_hh.T + b_h)\n" + GOOD_MIX,
}

FWD = ("def forward(self, inputs, H=None):\n"
       "    if H is None:\n"
       "        H = torch.zeros((inputs.shape[1], self.num_hiddens), dtype=inputs.dtype,\n"
       "                        device=inputs.device)\n"
       "    outputs = []\n")
FWD_LOOP = ("    for X in inputs:\n"
            "        Z = torch.sigmoid(X @ self.W_xz + H @ self.W_hz + self.b_z)\n"
            "        R = torch.sigmoid(X @ self.W_xr + H @ self.W_hr + self.b_r)\n"
            "        H_tilde = torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh + self.b_h)\n")
FWD_END = ("        H = Z * H + (1 - Z) * H_tilde\n"
           "        outputs.append(H)\n"
           "    return torch.stack(outputs), H\n")

SCRATCH_MISTAKES = {
    "chung": FWD + FWD_LOOP + FWD_END.replace("Z * H + (1 - Z) * H_tilde",
                                              "(1 - Z) * H + Z * H_tilde"),
    "reset_after": FWD + FWD_LOOP.replace("(R * H) @ self.W_hh + self.b_h",
                                          "self.b_h + R * (H @ self.W_hh)") + FWD_END,
    "no_bias_h": FWD + FWD_LOOP.replace(" + self.b_h)", ")") + FWD_END,
    "ignores_H": FWD.replace("    if H is None:\n", "    if True:\n") + FWD_LOOP + FWD_END,
    "final_state": FWD + FWD_LOOP + FWD_END.replace("return torch.stack(outputs), H",
                                                    "return torch.stack(outputs), outputs[0]"),
    "batch_first": FWD + FWD_LOOP + FWD_END.replace("torch.stack(outputs)",
                                                    "torch.stack(outputs, dim=1)"),
    "initial_state": FWD.replace("inputs.shape[1]", "inputs.shape[0]") + FWD_LOOP + FWD_END,
}

CELL = ("def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):\n"
        "    W_ir, W_iz, W_in = weight_ih.chunk(3)\n"
        "    W_hr, W_hz, W_hn = weight_hh.chunk(3)\n"
        "    b_ir, b_iz, b_in = bias_ih.chunk(3)\n"
        "    b_hr, b_hz, b_hn = bias_hh.chunk(3)\n")
CELL_RZ = ("    r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)\n"
           "    z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)\n")
CELL_N = "    n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))\n"
CELL_OUT = "    return (1 - z) * n + z * h\n"


def _cell_order(order):
    """The cell of a reader who takes nn.GRU's blocks to be stacked in ``order`` (e.g. "zrn")."""
    def names(prefix):
        return ", ".join(prefix + block for block in order)
    return ("def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):\n"
            f"    {names('W_i')} = weight_ih.chunk(3)\n"
            f"    {names('W_h')} = weight_hh.chunk(3)\n"
            f"    {names('b_i')} = bias_ih.chunk(3)\n"
            f"    {names('b_h')} = bias_hh.chunk(3)\n" + CELL_RZ + CELL_N + CELL_OUT)


PYTORCH_CELL_MISTAKES = {
    "reset_before": CELL + CELL_RZ
    + "    n = torch.tanh(x @ W_in.T + b_in + (r * h) @ W_hn.T + b_hn)\n" + CELL_OUT,
    "b_hn_outside": CELL + CELL_RZ
    + "    n = torch.tanh(x @ W_in.T + b_in + b_hn + r * (h @ W_hn.T))\n" + CELL_OUT,
    "chung": CELL + CELL_RZ + CELL_N + "    return z * n + (1 - z) * h\n",
    "no_bias_hh": CELL + CELL_RZ.replace(" + b_hr", "").replace(" + b_hz", "")
    + CELL_N.replace(" + b_hn", "") + CELL_OUT,
    "no_bias_ih": CELL + CELL_RZ.replace(" + b_ir", "").replace(" + b_iz", "")
    + CELL_N.replace(" + b_in", "") + CELL_OUT,
    "no_bias": CELL + "    r = torch.sigmoid(x @ W_ir.T + h @ W_hr.T)\n"
    + "    z = torch.sigmoid(x @ W_iz.T + h @ W_hz.T)\n"
    + "    n = torch.tanh(x @ W_in.T + r * (h @ W_hn.T))\n" + CELL_OUT,
    "transposed_hh": CELL + CELL_RZ.replace("W_hr.T", "W_hr").replace("W_hz.T", "W_hz")
    + CELL_N.replace("W_hn.T", "W_hn") + CELL_OUT,
    "transposed_ih": CELL + CELL_RZ.replace("W_ir.T", "W_ir").replace("W_iz.T", "W_iz")
    + CELL_N.replace("W_in.T", "W_in") + CELL_OUT,
    "transposed_both": CELL + CELL_RZ.replace(".T", "") + CELL_N.replace(".T", "") + CELL_OUT,
    # d2l's scratch code lists z, r, h: reading nn.GRU's blocks in that order
    "order_zrn": _cell_order("zrn"),
    "order_nzr": _cell_order("nzr"),
}

SHAPE_RIGHT = {"A": {"output": (7, 4, 10), "h_n": (2, 4, 10)},
               "B": {"output": (4, 7, 20), "h_n": (6, 4, 10)},
               "C": {"output": (7, 20), "h_n": (2, 10)}}


def _shapes(key, part, value):
    answer = {k: dict(v) for k, v in SHAPE_RIGHT.items()}
    answer[key][part] = value
    return answer


SHAPE_MISTAKES = {
    "output_layout": _shapes("B", "output", (7, 4, 20)),
    "output_one_direction": _shapes("B", "output", (4, 7, 10)),
    "output_unbatched": _shapes("C", "output", (7, 1, 20)),
    "h_n_batch_first": _shapes("B", "h_n", (4, 6, 10)),
    "h_n_no_D": _shapes("B", "h_n", (3, 4, 10)),
    "h_n_no_layers": _shapes("B", "h_n", (2, 4, 10)),
    "h_n_hidden_D": _shapes("C", "h_n", (2, 20)),
    "h_n_seq": _shapes("A", "h_n", (7, 4, 10)),
    "h_n_unbatched": _shapes("C", "h_n", (2, 1, 10)),
}

LAST = "def last_layer_both_directions(output, h_n, num_layers):\n"
LAST_MISTAKES = {
    "output_last": LAST + "    return output[-1]\n",
    "output_first": LAST + "    return output[0]\n",
    "first_layer": LAST + "    return torch.cat([h_n[0], h_n[1]], dim=-1)\n",
    "direction_major": LAST
    + "    return torch.cat([h_n[num_layers - 1], h_n[2 * num_layers - 1]], dim=-1)\n",
    "directions_swapped": LAST + "    return torch.cat([h_n[-1], h_n[-2]], dim=-1)\n",
    "one_direction": LAST + "    return h_n[-1]\n",
    "stacked": LAST + "    return torch.stack([h_n[-2], h_n[-1]])\n",
}

TP = ("def t_prime_gates(num_steps, t_prime):\n"
      "    R = torch.full((num_steps,), 0.5)\n"
      "    Z = torch.full((num_steps,), 0.5)\n")
TP_MISTAKES = {
    "chung": TP + "    R[t_prime] = 0.0\n    Z[t_prime] = 1.0\n    Z[t_prime + 1:] = 0.0\n"
    "    return R, Z\n",
    # right at t' (R = Z = 0), wrong after it: the update gate is not held at 1
    "wrong_after": TP + "    R[t_prime] = 0.0\n    Z[t_prime] = 0.0\n    return R, Z\n",
    "reset_open": TP + "    Z[t_prime] = 0.0\n    Z[t_prime + 1:] = 1.0\n    return R, Z\n",
    "update_open": TP + "    R[t_prime] = 0.0\n    Z[t_prime + 1:] = 1.0\n    return R, Z\n",
    "off_by_one": TP + "    s = t_prime + 1 if t_prime + 1 < num_steps else t_prime - 1\n"
    "    R[s] = 0.0\n    Z[s] = 0.0\n    Z[s + 1:] = 1.0\n    return R, Z\n",
}

UPD = "def update_only_step(self, X, H):\n"
UPD_Z = "    Z = torch.sigmoid(X @ self.W_xz + H @ self.W_hz + self.b_z)\n"
UPD_C = "    H_tilde = torch.tanh(X @ self.W_xh + H @ self.W_hh + self.b_h)\n"
UPD_OUT = "    return Z * H + (1 - Z) * H_tilde\n"
UPDATE_MISTAKES = {
    "chung": UPD + UPD_Z + UPD_C + "    return (1 - Z) * H + Z * H_tilde\n",
    "reset_zero": UPD + UPD_Z + "    H_tilde = torch.tanh(X @ self.W_xh + self.b_h)\n" + UPD_OUT,
    "plain_rnn": UPD + UPD_Z + UPD_C + "    H = Z * H + (1 - Z) * H_tilde\n    H = H_tilde\n"
    "    return H\n",
    "no_bias_z": UPD + UPD_Z.replace(" + self.b_z", "") + UPD_C + UPD_OUT,
    "no_bias_h": UPD + UPD_Z + UPD_C.replace(" + self.b_h", "") + UPD_OUT,
    "transposed_h": UPD + UPD_Z.replace("self.W_hz", "self.W_hz.T")
    + UPD_C.replace("self.W_hh", "self.W_hh.T") + UPD_OUT,
    "transposed_x": UPD + UPD_Z.replace("self.W_xz", "self.W_xz.T")
    + UPD_C.replace("self.W_xh", "self.W_xh.T") + UPD_OUT,
}

RST = ("def reset_only_step(self, X, H):\n"
       "    R = torch.sigmoid(X @ self.W_xr + H @ self.W_hr + self.b_r)\n")
RESET_MISTAKES = {
    "keeps_state": RST
    + "    H_tilde = torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh + self.b_h)\n"
    + "    return H\n",
    "reset_after": RST + "    return torch.tanh(X @ self.W_xh + self.b_h + R * (H @ self.W_hh))\n",
    "reset_after_bias_inside": RST
    + "    return torch.tanh(X @ self.W_xh + R * (H @ self.W_hh + self.b_h))\n",
    "plain_rnn": RST + "    return torch.tanh(X @ self.W_xh + H @ self.W_hh + self.b_h)\n",
    "no_bias_r": RST.replace(" + self.b_r", "")
    + "    return torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh + self.b_h)\n",
    "no_bias_h": RST + "    return torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh)\n",
    "transposed_h": RST.replace("self.W_hr", "self.W_hr.T")
    + "    return torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh.T + self.b_h)\n",
    "transposed_x": RST.replace("self.W_xr", "self.W_xr.T")
    + "    return torch.tanh(X @ self.W_xh.T + (R * H) @ self.W_hh + self.b_h)\n",
}

ALL_MISTAKES = {"gru-step": GRU_STEP_MISTAKES, "gru-scratch-forward": SCRATCH_MISTAKES,
                "pytorch-cell": PYTORCH_CELL_MISTAKES, "shape-quiz": SHAPE_MISTAKES,
                "h-n-last-layer": LAST_MISTAKES, "t-prime-gates": TP_MISTAKES,
                "update-only-cell": UPDATE_MISTAKES, "reset-only-cell": RESET_MISTAKES}

# Mistakes named through a shape error of the reader's code rather than a matching variant.
BY_RAISE = {("gru-scratch-forward", "initial_state")}


@pytest.mark.parametrize("name,mistake", [(n, m) for n, ms in ALL_MISTAKES.items() for m in ms])
def test_each_mistake_is_named(name, mistake, capsys):
    code = ALL_MISTAKES[name][mistake]
    answer = code if isinstance(code, dict) else answer_from(code)
    verdict = run_check(name, answer, capsys)
    assert verdict.status == "wrong"
    assert verdict.mistake == mistake, verdict.message
    ex = gru_viz.exercise(name)
    if (name, mistake) not in BY_RAISE:
        # the message carries the mistake's own explanation, in English by default
        why = ex.mistakes()[mistake][0].split("{")[0][:40]
        assert why in verdict.message


def test_each_mistake_has_its_own_message():
    for name, cls in EXERCISES.items():
        texts = [en for en, zh in cls().mistakes().values()]
        assert len(set(texts)) == len(texts), name


def test_every_known_mistake_is_tested():
    """Every mistake a checker knows (except a shared one it cannot reach) has a wrong solution
    above, so no entry of the checker's list is dead."""
    for name, cls in EXERCISES.items():
        known = set(cls().mistakes())
        if name == "gru-scratch-forward":
            known &= set(SCRATCH_MISTAKES) | {"no_bias_r", "no_bias_z", "no_bias",
                                              "r_z_swapped", "transposed_h", "no_reset",
                                              "candidate_only", "transposed_x",
                                              "transposed_all", "reset_after_bias_inside"}
            known -= {"no_bias_r", "no_bias_z", "no_bias", "r_z_swapped", "transposed_h",
                      "no_reset", "candidate_only", "transposed_x", "transposed_all",
                      "reset_after_bias_inside"}  # the same variants as gru-step's, tested there
        tested = set(ALL_MISTAKES[name])
        if name == "pytorch-cell":
            tested |= {k for k in known if k.startswith("order_")}  # two orders tested here
        assert known <= tested | {"initial_state"}, (name, known - tested)


@pytest.mark.parametrize("order", ["zrn", "rnz", "znr", "nrz", "nzr"])
def test_every_block_order_is_named(order, capsys):
    verdict = run_check("pytorch-cell", answer_from(_cell_order(order)), capsys)
    assert verdict.mistake == "order_" + order
    assert "[" + "|".join(order) + "]" in verdict.message


def test_checker_names_the_first_step_where_t_prime_breaks(capsys):
    code = TP + "    R[t_prime] = 0.0\n    Z[t_prime] = 0.0\n    Z[t_prime + 1:] = 1.0\n" \
        "    Z[-1] = 0.9\n    return R, Z\n"
    verdict = run_check("t-prime-gates", answer_from(code), capsys)
    assert verdict.mistake == "wrong_after"
    assert "Z at step 7 is 0.9" in verdict.message


def test_a_gate_near_its_limit_is_not_enough(capsys):
    """Z = 1 − 1e-9 after t′ lets other inputs leak in by about 1e-9: not independent."""
    code = TP.replace(", 0.5)", ", 0.5, dtype=torch.float64)") \
        + "    R[t_prime] = 0.0\n    Z[t_prime] = 0.0\n    Z[t_prime + 1:] = 1 - 1e-9\n" \
        "    return R, Z\n"
    verdict = run_check("t-prime-gates", answer_from(code), capsys)
    assert verdict.mistake == "wrong_after"


def test_a_wrong_answer_that_is_no_known_mistake_gets_the_difference(capsys):
    code = STEP + STEP_RZ + GOOD_CAND + "    return 0.9 * (Z * H_prev + (1 - Z) * H_tilde)\n"
    verdict = run_check("gru-step", answer_from(code), capsys)
    assert verdict.mistake == "mismatch"
    assert "largest difference" in verdict.message and "tolerance for float64" in verdict.message


def test_float32_rounding_is_within_the_tolerance(capsys):
    """A correct step written another way (different rounding in float32) still passes."""
    code = (STEP + STEP_RZ
            + "    H_tilde = torch.tanh(torch.addmm(b_h + X @ W_xh, R * H_prev, W_hh))\n"
            "    return H_tilde + Z * (H_prev - H_tilde)\n")
    assert run_check("gru-step", answer_from(code), capsys).correct


@pytest.mark.parametrize("name", [n for n, c in EXERCISES.items()
                                  if c.cases is not exercises.Exercise.cases
                                  and n != "t-prime-gates"])
def test_mistakes_are_far_beyond_the_tolerance_and_apart(name):
    """On every case, every mistake changes the result by more than ten times the tolerance of
    the case's dtype (1000 units of its rounding), so rounding can neither hide a mistake nor make
    a right answer look wrong; and no two mistakes give the same numbers on the first case (the
    one that names them), so the name is unambiguous."""
    for k, case in enumerate(EXERCISES[name]().cases()):
        tol = exercises._tol(case.dtype)  # the case's own dtype
        want = case.expected if isinstance(case.expected, tuple) else (case.expected,)
        seen = []
        for key, variant in case.variants.items():
            var = variant if isinstance(variant, tuple) else (variant,)
            gap = max(float((v - w).abs().max()) for v, w in zip(var, want))
            assert gap > 10 * tol, (name, k, key, gap)
            if k == 0:
                for other, ovar in seen:
                    ogap = max(float((v - o).abs().max()) for v, o in zip(var, ovar))
                    assert ogap > 10 * tol, (name, key, other)
                seen.append((key, var))


def test_the_checker_leaves_the_readers_random_numbers_alone(capsys):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    for name in EXERCISES:   # nn.GRU's initialisation inside would move the global generator
        ex = gru_viz.exercise(name)
        code = ex.solution_code
        ex.check(SHAPE_RIGHT if name == "shape-quiz" else answer_from(code))
    capsys.readouterr()
    assert torch.equal(torch.rand(3), expected)


def test_a_wrong_signature_says_how_the_checker_calls(capsys):
    v = run_check("gru-step", answer_from("def f(X, H):\n    return H\n"), capsys)
    assert v.mistake == "signature"
    assert "takes 2 positional arguments" in v.message
    assert "The checker calls gru_step_by_hand(X, H_prev, W_xr" in v.message


def test_an_unrelated_error_without_h_is_not_blamed_on_the_initial_state(capsys):
    code = FWD + "    raise ValueError('mine')\n"
    v = run_check("gru-scratch-forward", answer_from(code), capsys)
    assert v.mistake == "raised" and "ValueError: mine" in v.message
    assert "H=None" not in v.message


# ----------------------------------------------------------------- not attempted
def test_untouched_scaffolds_are_not_attempted(capsys):
    scaffold = (STEP + "    R = ...\n    Z = ...\n    H_tilde = ...\n    return ...\n")
    verdict = run_check("gru-step", answer_from(scaffold), capsys)
    assert verdict.status == "not_attempted" and "Not attempted yet" in verdict.message
    quiz = {k: {"output": ..., "h_n": ...} for k in "ABC"}
    assert run_check("shape-quiz", quiz, capsys).status == "not_attempted"
    assert run_check("gru-step", ..., capsys).status == "not_attempted"


def test_ellipsis_without_source_still_counts(capsys):
    """Without a source to read (code made by exec), any `...` in the code is a blank."""
    ns = {"torch": torch}
    exec(STEP + "    return ...\n", ns)
    assert run_check("gru-step", ns["gru_step_by_hand"], capsys).status == "not_attempted"


def test_ellipsis_as_an_index_is_not_a_blank(capsys):
    code = STEP + STEP_RZ + GOOD_CAND + "    H = Z * H_prev + (1 - Z) * H_tilde\n" \
        "    return H[..., :]\n"
    assert run_check("gru-step", answer_from(code), capsys).correct


# ----------------------------------------------------------------- hostile input
@pytest.mark.parametrize("name", [n for n in EXERCISES if n != "shape-quiz"])
@pytest.mark.parametrize("bad", [None, 3, "forward", torch.zeros(2)])
def test_not_a_function_gets_a_sentence(name, bad, capsys):
    verdict = run_check(name, bad, capsys)
    assert verdict.mistake == "type"
    assert "expected a function" in verdict.message
    assert "got" in verdict.message


@pytest.mark.parametrize("bad", [None, [1, 2], {"A": 1}, {"A": {}, "B": {}, "C": {}},
                                 dict(SHAPE_RIGHT, A={"output": "7, 4, 10", "h_n": (2, 4, 10)})])
def test_shape_quiz_of_the_wrong_type_gets_a_sentence(bad, capsys):
    verdict = run_check("shape-quiz", bad, capsys)
    assert verdict.mistake == "type" and "expected" in verdict.message


def test_exception_in_reader_code_shows_their_traceback_only(capsys):
    code = ("def helper(x):\n    return x.no_such_method()\n\n"
            "def gru_step_by_hand(X, H_prev, *rest):\n    return helper(X)\n")
    verdict = run_check("gru-step", answer_from(code, "gru_step_by_hand"), capsys)
    assert verdict.mistake == "raised"
    assert "AttributeError" in verdict.message
    assert "<reader cell" in verdict.message and "helper" in verdict.message
    assert "x.no_such_method()" in verdict.message
    assert "exercises.py" not in verdict.message and "threading" not in verdict.message


def test_wrong_return_types_and_shapes_get_a_sentence(capsys):
    v = run_check("gru-step", answer_from("def f(*args):\n    return [1.0, 2.0]\n"), capsys)
    assert v.mistake == "type" and "expected a tensor" in v.message and "list" in v.message
    v = run_check("gru-step", answer_from("def f(X, H, *rest):\n    return H[0]\n"), capsys)
    assert v.mistake == "shape" and "expected your new state H_t of shape (2, 3)" in v.message
    v = run_check("gru-scratch-forward", answer_from("def f(self, inputs, H=None):\n"
                                                     "    return inputs\n"), capsys)
    assert v.mistake == "type" and "a pair (outputs, H)" in v.message
    v = run_check("t-prime-gates", answer_from("def f(T, tp):\n    return [0] * T, [2] * T\n"),
                  capsys)
    assert v.mistake == "range" and "outside [0, 1]" in v.message


def test_wrong_dtype_is_named(capsys):
    code = STEP + STEP_RZ + GOOD_CAND + "    return (Z * H_prev + (1 - Z) * H_tilde).float()\n"
    v = run_check("gru-step", answer_from(code), capsys)
    assert v.mistake == "dtype" and "float64" in v.message and "float32" in v.message


def test_nan_is_named(capsys):
    code = STEP + "    return H_prev * float('nan')\n"
    v = run_check("gru-step", answer_from(code), capsys)
    assert v.mistake == "nan" and "NaN" in v.message


def test_endless_loop_is_stopped(monkeypatch, capsys):
    monkeypatch.setattr(exercises, "TIME_LIMIT", 0.5)
    code = STEP + "    while True:\n        pass\n"
    start = time.monotonic()
    v = run_check("gru-step", answer_from(code), capsys)
    assert v.mistake == "timeout" and "did not return within 0.5 seconds" in v.message
    assert time.monotonic() - start < 30  # stopped, not waited out (generous: a busy machine)
    # the worker thread was stopped by the exception raised inside it
    import threading
    deadline = time.monotonic() + 10
    while any(t.name == "gru-viz-exercise" or t.name == "gru_viz-exercise"
              for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "gru_viz-exercise" for t in threading.enumerate())


def test_reader_code_that_changes_its_inputs_in_place_does_not_spoil_the_check(capsys):
    code = STEP + STEP_RZ + GOOD_CAND + ("    out = Z * H_prev + (1 - Z) * H_tilde\n"
                                         "    W_xr.zero_(); H_prev.zero_()\n    return out\n")
    assert run_check("gru-step", answer_from(code), capsys).correct


def test_a_class_or_bound_method_is_accepted(capsys):
    cls = answer_from("class MyGRU:\n" + textwrap.indent(
        EXERCISES["gru-scratch-forward"].solution_code.strip().replace(
            "def scratch_forward", "def forward"), "    ") + "\n")
    assert run_check("gru-scratch-forward", cls, capsys).correct
    assert run_check("gru-scratch-forward", gru_viz.GRUScratch(3, 4).forward, capsys).correct


# ----------------------------------------------------------------- hints, solution, language
def test_hints_come_one_at_a_time_then_stop(capsys):
    ex = gru_viz.exercise("gru-step")
    for k in range(1, len(ex.hints) + 1):
        ex.hint()
        assert capsys.readouterr().out.startswith(f"Hint {k} of {len(ex.hints)}")
    ex.hint()
    assert "No more hints" in capsys.readouterr().out


def test_solution_prints_the_code(capsys):
    ex = gru_viz.exercise("pytorch-cell")
    ex.solution()
    out = capsys.readouterr().out
    assert "def gru_cell(" in out and "weight_ih.chunk(3)" in out


def test_messages_follow_the_chapter_language(capsys):
    gru_viz.set_language("zh")
    v = run_check("gru-step", answer_from(GRU_STEP_MISTAKES["chung"]), capsys)
    assert v.message.startswith("✗ 还不对") and "Chung" in v.message and "本书" in v.message
    ex = gru_viz.exercise("gru-step")
    ex.hint()
    assert capsys.readouterr().out.startswith("提示 1/3")
    assert run_check("gru-step", ..., capsys).message.startswith("尚未作答")


def test_every_message_and_hint_has_both_languages():
    for key, pair in exercises.MESSAGES.items():
        assert len(pair) == 2 and all(pair), key
    for name, cls in EXERCISES.items():
        ex = cls()
        for en, zh in list(ex.mistakes().values()) + list(ex.hints):
            assert en and zh and en != zh, name
            assert any("\u4e00" <= c <= "\u9fff" for c in zh), (name, zh)


def test_unknown_exercise_name_is_named():
    with pytest.raises(ValueError, match="name: expected one of 'gru-step'"):
        gru_viz.exercise("gru-stpe")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_cases_run_when_there_is_a_gpu(capsys):
    verdict = run_check("gru-step", answer_from(EXERCISES["gru-step"].solution_code), capsys)
    assert verdict.correct and "also on CUDA" in verdict.message


def test_objects_that_fail_to_print_and_numpy_sizes(capsys):
    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")

        def __str__(self):
            raise RuntimeError("no str")

    v = run_check("gru-step", lambda *args: Broken(), capsys)
    assert v.mistake == "type" and "a Broken object" in v.message

    class Weird(Exception):
        def __str__(self):
            raise RuntimeError("no str")

    def raises(*args):
        raise Weird()
    v = run_check("gru-step", raises, capsys)
    assert v.mistake == "raised" and "Weird" in v.message

    import numpy as np
    answer = {k: {p: tuple(np.int64(s) for s in shape) for p, shape in parts.items()}
              for k, parts in SHAPE_RIGHT.items()}
    assert run_check("shape-quiz", answer, capsys).correct


def test_an_initial_state_in_the_wrong_dtype_is_blamed_on_the_initial_state(capsys):
    code = FWD.replace(", dtype=inputs.dtype,\n                        device=inputs.device)",
                       ")") + FWD_LOOP + FWD_END
    assert "dtype=inputs.dtype" not in code
    v = run_check("gru-scratch-forward", answer_from(code), capsys)
    assert v.mistake == "initial_state" and "float64" in v.message
    assert "This happened with H=None" in v.message
