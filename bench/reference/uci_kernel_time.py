#!/usr/bin/python3
"""Wall time of the UCI paper's kernel computation alone (NumPy), per data set.

Computes k[L][f] for L < 5 over all rows of each set exactly as bench/reference/uci_ntk_reference.py
does (one pass per f, as the authors' script), and prints one line per set plus the total.
Compare with `dotnet bench/Glassbox.Bench/bin/Release/net10.0/linux-x64/Glassbox.Bench.dll uci-kernels`.

Usage: /usr/bin/python3 bench/reference/uci_kernel_time.py ../shared/data/uci [names-file]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uci_ntk_reference import MAX_DEPTH, kernels, read_data, read_metadata  # noqa: E402


def main():
    folder = sys.argv[1]
    names_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(folder, "NTK90_datasets.txt")
    total = 0.0
    for name in open(names_file).read().split():
        meta = read_metadata(os.path.join(folder, name), name)
        x, _ = read_data(os.path.join(folder, name, meta["fich1="]))
        start = time.perf_counter()
        kernels(x, MAX_DEPTH)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{name}\t{x.shape[0]}\t{seconds:.3f}", flush=True)
    print(f"total\t\t{total:.2f}")


if __name__ == "__main__":
    main()
