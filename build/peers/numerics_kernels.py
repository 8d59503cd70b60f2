#!/usr/bin/python3
"""PyTorch peer for the `kernels` benchmark (test/Benchmarks/Numerics/KernelsBenchmark.cs).

Times the forward + backward of the non-GEMM GPT-Neo layers at the shapes of the 1M and 33M presets, the way a
PyTorch GPT-Neo computes them (Hugging Face modeling_gpt_neo: unscaled scores, causal/local mask, fp32 softmax,
gelu_new, layer_norm, cross_entropy over the GPT-2 vocabulary, torch.optim.AdamW). Prints one JSON object per line:
{"name": ..., "seconds": best wall time}. Run with Debian's /usr/bin/python3 (python3-torch).
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F


def best_of(repeats, fn):
    fn()  # warm-up
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def attention(B, T, C, NH, window):
    hs = C // NH
    q, k, v = (torch.randn(B, T, C, requires_grad=True) for _ in range(3))
    dout = torch.randn(B, T, C)
    i = torch.arange(T).view(T, 1)
    j = torch.arange(T).view(1, T)
    allowed = (j <= i) & (i - j < window)

    def run():
        for t in (q, k, v):
            t.grad = None
        qh, kh, vh = (t.view(B, T, NH, hs).transpose(1, 2) for t in (q, k, v))
        scores = torch.matmul(qh, kh.transpose(-1, -2))  # GPT-Neo: no 1/sqrt(hs)
        scores = torch.where(allowed, scores, torch.tensor(torch.finfo(scores.dtype).min))
        att = torch.softmax(scores, dim=-1)
        out = torch.matmul(att, vh).transpose(1, 2).reshape(B, T, C)
        out.backward(dout)

    return run


def layer_norm(BT, C):
    x = torch.randn(BT, C, requires_grad=True)
    w = torch.randn(C, requires_grad=True)
    b = torch.randn(C, requires_grad=True)
    dout = torch.randn(BT, C)

    def run():
        for t in (x, w, b):
            t.grad = None
        F.layer_norm(x, (C,), w, b, 1e-5).backward(dout)

    return run


def gelu(N):
    x = torch.randn(N, requires_grad=True)
    dout = torch.randn(N)

    def run():
        x.grad = None
        y = 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))
        y.backward(dout)

    return run


def cross_entropy(BT, V):
    logits = torch.randn(BT, V, requires_grad=True)
    targets = torch.randint(0, V, (BT,))

    def run():
        logits.grad = None
        F.cross_entropy(logits, targets).backward()

    return run


def adamw(N):
    p = torch.nn.Parameter(torch.randn(N))
    p.grad = torch.randn(N)
    optimizer = torch.optim.AdamW([p], lr=1e-3, weight_decay=0.1)
    return optimizer.step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", help="run only the case with this exact name")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    # Each entry builds its tensors only when selected: the 33M and vocabulary-sized cases need hundreds of MB.
    cases = [
        ("attention 1M global", lambda: attention(8, 256, 64, 16, 1 << 30)),
        ("attention 1M local 128", lambda: attention(8, 256, 64, 16, 128)),
        ("attention 33M", lambda: attention(4, 512, 768, 16, 1 << 30)),
        ("layernorm 1M", lambda: layer_norm(2048, 64)),
        ("layernorm 33M", lambda: layer_norm(2048, 768)),
        ("gelu 1M", lambda: gelu(2048 * 256)),
        ("gelu 33M", lambda: gelu(2048 * 3072)),
        ("softmax-ce 2048x50257", lambda: cross_entropy(2048, 50257)),
        ("adamw 3.7M params", lambda: adamw(3_700_000)),
    ]
    for name, fn in cases:
        if args.only is not None and name != args.only:
            continue
        print(json.dumps({"name": name, "seconds": best_of(args.repeats, fn())}), flush=True)


if __name__ == "__main__":
    main()
