#!/usr/bin/python3
"""The paper's SVM model-selection protocol with scikit-learn, timed fit by fit.

Arora et al. (ICLR 2020), UCI.py of their code: for each of the 15 fully connected NTKs
(dep 0..4, fix_dep 0..dep) and each C in {1e-2, ..., 1e4}, fit SVC(kernel="precomputed", C) on
the training rows of conxuntos.dat and score the validation rows: 105 fits per data set.
Writes one JSON line per fit (kernel, C, seconds, n_iter sum, validation accuracy) so that
`dotnet run -c Release --project bench/Glassbox.Bench -- svm-protocol` can run the same fits
and compare time and accuracy.

    /usr/bin/python3 bench/svm_protocol_sklearn.py wine-quality-white --out out/svm-protocol

Slow by design (it is the reference): about 44 minutes for wine-quality-white on 2 cores.
--max-c limits the grid for a quick look.
"""
import argparse
import json
import os
import time

import numpy as np
import sklearn
from sklearn.svm import SVC


def ntk_kernels(x, max_dep):
    """K[dep][fix] as NTK.py's kernel_value_batch (fix_dep ≤ dep), float64."""
    out = {}
    for fix in range(max_dep):
        s = x @ x.T
        h = np.zeros_like(s)
        for dep in range(max_dep):
            if fix <= dep:
                h += s
            if fix <= dep:
                out[(dep, fix)] = h.copy()
            p = np.clip(np.sqrt(np.outer(np.diag(s), np.diag(s))), 1e-9, None)
            sn = np.clip(s / p, -1.0, 1.0)
            s = (sn * (np.pi - np.arccos(sn)) + np.sqrt(1.0 - sn * sn)) * p / 2.0 / np.pi
            h = h * (np.pi - np.arccos(sn)) / 2.0 / np.pi
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset")
    ap.add_argument("--data-dir", default=os.environ.get("GLASSBOX_DATA", "../shared/data"))
    ap.add_argument("--max-dep", type=int, default=5)
    ap.add_argument("--max-c", type=float, default=1e4)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    root = os.path.join(args.data_dir, "uci", args.dataset)
    data = np.loadtxt(os.path.join(root, f"{args.dataset}_R.dat"), skiprows=1, delimiter="\t")
    x = np.ascontiguousarray(data[:, 1:-1])
    y = data[:, -1].astype(int)
    with open(os.path.join(root, "conxuntos.dat")) as f:
        lines = f.read().split("\n")
    train = np.array(lines[0].split(), dtype=int)
    val = np.array(lines[1].split(), dtype=int)

    ks = ntk_kernels(x, args.max_dep)
    cs = [10.0 ** i for i in range(-2, 5) if 10.0 ** i <= args.max_c]
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"{args.dataset}.sklearn.jsonl")
    total = 0.0
    with open(path, "w") as out:
        for (dep, fix), k in sorted(ks.items()):
            k1 = np.ascontiguousarray(k[np.ix_(train, train)])
            k2 = np.ascontiguousarray(k[np.ix_(val, train)])
            for c in cs:
                svc = SVC(kernel="precomputed", C=c)
                t0 = time.perf_counter()
                svc.fit(k1, y[train])
                seconds = time.perf_counter() - t0
                acc = float(np.mean(svc.predict(k2) == y[val]))
                total += seconds
                rec = {"dataset": args.dataset, "dep": dep, "fix": fix, "C": c, "seconds": seconds,
                       "n_iter": int(np.sum(svc.n_iter_)), "n_sv": int(len(svc.support_)), "accuracy": acc,
                       "sklearn": sklearn.__version__}
                out.write(json.dumps(rec) + "\n")
                out.flush()
                print(f"dep {dep} fix {fix} C {c:g}: {seconds:.3f} s, {rec['n_iter']} iterations, acc {acc:.4f}", flush=True)
    print(f"{args.dataset}: {total:.1f} s in fits; wrote {path}")


if __name__ == "__main__":
    main()
