#!/usr/bin/python3
"""What SSIM means without an attack: the SSIM (scikit-image, Wang et al. settings) of the first 100 training images of
MNIST / the CIFAR-10 subset against (a) the mean test image, (b) a different image of the same set (the next one), so the
attack's figures in docs/results/private-learning.md can be read against chance.
    /usr/bin/python3 bench/ssim_baselines.py [../shared/data]
"""
import gzip
import os
import sys
import numpy as np
from skimage.metrics import structural_similarity

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")


def ssim(a, b):
    if a.ndim == 2:
        return structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0)
    return structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0, channel_axis=0)


def mnist(name):
    with gzip.open(os.path.join(root, "mnist", name)) as f:
        f.read(16)
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(-1, 28, 28) / 255.0


def cifar(name):
    with gzip.open(os.path.join(root, "cifar10-jpeg", name)) as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8).reshape(-1, 3073)
    return raw[:, 1:].reshape(-1, 3, 32, 32) / 255.0


for label, train, test in [("mnist", mnist("train-images-idx3-ubyte.gz"), mnist("t10k-images-idx3-ubyte.gz")),
                           ("cifar10", *[cifar(n) for n in ("train_batch.bin.gz", "test_batch.bin.gz")])]:
    private, mean = train[:100], test.mean(0)
    against_mean = [ssim(x, mean) for x in private]
    against_other = [ssim(private[i], private[(i + 1) % 100]) for i in range(100)]
    print(f"{label}: SSIM with the mean test image: mean {np.mean(against_mean):.3f}, max {np.max(against_mean):.3f}; "
          f"with another private image: mean {np.mean(against_other):.3f}, max {np.max(against_other):.3f}")
