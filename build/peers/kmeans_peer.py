"""scikit-learn KMeans on vectors exported by the "kmeans" benchmark, for a side-by-side comparison.

Usage: /usr/bin/python3 build/peers/kmeans_peer.py VECTORS.npy --k 5 --n-init 10 [--seed 1] [--repeats 3]
Loads float32 [n, d], fits KMeans(k, init="k-means++", n_init, random_state=seed) (Lloyd, default tol 1e-4,
max_iter 300) `repeats` times and prints one JSON line: {"seconds": best wall time of one fit, "cpu_seconds": best CPU time (all threads), "inertia": ..., "iterations": ...}.
"""
import argparse
import json
import time

import numpy as np
from sklearn.cluster import KMeans


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vectors")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--n-init", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    x = np.load(args.vectors)
    times, cpu_times, model = [], [], None
    for _ in range(args.repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        model = KMeans(args.k, init="k-means++", n_init=args.n_init, random_state=args.seed).fit(x)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    print(json.dumps({"seconds": min(times), "cpu_seconds": min(cpu_times), "inertia": float(model.inertia_), "iterations": int(model.n_iter_),
                      "n": int(x.shape[0]), "d": int(x.shape[1])}))


if __name__ == "__main__":
    main()
