#!/usr/bin/python3
"""Compare `glassbox uci` results with the reference procedure's, set by set.

Usage: /usr/bin/python3 bench/reference/compare_uci.py OURS/results.jsonl REF.jsonl [--method ntk]
Prints, over the sets both files hold: the mean test accuracy of each, the mean and mean absolute
difference (percentage points), how many sets chose the same (L, f, C), and the summed seconds
of each side with their ratio.
"""
import argparse
import json


def load(path, method=None):
    rows = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if method is None or r.get("method", method) == method:
                    rows[r["dataset"]] = r
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ours")
    parser.add_argument("reference")
    parser.add_argument("--method", default="ntk")
    parser.add_argument("--list", action="store_true", help="print every set")
    args = parser.parse_args()
    ours, ref = load(args.ours, args.method), load(args.reference)
    common = [d for d in ref if d in ours]
    if not common:
        raise SystemExit("no data set in common")
    diffs = [100 * (ours[d]["test_acc"] - ref[d]["test_acc"]) for d in common]
    same = sum((ours[d]["depth"], ours[d]["fix"], ours[d]["C"]) == (ref[d]["depth"], ref[d]["fix"], ref[d]["C"]) for d in common)
    t_ours, t_ref = sum(ours[d]["seconds"] for d in common), sum(ref[d]["seconds"] for d in common)
    if args.list:
        for d, diff in zip(common, diffs):
            print(f"{d:32s} ours {100 * ours[d]['test_acc']:6.2f}  ref {100 * ref[d]['test_acc']:6.2f}  "
                  f"diff {diff:+6.2f}  ours {ours[d]['seconds']:8.2f}s ref {ref[d]['seconds']:8.2f}s")
    print(f"sets in common: {len(common)}")
    print(f"mean test accuracy: ours {sum(100 * ours[d]['test_acc'] for d in common) / len(common):.3f}%, "
          f"reference {sum(100 * ref[d]['test_acc'] for d in common) / len(common):.3f}%")
    print(f"mean difference {sum(diffs) / len(diffs):+.3f} pp, mean |difference| {sum(map(abs, diffs)) / len(diffs):.3f} pp, "
          f"max |difference| {max(map(abs, diffs)):.2f} pp")
    print(f"same (L, f, C) chosen: {same}/{len(common)}")
    print(f"seconds: ours {t_ours:.1f}, reference {t_ref:.1f}, ratio {t_ref / t_ours:.1f}x")


if __name__ == "__main__":
    main()
