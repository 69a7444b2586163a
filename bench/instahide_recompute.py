#!/usr/bin/python3
"""Recomputes InstaHide encodings and labels from the raw data and the kept keys, independently of Glassbox (NumPy),
and prints the largest differences from encodings.npy / labels.npy. MNIST and Fashion-MNIST private sets.
    ./glassbox instahide encode --dataset mnist --k 4 --images 20 --encodings-per-image 3 --keep-keys --out /tmp/ih
    /usr/bin/python3 bench/instahide_recompute.py /tmp/ih [../shared/data]
"""
import gzip
import json
import os
import sys
import numpy as np

folder = sys.argv[1]
root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
m = json.load(open(os.path.join(folder, "manifest.json")))
paths = {"mnist": os.path.join(root, "mnist"), "fashion": "/usr/share/datasets/fashion-mnist"}
if m["Dataset"] not in paths or m["PublicDataset"] is not None:
    sys.exit("this check reads MNIST or Fashion-MNIST private sets without a public set")
n = m["Images"]
with gzip.open(os.path.join(paths[m["Dataset"]], "train-images-idx3-ubyte.gz")) as f:
    f.read(16)
    x = np.frombuffer(f.read(n * 784), dtype=np.uint8).reshape(n, 1, 28, 28)
with gzip.open(os.path.join(paths[m["Dataset"]], "train-labels-idx1-ubyte.gz")) as f:
    f.read(8)
    y = np.frombuffer(f.read(n), dtype=np.uint8)
enc, lab = np.load(os.path.join(folder, "encodings.npy")), np.load(os.path.join(folder, "labels.npy"))
idx, lam, mask = (np.load(os.path.join(folder, name)) for name in ("indices.npy", "lambdas.npy", "masks.npy"))
mean, std = np.array(m["Normalization"]["Mean"]), np.array(m["Normalization"]["Std"])
xn = (x / 255.0 - mean[None, :, None, None]) / std[None, :, None, None]
rec = np.zeros(enc.shape, dtype=np.float32)
soft = np.zeros(lab.shape)
for r in range(enc.shape[0]):
    s = np.zeros(enc.shape[1:])
    for j in range(idx.shape[1]):
        s += np.float64(lam[r, j]) * xn[idx[r, j]]
        soft[r, y[idx[r, j]]] += lam[r, j]
    rec[r] = (mask[r] * s).astype(np.float32)
print(f"{enc.shape[0]} encodings: largest |recomputed - encodings.npy| = {np.abs(rec - enc).max():.3g}, "
      f"labels {np.abs(soft - lab).max():.3g}; normalised private pixels average {xn.mean():.2g}")
