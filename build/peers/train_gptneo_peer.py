"""PyTorch peer for the GPT-Neo training benchmark (test/Benchmarks/Trainers/TrainingThroughputBenchmark.cs).

Same architecture (build/fixtures/gptneo/gptneo_reference.py), shapes, optimizer (AdamW) and thread count as ours;
random tokens. Prints one JSON line: tokens/s of the fastest timed step (after one warm-up step; the best step is the least disturbed
by other load on a shared machine), and peak RSS.
Run: /usr/bin/python3 build/peers/train_gptneo_peer.py --vocab 50257 --hidden 64 --layers 8 --heads 16 --batch 8 --seq 256 --steps 3
"""
import argparse
import json
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "gptneo"))
from gptneo_reference import GptNeo, config  # noqa: E402

p = argparse.ArgumentParser()
for name, default in [("vocab", 50257), ("hidden", 64), ("layers", 8), ("heads", 16), ("window", 256), ("positions", 2048),
                      ("batch", 8), ("seq", 256), ("steps", 3), ("threads", 2)]:
    p.add_argument("--" + name, type=int, default=default)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
model = GptNeo(config(a.vocab, a.positions, a.hidden, a.layers, a.heads, a.window))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.0)
data = torch.randint(0, a.vocab, (a.batch, a.seq + 1))
x, y = data[:, :-1], data[:, 1:]


def step():
    logits, _ = model(x)
    loss = F.cross_entropy(logits.reshape(-1, a.vocab), y.reshape(-1))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss.item()


step()  # warm-up
times = []
for _ in range(a.steps):
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
seconds = min(times)
print(json.dumps({"tokens_per_second": a.batch * a.seq / seconds, "seconds_per_step": seconds,
                  "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                  "torch": torch.__version__, "threads": torch.get_num_threads()}))
