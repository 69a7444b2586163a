#!/usr/bin/python3
"""Records SSIM values from scikit-image (Debian's python3-skimage) for tests/Glassbox.Tests/Privacy/SsimTests.cs.

SSIM as Wang et al. (2004) define it: structural_similarity(..., gaussian_weights=True, sigma=1.5,
use_sample_covariance=False, data_range=1), per channel and averaged for colour images. The test images
are made from integer hashes that C# reproduces exactly, so the fixture holds only the recipes and the values.
    /usr/bin/python3 bench/ssim_reference.py > tests/Glassbox.Tests/Privacy/Fixtures/ssim_skimage.json
"""
import json
import numpy as np
import skimage
from skimage.metrics import structural_similarity


def hashed(seed, count):
    # h = (n·2654435761 + seed·40503 + 12345) mod 2^32, then MurmurHash3's 32-bit finaliser, scaled to [0, 1):
    # exact integer arithmetic in both languages.
    m = np.uint64(2**32)
    h = (np.arange(count, dtype=np.uint64) * np.uint64(2654435761) + np.uint64(seed * 40503 + 12345)) % m
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) % m
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) % m
    h ^= h >> np.uint64(16)
    return h.astype(np.float64) / 2**32


def image(seed, channels, height, width, smooth):
    # A smooth ramp (weight `smooth`) plus hashed noise, in [0, 1].
    c, y, x = np.meshgrid(np.arange(channels), np.arange(height), np.arange(width), indexing="ij")
    ramp = ((x + 2 * y + 3 * c) % 23) / 22.0
    return smooth * ramp + (1 - smooth) * hashed(seed, channels * height * width).reshape(channels, height, width)


def ssim(a, b):
    if a.shape[0] == 1:
        return structural_similarity(a[0], b[0], gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0)
    return structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0, channel_axis=0)


cases = []
for name, shape, (sa, ma), (sb, mb) in [
    ("grey 28x28, related", (1, 28, 28), (1, 0.8), (2, 0.6)),
    ("grey 28x28, unrelated noise", (1, 28, 28), (3, 0.0), (4, 0.0)),
    ("grey 28x28, identical", (1, 28, 28), (5, 0.7), (5, 0.7)),
    ("rgb 32x32, related", (3, 32, 32), (6, 0.9), (7, 0.5)),
    ("grey 11x11, the smallest window", (1, 11, 11), (8, 0.5), (9, 0.5)),
    ("grey 13x20, not square", (1, 13, 20), (10, 0.6), (11, 0.3)),
]:
    a, b = image(sa, *shape, ma), image(sb, *shape, mb)
    cases.append({"name": name, "shape": list(shape), "a": [sa, ma], "b": [sb, mb], "ssim": float(ssim(a, b))})
print(json.dumps({"skimage": skimage.__version__, "cases": cases}, indent=1))
