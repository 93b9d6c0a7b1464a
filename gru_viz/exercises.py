"""Exercises that check the reader's own code: ``ex = gru_viz.exercise('gru-step')``, then
``ex.check(my_function)``, ``ex.hint()`` (one more hint per call) and ``ex.solution()``.

A checker runs the reader's code on several random cases (batch sizes, shapes, float32 and float64,
and CUDA when there is one) and compares the result with the reference computed by gru_viz's own
GRU math (``gru_viz.layer`` through ``gru_viz.gates``, in float64 on the CPU), within a
tolerance derived from the dtype the reader's code computed in. When the answer is wrong, it
compares it with known-wrong variants of the reference (Chung's form, the reset gate on the other
side of the matrix product, a missing bias, gate blocks in the wrong order, transposed weights,
...), each also computed by gru_viz with changed parameters or settings, and names the mistake.

Nothing the reader passes crashes the checker: wrong types, wrong shapes, exceptions in their
code (shown with their own traceback, trimmed to their code), NaN, and code that does not return
within a time limit each get one sentence saying what was expected and what came.

**Why a thread for the time limit.** The reader's code runs in a worker thread; the checker waits
``TIME_LIMIT`` seconds for it. If it has not returned, the checker raises an exception *inside*
that thread (``PyThreadState_SetAsyncExc``), which stops a pure-Python endless loop at its next
bytecode. A ``SIGALRM`` alarm would be simpler, but it works only in the main thread and not on
Windows, and it would take over a signal the reader's own code (or a library) may use; a thread
works the same in a Jupyter kernel, on Colab, in a widget callback and under pytest. (A loop stuck
inside one long C call stops when that call returns; the checker says so rather than wait.)

Messages follow the chapter's language (``gru_viz.set_language``). They are printed, never
plotted, so they live here rather than in ``gru_viz.lang.TEXT`` and need no font.
"""
from __future__ import annotations

import ast
import ctypes
import inspect
import itertools
import numbers
import os
import sysconfig
import textwrap
import threading
import traceback
import types
from dataclasses import dataclass, field, replace
from typing import Any, Callable, NamedTuple

import torch
from torch import nn

from . import _checks
from .gates import gru_sequence, gru_step, nn_gru_forward
from .layer import GRUParams
from .lang import requested_language

__all__ = ["exercise", "Exercise", "Verdict", "EXERCISES", "TIME_LIMIT"]

TIME_LIMIT = 5.0  # seconds the reader's code may take for one call

# ---------------------------------------------------------------------------------- messages
# Every message in both languages (English, Chinese); Chinese terms follow the book's glossary.
MESSAGES = {
    "correct": ("✓ Correct: your {what} passes all {n} checks ({cases}).",
                "✓ 正确：你的{what}通过了全部 {n} 项检查（{cases}）。"),
    "other_shape": ("{name} for {case}: {got} is not right, and it is none of the classic "
                    "mistakes this checker knows; ex.hint() may help.",
                    "{case}的 {name}：{got} 不对，也不属于本检查器认识的任何一种常见错误；"
                    "ex.hint() 也许有帮助。"),
    "init_state": ("\nThis happened with H=None: build the initial state from the inputs, "
                   "torch.zeros((inputs.shape[1], self.num_hiddens), dtype=inputs.dtype, "
                   "device=inputs.device).",
                   "\n这发生在 H=None 时：请按输入来建立初始隐状态，torch.zeros((inputs.shape[1], "
                   "self.num_hiddens), dtype=inputs.dtype, device=inputs.device)。"),
    "not_attempted": ("Not attempted yet: your {what} still has `...` blanks. Fill them in and "
                      "run this cell again (ex.hint() gives a hint).",
                      "尚未作答：你的{what}里还有 `...` 空白。填好后再运行这个代码单元格"
                      "（ex.hint() 会给出提示）。"),
    "wrong": ("✗ Not yet: {detail}", "✗ 还不对：{detail}"),
    "not_callable": ("expected a function {signature}, got {got}.",
                     "这里需要一个函数 {signature}，传入的却是 {got}。"),
    "raised": ("your code raised {exc} on {case}. Your traceback, trimmed to your code:\n{tb}",
               "在{case}上，你的代码抛出了 {exc}。你的代码中的回溯信息：\n{tb}"),
    "timeout": ("your code did not return within {limit:g} seconds on {case}: is there a loop "
                "that never ends?",
                "在{case}上，你的代码 {limit:g} 秒内没有返回：是不是有一个永远不会结束的循环？"),
    "timeout_stuck": (" (It is still running inside a long C call; it stops when that call "
                      "returns.)", "（它仍卡在一个耗时的 C 调用里，该调用返回后才会停止。）"),
    "bad_type": ("expected {want} from your code on {case}, got {got}.",
                 "在{case}上，你的代码应当返回{want}，实际返回的是 {got}。"),
    "bad_shape": ("expected {name} of shape {want} on {case}, got shape {got}.",
                  "在{case}上，{name}的形状应为 {want}，实际为 {got}。"),
    "bad_dtype": ("expected {name} in {want} like the inputs on {case}, got {got}: create new "
                  "tensors with dtype=inputs.dtype (or compute from the inputs).",
                  "在{case}上，{name}应与输入一样是 {want}，实际是 {got}：新建张量时请指定 "
                  "dtype=inputs.dtype（或直接由输入计算）。"),
    "bad_device": ("expected {name} on {want} like the inputs on {case}, got it on {got}: "
                   "create new tensors with device=inputs.device.",
                   "在{case}上，{name}应与输入一样位于 {want}，实际位于 {got}：新建张量时请指定 "
                   "device=inputs.device。"),
    "nan": ("{name} contains NaN or inf on {case}, from finite inputs.",
            "在{case}上，输入都是有限值，{name}里却出现了 NaN 或 inf。"),
    "mismatch": ("{name} differs from the reference on {case}: largest difference {diff:.3g} "
                 "(tolerance for {dtype}: {tol:.1g}){where}. None of the classic mistakes this "
                 "checker knows gives your numbers; ex.hint() may help.",
                 "在{case}上，{name}与参考实现不一致：最大差值 {diff:.3g}（{dtype} 的容差为 "
                 "{tol:.1g}）{where}。你的结果不属于本检查器认识的任何一种常见错误；"
                 "ex.hint() 也许有帮助。"),
    "mismatch_where": (", first at {index}", "，最先出现在 {index}"),
    "mistake": ("{name} is wrong on {case}, and it matches a classic mistake exactly: {why}",
                "在{case}上，{name}不对，而且恰好与一种常见错误的结果相同：{why}"),
    "shape_error_layout": ("\nA matrix product failed on shapes: check each weight's layout "
                           "({layout}).", "\n矩阵乘法的形状对不上：请检查每个权重的布局（{layout}）。"),
    "signature": ("\nThe checker calls {signature}.", "\n检查器的调用方式是 {signature}。"),
    "hint": ("Hint {k} of {n}: {text}", "提示 {k}/{n}：{text}"),
    "no_more_hints": ("No more hints: ex.solution() prints a worked solution.",
                      "没有更多提示了：ex.solution() 会给出参考答案。"),
    "solution": ("A worked solution for '{name}':", "“{name}”的参考答案："),
    "case": ("the case ({dtype}, {device}, {shape})", "（{dtype}，{device}，{shape}）这组情形"),
    "cuda": (", also on CUDA", "，也在 CUDA 上运行"),
    "case_summary": ("random inputs in float32 and float64{cuda}, batch sizes {batches}",
                     "float32 与 float64 的随机输入{cuda}，批量大小 {batches}"),
}


def _lang() -> int:
    return 1 if requested_language() == "zh" else 0


def _msg(key: str, **kw) -> str:
    return MESSAGES[key][_lang()].format(**kw)


def _tr(pair) -> str:
    """One of an (English, Chinese) pair, in the chapter's language."""
    return pair[_lang()] if isinstance(pair, tuple) else pair


def _describe(value) -> str:
    """``_checks.describe``, safe for objects whose ``repr`` raises."""
    try:
        return _checks.describe(value)
    except Exception:  # noqa: BLE001 - a reader's object may fail in any way
        return f"a {type(value).__name__} object"


# ---------------------------------------------------------------------------------- verdict
class Verdict(NamedTuple):
    """The last ``Exercise.check``: ``status`` is ``"correct"``, ``"wrong"`` or
    ``"not_attempted"``; ``mistake`` names the classic mistake recognised (or ``"raised"``,
    ``"timeout"``, ``"signature"``, ``"type"``, ``"shape"``, ``"dtype"``, ``"device"``,
    ``"nan"``, ``"range"``, ``"mismatch"``; ``None`` when correct or not attempted);
    ``message`` is what was printed."""
    status: str
    mistake: str | None
    message: str

    @property
    def correct(self) -> bool:
        """Whether the answer was right."""
        return self.status == "correct"


class _Wrong(Exception):
    """Raised inside the checker to end a check with a verdict."""

    def __init__(self, mistake, detail):
        super().__init__(detail)
        self.mistake, self.detail = mistake, detail


# ---------------------------------------------------------------------------------- blanks
def _has_blank(obj, depth=0) -> bool:
    """Whether ``obj`` still holds the scaffold's ``...``: the object itself, an element of a
    container, or a ``...`` written as a value in a function's source (not ``x[..., 0]``)."""
    if depth > 6:
        return False
    if obj is Ellipsis:
        return True
    if isinstance(obj, dict):
        return any(_has_blank(v, depth + 1) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return any(_has_blank(v, depth + 1) for v in obj)
    if isinstance(obj, type):
        return any(_has_blank(v, depth + 1) for k, v in vars(obj).items()
                   if isinstance(v, types.FunctionType))
    if isinstance(obj, types.MethodType):
        obj = obj.__func__
    if isinstance(obj, types.FunctionType):
        return _source_has_blank(obj)
    return False


def _source_has_blank(fn) -> bool:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        # No source to read: any ``...`` constant of the code counts.
        def consts(code):
            for c in code.co_consts:
                if c is Ellipsis:
                    return True
                if isinstance(c, types.CodeType) and consts(c):
                    return True
            return False
        return consts(fn.__code__)
    in_slice = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            in_slice.update(id(n) for n in ast.walk(node.slice))
    return any(isinstance(n, ast.Constant) and n.value is Ellipsis and id(n) not in in_slice
               for n in ast.walk(tree))


# ---------------------------------------------------------------------------------- running
class _TimeLimit(BaseException):
    """Raised inside the reader's thread when the time limit has passed."""


_LIBRARY_DIRS = tuple({os.path.realpath(p) for p in (
    sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")) if p})
_HERE = os.path.realpath(os.path.dirname(__file__))


def _is_reader_frame(filename: str) -> bool:
    path = os.path.realpath(filename) if not filename.startswith("<") else filename
    return not (path.startswith(_HERE) or path.startswith(_LIBRARY_DIRS))


def _trimmed_traceback(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_reader_frame(f.filename)]
    lines = traceback.format_list(frames) if frames else []
    lines += traceback.format_exception_only(type(exc), exc)
    return textwrap.indent("".join(lines).rstrip(), "    ")


def _stop(worker):
    """Raise ``_TimeLimit`` inside ``worker`` at its next bytecode."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident),
                                               ctypes.py_object(_TimeLimit))


def _call(fn, args, kwargs, limit):
    """Run ``fn(*args, **kwargs)`` in a worker thread. Returns ``("ok", value)``,
    ``("raised", exception)``, or ``("timeout", still_running)``."""
    box = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except _TimeLimit:
            box["stopped"] = True
        except BaseException as exc:  # noqa: BLE001 - the reader's code may raise anything
            box["error"] = exc

    worker = threading.Thread(target=target, name="gru_viz-exercise", daemon=True)
    worker.start()
    try:
        worker.join(limit)
    except KeyboardInterrupt:  # the reader interrupted the kernel: stop their code too
        _stop(worker)
        raise
    if worker.is_alive():
        _stop(worker)
        worker.join(1.0)
        return "timeout", worker.is_alive()
    if "error" in box:
        return "raised", box["error"]
    return "ok", box.get("value")


# ---------------------------------------------------------------------------------- cases
@dataclass
class Case:
    """One random case: the arguments for the reader's code (``make_args`` builds fresh ones
    for every call, so code that changes its inputs in place cannot spoil the next call), the
    reference and the known-wrong variants, both float64 on the CPU."""
    label: str
    make_args: Callable[[], tuple]
    expected: Any
    variants: dict = field(default_factory=dict)
    dtype: torch.dtype = torch.float64
    device: str = "cpu"
    info: dict = field(default_factory=dict)


def _devices():
    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


def _tol(dtype) -> float:
    """Tolerance for a result computed in ``dtype``: 1000 units of rounding (float32: 1.2e-4,
    float64: 2.2e-13), far below the smallest difference any mistake makes on these cases."""
    return 1000 * torch.finfo(dtype).eps


def _case_label(dtype, device, shape: str) -> str:
    return _msg("case", dtype=str(dtype).replace("torch.", ""), device=device, shape=shape)


def _shape_text(n, d=None, h=None, T=None):
    parts = []
    en = _lang() == 0
    if T is not None:
        parts.append(f"{T} time steps" if en else f"{T} 个时间步")
    parts.append(f"batch size {n}" if en else f"批量大小 {n}")
    if d is not None:
        parts.append(f"{d} inputs" if en else f"输入维度 {d}")
    if h is not None:
        parts.append(f"{h} hidden units" if en else f"{h} 个隐藏单元")
    return ", ".join(parts) if en else "、".join(parts)


def _close(got: torch.Tensor, want: torch.Tensor, tol: float) -> bool:
    return got.shape == want.shape and bool(((got - want).abs() <= tol * (1 + want.abs())).all())


def _as_f64(t: torch.Tensor) -> torch.Tensor:
    return t.detach().to("cpu", torch.float64)


# ---------------------------------------------------------------------------------- exercises
class Exercise:
    """One exercise: ``check`` the reader's answer, ``hint`` one more hint per call,
    ``solution`` prints a worked solution. The last verdict is in ``verdict``."""

    name = ""
    chapter = 0
    what = ("function", "函数")
    signature = ""
    hints: tuple = ()
    solution_code = ""
    layout = ("", "")
    callable_answer = True

    def __init__(self):
        self._hints_given = 0
        self.verdict: Verdict | None = None

    def __repr__(self):
        return f"gru_viz.exercise({self.name!r})"

    # ---------------------------------------------------------------- public
    def hint(self) -> None:
        """Print the next hint (one more per call)."""
        if self._hints_given >= len(self.hints):
            print(_msg("no_more_hints"))
            return
        self._hints_given += 1
        print(_msg("hint", k=self._hints_given, n=len(self.hints),
                   text=_tr(self.hints[self._hints_given - 1])))

    def solution(self) -> None:
        """Print a worked solution's code."""
        print(_msg("solution", name=self.name))
        print(self.solution_code.strip("\n"))

    def check(self, answer) -> None:
        """Check ``answer`` and print the verdict (also kept in ``verdict``)."""
        what = _tr(self.what)
        if _has_blank(answer):
            self.verdict = Verdict("not_attempted", None, _msg("not_attempted", what=what))
        else:
            try:
                # The checker's own random numbers (nn.GRU's initialisation) must not move the
                # reader's: the global generator is put back as it was.
                with torch.random.fork_rng(devices=[]):
                    summary = self._check(answer)
                self.verdict = Verdict("correct", None, _msg("correct", what=what, **summary))
            except _Wrong as wrong:
                self.verdict = Verdict("wrong", wrong.mistake, _msg("wrong", detail=wrong.detail))
        print(self.verdict.message)

    # ---------------------------------------------------------------- machinery
    def cases(self) -> list[Case]:
        raise NotImplementedError

    def normalize(self, value, case: Case):
        """The reader's return value as a tuple of tensors (raises ``_Wrong``)."""
        raise NotImplementedError

    def names(self) -> tuple:
        """What each normalized tensor is called in messages."""
        return (("your result", "你的结果"),)

    def call(self, answer, case: Case):
        return answer(*case.make_args())

    def _check(self, answer):
        if self.callable_answer and not callable(answer):
            raise _Wrong("type", _msg("not_callable", signature=self.signature,
                                       got=_describe(answer)))
        cases = self.cases()
        passed = []
        for case in cases:
            if self.callable_answer:
                status, value = _call(self.call, (answer, case), {}, TIME_LIMIT)
            else:
                status, value = "ok", answer
            if status == "timeout":
                extra = _msg("timeout_stuck") if value else ""
                raise _Wrong("timeout", _msg("timeout", limit=TIME_LIMIT, case=case.label)
                             + extra)
            if status == "raised":
                exc_name = type(value).__name__
                detail = _msg("raised", exc=exc_name, case=case.label, tb=_trimmed_traceback(value))
                mistake, extra = self.explain_raise(value, case, passed)
                raise _Wrong(mistake, detail + extra)
            got = self.normalize(value, case)
            self.compare(got, case)
            passed.append(case)
        batches = sorted({c.info.get("batch") for c in cases if c.info.get("batch")})
        cuda = any(c.device == "cuda" for c in cases)
        return {"n": len(cases), "cases": _msg(
            "case_summary", cuda=_msg("cuda") if cuda else "",
            batches=_tr((", ", "、")).join(map(str, batches)))}

    def explain_raise(self, exc, case, passed):
        """(mistake, extra sentence) for an exception of the reader's code, given the cases
        it passed before."""
        try:
            text = str(exc)
        except Exception:  # noqa: BLE001 - a reader's exception may fail to print
            text = ""
        frames = traceback.extract_tb(exc.__traceback__)
        if isinstance(exc, TypeError) and not any(_is_reader_frame(f.filename) for f in frames):
            return "signature", _msg("signature", signature=self.signature)
        if any(c.info.get("square") for c in passed) and isinstance(exc, RuntimeError) \
                and self.layout[0] and ("mat1 and mat2" in text or "cannot be multiplied" in text):
            return "transposed", _msg("shape_error_layout", layout=_tr(self.layout))
        return "raised", ""

    def compare(self, got: tuple, case: Case):
        names = self.names()
        want = case.expected if isinstance(case.expected, tuple) else (case.expected,)
        for i, (g, w) in enumerate(zip(got, want)):
            name = _tr(names[min(i, len(names) - 1)])
            if g.dtype != case.dtype:
                raise _Wrong("dtype", _msg("bad_dtype", name=name, case=case.label,
                                           want=str(case.dtype).replace("torch.", ""),
                                           got=str(g.dtype).replace("torch.", "")))
            if g.device.type != torch.device(case.device).type:
                raise _Wrong("device", _msg("bad_device", name=name, case=case.label,
                                            want=case.device, got=g.device.type))
            if tuple(g.shape) != tuple(w.shape):
                raise _Wrong("shape", _msg("bad_shape", name=name, case=case.label,
                                           want=tuple(w.shape), got=tuple(g.shape)))
            if not bool(torch.isfinite(g).all()):
                raise _Wrong("nan", _msg("nan", name=name, case=case.label))
        tol = _tol(case.dtype)
        got64 = tuple(_as_f64(g) for g in got)
        bad = [i for i, (g, w) in enumerate(zip(got64, want)) if not _close(g, w, tol)]
        if not bad:
            return
        i = bad[0]
        name = _tr(names[min(i, len(names) - 1)])
        for key, variant in case.variants.items():
            var = variant if isinstance(variant, tuple) else (variant,)
            if len(var) == len(got64) and all(_close(g, v, tol) for g, v in zip(got64, var)):
                raise _Wrong(key, _msg("mistake", name=name, case=case.label,
                                       why=_tr(self.mistakes()[key])))
        diff = (got64[i] - want[i]).abs()
        index = tuple(int(j) for j in torch.nonzero(diff > tol * (1 + want[i].abs()))[0])
        raise _Wrong("mismatch", _msg("mismatch", name=name, case=case.label,
                                      diff=float(diff.max()), tol=tol,
                                      dtype=str(case.dtype).replace("torch.", ""),
                                      where=_msg("mismatch_where", index=list(index))
                                      if index else ""))

    def mistakes(self) -> dict:
        return {}

    def _tensor(self, value, case, name_pair):
        if isinstance(value, torch.Tensor):
            return value
        want = _tr(("a tensor", "一个张量"))
        raise _Wrong("type", _msg("bad_type", want=want, case=case.label,
                                  got=_describe(value)))


# ------------------------------------------------------------------ shared GRU mistakes
_FORM_D2L = ("this book's (d2l's) form is H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t and "
             "H̃_t = tanh(X W_xh + (R ⊙ H_{t−1}) W_hh + b_h)",
             "本书（d2l）的写法是 H_t = Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t，"
             "H̃_t = tanh(X W_xh + (R ⊙ H_{t−1}) W_hh + b_h)")

D2L_MISTAKES = {
    "chung": ("your H_t uses Z for the candidate and 1 − Z for the old state: that is Chung's "
              "form (Z roles swapped); " + _FORM_D2L[0] + ", so Z = 1 keeps the old state.",
              "你的 H_t 用 Z 乘候选隐状态、用 1 − Z 乘旧的隐状态：这是 Chung 等人的写法（Z 的作用对调了）；"
              + _FORM_D2L[1] + "，所以 Z = 1 时保留旧的隐状态。"),
    "reset_after": ("your candidate multiplies R after the matrix product, R ⊙ (H_{t−1} W_hh): "
                    "that is PyTorch's form (nn.GRU); d2l's resets the state before the "
                    "product, (R ⊙ H_{t−1}) W_hh.",
                    "你的候选隐状态在矩阵乘法之后才乘 R，即 R ⊙ (H_{t−1} W_hh)：这是 PyTorch 的写法"
                    "（nn.GRU）；d2l 的写法在矩阵乘法之前重置隐状态，即 (R ⊙ H_{t−1}) W_hh。"),
    "reset_after_bias_inside": ("your candidate is tanh(X W_xh + R ⊙ (H_{t−1} W_hh + b_h)): "
                                "the reset gate after the product, with the bias inside it, "
                                "as in PyTorch's form; d2l's is tanh(X W_xh + (R ⊙ H_{t−1}) "
                                "W_hh + b_h).",
                                "你的候选隐状态是 tanh(X W_xh + R ⊙ (H_{t−1} W_hh + b_h))：像 PyTorch "
                                "的写法那样在矩阵乘法之后重置，偏置也在里面；d2l 的写法是 "
                                "tanh(X W_xh + (R ⊙ H_{t−1}) W_hh + b_h)。"),
    "no_bias_r": ("the reset gate has no bias: add b_r inside its sigmoid.",
                  "重置门缺少偏置：在它的 sigmoid 里加上 b_r。"),
    "no_bias_z": ("the update gate has no bias: add b_z inside its sigmoid.",
                  "更新门缺少偏置：在它的 sigmoid 里加上 b_z。"),
    "no_bias_h": ("the candidate has no bias: add b_h inside its tanh.",
                  "候选隐状态缺少偏置：在它的 tanh 里加上 b_h。"),
    "no_bias": ("no bias at all: add b_r, b_z and b_h.", "一个偏置都没有：请加上 b_r、b_z 和 b_h。"),
    "transposed_h": ("the state-to-state weights are used transposed (H @ W.T, or W @ H): in "
                     "d2l's layout a row vector is multiplied on the right, H_{t−1} @ W_h*.",
                     "隐状态到隐状态的权重被转置了（写成了 H @ W.T 或 W @ H）：在 d2l 的布局里，"
                     "行向量从右边乘权重，即 H_{t−1} @ W_h*。"),
    "transposed_x": ("the input weights are used transposed: in d2l's layout W_x* has shape "
                     "(num_inputs, num_hiddens) and the input multiplies it from the left, "
                     "X @ W_x*.",
                     "输入权重被转置了：在 d2l 的布局里 W_x* 的形状是 (num_inputs, num_hiddens)，"
                     "输入从左边乘它，即 X @ W_x*。"),
    "transposed_all": ("every weight is used transposed: in d2l's layout inputs and states are "
                       "rows multiplied on the right, X @ W_x* and H_{t−1} @ W_h*.",
                       "所有权重都被转置了：在 d2l 的布局里，输入和隐状态都是行向量，从右边乘权重："
                       "X @ W_x* 与 H_{t−1} @ W_h*。"),
    "r_z_swapped": ("the reset gate and the update gate are exchanged: R is computed from "
                    "W_xr, W_hr, b_r and scales H_{t−1} inside the candidate; Z from W_xz, W_hz, "
                    "b_z mixes the old state and the candidate.",
                    "重置门和更新门用反了：R 由 W_xr、W_hr、b_r 计算，在候选隐状态里缩放 H_{t−1}；"
                    "Z 由 W_xz、W_hz、b_z 计算，负责混合旧的隐状态和候选隐状态。"),
    "no_reset": ("the reset gate is missing from the candidate: it must scale the old state, "
                 "(R ⊙ H_{t−1}) W_hh.", "候选隐状态里没有重置门：它要缩放旧的隐状态，即 (R ⊙ H_{t−1}) W_hh。"),
    "candidate_only": ("the new state is just the candidate (as if Z = 0): mix it with the old "
                       "state, Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t.",
                       "新的隐状态只是候选隐状态（相当于 Z = 0）：要把它和旧的隐状态混合，"
                       "即 Z ⊙ H_{t−1} + (1 − Z) ⊙ H̃_t。"),
}

_D2L_LAYOUT = ("d2l's layout: W_x* is (num_inputs, num_hiddens), W_h* is (num_hiddens, "
               "num_hiddens), and you write X @ W_x* + H @ W_h*",
               "d2l 的布局：W_x* 的形状是 (num_inputs, num_hiddens)，W_h* 是 (num_hiddens, "
               "num_hiddens)，写作 X @ W_x* + H @ W_h*")


def _random_d2l(d, h, seed, dtype):
    """Nine d2l-layout tensors (weights, then input-side biases b_r, b_z, b_h) in ``dtype``."""
    g = torch.Generator().manual_seed(seed)
    shapes = [(d, h)] * 3 + [(h, h)] * 3 + [(h,)] * 3
    return [(torch.randn(s, generator=g, dtype=torch.float64) * 0.7).to(dtype) for s in shapes]


def _params(W):
    """GRUParams in float64 from the nine d2l tensors [W_xr, W_xz, W_xh, W_hr, W_hz, W_hh,
    b_r, b_z, b_h] (any dtype: the rounded values, computed exactly in float64)."""
    return GRUParams.from_tensors(*(_as_f64(w) for w in W))


def _d2l_variants(W, run):
    """Known-wrong variants of a d2l-form computation: ``run(params, convention, **gates)``
    computes the reference with gru_viz; each variant changes the parameters or the form."""
    p = _params(W)
    zero = torch.zeros_like(p.b_xr)
    T = lambda t: t.T.contiguous()  # noqa: E731
    out = {
        "chung": run(p, "chung"),
        "reset_after": run(p, "pytorch"),   # b_h stays input-side (b_xh), b_hh = 0
        "reset_after_bias_inside": run(replace(p, b_xh=zero, b_hh=p.b_xh), "pytorch"),
        "no_bias": run(replace(p, b_xr=zero, b_xz=zero, b_xh=zero), "d2l"),
        "no_bias_r": run(replace(p, b_xr=zero), "d2l"),
        "no_bias_z": run(replace(p, b_xz=zero), "d2l"),
        "no_bias_h": run(replace(p, b_xh=zero), "d2l"),
        "r_z_swapped": run(replace(p, W_xr=p.W_xz, W_xz=p.W_xr, W_hr=p.W_hz, W_hz=p.W_hr,
                                   b_xr=p.b_xz, b_xz=p.b_xr), "d2l"),
        "transposed_h": run(replace(p, W_hr=T(p.W_hr), W_hz=T(p.W_hz), W_hh=T(p.W_hh)), "d2l"),
        "no_reset": run(p, "d2l", R=1.0),
        "candidate_only": run(p, "d2l", Z=0.0),
    }
    if p.num_inputs == p.num_hiddens:
        out["transposed_x"] = run(replace(p, W_xr=T(p.W_xr), W_xz=T(p.W_xz), W_xh=T(p.W_xh)),
                                  "d2l")
        out["transposed_all"] = run(replace(p, W_xr=T(p.W_xr), W_xz=T(p.W_xz), W_xh=T(p.W_xh),
                                            W_hr=T(p.W_hr), W_hz=T(p.W_hz), W_hh=T(p.W_hh)),
                                    "d2l")
    return out


def _grid():
    """(dtype, device, batch, num_inputs, num_hiddens, seed) of the random cases: a square case
    first (input size = hidden size, so transposed weights give numbers rather than an error
    and can be named), then others, float32 and float64, and CUDA when there is one."""
    grid = [(torch.float64, "cpu", 2, 3, 3, 11), (torch.float32, "cpu", 3, 4, 5, 12),
            (torch.float64, "cpu", 1, 5, 2, 13), (torch.float32, "cpu", 4, 2, 3, 14)]
    if torch.cuda.is_available():
        grid += [(torch.float32, "cuda", 3, 4, 5, 15), (torch.float64, "cuda", 2, 3, 4, 16)]
    return grid


# ------------------------------------------------------------------ chapter 1: one GRU step
class GRUStepExercise(Exercise):
    name = "gru-step"
    chapter = 1
    what = ("GRU step", "单步 GRU 函数")
    signature = "gru_step_by_hand(X, H_prev, W_xr, W_xz, W_xh, W_hr, W_hz, W_hh, b_r, b_z, b_h)"
    layout = _D2L_LAYOUT
    hints = (
        ("Both gates are sigmoids of the same kind of sum: R = torch.sigmoid(X @ W_xr + "
         "H_prev @ W_hr + b_r), and Z likewise with the z weights.",
         "两个门都是同一种和的 sigmoid：R = torch.sigmoid(X @ W_xr + H_prev @ W_hr + b_r)，"
         "Z 用 z 的参数照样计算。"),
        ("The reset gate scales the old state before it meets W_hh: (R * H_prev) @ W_hh.",
         "重置门在旧的隐状态乘 W_hh 之前缩放它：(R * H_prev) @ W_hh。"),
        ("In this book Z = 1 keeps the old state: H = Z * H_prev + (1 - Z) * H_tilde.",
         "本书中 Z = 1 表示保留旧的隐状态：H = Z * H_prev + (1 - Z) * H_tilde。"),
    )
    solution_code = '''
def gru_step_by_hand(X, H_prev, W_xr, W_xz, W_xh, W_hr, W_hz, W_hh, b_r, b_z, b_h):
    R = torch.sigmoid(X @ W_xr + H_prev @ W_hr + b_r)            # reset gate
    Z = torch.sigmoid(X @ W_xz + H_prev @ W_hz + b_z)            # update gate
    H_tilde = torch.tanh(X @ W_xh + (R * H_prev) @ W_hh + b_h)   # candidate
    return Z * H_prev + (1 - Z) * H_tilde                        # new state
'''

    def mistakes(self):
        return D2L_MISTAKES

    def cases(self):
        cases = []
        for dtype, device, n, d, h, seed in _grid():
            W = _random_d2l(d, h, seed, dtype)
            g = torch.Generator().manual_seed(seed + 100)
            X = torch.randn(n, d, generator=g, dtype=torch.float64).to(dtype)
            H = (torch.rand(n, h, generator=g, dtype=torch.float64) * 2 - 1).to(dtype)

            def run(p, conv, X=X, H=H, **gates):
                return gru_step(_as_f64(X), _as_f64(H), p, conv, **gates).H

            def make(X=X, H=H, W=W, device=device):
                return tuple(t.clone().to(device) for t in [X, H, *W])

            cases.append(Case(_case_label(dtype, device, _shape_text(n, d, h)), make,
                              run(_params(W), "d2l"), _d2l_variants(W, run), dtype, device,
                              {"batch": n, "square": d == h}))
        return cases

    def normalize(self, value, case):
        return (self._tensor(value, case, None),)

    def names(self):
        return (("your new state H_t", "你算出的新隐状态"),)


# ------------------------------------------------------------------ chapter 2: GRUScratch.forward
class _Holder(nn.Module):
    """Stands in for ``self``: the parameters as attributes, like the book's scratch classes."""


def _holder(names, tensors, num_inputs, num_hiddens):
    obj = _Holder()
    for name, t in zip(names, tensors):
        setattr(obj, name, nn.Parameter(t, requires_grad=False))
    obj.num_inputs, obj.num_hiddens = num_inputs, num_hiddens
    return obj


_SCRATCH_NAMES = ("W_xr", "W_xz", "W_xh", "W_hr", "W_hz", "W_hh", "b_r", "b_z", "b_h")


def _method(answer, name):
    """A function from the reader: a plain function, the method ``name`` of a class or of an
    object, or a bound method (its function: ``self`` is the checker's)."""
    if isinstance(answer, types.MethodType):
        return answer.__func__
    if isinstance(answer, type):
        return getattr(answer, name, None)
    if isinstance(answer, nn.Module):
        return getattr(type(answer), name, None)
    return answer


class ScratchForwardExercise(Exercise):
    name = "gru-scratch-forward"
    chapter = 2
    what = ("forward", "forward 前向传播方法")
    signature = "forward(self, inputs, H=None) (or a class with that method)"
    layout = _D2L_LAYOUT
    hints = (
        ("With H=None, start from zeros of shape (batch_size, num_hiddens): the batch size is "
         "inputs.shape[1] (time comes first), and the zeros take the inputs' dtype and device.",
         "H=None 时从形状为 (批量大小, num_hiddens) 的全零张量开始：批量大小是 inputs.shape[1]"
         "（时间维在前），全零张量要用输入的 dtype 和 device。"),
        ("Loop over time steps with `for X in inputs:`; each X is (batch_size, num_inputs). "
         "Compute Z, R, H_tilde and the new H as in chapter 1, and append H to outputs.",
         "用 `for X in inputs:` 逐个时间步循环；每个 X 的形状是 (批量大小, num_inputs)。"
         "像第 1 章那样计算 Z、R、H_tilde 和新的 H，再把 H 追加到 outputs。"),
        ("Return torch.stack(outputs) (shape (num_steps, batch_size, num_hiddens)) and the last H.",
         "返回 torch.stack(outputs)（形状为 (时间步数, 批量大小, num_hiddens)）和最后的 H。"),
    )
    solution_code = '''
def scratch_forward(self, inputs, H=None):
    if H is None:  # initial state: zeros, on the inputs' device, in their dtype
        H = torch.zeros((inputs.shape[1], self.num_hiddens), device=inputs.device,
                        dtype=inputs.dtype)
    outputs = []
    for X in inputs:
        Z = torch.sigmoid(X @ self.W_xz + H @ self.W_hz + self.b_z)
        R = torch.sigmoid(X @ self.W_xr + H @ self.W_hr + self.b_r)
        H_tilde = torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh + self.b_h)
        H = Z * H + (1 - Z) * H_tilde
        outputs.append(H)
    return torch.stack(outputs), H
'''

    def mistakes(self):
        return {**D2L_MISTAKES,
                "ignores_H": ("your forward ignores the H it is given and starts from zeros: "
                              "use H when it is not None.",
                              "你的 forward 忽略了传入的 H，总是从全零开始：H 不是 None 时要用它。"),
                "final_state": ("the outputs are right but the returned state is not the last "
                                "one: return the H after the last time step (outputs[-1]).",
                                "outputs 是对的，但返回的隐状态不是最后一个：要返回最后一个时间步之后的 H"
                                "（即 outputs[-1]）。"),
                "batch_first": ("your code reads the inputs batch first; d2l's are time first, "
                                "(num_steps, batch_size, num_inputs): loop with `for X in "
                                "inputs` and take the batch size from inputs.shape[1].",
                                "你的代码把输入当成了批量维在前；d2l 的输入是时间维在前，即 (时间步数, "
                                "批量大小, num_inputs)：用 `for X in inputs` 循环，批量大小取 "
                                "inputs.shape[1]。")}

    def call(self, answer, case):
        fn = _method(answer, "forward")
        holder, inputs, H0 = case.make_args()
        if H0 is None:
            return fn(holder, inputs)
        return fn(holder, inputs, H0)

    def _check(self, answer):
        if isinstance(answer, type) and not callable(getattr(answer, "forward", None)):
            raise _Wrong("type", _msg("not_callable", signature=self.signature,
                                       got=_describe(answer)))
        return super()._check(answer)

    def cases(self):
        cases = []
        for k, (dtype, device, n, d, h, seed) in enumerate(_grid()):
            T = 4 + k % 3
            W = _random_d2l(d, h, seed, dtype)
            g = torch.Generator().manual_seed(seed + 200)
            X = torch.randn(T, n, d, generator=g, dtype=torch.float64).to(dtype)
            H0 = None if k % 4 in (1, 2) else (torch.rand(n, h, generator=g, dtype=torch.float64)
                                     * 2 - 1).to(dtype)

            def run(p, conv, X=X, H0=H0, **gates):
                tr = gru_sequence(_as_f64(X), p, None if H0 is None else _as_f64(H0), conv,
                                  **gates)
                return tr.H, tr.H[-1]

            def make(X=X, H0=H0, W=W, device=device, d=d, h=h):
                holder = _holder(_SCRATCH_NAMES, [w.clone().to(device) for w in W], d, h)
                return holder, X.clone().to(device), None if H0 is None else H0.clone().to(device)

            variants = _d2l_variants(W, run)
            ref = run(_params(W), "d2l")
            if H0 is not None:
                p = _params(W)
                variants["ignores_H"] = gru_sequence(_as_f64(X), p, None, "d2l").H
                variants["ignores_H"] = (variants["ignores_H"], variants["ignores_H"][-1])
            variants["final_state"] = (ref[0], ref[0][0])
            shape = _shape_text(n, d, h, T)
            cases.append(Case(_case_label(dtype, device, shape), make, ref, variants, dtype,
                              device, {"batch": n, "square": d == h, "T": T,
                                       "H0_none": H0 is None}))
        return cases

    def normalize(self, value, case):
        if not (isinstance(value, tuple) and len(value) == 2):
            want = _tr(("a pair (outputs, H)", "一个二元组 (outputs, H)"))
            raise _Wrong("type", _msg("bad_type", want=want, case=case.label,
                                      got=_describe(value)))
        outputs, H = value
        if isinstance(outputs, list):
            want = _tr(("outputs as one tensor (torch.stack(outputs))",
                        "outputs 为一个张量（torch.stack(outputs)）"))
            raise _Wrong("type", _msg("bad_type", want=want, case=case.label,
                                      got=_describe(outputs)))
        outputs, H = self._tensor(outputs, case, None), self._tensor(H, case, None)
        T, n = case.info["T"], case.info["batch"]
        if outputs.dim() == 3 and tuple(outputs.shape[:2]) == (n, T) and T != n:
            raise _Wrong("batch_first", _msg("mistake", name="outputs", case=case.label,
                                              why=_tr(self.mistakes()["batch_first"])))
        return outputs, H

    def names(self):
        return (("outputs", "outputs"), ("the returned state H", "返回的隐状态 H"))

    def explain_raise(self, exc, case, passed):
        # Right when given H, failing without it: the initial state is at fault.
        if case.info.get("H0_none") and any(not c.info.get("H0_none") for c in passed):
            return "initial_state", _msg("init_state")
        return super().explain_raise(exc, case, passed)


# ------------------------------------------------------------------ chapter 3: PyTorch's form
_ORDERS = [o for o in itertools.permutations("rzn") if o != ("r", "z", "n")]


def _nn_cell(weights, dtype):
    """An ``nn.GRUCell`` in float64 holding ``weights`` = (weight_ih, weight_hh, bias_ih,
    bias_hh), as gru_viz reads nn.GRU's weights."""
    w_ih, w_hh, b_ih, b_hh = (_as_f64(w) for w in weights)
    cell = nn.GRUCell(w_ih.shape[1], w_hh.shape[1]).double()
    with torch.no_grad():
        for name, w in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
                           (w_ih, w_hh, b_ih, b_hh)):
            getattr(cell, name).copy_(w)
    return GRUParams.from_nn_gru(cell)


def _reorder(w, order, h):
    """The stacked tensor ``w`` read as if its blocks were stacked in ``order``: the reader's
    block named ``order[i]`` is nn.GRU's block i."""
    blocks = dict(zip(order, w.split(h)))
    return torch.cat([blocks["r"], blocks["z"], blocks["n"]])


class PyTorchCellExercise(Exercise):
    name = "pytorch-cell"
    chapter = 3
    what = ("GRU cell in PyTorch's form", "PyTorch 写法的 GRU 单元")
    signature = "gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh)"
    layout = ("nn.GRU's layout: weight_ih is (3·hidden_size, input_size), stacked [r | z | n]; "
              "a row vector x multiplies it transposed, x @ W_ir.T",
              "nn.GRU 的布局：weight_ih 的形状是 (3·hidden_size, input_size)，按 [r | z | n] 堆叠；"
              "行向量 x 要乘它的转置，即 x @ W_ir.T")
    hints = (
        ("nn.GRU stacks the three blocks [r | z | n] along the first axis: "
         "W_ir, W_iz, W_in = weight_ih.chunk(3), and the same for weight_hh and both biases.",
         "nn.GRU 沿第一个轴按 [r | z | n] 堆叠三个块：W_ir, W_iz, W_in = weight_ih.chunk(3)，"
         "weight_hh 和两个偏置也一样拆分。"),
        ("Each block is stored transposed relative to d2l: x @ W_ir.T + b_ir + h @ W_hr.T + b_hr.",
         "每个块相对 d2l 都是转置存放的：x @ W_ir.T + b_ir + h @ W_hr.T + b_hr。"),
        ("PyTorch resets after the product, bias included: n = tanh(x @ W_in.T + b_in + "
         "r * (h @ W_hn.T + b_hn)); then h' = (1 - z) * n + z * h.",
         "PyTorch 在矩阵乘法之后重置，连偏置一起：n = tanh(x @ W_in.T + b_in + "
         "r * (h @ W_hn.T + b_hn))；然后 h' = (1 - z) * n + z * h。"),
    )
    solution_code = '''
def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    W_ir, W_iz, W_in = weight_ih.chunk(3)      # nn.GRU stacks the blocks [r | z | n]
    W_hr, W_hz, W_hn = weight_hh.chunk(3)
    b_ir, b_iz, b_in = bias_ih.chunk(3)
    b_hr, b_hz, b_hn = bias_hh.chunk(3)
    r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))   # reset after the product
    return (1 - z) * n + z * h
'''

    def mistakes(self):
        out = {
            "reset_before": ("your candidate resets the state before the product, "
                             "(r ⊙ h) W_hn, with b_hn outside: that is d2l's form; PyTorch's "
                             "is n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)).",
                             "你的候选隐状态在矩阵乘法之前重置，即 (r ⊙ h) W_hn，而 b_hn 在外面：这是 d2l "
                             "的写法；PyTorch 的写法是 n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn))。"),
            "b_hn_outside": ("b_hn is outside the reset product: in PyTorch's form r scales "
                             "(h W_hn + b_hn), bias included.",
                             "b_hn 放在了重置的乘积之外：PyTorch 的写法里 r 缩放的是 (h W_hn + b_hn)，"
                             "包括偏置。"),
            "chung": ("your h' uses z for the candidate and 1 − z for the old state: that is "
                      "Chung's form (z roles swapped); nn.GRU computes h' = (1 − z) ⊙ n + z ⊙ h.",
                      "你的 h' 用 z 乘候选隐状态、用 1 − z 乘旧的隐状态：这是 Chung 等人的写法"
                      "（z 的作用对调了）；nn.GRU 计算的是 h' = (1 − z) ⊙ n + z ⊙ h。"),
            "no_bias_hh": ("bias_hh is missing: nn.GRU adds both bias_ih and bias_hh.",
                           "缺少 bias_hh：nn.GRU 同时加 bias_ih 和 bias_hh。"),
            "no_bias_ih": ("bias_ih is missing: nn.GRU adds both bias_ih and bias_hh.",
                           "缺少 bias_ih：nn.GRU 同时加 bias_ih 和 bias_hh。"),
            "no_bias": ("both biases are missing: nn.GRU adds bias_ih and bias_hh.",
                        "两个偏置都没有：nn.GRU 要加 bias_ih 和 bias_hh。"),
            "transposed_ih": ("the input blocks are used untransposed: nn.GRU stores W_ir as "
                              "(hidden_size, input_size), so x @ W_ir.T.",
                              "输入块没有转置：nn.GRU 存放的 W_ir 形状是 (hidden_size, input_size)，"
                              "所以要写 x @ W_ir.T。"),
            "transposed_hh": ("the state blocks are used untransposed: write h @ W_hr.T "
                              "(nn.GRU stores each block as (out, in)).",
                              "隐状态块没有转置：要写 h @ W_hr.T（nn.GRU 的每个块都按 (输出, 输入) 存放）。"),
            "transposed_both": ("every block is used untransposed: nn.GRU stores (out, in), so "
                                "x @ W_ir.T and h @ W_hr.T.",
                                "所有块都没有转置：nn.GRU 按 (输出, 输入) 存放，所以要写 x @ W_ir.T 和 "
                                "h @ W_hr.T。"),
        }
        for order in _ORDERS:
            o = "|".join(order)
            out["order_" + "".join(order)] = (
                f"you read the stacked blocks as [{o}]; nn.GRU stacks them [r|z|n] (reset, "
                "update, candidate; d2l's scratch code lists them z, r, h, which is not "
                "nn.GRU's order).",
                f"你把堆叠的块当成了 [{o}]；nn.GRU 的顺序是 [r|z|n]（重置门、更新门、候选隐状态；"
                "d2l 从零开始实现里按 z、r、h 的顺序定义参数，但那不是 nn.GRU 的顺序）。")
        return out

    def cases(self):
        cases = []
        for dtype, device, n, d, h, seed in _grid():
            g = torch.Generator().manual_seed(seed + 300)
            rnd = lambda *s: (torch.randn(*s, generator=g, dtype=torch.float64) * 0.7  # noqa
                              ).to(dtype)
            weights = (rnd(3 * h, d), rnd(3 * h, h), rnd(3 * h), rnd(3 * h))
            x, hh = rnd(n, d), rnd(n, h).clamp(-1, 1)
            xs, hs = _as_f64(x), _as_f64(hh)

            def run(w, conv="pytorch", xs=xs, hs=hs):
                return gru_step(xs, hs, _nn_cell(w, dtype), conv).H

            w_ih, w_hh, b_ih, b_hh = weights
            zero = torch.zeros_like(b_ih)
            p = _nn_cell(weights, dtype)
            neg_z = replace(p, W_xz=-p.W_xz, W_hz=-p.W_hz, b_xz=-p.b_xz, b_hz=-p.b_hz)
            blockT = lambda w: torch.cat([b.T for b in w.split(h)])  # noqa: E731
            variants = {
                "reset_before": run(weights, "d2l"),
                "b_hn_outside": gru_step(xs, hs, replace(p, b_xh=p.b_xh + p.b_hh,
                                                         b_hh=torch.zeros_like(p.b_hh)),
                                         "pytorch").H,
                "chung": gru_step(xs, hs, neg_z, "pytorch").H,  # 1 − σ(a) = σ(−a)
                "no_bias_hh": run((w_ih, w_hh, b_ih, zero)),
                "no_bias_ih": run((w_ih, w_hh, zero, b_hh)),
                "no_bias": run((w_ih, w_hh, zero, zero)),
                "transposed_hh": run((w_ih, blockT(w_hh), b_ih, b_hh)),
            }
            if d == h:
                variants["transposed_ih"] = run((blockT(w_ih), w_hh, b_ih, b_hh))
                variants["transposed_both"] = run((blockT(w_ih), blockT(w_hh), b_ih, b_hh))
            for order in _ORDERS:
                variants["order_" + "".join(order)] = run(tuple(_reorder(w, order, h)
                                                                for w in weights))

            def make(x=x, hh=hh, weights=weights, device=device):
                return tuple(t.clone().to(device) for t in (x, hh, *weights))

            cases.append(Case(_case_label(dtype, device, _shape_text(n, d, h)), make,
                              run(weights), variants, dtype, device,
                              {"batch": n, "square": d == h}))
        return cases

    def normalize(self, value, case):
        return (self._tensor(value, case, None),)

    def names(self):
        return (("your new state h'", "你算出的新隐状态"),)


# ------------------------------------------------------------------ chapter 4: shapes
SHAPE_QUIZ = {
    "A": dict(gru=dict(input_size=6, hidden_size=10, num_layers=2), input=(7, 4, 6)),
    "B": dict(gru=dict(input_size=6, hidden_size=10, num_layers=3, bidirectional=True,
                       batch_first=True), input=(4, 7, 6)),
    "C": dict(gru=dict(input_size=6, hidden_size=10, bidirectional=True), input=(7, 6)),
}


class ShapeQuizExercise(Exercise):
    name = "shape-quiz"
    chapter = 4
    what = ("answer to the shape quiz", "形状测验答案")
    callable_answer = False
    signature = "{'A': {'output': (...), 'h_n': (...)}, 'B': ..., 'C': ...}"
    hints = (
        ("output follows the input's layout (time first, batch first with batch_first=True, no "
         "batch axis for unbatched input) and holds the top layer's states of both directions: "
         "its last axis is D · hidden_size.",
         "output 跟随输入的布局（默认时间维在前，batch_first=True 时批量维在前，未分批的输入没有批量维），"
         "保存最顶层两个方向的隐状态：最后一维是 D · hidden_size。"),
        ("h_n is (D · num_layers, N, hidden_size) whatever batch_first says; for unbatched input "
         "it loses the N axis.",
         "不论 batch_first 取什么，h_n 的形状都是 (D · num_layers, N, hidden_size)；未分批的输入没有 N 这一维。"),
        ("D = 2 for a bidirectional GRU, 1 otherwise. Check your answers by running the three "
         "GRUs: nn.GRU(**settings)(torch.randn(*input_shape)).",
         "双向 GRU 的 D = 2，否则 D = 1。可以实际运行这三个 GRU 来验证："
         "nn.GRU(**settings)(torch.randn(*input_shape))。"),
    )
    solution_code = '''
shape_answers = {
    'A': {'output': (7, 4, 10), 'h_n': (2, 4, 10)},
    'B': {'output': (4, 7, 20), 'h_n': (6, 4, 10)},
    'C': {'output': (7, 20), 'h_n': (2, 10)},
}
'''

    def question(self) -> str:
        return "\n".join(f"{k}: nn.GRU({', '.join(f'{a}={v}' for a, v in s['gru'].items())}), "
                         f"input shape {s['input']}" for k, s in SHAPE_QUIZ.items())

    def _truth(self):
        out = {}
        for key, s in SHAPE_QUIZ.items():
            gru = nn.GRU(**s["gru"])
            with torch.no_grad():
                output, h_n = gru(torch.randn(*s["input"], dtype=gru.weight_ih_l0.dtype))
            out[key] = (tuple(output.shape), tuple(h_n.shape))
        return out

    def _wrongs(self, key):
        """Named wrong shapes for setting ``key`` (output and h_n)."""
        s = SHAPE_QUIZ[key]
        g = s["gru"]
        H, L = g["hidden_size"], g.get("num_layers", 1)
        D = 2 if g.get("bidirectional") else 1
        bf = g.get("batch_first", False)
        unbatched = len(s["input"]) == 2
        if unbatched:
            Lseq, N = s["input"][0], None
        else:
            Lseq, N = (s["input"][1], s["input"][0]) if bf else s["input"][:2]
        lead = (Lseq,) if unbatched else ((N, Lseq) if bf else (Lseq, N))
        swapped = (Lseq,) if unbatched else ((Lseq, N) if bf else (N, Lseq))
        nb = () if unbatched else (N,)
        out_w = {"output_layout": swapped + (D * H,), "output_one_direction": lead + (H,),
                 "output_unbatched": (Lseq, 1, D * H) if unbatched else None}
        h_w = {"h_n_batch_first": (N, D * L, H) if not unbatched else None,
               "h_n_no_D": (L,) + nb + (H,), "h_n_no_layers": (D,) + nb + (H,),
               "h_n_hidden_D": (D * L,) + nb + (D * H,), "h_n_seq": (Lseq,) + nb + (H,),
               "h_n_unbatched": (D * L, 1, H) if unbatched else None}
        return ({k: v for k, v in out_w.items() if v and v != lead + (D * H,)},
                {k: v for k, v in h_w.items() if v and v != (D * L,) + nb + (H,)})

    def mistakes(self):
        return {
            "output_layout": ("output follows the input's layout: time first by default, batch "
                              "first with batch_first=True (you have the two swapped).",
                              "output 跟随输入的布局：默认时间维在前，batch_first=True 时批量维在前"
                              "（你把两者弄反了）。"),
            "output_one_direction": ("output holds both directions of the top layer side by "
                                     "side: its last axis is 2 · hidden_size for a "
                                     "bidirectional GRU.",
                                     "output 把最顶层的两个方向并排存放：双向 GRU 的最后一维是 2 · hidden_size。"),
            "output_unbatched": ("for unbatched input (L, H_in) output has no batch axis: (L, D · "
                                 "hidden_size).",
                                 "未分批的输入 (L, H_in) 得到的 output 没有批量维：(L, D · hidden_size)。"),
            "h_n_batch_first": ("h_n ignores batch_first: it is always (D · num_layers, N, "
                                "hidden_size).",
                                "h_n 不受 batch_first 影响：它总是 (D · num_layers, N, hidden_size)。"),
            "h_n_no_D": ("h_n has one row per layer *and direction*: D · num_layers rows.",
                         "h_n 每个层的每个方向各占一行：共 D · num_layers 行。"),
            "h_n_no_layers": ("h_n has a row for every layer, not only the top one: D · num_layers "
                              "rows.", "h_n 的每一层都有行，不只是最顶层：共 D · num_layers 行。"),
            "h_n_hidden_D": ("each row of h_n is one direction, hidden_size wide; only output "
                             "puts both directions side by side.",
                             "h_n 的每一行只是一个方向，宽度为 hidden_size；只有 output 才把两个方向并排存放。"),
            "h_n_seq": ("h_n holds only the final states, one per layer and direction, not one "
                        "per time step.", "h_n 只保存最终的隐状态，每个层和方向一个，而不是每个时间步一个。"),
            "h_n_unbatched": ("for unbatched input h_n has no batch axis: (D · num_layers, "
                              "hidden_size).",
                              "未分批的输入得到的 h_n 没有批量维：(D · num_layers, hidden_size)。"),
        }

    def _check(self, answer):
        truth = self._truth()
        want_type = _tr(("a dict {'A': {'output': shape, 'h_n': shape}, 'B': ..., 'C': ...}",
                         "一个字典 {'A': {'output': 形状, 'h_n': 形状}, 'B': ..., 'C': ...}"))
        label = _tr(("the shape quiz", "形状测验"))
        if not isinstance(answer, dict) or set(answer) != set(SHAPE_QUIZ):
            raise _Wrong("type", _msg("bad_type", want=want_type, case=label,
                                      got=_describe(answer)))
        for key in SHAPE_QUIZ:
            entry = answer[key]
            if not isinstance(entry, dict) or set(entry) != {"output", "h_n"}:
                raise _Wrong("type", _msg("bad_type", want=want_type, case=f"{label} {key}",
                                          got=_describe(entry)))
            out_w, h_w = self._wrongs(key)
            for part, want, wrongs in (("output", truth[key][0], out_w),
                                       ("h_n", truth[key][1], h_w)):
                got = entry[part]
                if isinstance(got, torch.Size):
                    got = tuple(got)
                ok_type = isinstance(got, (tuple, list)) and all(
                    isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in got)
                setting = self.question().splitlines()[list(SHAPE_QUIZ).index(key)][3:]
                case = _tr((f"{key} ({setting})", f"设置 {key}（{setting}）"))
                part = _tr((part, f"{part} 的形状"))
                if not ok_type:
                    raise _Wrong("type", _msg("bad_type", want=_tr((
                        f"{part} as a tuple of ints", f"{part} 为整数元组")), case=case,
                        got=_describe(got)))
                got = tuple(int(v) for v in got)
                if got == want:
                    continue
                for k, v in wrongs.items():
                    if got == v:
                        raise _Wrong(k, _msg("mistake", name=part, case=case,
                                             why=_tr(self.mistakes()[k])))
                raise _Wrong("shape", _msg("other_shape", name=part, case=case, got=got))
        return {"n": 2 * len(SHAPE_QUIZ), "cases": _tr(("output and h_n of A, B and C",
                                                        "A、B、C 的 output 与 h_n"))}


class LastLayerExercise(Exercise):
    name = "h-n-last-layer"
    chapter = 4
    what = ("last-layer function", "取最后一层的函数")
    signature = "last_layer_both_directions(output, h_n, num_layers)"
    hints = (
        ("Row layer * D + direction of h_n holds that layer's and direction's final state "
         "(D = 2 here): the last layer's rows are the last two.",
         "h_n 的第 layer * D + direction 行保存该层、该方向的最终隐状态（这里 D = 2）：最后一层是最后两行。"),
        ("output[-1] is not the answer: at the last time step the backward direction has only "
         "just started; it finishes at time step 0.",
         "output[-1] 不是答案：在最后一个时间步，反向的计算才刚开始；它在时间步 0 才结束。"),
        ("Concatenate forward then backward along the last axis: torch.cat([h_n[-2], h_n[-1]], "
         "dim=-1), shape (batch_size, 2 · hidden_size).",
         "沿最后一维先接正向、再接反向：torch.cat([h_n[-2], h_n[-1]], dim=-1)，"
         "形状为 (批量大小, 2 · hidden_size)。"),
    )
    solution_code = '''
def last_layer_both_directions(output, h_n, num_layers):
    forward, backward = h_n[-2], h_n[-1]       # rows (num_layers - 1) * 2 + 0 and + 1
    return torch.cat([forward, backward], dim=-1)
'''

    def mistakes(self):
        return {
            "output_last": ("you took output[-1]: its backward half is the backward direction "
                            "after one step only (it runs from the end and finishes at time "
                            "step 0). The final states are in h_n.",
                            "你取的是 output[-1]：其中反向的一半只是反向走了一步后的隐状态（反向从序列末尾"
                            "开始，到时间步 0 才结束）。最终隐状态在 h_n 里。"),
            "output_first": ("you took output[0]: its forward half is the forward direction "
                             "after one step only. The final states are in h_n.",
                             "你取的是 output[0]：其中正向的一半只是正向走了一步后的隐状态。最终隐状态在 h_n 里。"),
            "first_layer": ("these are the first layer's two directions (rows 0 and 1); the last "
                            "layer's are rows 2 · (num_layers − 1) and 2 · (num_layers − 1) + 1.",
                            "这是第一层的两个方向（第 0 行和第 1 行）；最后一层在第 2 · (num_layers − 1) "
                            "行和第 2 · (num_layers − 1) + 1 行。"),
            "direction_major": ("you read h_n as all forward layers, then all backward layers "
                                "(rows num_layers − 1 and 2 · num_layers − 1); it is layer by "
                                "layer, both directions of a layer side by side: row "
                                "layer · 2 + direction.",
                                "你把 h_n 当成了先放所有层的正向、再放所有层的反向（第 num_layers − 1 行和第 "
                                "2 · num_layers − 1 行）；实际上它逐层存放，同一层的两个方向相邻：第 "
                                "layer · 2 + direction 行。"),
            "directions_swapped": ("backward comes first in your result: put the forward "
                                   "direction (row −2) first, as output does.",
                                   "你的结果把反向放在了前面：应像 output 那样先放正向（倒数第 2 行）。"),
            "one_direction": ("your result has only one direction (hidden_size wide): "
                              "concatenate both, 2 · hidden_size.",
                              "你的结果只有一个方向（宽度为 hidden_size）：要把两个方向拼接起来，宽度为 2 · hidden_size。"),
            "stacked": ("you stacked the two directions into a new axis, (2, batch, hidden); "
                        "concatenate them along the last axis instead (torch.cat, dim=-1).",
                        "你把两个方向堆叠成了一个新轴 (2, 批量大小, hidden_size)；应沿最后一维拼接"
                        "（torch.cat，dim=-1）。"),
        }

    def cases(self):
        cases = []
        settings = [(3, 2, 4, 5, torch.float64), (2, 3, 3, 6, torch.float32),
                    (4, 1, 2, 3, torch.float64)]
        for k, (L, n, d, h, dtype) in enumerate(settings):
            for device in _devices():
                torch.manual_seed(400 + k)
                gru = nn.GRU(d, h, num_layers=L, bidirectional=True).to(dtype)
                T = 5 + k
                x = torch.randn(T, n, d, dtype=dtype)
                with torch.no_grad():
                    output, h_n = gru(x)
                gru64 = gru.double()
                with torch.no_grad():
                    out64, _, traces = nn_gru_forward(gru64, _as_f64(x))
                top = L - 1
                ref = torch.cat([traces[(top, 0)].H[-1], traces[(top, 1)].H[0]], -1)
                rows = [traces[(i // 2, i % 2)].H[-1 if i % 2 == 0 else 0] for i in range(2 * L)]
                variants = {
                    "output_last": out64[-1], "output_first": out64[0],
                    "direction_major": torch.cat([rows[L - 1], rows[2 * L - 1]], -1),
                    "directions_swapped": torch.cat([rows[-1], rows[-2]], -1),
                }
                if L > 1:
                    variants["first_layer"] = torch.cat([rows[0], rows[1]], -1)

                def make(output=output, h_n=h_n, L=L, device=device):
                    return output.clone().to(device), h_n.clone().to(device), L

                cases.append(Case(_case_label(dtype, device, _tr((
                    f"{L} layers, bidirectional, batch size {n}, hidden size {h}",
                    f"{L} 层双向、批量大小 {n}、hidden_size {h}"))), make, ref, variants, dtype,
                    device, {"batch": n, "h": h}))
        return cases

    def normalize(self, value, case):
        t = self._tensor(value, case, None)
        n, h = case.info["batch"], case.info["h"]
        if tuple(t.shape) == (n, h):
            raise _Wrong("one_direction", _msg("mistake", name=_tr(self.names()[0]),
                                                case=case.label,
                                                why=_tr(self.mistakes()["one_direction"])))
        if tuple(t.shape) == (2, n, h):
            raise _Wrong("stacked", _msg("mistake", name=_tr(self.names()[0]), case=case.label,
                                         why=_tr(self.mistakes()["stacked"])))
        return (t,)

    def names(self):
        return (("your result", "你的结果"),)


# ------------------------------------------------------------------ chapter 5: the t′ gates
class TPrimeExercise(Exercise):
    name = "t-prime-gates"
    chapter = 5
    what = ("gate schedule", "门取值方案")
    signature = "t_prime_gates(num_steps, t_prime) -> (R, Z), each of num_steps values in [0, 1]"
    hints = (
        ("At t′ the new state must come from X_t′ alone: the candidate must not see H_{t′−1} "
         "(which gate does that?), and the new state must be the candidate (which value of Z?).",
         "在 t′ 处，新的隐状态必须只来自 X_t′：候选隐状态不能看到 H_{t′−1}（哪个门负责这件事？），"
         "新的隐状态必须等于候选隐状态（Z 应取什么值？）。"),
        ("After t′ the state must be kept unchanged up to the last step: in d2l's form Z = 1 "
         "keeps the old state.",
         "t′ 之后，隐状态要原样保留到最后一个时间步：在 d2l 的写法里，Z = 1 表示保留旧的隐状态。"),
        ("R = 0 and Z = 0 at t′, Z = 1 at every step after it; the other values do not matter.",
         "t′ 处 R = 0、Z = 0，之后每个时间步 Z = 1；其余取值无关紧要。"),
    )
    solution_code = '''
def t_prime_gates(num_steps, t_prime):
    R = torch.full((num_steps,), 0.5)     # only R at t' matters
    Z = torch.full((num_steps,), 0.5)     # Z before t' does not matter
    R[t_prime] = 0.0                      # the candidate ignores the earlier state
    Z[t_prime] = 0.0                      # the new state is the candidate
    Z[t_prime + 1:] = 1.0                 # then keep it unchanged
    return R, Z
'''

    def mistakes(self):
        return {
            "chung": ("your Z is 1 at t′ and 0 after it: that is Chung's form, where Z scales "
                      "the candidate. In this book's (d2l's) form Z = 1 keeps the old state, so "
                      "it is Z = 0 at t′ and Z = 1 after.",
                      "你的 Z 在 t′ 处为 1、之后为 0：这是 Chung 等人的写法，其中 Z 缩放候选隐状态。"
                      "在本书（d2l）的写法里 Z = 1 表示保留旧的隐状态，所以应是 t′ 处 Z = 0、之后 Z = 1。"),
            "wrong_after": ("your gates are right at t′ but wrong after it: Z at step {k} is {v} "
                            "(not 1), so the candidate of step {k} leaks into the state and with "
                            "it other inputs.",
                            "你的门在 t′ 处是对的，之后却不对：时间步 {k} 的 Z 是 {v}（不是 1），于是时间步 "
                            "{k} 的候选隐状态混进了隐状态，其他输入也随之混入。"),
            "reset_open": ("R at t′ is {v}, not 0: the candidate at t′ still sees H_{{t′−1}}, "
                           "and through it every earlier input.",
                           "t′ 处的 R 是 {v}，不是 0：t′ 处的候选隐状态仍能看到 H_{{t′−1}}，"
                           "进而看到之前的每个输入。"),
            "update_open": ("Z at t′ is {v}, not 0: part of the old state H_{{t′−1}} survives "
                            "into H_t′, and with it earlier inputs.",
                            "t′ 处的 Z 是 {v}，不是 0：旧的隐状态 H_{{t′−1}} 有一部分留在了 H_t′ 里，"
                            "之前的输入也随之留下。"),
            "off_by_one": ("your schedule is right for t′ = {s} instead of t′ = {tp}: count the "
                           "steps from 0.",
                           "你的方案对应的是 t′ = {s} 而不是 t′ = {tp}：时间步从 0 开始计数。"),
        }

    def cases(self):
        return [(8, 3), (5, 0), (6, 5), (10, 4)]

    @staticmethod
    def _valid(R, Z, tp):
        return R[tp] == 0 and Z[tp] == 0 and bool((Z[tp + 1:] == 1).all())

    def _check(self, answer):
        if not callable(answer):
            raise _Wrong("type", _msg("not_callable", signature=self.signature,
                                       got=_describe(answer)))
        p = GRUParams.random(3, 4, seed=5, dtype=torch.float64)
        g = torch.Generator().manual_seed(6)
        for T, tp in self.cases():
            label = _tr((f"num_steps = {T}, t′ = {tp}", f"（num_steps = {T}，t′ = {tp}）这组情形"))
            status, value = _call(answer, (T, tp), {}, TIME_LIMIT)
            if status == "timeout":
                raise _Wrong("timeout", _msg("timeout", limit=TIME_LIMIT, case=label)
                             + (_msg("timeout_stuck") if value else ""))
            if status == "raised":
                mistake, extra = self.explain_raise(value, None, [])
                raise _Wrong(mistake, _msg("raised", exc=type(value).__name__, case=label,
                                           tb=_trimmed_traceback(value)) + extra)
            if isinstance(value, torch.Tensor) and value.dim() >= 1 and len(value) == 2:
                value = tuple(value)
            if not (isinstance(value, (tuple, list)) and len(value) == 2):
                raise _Wrong("type", _msg("bad_type", want=_tr(("a pair (R, Z)",
                                                                "一个二元组 (R, Z)")),
                                          case=label, got=_describe(value)))
            gates = []
            for name, v in zip("RZ", value):
                try:
                    t = torch.as_tensor(v, dtype=torch.float64).detach().cpu()
                except (TypeError, ValueError, RuntimeError):
                    raise _Wrong("type", _msg("bad_type", want=_tr((
                        f"{name} as {T} numbers", f"{name} 为 {T} 个数")), case=label,
                        got=_describe(v))) from None
                if tuple(t.shape) != (T,):
                    raise _Wrong("shape", _msg("bad_shape", name=name, case=label, want=(T,),
                                               got=tuple(t.shape)))
                if not bool(torch.isfinite(t).all()):
                    raise _Wrong("nan", _msg("nan", name=name, case=label))
                if bool(((t < 0) | (t > 1)).any()):
                    raise _Wrong("range", _tr((
                        f"{name} has values outside [0, 1] on {label} (from {float(t.min()):.3g} "
                        f"to {float(t.max()):.3g}): a gate is a sigmoid, between 0 and 1.",
                        f"在{label}上，{name} 有 [0, 1] 之外的取值（从 {float(t.min()):.3g} 到 "
                        f"{float(t.max()):.3g}）：门是 sigmoid 的输出，介于 0 和 1 之间。")))
                gates.append(t)
            R, Z = gates
            # The verdict: the final state computed by gru_viz with these gates must not change
            # when every input but X_t′ (and the initial state) changes, and must change with X_t′.
            X = torch.randn(T, 2, 3, generator=g, dtype=torch.float64)
            H0 = torch.rand(2, 4, generator=g, dtype=torch.float64)
            run = lambda X, H0: gru_sequence(X, p, H0, R=R.view(T, 1, 1),  # noqa: E731
                                             Z=Z.view(T, 1, 1)).H[-1]
            base = run(X, H0)
            other = torch.randn(T, 2, 3, generator=g, dtype=torch.float64)
            other[tp] = X[tp]
            moved = run(other, H0 + 0.5)
            X2 = X.clone()
            X2[tp] += 1.0
            if _close(base, moved, _tol(torch.float64)) and not _close(base, run(X2, H0), 1e-6):
                continue
            self._diagnose(R, Z, T, tp, label)
        return {"n": len(self.cases()), "cases": _tr(("four choices of num_steps and t′",
                                                      "四组 num_steps 与 t′"))}

    def _diagnose(self, R, Z, T, tp, label):
        M = self.mistakes()
        name = _tr(("your gate schedule", "你的门取值方案"))

        def wrong(key, **kw):
            raise _Wrong(key, _msg("mistake", name=name, case=label, why=_tr(M[key]).format(**kw)))
        if Z[tp] == 1 and (tp + 1 >= T or bool((Z[tp + 1:] == 0).all())):
            wrong("chung")
        for s in (tp - 1, tp + 1):
            if 0 <= s < T and self._valid(R, Z, s):
                wrong("off_by_one", s=s, tp=tp)
        if R[tp] != 0:
            wrong("reset_open", v=_fmt(R[tp]))
        if Z[tp] != 0:
            wrong("update_open", v=_fmt(Z[tp]))
        k = tp + 1 + int(torch.nonzero(Z[tp + 1:] != 1)[0])
        wrong("wrong_after", k=k, v=_fmt(Z[k]))


def _fmt(value) -> str:
    """A gate value, short, but never shown as 0 or 1 when it is not exactly that."""
    v = float(value)
    text = f"{v:.6g}"
    if float(text) in (0.0, 1.0) and v not in (0.0, 1.0):
        text = repr(v)
    return text


# ------------------------------------------------------------------ chapter 7: reduced cells
class _ReducedExercise(Exercise):
    chapter = 7
    layout = _D2L_LAYOUT
    names_used = ()
    fixed = {}

    def call(self, answer, case):
        fn = _method(answer, "step")
        holder, X, H = case.make_args()
        return fn(holder, X, H)

    def _check(self, answer):
        if isinstance(answer, type) and not callable(getattr(answer, "step", None)):
            raise _Wrong("type", _msg("not_callable", signature=self.signature,
                                       got=_describe(answer)))
        return super()._check(answer)

    def cases(self):
        cases = []
        for dtype, device, n, d, h, seed in _grid():
            W = _random_d2l(d, h, seed, dtype)
            g = torch.Generator().manual_seed(seed + 700)
            X = torch.randn(n, d, generator=g, dtype=torch.float64).to(dtype)
            H = (torch.rand(n, h, generator=g, dtype=torch.float64) * 2 - 1).to(dtype)
            tensors = dict(zip(_SCRATCH_NAMES, W))

            def run(p, conv, X=X, H=H, **gates):
                return gru_step(_as_f64(X), _as_f64(H), p, conv, **{**self.fixed, **gates}).H

            def make(X=X, H=H, tensors=tensors, device=device, d=d, h=h):
                holder = _holder(self.names_used,
                                 [tensors[k].clone().to(device) for k in self.names_used], d, h)
                return holder, X.clone().to(device), H.clone().to(device)

            variants = self.variants(W, run, X, H)
            cases.append(Case(_case_label(dtype, device, _shape_text(n, d, h)), make,
                              run(_params(W), "d2l"), variants, dtype, device,
                              {"batch": n, "square": d == h}))
        return cases

    def normalize(self, value, case):
        return (self._tensor(value, case, None),)

    def names(self):
        return (("your new state H_t", "你算出的新隐状态"),)


class UpdateOnlyExercise(_ReducedExercise):
    name = "update-only-cell"
    what = ("update-only step", "只有更新门的简化单元的 step 方法")
    signature = "step(self, X, H) using self.W_xz, W_hz, b_z, W_xh, W_hh, b_h"
    names_used = ("W_xz", "W_hz", "b_z", "W_xh", "W_hh", "b_h")
    fixed = {"R": 1.0}
    hints = (
        ("Without a reset gate the candidate sees the whole old state, as if R = 1: "
         "H_tilde = tanh(X @ W_xh + H @ W_hh + b_h).",
         "没有重置门时，候选隐状态看到完整的旧隐状态，相当于 R = 1："
         "H_tilde = tanh(X @ W_xh + H @ W_hh + b_h)。"),
        ("The update gate is the GRU's: Z = sigmoid(X @ W_xz + H @ W_hz + b_z).",
         "更新门与 GRU 的相同：Z = sigmoid(X @ W_xz + H @ W_hz + b_z)。"),
        ("Mix as in d2l's GRU, Z = 1 keeps the state: return Z * H + (1 - Z) * H_tilde.",
         "像 d2l 的 GRU 一样混合，Z = 1 保留隐状态：return Z * H + (1 - Z) * H_tilde。"),
    )
    solution_code = '''
def update_only_step(self, X, H):
    Z = torch.sigmoid(X @ self.W_xz + H @ self.W_hz + self.b_z)
    H_tilde = torch.tanh(X @ self.W_xh + H @ self.W_hh + self.b_h)   # R = 1
    return Z * H + (1 - Z) * H_tilde
'''

    def mistakes(self):
        return {
            "chung": D2L_MISTAKES["chung"],
            "reset_zero": ("your candidate ignores the old state, as if R = 0; the update-only "
                           "GRU is the GRU with R = 1: H_tilde = tanh(X W_xh + H W_hh + b_h).",
                           "你的候选隐状态忽略了旧的隐状态，相当于 R = 0；只有更新门的 GRU 是 R = 1 的 GRU："
                           "H_tilde = tanh(X W_xh + H W_hh + b_h)。"),
            "plain_rnn": ("your step returns the candidate alone: that is a plain RNN (the "
                          "update gate is computed and thrown away); return Z * H + (1 - Z) * "
                          "H_tilde.",
                          "你的 step 只返回候选隐状态：这是普通 RNN（更新门算出来又被丢掉了）；应返回 "
                          "Z * H + (1 - Z) * H_tilde。"),
            "no_bias_z": D2L_MISTAKES["no_bias_z"], "no_bias_h": D2L_MISTAKES["no_bias_h"],
            "transposed_h": D2L_MISTAKES["transposed_h"],
            "transposed_x": D2L_MISTAKES["transposed_x"],
        }

    def variants(self, W, run, X, H):
        p = _params(W)
        zero = torch.zeros_like(p.b_xr)
        T = lambda t: t.T.contiguous()  # noqa: E731
        out = {"chung": run(p, "chung"), "reset_zero": run(p, "d2l", R=0.0),
               "plain_rnn": run(p, "d2l", Z=0.0),
               "no_bias_z": run(replace(p, b_xz=zero), "d2l"),
               "no_bias_h": run(replace(p, b_xh=zero), "d2l"),
               "transposed_h": run(replace(p, W_hz=T(p.W_hz), W_hh=T(p.W_hh)), "d2l")}
        if p.num_inputs == p.num_hiddens:
            out["transposed_x"] = run(replace(p, W_xz=T(p.W_xz), W_xh=T(p.W_xh)), "d2l")
        return out


class ResetOnlyExercise(_ReducedExercise):
    name = "reset-only-cell"
    what = ("reset-only step", "只有重置门的简化单元的 step 方法")
    signature = "step(self, X, H) using self.W_xr, W_hr, b_r, W_xh, W_hh, b_h"
    names_used = ("W_xr", "W_hr", "b_r", "W_xh", "W_hh", "b_h")
    fixed = {"Z": 0.0}
    hints = (
        ("Without an update gate the new state is the candidate, as if Z = 0.",
         "没有更新门时，新的隐状态就是候选隐状态，相当于 Z = 0。"),
        ("The reset gate is the GRU's: R = sigmoid(X @ W_xr + H @ W_hr + b_r).",
         "重置门与 GRU 的相同：R = sigmoid(X @ W_xr + H @ W_hr + b_r)。"),
        ("It scales the old state before the product (d2l's form): "
         "return tanh(X @ W_xh + (R * H) @ W_hh + b_h).",
         "它在矩阵乘法之前缩放旧的隐状态（d2l 的写法）：return tanh(X @ W_xh + (R * H) @ W_hh + b_h)。"),
    )
    solution_code = '''
def reset_only_step(self, X, H):
    R = torch.sigmoid(X @ self.W_xr + H @ self.W_hr + self.b_r)
    return torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh + self.b_h)   # Z = 0
'''

    def mistakes(self):
        return {
            "keeps_state": ("your step returns the old state unchanged, as if Z = 1; the "
                            "reset-only GRU is the GRU with Z = 0: the new state is the "
                            "candidate.",
                            "你的 step 原样返回旧的隐状态，相当于 Z = 1；只有重置门的 GRU 是 Z = 0 的 GRU："
                            "新的隐状态就是候选隐状态。"),
            "reset_after": D2L_MISTAKES["reset_after"],
            "reset_after_bias_inside": D2L_MISTAKES["reset_after_bias_inside"],
            "plain_rnn": ("your step ignores the reset gate (R = 1): that is a plain RNN; "
                          "scale the state, (R * H) @ W_hh.",
                          "你的 step 忽略了重置门（R = 1）：这是普通 RNN；要缩放隐状态，即 (R * H) @ W_hh。"),
            "no_bias_r": D2L_MISTAKES["no_bias_r"], "no_bias_h": D2L_MISTAKES["no_bias_h"],
            "transposed_h": D2L_MISTAKES["transposed_h"],
            "transposed_x": D2L_MISTAKES["transposed_x"],
        }

    def variants(self, W, run, X, H):
        p = _params(W)
        zero = torch.zeros_like(p.b_xr)
        T = lambda t: t.T.contiguous()  # noqa: E731
        out = {"keeps_state": _as_f64(H), "reset_after": run(p, "pytorch"),
               "reset_after_bias_inside": run(replace(p, b_xh=zero, b_hh=p.b_xh), "pytorch"),
               "plain_rnn": run(p, "d2l", R=1.0),
               "no_bias_r": run(replace(p, b_xr=zero), "d2l"),
               "no_bias_h": run(replace(p, b_xh=zero), "d2l"),
               "transposed_h": run(replace(p, W_hr=T(p.W_hr), W_hh=T(p.W_hh)), "d2l")}
        if p.num_inputs == p.num_hiddens:
            out["transposed_x"] = run(replace(p, W_xr=T(p.W_xr), W_xh=T(p.W_xh)), "d2l")
        return out


# ---------------------------------------------------------------------------------- registry
EXERCISES = {cls.name: cls for cls in (
    GRUStepExercise, ScratchForwardExercise, PyTorchCellExercise, ShapeQuizExercise,
    LastLayerExercise, TPrimeExercise, UpdateOnlyExercise, ResetOnlyExercise)}


def exercise(name: str) -> Exercise:
    """The exercise ``name`` (one of ``EXERCISES``): ``ex.check(answer)``, ``ex.hint()``,
    ``ex.solution()``. Messages follow ``gru_viz.set_language``."""
    _checks.choice("name", name, EXERCISES)
    return EXERCISES[name]()
