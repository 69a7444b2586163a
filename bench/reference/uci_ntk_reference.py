#!/usr/bin/python3
"""The UCI protocol of Arora et al. (ICLR 2020) with NumPy kernels and scikit-learn's SVC.

This is the reference procedure Glassbox's `glassbox uci --methods ntk` is compared with: the
same kernel family (K[L][f], L < 5), the same selection on conxuntos.dat over
L in 0..4, f in 0..L, C in 10^-2..10^4 (first strictly best validation accuracy wins), and the
mean test accuracy over the 4 (train, test) pairs of conxuntos_kfold.dat. Like the authors'
script it recomputes the kernel once per f and fits SVC(kernel="precomputed", C=C,
cache_size=100000). Written for this project from the paper's description.

Usage: /usr/bin/python3 bench/reference/uci_ntk_reference.py --data ../shared/data/uci \
           --datasets iris,wine --out ref.jsonl
Each finished set appends one JSON line (dataset, n, d, classes, val_acc, test_acc, depth, fix,
C, kernel_seconds, seconds); sets already in --out are skipped, so a rerun resumes.
"""
import argparse
import json
import math
import os
import time

import numpy as np
from sklearn.svm import SVC

MAX_DEPTH = 5
C_GRID = [10.0 ** i for i in range(-2, 5)]


def read_metadata(folder, name):
    meta = {}
    with open(os.path.join(folder, name + ".txt")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                meta[parts[0]] = parts[1]
    return meta


def read_data(path):
    with open(path) as f:
        lines = f.readlines()[1:]
    x = np.array([[float(v) for v in line.split()[1:-1]] for line in lines])
    y = np.array([int(line.split()[-1]) for line in lines])
    return x, y


def read_indices(path):
    with open(path) as f:
        return [list(map(int, line.split())) for line in f if line.strip()]


def kernels(x, max_depth):
    """k[L][f]: L hidden ReLU layers, first f layers fixed (paper scale)."""
    k = np.zeros((max_depth, max_depth, x.shape[0], x.shape[0]))
    for fix in range(max_depth):
        s = x @ x.T
        h = np.zeros_like(s)
        for depth in range(max_depth):
            if fix <= depth:
                h += s
            k[depth][fix] = h
            diag = np.diag(s)
            root = np.clip(np.sqrt(np.outer(diag, diag)), 1e-9, None)
            rho = np.clip(s / root, -1, 1)
            s = (rho * (math.pi - np.arccos(rho)) + np.sqrt(1.0 - rho * rho)) * root / 2.0 / math.pi
            h = h * (math.pi - np.arccos(rho)) / 2.0 / math.pi
    return k


def svm_accuracy(k, y, train, test, c):
    clf = SVC(kernel="precomputed", C=c, cache_size=100000)
    clf.fit(k[np.ix_(train, train)], y[train])
    return float(np.mean(clf.predict(k[np.ix_(test, train)]) == y[test]))


def run(folder, name):
    meta = read_metadata(folder, name)
    x, y = read_data(os.path.join(folder, meta["fich1="]))
    start = time.perf_counter()
    k = kernels(x, MAX_DEPTH)
    kernel_seconds = time.perf_counter() - start
    train, val = read_indices(os.path.join(folder, "conxuntos.dat"))[:2]
    best = (0.0, None, None, None)
    for depth in range(MAX_DEPTH):
        for fix in range(depth + 1):
            for c in C_GRID:
                acc = svm_accuracy(k[depth][fix], y, train, val, c)
                if acc > best[0]:
                    best = (acc, depth, fix, c)
    val_acc, depth, fix, c = best
    folds = read_indices(os.path.join(folder, "conxuntos_kfold.dat"))
    test_acc = float(np.mean([svm_accuracy(k[depth][fix], y, folds[2 * r], folds[2 * r + 1], c) for r in range(4)]))
    return dict(dataset=name, n=int(x.shape[0]), d=int(x.shape[1]), classes=int(meta["n_clases="]),
                val_acc=val_acc, test_acc=test_acc, depth=depth, fix=fix, C=c,
                kernel_seconds=kernel_seconds, seconds=time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="the uci folder of the data root")
    parser.add_argument("--datasets", required=True, help="comma-separated names, or a file with one name a line")
    parser.add_argument("--out", required=True, help="JSONL results (appended; finished sets are skipped)")
    args = parser.parse_args()
    names = open(args.datasets).read().split() if os.path.isfile(args.datasets) else args.datasets.split(",")
    done = set()
    if os.path.exists(args.out):
        with open(args.out) as f:
            done = {json.loads(line)["dataset"] for line in f if line.strip()}
    for name in names:
        if name in done:
            continue
        result = run(os.path.join(args.data, name), name)
        with open(args.out, "a") as f:
            f.write(json.dumps(result) + "\n")
        print(f"{name}: val {result['val_acc']:.4f} test {result['test_acc']:.4f} "
              f"L={result['depth']} f={result['fix']} C={result['C']:g} {result['seconds']:.1f}s", flush=True)


if __name__ == "__main__":
    main()
