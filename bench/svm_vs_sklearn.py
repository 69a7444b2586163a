#!/usr/bin/python3
"""Reference runs of scikit-learn's SVC(kernel="precomputed") for Glassbox's C-SVM.

Writes, for one UCI set and one kernel, everything the C# side needs to fit the same problems and
compare: the kernel, the labels, the train/test rows, and scikit-learn's results per C (dual
coefficients, intercepts, support, n_iter_, test decision values and predictions, fit times).

    /usr/bin/python3 bench/svm_vs_sklearn.py yeast --kernel rbf --out out/svm-compare/yeast-rbf
    dotnet run -c Release --project bench/Glassbox.Bench -- svm-compare out/svm-compare/yeast-rbf

Needs numpy and scikit-learn (Debian: python3-numpy, python3-sklearn). The split is the paper's
model-selection split (line 1 of conxuntos.dat trains, line 2 validates). Values are stored in
LIBSVM's sign convention: for two classes scikit-learn negates dual_coef_, intercept_ and the
decision function, and this script undoes that.

Files: kernel.f64 (n*n float64, little-endian, row-major), labels.i32, train.i32, test.i32 (int32),
sklearn.json (shapes, settings, and per-C results).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.svm import SVC


def load_uci(root, name):
    path = os.path.join(root, "uci", name, f"{name}_R.dat")
    data = np.loadtxt(path, skiprows=1, delimiter="\t")
    x = np.ascontiguousarray(data[:, 1:-1], dtype=np.float64)
    y = data[:, -1].astype(np.int32)
    with open(os.path.join(root, "uci", name, "conxuntos.dat")) as f:
        lines = f.read().split("\n")
    train = np.array(lines[0].split(), dtype=np.int32)
    test = np.array(lines[1].split(), dtype=np.int32)
    return x, y, train, test


def make_kernel(x, kind, gamma, depth, fix):
    if kind == "linear":
        return x @ x.T
    if kind == "ntk":
        # The fully connected ReLU NTK of the paper's protocol (Arora et al. 2020, NTK.py of their
        # UCI code): `depth` is their dep (0..4), `fix` their fix_dep (0..dep), on raw features.
        s = x @ x.T
        h = np.zeros_like(s)
        for layer in range(depth + 1):
            if fix <= layer:
                h += s
            if layer == depth:
                return h
            p = np.clip(np.sqrt(np.outer(np.diag(s), np.diag(s))), 1e-9, None)
            sn = np.clip(s / p, -1.0, 1.0)
            s = (sn * (np.pi - np.arccos(sn)) + np.sqrt(1.0 - sn * sn)) * p / 2.0 / np.pi
            h = h * (np.pi - np.arccos(sn)) / 2.0 / np.pi
    sq = np.sum(x * x, axis=1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (x @ x.T), 0.0)
    return np.exp(-gamma * d2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", help="UCI set name, e.g. yeast")
    ap.add_argument("--data-dir", default=os.environ.get("GLASSBOX_DATA", "../shared/data"))
    ap.add_argument("--kernel", choices=["rbf", "linear", "ntk"], default="rbf")
    ap.add_argument("--gamma", type=float, default=None, help="RBF gamma; default 1/features")
    ap.add_argument("--depth", type=int, default=2, help="NTK: the protocol's dep (0..4)")
    ap.add_argument("--fix", type=int, default=0, help="NTK: the protocol's fix_dep (0..depth)")
    ap.add_argument("--cs", default="1e-2,1e-1,1,10,100,1e3,1e4", help="comma-separated C values")
    ap.add_argument("--repeat", type=int, default=1, help="time each fit as the best of this many")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    x, y, train, test = load_uci(args.data_dir, args.dataset)
    gamma = args.gamma if args.gamma is not None else 1.0 / x.shape[1]
    k = make_kernel(x, args.kernel, gamma, args.depth, args.fix)
    k = 0.5 * (k + k.T)  # exactly symmetric
    os.makedirs(args.out, exist_ok=True)
    k.astype("<f8").tofile(os.path.join(args.out, "kernel.f64"))
    y.astype("<i4").tofile(os.path.join(args.out, "labels.i32"))
    train.astype("<i4").tofile(os.path.join(args.out, "train.i32"))
    test.astype("<i4").tofile(os.path.join(args.out, "test.i32"))

    k_train = np.ascontiguousarray(k[np.ix_(train, train)])
    k_test = np.ascontiguousarray(k[np.ix_(test, train)])
    y_train = y[train]
    cs = [float(c) for c in args.cs.split(",")]
    results = []
    for c in cs:
        best = float("inf")
        for _ in range(args.repeat):
            svc = SVC(kernel="precomputed", C=c, decision_function_shape="ovo")
            t0 = time.perf_counter()
            svc.fit(k_train, y_train)
            best = min(best, time.perf_counter() - t0)
        sign = -1.0 if len(svc.classes_) == 2 else 1.0
        dec = svc.decision_function(k_test) * sign
        dec = dec.reshape(len(test), -1)
        pred = svc.predict(k_test)
        acc = float(np.mean(pred == y[test]))
        results.append({
            "C": c,
            "fit_seconds": best,
            "n_iter": [int(v) for v in np.atleast_1d(svc.n_iter_)],
            "support": svc.support_.tolist(),
            "n_support": svc.n_support_.tolist(),
            "dual_coef": (svc.dual_coef_ * sign).tolist(),
            "intercept": (svc.intercept_ * sign).tolist(),
            "decision": dec.tolist(),
            "predict": pred.astype(int).tolist(),
            "accuracy": acc,
        })
        print(f"C={c:g}: fit {best:.3f} s, iterations {int(np.sum(svc.n_iter_))}, "
              f"nSV {len(svc.support_)}, test accuracy {acc:.4f}", flush=True)

    meta = {
        "dataset": args.dataset, "kernel": args.kernel, "gamma": gamma, "depth": args.depth, "fix": args.fix, "n": int(k.shape[0]),
        "train": int(len(train)), "test": int(len(test)), "classes": np.unique(y_train).tolist(),
        "sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
        "results": results,
    }
    with open(os.path.join(args.out, "sklearn.json"), "w") as f:
        json.dump(meta, f)
    total = sum(r["fit_seconds"] for r in results)
    print(f"sklearn {sklearn.__version__}: {len(cs)} fits in {total:.2f} s; wrote {args.out}")


if __name__ == "__main__":
    main()
