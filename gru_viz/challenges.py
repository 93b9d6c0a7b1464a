"""Classroom challenges for the HTML views: a goal in words, and a check that the page runs on
every slider move.

Each challenge is defined once, as data, in ``CHALLENGES``. A view serializes the challenges
it offers into its JSON configuration, and its script (``gru_viz/static/gru_challenges.js``)
evaluates the same conditions on the numbers it computes; ``check()`` evaluates them here, on
the numbers of :mod:`gru_viz.values` (gru_viz's Python math), and the tests compare the two
verdicts, word for word.

A challenge has

* ``id``, ``view`` (``"one-step"`` or ``"sequence"``), a ``title`` and a ``goal`` (English and
  Chinese);
* ``conditions``: each one compares a quantity with a number, ``{"q": name, "op": op,
  "value": number}``, with ``op`` one of ``==``, ``<=``, ``>=``, ``>``, and, in the sequence
  view, ``"steps"``: the time steps it applies to (``"all"``, ``"others"`` (t ≠ t′), ``"tp"``
  (t = t′), ``"k"``, ``"k1"`` (k − 1), ``"from_k"`` (t ≥ k), ``"last"`` or a step number).
  ``off`` is what the page says while the condition fails, about the step that misses it by
  most; ``more`` is added when other steps fail it too;
* ``solved``: what the page says, in numbers, once every condition holds;
* ``solution``: slider moves, from the view's default settings, that solve it (a value ``"k"``
  means the challenge's step k). Every earlier part of the list leaves it unsolved (the tests
  check this), so a test can drag the sliders one by one and see the verdict turn only at the end;
* ``witnesses`` (optional): more settings that solve it; a view offers a challenge only when its
  solution or a witness solves it there (the leak challenge, say, needs few enough steps);
* ``k`` (optional): the challenge names a step k, by default ``num_steps // 2 + k["offset"]``
  (kept in 1 … T−1); a link may choose another (``&k=``).

Quantities, one-step view: ``r``, ``z``, ``h_prev``, ``x``, ``a``, ``Ht`` (H̃), ``H``,
``h_minus_ht`` (H − H̃), ``dht_dhprev`` (∂H̃/∂H(t−1) = (1 − H̃²)·w_hh·r) and ``dh_dx``
(∂H/∂x = (1 − z)·(1 − H̃²)·w_xh). Sequence view, one number per step t: ``R``, ``Z``, ``H``,
``Ht``, ``infl`` (``|∂H_T−1/∂x_t|``), ``self`` (``|∂H_t/∂x_t|``), ``keep`` (infl / self, 0 where
self is 0), ``carry`` (``|∂H_t/∂H_t−1| = |Z_t + (1 − Z_t)·(1 − H̃_t²)·w_hh·R_t|``), ``move``
(``|H_t − H_t−1|``, with H_−1 = h0) and, for a challenge with a step k, ``drift``
(H_t − H_k−1); and the numbers ``zmax`` (the largest Z) and ``leak95`` (0.95^(T−1)).

Texts are templates: ``{name}`` is a number above or one of ``t`` (the failing step), ``value``
(its value), ``limit`` (the condition's number), ``n`` (how many more steps fail), ``more``,
``tp``, ``k``, ``k1`` (k − 1), ``T``, ``last`` (T − 1); ``{name@step}`` is a per-step quantity at
a step (a number or one of those names). Numbers are shown by ``fmt()``.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .values import one_step_values, sequence_values

#: Every challenge, as data (JSON-serializable): see the module's docstring.
CHALLENGES = [
    # ---------------------------------------------------------------- the one-step view
    {
        "id": "candidate",
        "view": "one-step",
        "title": {"en": "H equals the candidate", "zh": "让 H 等于候选隐状态"},
        "goal": {"en": "Make the new state H equal the candidate H̃: the step overwrites the old "
                       "state.",
                 "zh": "让新的隐状态 H 等于候选隐状态 H̃：这一步用候选值覆盖旧的隐状态。"},
        "conditions": [
            {"q": "h_minus_ht", "op": "==", "value": 0,
             "off": {"en": "H − H̃ = {value}: H still keeps part of H(t−1) (Z = {z}).",
                     "zh": "H − H̃ = {value}：H 仍保留着一部分 H(t−1)（Z = {z}）。"}},
        ],
        "solved": {"en": "H = H̃ = {Ht} (Z = {z}): the old state H(t−1) = {h_prev} is "
                         "overwritten.",
                   "zh": "H = H̃ = {Ht}（Z = {z}）：旧的隐状态 H(t−1) = {h_prev} 被覆盖了。"},
        "solution": {"z": 0},
    },
    {
        "id": "ignore-state",
        "view": "one-step",
        "title": {"en": "H̃ ignores H(t−1)", "zh": "让 H̃ 不看 H(t−1)"},
        "goal": {"en": "Make the candidate H̃ ignore the previous state: ∂H̃/∂H(t−1) = 0, so that "
                       "H̃ stays put while H(t−1) moves.",
                 "zh": "让候选隐状态 H̃ 不受上一隐状态的影响：∂H̃/∂H(t−1) = 0，"
                       "这样拖动 H(t−1) 时 H̃ 纹丝不动。"},
        "conditions": [
            {"q": "dht_dhprev", "op": "==", "value": 0,
             "off": {"en": "H̃ still depends on H(t−1): ∂H̃/∂H(t−1) = {value} (R = {r}).",
                     "zh": "H̃ 仍然依赖 H(t−1)：∂H̃/∂H(t−1) = {value}（R = {r}）。"}},
        ],
        "solved": {"en": "∂H̃/∂H(t−1) = 0 (R = {r}): H̃ = {Ht}, whatever H(t−1) is.",
                   "zh": "∂H̃/∂H(t−1) = 0（R = {r}）：无论 H(t−1) 取什么值，H̃ 都等于 {Ht}。"},
        "solution": {"r": 0},
    },
    {
        "id": "skip-input",
        "view": "one-step",
        "title": {"en": "Skip the input", "zh": "跳过这一步的输入"},
        "goal": {"en": "Make the new state H ignore the input x: ∂H/∂x = 0, so that the cell "
                       "skips this step.",
                 "zh": "让新的隐状态 H 不受输入 x 的影响：∂H/∂x = 0，也就是跳过这一步的输入。"},
        "conditions": [
            {"q": "dh_dx", "op": "==", "value": 0,
             "off": {"en": "H still depends on x: ∂H/∂x = {value} (Z = {z}).",
                     "zh": "H 仍然依赖 x：∂H/∂x = {value}（Z = {z}）。"}},
        ],
        "solved": {"en": "∂H/∂x = 0 (Z = {z}): H = {H}, whatever x is.",
                   "zh": "∂H/∂x = 0（Z = {z}）：无论 x 取什么值，H 都等于 {H}。"},
        "solution": {"z": 1},
    },
    # ---------------------------------------------------------------- the sequence view
    {
        "id": "tprime",
        "view": "sequence",
        "title": {"en": "Remember x_t′ only", "zh": "只记住 x_t′"},
        "goal": {"en": "Make the final state H_{last} depend on x_t′ alone: the influence of every "
                       "other input on it exactly 0, that of x_t′ above 0.",
                 "zh": "让最终的隐状态 H_{last} 只依赖 x_t′：其他每个输入对它的影响都恰好为 0，"
                       "而 x_t′ 的影响大于 0。"},
        "conditions": [
            {"q": "infl", "steps": "others", "op": "==", "value": 0,
             "off": {"en": "x_{t} still reaches the final state: its influence is {value}{more}.",
                     "zh": "x_{t} 仍然影响最终的隐状态：它的影响为 {value}{more}。"},
             "more": {"en": " (and {n} more inputs)", "zh": "（另外还有 {n} 个输入也是如此）"}},
            {"q": "infl", "steps": "tp", "op": ">", "value": 0,
             "off": {"en": "x_{t} does not reach the final state either: its influence is "
                           "{value}.",
                     "zh": "x_{t} 也不再影响最终的隐状态：它的影响为 {value}。"}},
        ],
        "solved": {"en": "only x_{tp} reaches the final state (influence {infl@tp}); the "
                         "influence of every other input is exactly 0.",
                   "zh": "只有 x_{tp} 影响最终的隐状态（影响为 {infl@tp}），"
                         "其他输入的影响都恰好为 0。"},
        "solution": {"z_after": 1, "z_at": 0, "r_at": 0},
    },
    {
        "id": "plain-rnn",
        "view": "sequence",
        "title": {"en": "A plain RNN", "zh": "变成普通的 RNN"},
        "goal": {"en": "Make the GRU a plain RNN: Z = 0 and R = 1 at every step, so that "
                       "H_t = tanh(w_xh·x_t + w_hh·H_t−1 + b_h).",
                 "zh": "把 GRU 变成普通的循环神经网络（RNN）：每个时间步都令 Z = 0、R = 1，"
                       "于是 H_t = tanh(w_xh·x_t + w_hh·H_t−1 + b_h)。"},
        "conditions": [
            {"q": "Z", "steps": "all", "op": "==", "value": 0,
             "off": {"en": "Z_{t} = {value}, not 0{more}: the update gate still keeps part of the "
                           "old state.",
                     "zh": "Z_{t} = {value}，不是 0{more}：更新门仍保留着一部分旧的隐状态。"},
             "more": {"en": " (and at {n} more steps)", "zh": "（另有 {n} 个时间步也是如此）"}},
            {"q": "R", "steps": "all", "op": "==", "value": 1,
             "off": {"en": "R_{t} = {value}, not 1{more}: the reset gate still hides part of "
                           "H_t−1 from the candidate.",
                     "zh": "R_{t} = {value}，不是 1{more}：重置门仍让候选隐状态看不到一部分 H_t−1。"},
             "more": {"en": " (and at {n} more steps)", "zh": "（另有 {n} 个时间步也是如此）"}},
        ],
        "solved": {"en": "Z = 0 and R = 1 at all {T} steps: every H_t is its candidate, and "
                         "H_{last} = {H@last}.",
                   "zh": "全部 {T} 个时间步都是 Z = 0、R = 1：每个 H_t 都等于它的候选隐状态，"
                         "H_{last} = {H@last}。"},
        "solution": {"z_before": 0, "z_at": 0, "z_after": 0, "r_at": 1, "r_other": 1},
    },
    {
        "id": "freeze",
        "view": "sequence",
        "k": {"offset": 2},
        "title": {"en": "Freeze the state from step k on", "zh": "从时间步 k 起冻结隐状态"},
        "goal": {"en": "Freeze the state from step {k} on, and not before: H_t = H_{k1} for "
                       "every t ≥ {k}, whatever the inputs are, while step {k1} still changes it.",
                 "zh": "从时间步 {k} 起冻结隐状态，但不能更早：对所有 t ≥ {k}，都有 H_t = H_{k1}，"
                       "无论输入是什么；而时间步 {k1} 仍要改变隐状态。"},
        "conditions": [
            {"q": "drift", "steps": "from_k", "op": "==", "value": 0,
             "off": {"en": "H_{t} − H_{k1} = {value}: the state still moves after step "
                           "{k1}{more}.",
                     "zh": "H_{t} − H_{k1} = {value}：时间步 {k1} 之后隐状态仍在变化{more}。"},
             "more": {"en": " (and at {n} more steps)", "zh": "（另有 {n} 个时间步也是如此）"}},
            {"q": "move", "steps": "k1", "op": ">", "value": 0,
             "off": {"en": "the state stops changing too early: step {k1} leaves it as it was "
                           "(H_{k1} = {H@k1}), but the freeze should start at step {k}.",
                     "zh": "隐状态冻结得太早了：时间步 {k1} 没有改变它（H_{k1} = {H@k1}），"
                           "而冻结应当从时间步 {k} 才开始。"}},
        ],
        "solved": {"en": "H_t = H_{k1} = {H@k1} for every t ≥ {k}, and step {k1} still moved it "
                         "by {move@k1}: from step {k} on, Z = 1 copies the state, step after "
                         "step.",
                   "zh": "对所有 t ≥ {k}，H_t = H_{k1} = {H@k1}，而时间步 {k1} 仍让它变化了 "
                         "{move@k1}：从时间步 {k} 起，Z = 1 把隐状态一步一步原样复制下去。"},
        "solution": {"t_prime": "k", "z_at": 1, "z_after": 1},
    },
    {
        "id": "reset",
        "view": "sequence",
        "k": {"offset": 0},
        "title": {"en": "Reset at a break", "zh": "在断点处重置"},
        "goal": {"en": "Reset at a break at step {k}: make H_{k} ignore everything before step "
                       "{k}, that is ∂H_{k}/∂H_{k1} = 0.",
                 "zh": "在时间步 {k} 处重置：让 H_{k} 完全不受时间步 {k} 之前一切的影响，"
                       "即 ∂H_{k}/∂H_{k1} = 0。"},
        "conditions": [
            {"q": "carry", "steps": "k", "op": "==", "value": 0,
             "off": {"en": "H_{k} still depends on H_{k1}: |∂H_{k}/∂H_{k1}| = {value} "
                           "(Z_{k} = {Z@k}, R_{k} = {R@k}).",
                     "zh": "H_{k} 仍然依赖 H_{k1}：|∂H_{k}/∂H_{k1}| = {value}"
                           "（Z_{k} = {Z@k}，R_{k} = {R@k}）。"}},
        ],
        "solved": {"en": "∂H_{k}/∂H_{k1} = 0 (Z_{k} = {Z@k}, R_{k} = {R@k}): H_{k} = {H@k} comes "
                         "from x_{k} alone, and no input before step {k} reaches it or any later "
                         "state.",
                   "zh": "∂H_{k}/∂H_{k1} = 0（Z_{k} = {Z@k}，R_{k} = {R@k}）：H_{k} = {H@k} "
                         "只由 x_{k} 算出，时间步 {k} 之前的输入既影响不到它，"
                         "也影响不到之后的任何隐状态。"},
        "solution": {"t_prime": "k", "z_at": 0, "r_at": 0},
    },
    {
        "id": "leak",
        "view": "sequence",
        "title": {"en": "Carry x_0 to the end", "zh": "把 x_0 带到最后"},
        "goal": {"en": "Carry x_0 to the end while Z ≤ 0.95 at every step: x_0's influence on the "
                       "final state must be at least half its influence on H_0, "
                       "|∂H_{last}/∂x_0| ≥ 0.5 · |∂H_0/∂x_0|. There is no exact answer: with "
                       "Z < 1, every step lets part of the memory leak away.",
                 "zh": "在每个时间步都满足 Z ≤ 0.95 的前提下，把 x_0 带到最后：x_0 对最终隐状态的"
                       "影响至少要有它对 H_0 的影响的一半，即 |∂H_{last}/∂x_0| ≥ 0.5 · "
                       "|∂H_0/∂x_0|。这道题没有精确解：只要 Z < 1，每一步都会漏掉一部分记忆。"},
        "conditions": [
            {"q": "Z", "steps": "all", "op": "<=", "value": 0.95,
             "off": {"en": "Z_{t} = {value} is above {limit}{more}.",
                     "zh": "Z_{t} = {value}，超过了 {limit}{more}。"},
             "more": {"en": " (and at {n} more steps)", "zh": "（另有 {n} 个时间步也超过了）"}},
            {"q": "keep", "steps": 0, "op": ">=", "value": 0.5,
             "off": {"en": "x_0's influence on the final state is only {value} times its "
                           "influence on H_0 (at least {limit} needed): |∂H_{last}/∂x_0| = "
                           "{infl@0}, |∂H_0/∂x_0| = {self@0}.",
                     "zh": "x_0 对最终隐状态的影响只有它对 H_0 的影响的 {value} 倍（至少需要 "
                           "{limit} 倍）：|∂H_{last}/∂x_0| = {infl@0}，|∂H_0/∂x_0| = {self@0}。"}},
        ],
        "solved": {"en": "x_0's influence on the final state is {keep@0} times its influence on "
                         "H_0 ({infl@0} / {self@0}), with Z ≤ {zmax} at every step. With R = 0 a "
                         "step keeps only the fraction Z: at Z = 0.95 that is "
                         "0.95^{last} = {leak95} after {last} steps.",
                   "zh": "x_0 对最终隐状态的影响是它对 H_0 的影响的 {keep@0} 倍"
                         "（{infl@0} / {self@0}），且每个时间步都有 Z ≤ {zmax}。若 R = 0，"
                         "每一步只保留比例 Z：Z = 0.95 时，经过 {last} 步只剩 "
                         "0.95^{last} = {leak95}。"},
        "solution": {"t_prime": 0, "z_after": 0.95},
        "witnesses": [{"t_prime": 0, "z_at": 0, "z_after": 0.95, "r_at": 0, "r_other": 1},
                      {"t_prime": 0, "z_at": 0, "z_after": 0.95, "r_at": 0, "r_other": 0}],
    },
]

#: What a condition says about the other failing steps unless it says otherwise.
DEFAULT_MORE = {"en": " (and {n} more)", "zh": "（另外还有 {n} 处）"}

KINDS = ("one-step", "sequence")
LANGS = ("en", "zh")
OPS = ("==", "<=", ">=", ">")
_BY_ID = {c["id"]: c for c in CHALLENGES}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z_0-9]*)(?:@([A-Za-z_0-9]+))?\}")


def challenge(challenge_id: str) -> dict:
    """The challenge with this id (a KeyError lists the ids)."""
    try:
        return _BY_ID[challenge_id]
    except (KeyError, TypeError):
        raise KeyError(f"no challenge {challenge_id!r}; the challenges are "
                       f"{', '.join(sorted(_BY_ID))}") from None


def ids(kind: str | None = None) -> list[str]:
    """The ids of the challenges (of one view kind)."""
    return [c["id"] for c in CHALLENGES if kind is None or c["view"] == kind]


# ------------------------------------------------------------------ numbers in words
def fmt(v: float) -> str:
    """A number as the challenges show it, exactly as JavaScript's ``gru_challenges.fmt``: 0 as
    "0"; ``|v| ≥ 0.001`` with three decimals (rounded half away from zero, like ``toFixed``) and
    no trailing zeros; smaller ones as "3.1e-5" (``toExponential(1)``)."""
    v = float(v)
    if v == 0:
        return "0"
    if v != v:
        return "NaN"
    if abs(v) >= 0.001:
        with localcontext() as ctx:
            ctx.rounding = ROUND_HALF_UP
            text = str(Decimal(v).quantize(Decimal("0.001")))
        return text.rstrip("0").rstrip(".")
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        mantissa, exponent = format(Decimal(v), ".1e").split("e")
    if mantissa.endswith(".0"):
        mantissa = mantissa[:-2]
    return f"{mantissa}e{int(exponent)}"


def fill(template: str, q: dict, ctx: dict, local: dict | None = None) -> str:
    """A challenge's text with its placeholders replaced (see the module's docstring)."""
    local = local or {}

    def step_of(name):
        if name.isdigit():
            return int(name)
        if name in local and name not in ("value", "limit"):
            return local[name]
        return ctx[name]

    def one(match):
        name, at = match.group(1), match.group(2)
        if at is not None:
            return fmt(q[name][step_of(at)])
        if name in ("value", "limit"):
            return fmt(local[name])
        if name in local:
            return str(local[name])
        if name in ctx:
            return str(ctx[name])
        return fmt(q[name])

    return _PLACEHOLDER.sub(one, template)


# ------------------------------------------------------------------ the quantities
def one_step_quantities(r, z, h_prev, x, weights: dict) -> dict:
    """The one-step view's quantities (see the module's docstring) from
    :func:`gru_viz.one_step_values`; the derivatives are its closed forms."""
    v = one_step_values(r, z, h_prev, x, **weights)
    slope = 1 - v["h_tilde"] * v["h_tilde"]
    return {"r": v["r"], "z": v["z"], "h_prev": v["h_prev"], "x": v["x"], "a": v["a"],
            "Ht": v["h_tilde"], "H": v["h"], "h_minus_ht": v["h"] - v["h_tilde"],
            "dht_dhprev": slope * weights["w_hh"] * v["r"],
            "dh_dx": (1 - v["z"]) * slope * weights["w_xh"]}


def sequence_quantities(R, Z, t_prime, x, h0, weights: dict, k: int | None = None) -> dict:
    """The sequence view's quantities (see the module's docstring) from
    :func:`gru_viz.sequence_values`."""
    v = sequence_values(R, Z, t_prime, x=x, h0=h0, **weights)
    T, M, ht = len(v["R"]), v["influence"], v["h_tilde"]
    R, Z = v["R"], v["Z"]
    carry = [abs(Z[t] + (1 - Z[t]) * (1 - ht[t] * ht[t]) * weights["w_hh"] * R[t])
             for t in range(T)]
    own = [M[t][t] for t in range(T)]
    infl = v["influence_on_final"]
    h = v["h"]
    q = {"R": R, "Z": Z, "H": h, "Ht": ht, "infl": infl, "self": own,
         "move": [abs(h[t] - (h[t - 1] if t else h0)) for t in range(T)],
         "keep": [infl[t] / own[t] if own[t] != 0 else 0.0 for t in range(T)],
         "carry": carry, "zmax": max(Z), "leak95": 0.95 ** (T - 1)}
    if k is not None:
        q["drift"] = [v["h"][t] - v["h"][k - 1] for t in range(T)]
    return q


# ------------------------------------------------------------------ the verdict
def _steps(selector, ctx) -> list[int]:
    T = ctx["T"]
    if isinstance(selector, int):
        return [selector]
    return {"all": list(range(T)), "others": [t for t in range(T) if t != ctx.get("tp")],
            "tp": [ctx.get("tp")], "k": [ctx.get("k")], "k1": [ctx.get("k1")], "last": [T - 1],
            "from_k": list(range(ctx["k"], T)) if "k" in ctx else []}[selector]


def _holds(op, v, c) -> bool:
    return {"==": v == c, "<=": v <= c, ">=": v >= c, ">": v > c}[op]


def evaluate(ch: dict, q: dict, ctx: dict, lang: str = "en") -> dict:
    """The verdict on one challenge for the quantities ``q``: ``{"solved": bool, "failures":
    [{"cond", "t", "value", "more"}], "lines": [text]}``. A failure names the condition (its
    index), the step that misses it by most (the first of equals; ``None`` in the one-step view),
    its value and how many more steps fail it. The same algorithm as ``gru_challenges.evaluate``."""
    failures, lines = [], []
    for i, cond in enumerate(ch["conditions"]):
        c = cond["value"]
        if "steps" in cond:
            pairs = [(t, q[cond["q"]][t]) for t in _steps(cond["steps"], ctx)]
        else:
            pairs = [(None, q[cond["q"]])]
        bad = [(t, v) for t, v in pairs if not _holds(cond["op"], v, c)]
        if not bad:
            continue
        t, v = max(bad, key=lambda tv: abs(tv[1] - c))  # max keeps the first of equals
        failures.append({"cond": i, "t": t, "value": v, "more": len(bad) - 1})
        local = {"value": v, "limit": c, "n": len(bad) - 1}
        if t is not None:
            local["t"] = t
        more = ""
        if len(bad) > 1:
            more = fill(cond.get("more", DEFAULT_MORE)[lang], q, ctx, local)
        local["more"] = more
        lines.append(fill(cond["off"][lang], q, ctx, local))
    if not failures:
        lines = [fill(ch["solved"][lang], q, ctx)]
    return {"solved": not failures, "failures": failures, "lines": lines}


def context(kind: str, num_steps: int | None = None, t_prime: int | None = None,
            k: int | None = None) -> dict:
    """The step names that texts and conditions use: ``T``, ``last``, ``tp``, ``k``, ``k1``."""
    if kind == "one-step":
        return {}
    ctx = {"T": num_steps, "last": num_steps - 1, "tp": t_prime}
    if k is not None:
        ctx.update(k=k, k1=k - 1)
    return ctx


def k_range(ch: dict, num_steps: int):
    """``(default, low, high)`` for a challenge's step k in a view of ``num_steps`` steps, or
    ``None`` for a challenge without one."""
    if "k" not in ch:
        return None
    low, high = 1, num_steps - 1
    return min(high, max(low, num_steps // 2 + ch["k"]["offset"])), low, high


# ------------------------------------------------------------------ views
class Verdict(dict):
    """A dict (``solved``, ``failures``, ``lines``) with attribute access and a short repr."""

    solved = property(lambda self: self["solved"])
    lines = property(lambda self: self["lines"])
    message = property(lambda self: " ".join(self["lines"]))

    def __repr__(self):
        return f"Verdict(solved={self['solved']}, message={self.message!r})"


def _settings(view, settings: dict) -> dict:
    known = dict(view.settings) if view.kind == "one-step" else dict(view.gates,
                                                                        t_prime=view.t_prime)
    unknown = set(settings) - set(known)
    if unknown:
        raise TypeError(f"unknown slider(s) {', '.join(sorted(unknown))}; the {view.kind} view "
                        f"has {', '.join(known)}")
    known.update(settings)
    return known


def quantities(view, k: int | None = None, **settings) -> tuple[dict, dict]:
    """``(q, ctx)`` for a view at the given slider settings (default: the view's own)."""
    s = _settings(view, settings)
    if view.kind == "one-step":
        return one_step_quantities(s["r"], s["z"], s["h_prev"], s["x"], view.weights), {}
    tp = s.pop("t_prime")
    R, Z = view.schedules(tp, **s)
    q = sequence_quantities(R, Z, tp, view.x, view.h0, view.weights, k)
    return q, context("sequence", view.num_steps, tp, k)


def check(view, challenge_id: str, lang: str | None = None, k: int | None = None,
          **settings) -> Verdict:
    """Evaluate a challenge on a view (an :class:`~gru_viz.views.OneStepView` or
    :class:`~gru_viz.views.SequenceView`) at the given slider settings (default: the view's
    own), with gru_viz's Python math; ``k`` defaults to the challenge's default step.

    >>> import gru_viz
    >>> from gru_viz import challenges
    >>> view = gru_viz.sequence_view()
    >>> challenges.check(view, "tprime").solved
    False
    >>> challenges.check(view, "tprime", z_after=1, z_at=0, r_at=0).message[:46]
    'only x_3 reaches the final state (influence 0.'
    """
    ch = challenge(challenge_id)
    if ch["view"] != view.kind:
        raise ValueError(f"challenge {challenge_id!r} is for the {ch['view']} view, not the "
                         f"{view.kind} view")
    if "k" in ch:
        default, low, high = k_range(ch, view.num_steps)
        k = default if k is None else k
        if isinstance(k, bool) or not isinstance(k, int) or not low <= k <= high:
            raise ValueError(f"k: expected an int from {low} to {high}, got {k!r}")
    else:
        k = None
    q, ctx = quantities(view, k, **settings)
    return Verdict(evaluate(ch, q, ctx, lang or view.lang))


def solution_settings(ch: dict, k: int | None = None) -> list[tuple[str, float]]:
    """The solution's slider moves, in order, with ``"k"`` replaced by the step k."""
    return [(key, k if value == "k" else value) for key, value in ch["solution"].items()]


def offered(view) -> list[dict]:
    """The challenges a view offers, resolved for it (JSON for the page): those of its kind
    that its solution or a witness solves, from the view's own settings."""
    out = []
    for ch in CHALLENGES:
        if ch["view"] != view.kind:
            continue
        kr = k_range(ch, view.num_steps) if view.kind == "sequence" else None
        k = kr[0] if kr else None
        tries = [dict(solution_settings(ch, k))] + [
            {key: (k if v == "k" else v) for key, v in w.items()} for w in ch.get("witnesses", ())]
        if not any(check(view, ch["id"], k=k, **t).solved for t in tries):
            continue
        item = {key: ch[key] for key in ("id", "title", "goal", "conditions", "solved",
                                         "solution")}
        if kr:
            item["k"], item["k_min"], item["k_max"] = kr
        out.append(item)
    return out
