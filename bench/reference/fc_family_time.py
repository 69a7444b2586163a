#!/usr/bin/python3
"""Wall time of the UCI paper's ReLU kernel family in NumPy: all k[L][f], L < 5, of n random rows of dimension d.

The same computation as bench/reference/uci_ntk_reference.py (the authors' procedure: one pass per f, whole n×n arrays),
on rows uniform in [-1, 1). Prints one line: n, d, seconds (best of --repeats).

Usage: /usr/bin/python3 bench/reference/fc_family_time.py [n] [d] [repeats]
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uci_ntk_reference import MAX_DEPTH, kernels  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    d = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    x = np.random.default_rng(0).uniform(-1, 1, size=(n, d))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        k = kernels(x, MAX_DEPTH)
        best = min(best, time.perf_counter() - start)
        del k
    print(f"numpy reference, n = {n}, d = {d}, 15 kernels (L < {MAX_DEPTH}): best {best:.2f} s of {repeats}", flush=True)


if __name__ == "__main__":
    main()
