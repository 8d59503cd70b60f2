"""PyTorch peer for the GPT-Neo generation benchmark (test/Benchmarks/Trainers/GenerationBenchmark.cs).

A plain decoding loop with a key/value cache over the same architecture (build/fixtures/gptneo/gptneo_reference.py):
prefill the prompt, then one token per step for every sequence of the batch, sampling from softmax(logits) (temperature 1).
Prints one JSON line with generated tokens/s (all sequences) over the timed run (after a warm-up run).
Run: /usr/bin/python3 build/peers/generate_peer.py --hidden 768 --layers 4 --heads 16 --batch 10 --prompt 16 --new 64
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "gptneo"))
from gptneo_reference import GptNeo, config  # noqa: E402

p = argparse.ArgumentParser()
for name, default in [("vocab", 50257), ("hidden", 64), ("layers", 8), ("heads", 16), ("window", 256), ("positions", 2048),
                      ("batch", 1), ("prompt", 16), ("new", 64), ("threads", 2), ("repeats", 2)]:
    p.add_argument("--" + name, type=int, default=default)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
model = GptNeo(config(a.vocab, a.positions, a.hidden, a.layers, a.heads, a.window)).eval()
prompt = torch.randint(0, a.vocab, (1, a.prompt)).repeat(a.batch, 1)


@torch.no_grad()
def generate():
    logits, past = model(prompt)
    for _ in range(a.new):
        probabilities = torch.softmax(logits[:, -1, :], dim=-1)
        token = torch.multinomial(probabilities, 1)
        logits, past = model(token, past)


generate()  # warm-up
best = float("inf")
for _ in range(a.repeats):
    start = time.perf_counter()
    generate()
    best = min(best, time.perf_counter() - start)
print(json.dumps({"tokens_per_second": a.batch * a.new / best, "seconds": best, "threads": torch.get_num_threads()}))
