"""Classroom challenges for the HTML views: a goal in words, and a check that the page runs on
every slider move.

Each challenge is defined once, as data, in ``CHALLENGES``: its numbers here, its texts (in both
languages) in the one label table, :data:`gru_viz.lang.TEXT`, as ``challenge_<id>_title``,
``_goal``, ``_solved``, ``_off<i>`` and ``_more<i>`` (the i-th condition's). A view serializes the challenges
it offers into its JSON configuration, and its script (``gru_viz/static/gru_challenges.js``)
evaluates the same conditions on the numbers it computes; ``check()`` evaluates them here, on
the numbers of :mod:`gru_viz.values` (gru_viz's Python math), and the tests compare the two
verdicts, word for word.

A challenge has

* ``id``, ``view`` (``"one-step"`` or ``"sequence"``), a ``title`` and a ``goal``;
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

from . import lang
from .values import one_step_values, sequence_values

# Every challenge's numbers; its texts are entries of gru_viz.lang.TEXT, named by its id (see
# _with_texts).
_DEFINITIONS = [
    # ---------------------------------------------------------------- the one-step view
    {
        "id": "candidate",
        "view": "one-step",
        "conditions": [
            {"q": "h_minus_ht", "op": "==", "value": 0},
        ],
        "solution": {"z": 0},
    },
    {
        "id": "ignore-state",
        "view": "one-step",
        "conditions": [
            {"q": "dht_dhprev", "op": "==", "value": 0},
        ],
        "solution": {"r": 0},
    },
    {
        "id": "skip-input",
        "view": "one-step",
        "conditions": [
            {"q": "dh_dx", "op": "==", "value": 0},
        ],
        "solution": {"z": 1},
    },
    # ---------------------------------------------------------------- the sequence view
    {
        "id": "tprime",
        "view": "sequence",
        "conditions": [
            {"q": "infl", "steps": "others", "op": "==", "value": 0},
            {"q": "infl", "steps": "tp", "op": ">", "value": 0},
        ],
        "solution": {"z_after": 1, "z_at": 0, "r_at": 0},
    },
    {
        "id": "plain-rnn",
        "view": "sequence",
        "conditions": [
            {"q": "Z", "steps": "all", "op": "==", "value": 0},
            {"q": "R", "steps": "all", "op": "==", "value": 1},
        ],
        "solution": {"z_before": 0, "z_at": 0, "z_after": 0, "r_at": 1, "r_other": 1},
    },
    {
        "id": "freeze",
        "view": "sequence",
        "k": {"offset": 2},
        "conditions": [
            {"q": "drift", "steps": "from_k", "op": "==", "value": 0},
            {"q": "move", "steps": "k1", "op": ">", "value": 0},
        ],
        "solution": {"t_prime": "k", "z_at": 1, "z_after": 1},
    },
    {
        "id": "reset",
        "view": "sequence",
        "k": {"offset": 0},
        "conditions": [
            {"q": "carry", "steps": "k", "op": "==", "value": 0},
        ],
        "solution": {"t_prime": "k", "z_at": 0, "r_at": 0},
    },
    {
        "id": "leak",
        "view": "sequence",
        "conditions": [
            {"q": "Z", "steps": "all", "op": "<=", "value": 0.95},
            {"q": "keep", "steps": 0, "op": ">=", "value": 0.5},
        ],
        "solution": {"t_prime": 0, "z_after": 0.95},
        "witnesses": [
            {"t_prime": 0, "z_at": 0, "z_after": 0.95, "r_at": 0, "r_other": 1},
            {"t_prime": 0, "z_at": 0, "z_after": 0.95, "r_at": 0, "r_other": 0},
        ],
    },
]

#: What a condition says about the other failing steps unless it says otherwise.
DEFAULT_MORE = lang.both("challenge_more")


def _with_texts(definition: dict) -> dict:
    """A challenge with its texts from :data:`gru_viz.lang.TEXT`, ``{lang: text}`` each:
    ``challenge_<id>_title``, ``_goal``, ``_solved``, and per condition ``_off<i>`` and (if
    there is one, else ``challenge_more``) ``_more<i>``."""
    key = f"challenge_{definition['id']}_"
    ch = dict(definition, **{field: lang.both(key + field)
                             for field in ("title", "goal", "solved")})
    ch["conditions"] = [
        dict(cond, off=lang.both(f"{key}off{i}"),
             more=lang.both(f"{key}more{i}") if f"{key}more{i}" in lang.TEXT else DEFAULT_MORE)
        for i, cond in enumerate(definition["conditions"])]
    return ch


#: Every challenge, as data (JSON-serializable): see the module's docstring.
CHALLENGES = [_with_texts(d) for d in _DEFINITIONS]

KINDS = ("one-step", "sequence")
LANGS = lang.LANGUAGES
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
