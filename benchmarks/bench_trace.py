"""Benchmark: how long gru_viz.trace_text takes for 10,000 characters and 256 hidden units.

The target is under 1 s on a 2-core CPU. This is a measurement, not a test: run

    python benchmarks/bench_trace.py [--chars 10000] [--hiddens 256] [--repeats 3]

Wall time depends on what else the machine runs; CPU time (time.process_time) is what the
trace itself costs. It also prints the largest difference between gru_viz's PyTorch form and nn.GRU over a sweep
of random configurations (float32 and float64).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from pathlib import Path

import torch
from torch import nn

import gru_viz

ROOT = Path(__file__).resolve().parents[1]


def passage(num_chars: int) -> str:
    """The Time Machine, preprocessed as d2l.TimeMachine does, or random letters without it."""
    path = ROOT / "notebooks" / "data" / "timemachine.txt"
    if path.exists():
        text = re.sub("[^A-Za-z]+", " ", path.read_text()).lower()
    else:
        gen = torch.Generator().manual_seed(0)
        text = "".join(chr(97 + int(i)) for i in torch.randint(0, 26, (num_chars,), generator=gen))
    return (text * (num_chars // len(text) + 1))[:num_chars]


def models(num_hiddens: int, vocab_size: int):
    """A d2l.RNNLMScratch-like model over a scratch GRU and a d2l.RNNLM-like one over nn.GRU
    (plain modules with the same attributes, so that d2l is not needed here)."""
    torch.manual_seed(0)

    class Scratch(nn.Module):
        def __init__(self):
            super().__init__()
            for gate in "zrh":
                setattr(self, f"W_x{gate}", nn.Parameter(0.1 * torch.randn(vocab_size, num_hiddens)))
                setattr(self, f"W_h{gate}", nn.Parameter(0.1 * torch.randn(num_hiddens, num_hiddens)))
                setattr(self, f"b_{gate}", nn.Parameter(torch.zeros(num_hiddens)))

    class LM(nn.Module):
        def __init__(self, rnn):
            super().__init__()
            self.rnn, self.vocab_size = rnn, vocab_size

    return {"scratch GRU (d2l form)": LM(Scratch()),
            "nn.GRU (PyTorch form)": LM(nn.GRU(vocab_size, num_hiddens))}


def largest_differences(num_configs: int = 60) -> dict:
    """max |gru_viz - nn.GRU| over random sizes, layers, directions and layouts, per dtype."""
    gen = torch.Generator().manual_seed(1)
    worst = {torch.float32: 0.0, torch.float64: 0.0}
    for i in range(num_configs):
        pick = lambda low, high: int(torch.randint(low, high + 1, (1,), generator=gen))  # noqa
        dtype = (torch.float32, torch.float64)[i % 2]
        torch.manual_seed(i)
        gru = nn.GRU(pick(1, 16), pick(1, 64), num_layers=pick(1, 3),
                     bidirectional=bool(pick(0, 1)), batch_first=bool(pick(0, 1))).to(dtype)
        x = torch.randn(pick(1, 4), pick(1, 20), gru.input_size, dtype=dtype)
        with torch.no_grad():
            output, h_n = gru(x)
            ours, ours_h_n, _ = gru_viz.nn_gru_forward(gru, x)
        worst[dtype] = max(worst[dtype], (ours - output).abs().max().item(),
                           (ours_h_n - h_n).abs().max().item())
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=10_000)
    parser.add_argument("--hiddens", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    text = passage(args.chars)
    vocab = {ch: i for i, ch in enumerate(sorted(set(text)))}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs, "
          f"load average {load:.1f} (wall times grow with other processes' load); "
          f"{len(text)} characters, {args.hiddens} hidden units, vocabulary of {len(vocab)}")
    for name, model in models(args.hiddens, len(vocab)).items():
        gru_viz.trace_text(model, text[:100], vocab)                # warm-up
        times, cpu = [], []
        for _ in range(args.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            trace = gru_viz.trace_text(model, text, vocab)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(f"trace_text, {name}: wall time best {min(times):.3f} s, median "
              f"{statistics.median(times):.3f} s; CPU time best {min(cpu):.3f} s "
              f"({args.repeats} runs, {tuple(trace.Z.shape)} per gate)")
    worst = largest_differences()
    print(f"largest |gru_viz - nn.GRU| over 60 random configurations: "
          f"float32 {worst[torch.float32]:.3g}, float64 {worst[torch.float64]:.3g}")


if __name__ == "__main__":
    main()
