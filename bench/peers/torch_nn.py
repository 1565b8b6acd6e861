#!/usr/bin/python3
"""PyTorch peer of Surge's nn benchmarks (bench/src/main/java/io/surge/bench/nn).

Times the same shapes and steps as GemmBench, StepBench and InferenceBench on the CPU with
PyTorch, and prints one JSON object per line:

    {"bench": "gemm", "case": "256x256x256", "threads": 1, "us_per_op": 512.3, "iterations": [...]}

Run with Debian's system Python (python3-torch is importable only there), after
bench/peers/install-torch.sh:

    /usr/bin/python3 bench/peers/torch_nn.py --threads 1

Timing follows JMH's average-time mode: `--warmup` iterations, then `--iterations` measured
iterations of at least `--time` seconds each; the score is the mean of the iterations' mean
times per operation. Thread counts: OMP/MKL/OpenBLAS threads and torch's intra-op threads are
all set to --threads (and inter-op threads to 1) before torch is imported.
"""
import argparse
import json
import os
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--time", type=float, default=1.0, help="seconds per iteration")
    p.add_argument("--only", default="", help="comma-separated bench names to run (gemm, step, inference)")
    p.add_argument("--clock", default="wall", choices=("wall", "cpu"),
                   help="wall: time.perf_counter; cpu: time.thread_time (this thread's CPU time, single-threaded only)")
    p.add_argument("--case", default="", help="run only this case (for example 256x256x256, mlp, minatar/32)")
    return p.parse_args()


ARGS = parse_args()
if ARGS.clock == "cpu" and ARGS.threads != 1:
    sys.exit("--clock cpu measures the calling thread: use --threads 1")
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import torch  # noqa: E402  (after the thread variables)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(ARGS.threads)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass
torch.manual_seed(0)


def measure(fn):
    """Mean microseconds per call, JMH-style; returns (score, per-iteration means)."""
    clock = time.thread_time if ARGS.clock == "cpu" else time.perf_counter

    def iteration():
        n = 0
        start = clock()
        while True:
            fn()
            n += 1
            elapsed = clock() - start
            if elapsed >= ARGS.time:
                return elapsed / n * 1e6
    for _ in range(ARGS.warmup):
        iteration()
    its = [iteration() for _ in range(ARGS.iterations)]
    return sum(its) / len(its), its


def emit(bench, case, fn):
    if ARGS.case and ARGS.case != case:
        return
    score, its = measure(fn)
    print(json.dumps({"bench": bench, "case": case, "threads": ARGS.threads, "us_per_op": score,
                      "iterations": its}), flush=True)


def gemm_benches():
    for shape in ("256x256x256", "256x256x4", "512x64x256", "32x1024x128"):
        m, n, k = (int(x) for x in shape.split("x"))
        a = torch.randn(m, k)
        b = torch.randn(k, n)
        c = torch.empty(m, n)
        emit("gemm", shape, lambda: torch.mm(a, b, out=c))


def train_step(model, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)

    def step():
        opt.zero_grad()
        out = model(x)
        if isinstance(out, tuple):  # nn.LSTM returns (output, (h, c))
            out = out[0]
        loss = F.mse_loss(out, y)
        loss.backward()
        opt.step()
    return step


def minatar():
    return nn.Sequential(nn.Conv2d(4, 16, 3), nn.ReLU(), nn.Flatten(), nn.Linear(1024, 128), nn.ReLU(),
                         nn.Linear(128, 6))


def mlp():
    return nn.Sequential(nn.Linear(4, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 2))


def step_benches():
    emit("step", "mlp", train_step(mlp(), torch.randn(256, 4), torch.randn(256, 2)))
    emit("step", "minatar", train_step(minatar(), torch.randn(32, 4, 10, 10), torch.randn(32, 6)))
    # Time-major like Surge's: (steps, batch, features).
    emit("step", "lstm", train_step(nn.LSTM(64, 128), torch.randn(80, 32, 64), torch.randn(80, 32, 128)))


def inference_benches():
    for name, model, shape in (("mlp", mlp(), (4,)), ("minatar", minatar(), (4, 10, 10))):
        model.eval()
        for batch in (1, 32):
            x = torch.randn(batch, *shape)

            def fwd(model=model, x=x):
                with torch.no_grad():
                    return model(x)
            emit("inference", "%s/%d" % (name, batch), fwd)


def main():
    only = set(filter(None, ARGS.only.split(",")))
    info = {"bench": "info", "torch": torch.__version__, "threads": torch.get_num_threads(),
            "mkldnn": torch.backends.mkldnn.is_available(), "python": sys.version.split()[0]}
    print(json.dumps(info), flush=True)
    if not only or "gemm" in only:
        gemm_benches()
    if not only or "step" in only:
        step_benches()
    if not only or "inference" in only:
        inference_benches()


if __name__ == "__main__":
    main()
