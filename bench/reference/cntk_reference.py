#!/usr/bin/python3
"""The convolutional NTK of Arora et al. (NeurIPS 2019) in NumPy: an independent port of the
authors' recursion (ruosongwang/CNTK, CNTK.py), written for this project from its description.

For images x, z of C x H x W (P = H*W pixels), on P x P arrays indexed [i, j, k, l] = (pixel (i,j)
of x, pixel (k,l) of z):
  S = sum_c x_c(p) z_c(p');  conv: S'[p, p'] = sum over the 9 offsets d of S[p+d, p'+d] (zero
  outside, no 1/9);  first a conv;  T = S (0 with fix);  then depth-2 times {ReLU step; conv S;
  conv T};  a final ReLU step;  with fix, T -= S.
ReLU step, with the pixel variances Vx(p) = S_xx[p,p] and Vz(p') of the same layer:
  rho = S / sqrt(Vx Vz),  S' = (rho (pi - arccos rho) + sqrt(1 - rho^2)) sqrt(Vx Vz) / (9 pi),
  Sdot = (pi - arccos rho) / (9 pi),  T <- T * Sdot + S'.
Readouts: GAP = mean(T) (NTK) or mean(S) (NNGP); vanilla = trace; LAP(c) (Li et al. 2019) =
(1/(P c^4)) sum_p sum_{q,q' in W_c(p)} T[q,q'] with W_c(p) the c x c window at p that wraps
around the image, so c = 1 is trace/P and c = H = W is the GAP mean; flip = the mean of the
kernel with z and with z mirrored left-right.

Differences from the authors' float32 CUDA code, on purpose: float64 throughout, and rho =
S/sqrt(Vx Vz) rather than S * (1/Lx) * (1/Lz), so rho = 1 exactly where a pixel meets itself
(theirs can land an ulp below 1, where sqrt(1 - rho^2) adds ~sqrt(eps) to the entry).

Usage:
  /usr/bin/python3 bench/reference/cntk_reference.py fixture --out tests/.../cntk_reference.json
  /usr/bin/python3 bench/reference/cntk_reference.py time --depth 21 --readout gap --pairs 2
"""
import argparse
import json
import math
import sys
import time

import numpy as np


def conv(s):
    """S'[i,j,k,l] = sum_{a,b in -1..1} S[i+a, j+b, k+a, l+b], zero outside the image."""
    h, w = s.shape[0], s.shape[1]
    p = np.pad(s, 1)
    out = np.zeros_like(s)
    for a in (-1, 0, 1):
        for b in (-1, 0, 1):
            out += p[1 + a:1 + a + h, 1 + b:1 + b + w, 1 + a:1 + a + h, 1 + b:1 + b + w]
    return out


def relu_step(s, t, vx, vz):
    """The authors' `trans`, with rho taken as S / sqrt(Vx Vz) (see the module's note)."""
    root = np.sqrt(vx[:, :, None, None] * vz[None, None, :, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.where(root > 0, s / root, 0.0)
    rho = np.clip(rho, -1.0, 1.0)
    theta = np.arccos(rho)
    s_new = (rho * (math.pi - theta) + np.sqrt(1.0 - rho * rho)) * root / (9 * math.pi)
    s_dot = (math.pi - theta) / (9 * math.pi)
    return s_new, t * s_dot + s_new


def recursion(x, z, depth, fix, vx=None, vz=None, dtype=np.float64):
    """S and T after the final ReLU step (T with fix applied), and the pixel variances of x with
    itself at each ReLU step (when vx, vz are None this is the pair (x, x) that yields them)."""
    c, h, w = x.shape
    x = x.astype(dtype)
    z = z.astype(dtype)
    s = np.einsum("cij,ckl->ijkl", x, z)
    s = conv(s)
    t = np.zeros_like(s) if fix else s.copy()
    own = vx is None
    variances = []
    for layer in range(depth - 1):
        if own:
            d = np.einsum("ijij->ij", s).copy()
            variances.append(d)
            lx = lz = d
        else:
            lx, lz = vx[layer], vz[layer]
        s, t = relu_step(s, t, lx, lz)
        if layer < depth - 2:
            s = conv(s)
            t = conv(t)
    if fix:
        t = t - s
    return s, t, variances


def lap_weights(n, c):
    """How many circular windows of c consecutive positions (out of n) hold both q and q + delta."""
    delta = np.arange(n)
    return np.maximum(0, c - delta) + np.maximum(0, c - (n - delta))


def readout(m, name):
    h, w = m.shape[0], m.shape[1]
    p = h * w
    if name == "gap":
        return float(m.mean())
    if name == "flatten":
        return float(np.einsum("ijij->", m))
    if name.startswith("lap:"):
        c = int(name[4:])
        # Direct definition: for each pixel p, the sum of T over pairs in its wrapped window.
        total = 0.0
        offs = [o - (c - 1) // 2 for o in range(c)]
        for i in range(h):
            for j in range(w):
                rows = [(i + a) % h for a in offs]
                cols = [(j + b) % w for b in offs]
                block = m[np.ix_(rows, cols, rows, cols)]
                total += float(block.sum())
        return total / (p * c ** 4)
    raise ValueError(name)


def kernel(x, z, depth, readout_name, fix, kind, flip=False, dtype=np.float64):
    """One entry of the kernel between images x and z (C x H x W)."""
    if flip:
        return 0.5 * (kernel(x, z, depth, readout_name, fix, kind, False, dtype)
                      + kernel(x, z[:, :, ::-1].copy(), depth, readout_name, fix, kind, False, dtype))
    _, _, vx = recursion(x, x, depth, fix, dtype=dtype)
    _, _, vz = recursion(z, z, depth, fix, dtype=dtype)
    s, t, _ = recursion(x, z, depth, fix, vx, vz, dtype=dtype)
    return readout(t if kind == "ntk" else s, readout_name)


def fixture(out):
    rng = np.random.default_rng(20261203)
    cases = []
    images = {}

    def add_images(name, n, c, h, w):
        images[name] = rng.standard_normal((n, c, h, w))

    add_images("small", 3, 3, 8, 8)
    add_images("wide", 2, 3, 32, 32)
    add_images("odd", 2, 2, 5, 7)
    add_images("tall", 2, 1, 7, 3)
    add_images("dot", 2, 2, 1, 1)
    add_images("pair", 2, 3, 2, 2)
    for depth in (3, 4, 6, 11):
        for ro in ("flatten", "gap"):
            for fix in (False, True):
                for kind in ("ntk", "nngp"):
                    for i, j in ((0, 1), (1, 2), (0, 0)):
                        x, z = images["small"][i], images["small"][j]
                        cases.append(dict(images="small", i=i, j=j, depth=depth, readout=ro, fix=fix,
                                          kind=kind, flip=False, value=kernel(x, z, depth, ro, fix, kind)))
    for depth in (3, 6, 11):
        for ro, fix in (("flatten", False), ("gap", True)):
            for i, j in ((0, 1), (1, 1)):
                x, z = images["wide"][i], images["wide"][j]
                cases.append(dict(images="wide", i=i, j=j, depth=depth, readout=ro, fix=fix, kind="ntk",
                                  flip=False, value=kernel(x, z, depth, ro, fix, "ntk")))
    for ro in ("lap:1", "lap:3", "lap:8", "gap", "flatten"):
        for kind in ("ntk", "nngp"):
            x, z = images["small"][0], images["small"][2]
            cases.append(dict(images="small", i=0, j=2, depth=4, readout=ro, fix=False, kind=kind, flip=False,
                              value=kernel(x, z, 4, ro, False, kind)))
    for ro in ("gap", "flatten", "lap:3"):
        x, z = images["small"][1], images["small"][2]
        cases.append(dict(images="small", i=1, j=2, depth=5, readout=ro, fix=True, kind="ntk", flip=True,
                          value=kernel(x, z, 5, ro, True, "ntk", flip=True)))
    for ro in ("gap", "flatten", "lap:2"):
        x, z = images["odd"][0], images["odd"][1]
        cases.append(dict(images="odd", i=0, j=1, depth=4, readout=ro, fix=False, kind="ntk", flip=False,
                          value=kernel(x, z, 4, ro, False, "ntk")))
    for name in ("tall", "dot", "pair"):
        for depth in (2, 3, 5):
            for ro, fix in (("flatten", False), ("gap", True), ("gap", False)):
                if fix and depth == 2:
                    continue
                for i, j in ((0, 1), (1, 1)):
                    x, z = images[name][i], images[name][j]
                    cases.append(dict(images=name, i=i, j=j, depth=depth, readout=ro, fix=fix, kind="ntk", flip=False,
                                      value=kernel(x, z, depth, ro, fix, "ntk")))
    doc = dict(note="written by bench/reference/cntk_reference.py fixture; float64 NumPy port of the authors' recursion",
               images={k: dict(shape=list(v.shape), data=[repr(float(a)) for a in v.ravel()]) for k, v in images.items()},
               cases=cases)
    with open(out, "w") as f:
        json.dump(doc, f, indent=0)
    print(f"{len(cases)} cases -> {out}")


def timing(depth, readout_name, pairs, dtype_name, size):
    """Seconds per entry of the port on random size x size images, the diagonal runs included once
    per image as the authors' script does (so they are not counted per pair)."""
    dtype = np.float32 if dtype_name == "float32" else np.float64
    rng = np.random.default_rng(1)
    xs = rng.standard_normal((pairs + 1, 3, size, size)).astype(dtype)
    fix = readout_name == "gap"
    diag = [recursion(x, x, depth, fix, dtype=dtype)[2] for x in xs]
    start = time.perf_counter()
    values = []
    for k in range(pairs):
        s, t, _ = recursion(xs[k], xs[k + 1], depth, fix, diag[k], diag[k + 1], dtype=dtype)
        values.append(readout(t, readout_name))
    seconds = (time.perf_counter() - start) / pairs
    print(json.dumps(dict(impl="numpy-port", depth=depth, readout=readout_name, dtype=dtype_name, size=size,
                          pairs=pairs, seconds_per_entry=seconds, values=values)))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fixture")
    f.add_argument("--out", required=True)
    t = sub.add_parser("time")
    t.add_argument("--depth", type=int, default=21)
    t.add_argument("--readout", default="gap")
    t.add_argument("--pairs", type=int, default=2)
    t.add_argument("--dtype", default="float32")
    t.add_argument("--size", type=int, default=32)
    a = ap.parse_args()
    if a.cmd == "fixture":
        fixture(a.out)
    else:
        timing(a.depth, a.readout, a.pairs, a.dtype, a.size)


if __name__ == "__main__":
    sys.exit(main())
