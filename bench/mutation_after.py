#!/usr/bin/env python3
"""Re-score a Stryker.NET part after tests were added, without rerunning the mutants the first run already detected.

Tests were only added, so a mutant the first run killed (or timed out) is still detected; what can change is the verdict on
its survivors and uncovered mutants, and on mutants of lines edited since. This script

  spans OLD.json REPO [OLD_COMMIT]  prints the FILES entries (File.cs{start..end}, character spans of the current source)
                                    that cover every survivor and uncovered mutant of OLD.json, plus the lines changed since
                                    OLD_COMMIT, for `FILES="…" PART=… bash bench/mutation.sh FOLDER`;
  combine OLD.json NEW.json REPO [OLD_COMMIT]
                                    prints the part's score after: the old verdicts outside the rerun spans, the rerun's
                                    verdicts inside them.

Lines are matched between the old source (kept in the report) and the current one by a diff of the two (difflib): a line in
an unchanged run maps to its new number; a changed or deleted line maps to none, and its mutants are replaced by the rerun's.
A span {a..b} is TextSpan.FromBounds(a, b), end exclusive, and Stryker reruns the mutants wholly inside one, so consecutive
lines form one span; an old mutant is replaced only when all its lines are rerun or any of them changed.
"""
import difflib
import json
import subprocess
import sys

DETECTED = {"Killed", "Timeout"}
COUNTED = DETECTED | {"Survived", "NoCoverage"}


def load(path):
    return json.load(open(path))["files"]


def changed_lines(repo, commit, path):
    """Line numbers (1-based, current file) added or changed since commit."""
    if not commit:
        return set()
    diff = subprocess.run(["git", "-C", repo, "diff", "-U0", commit, "HEAD", "--", path], capture_output=True, text=True).stdout
    lines = set()
    for line in diff.splitlines():
        if line.startswith("@@"):
            plus = line.split("+")[1].split(" ")[0]
            start, _, count = plus.partition(",")
            count = int(count) if count else 1
            lines.update(range(int(start), int(start) + max(count, 1)))
    return lines


def line_map(old_source, new_source):
    """Old line number → new line number for lines in unchanged runs; changed or deleted lines are absent."""
    mapping = {}
    matcher = difflib.SequenceMatcher(None, old_source, new_source, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k + 1] = j1 + k + 1
    return mapping


def rerun_lines(old, repo, commit):
    """For each file of the part with survivors, uncovered mutants or edits: (current source, lines to rerun, old→new map)."""
    result = {}
    for path, f in old.items():
        if not f["mutants"]:
            continue  # not a file of this part
        relative = path[path.index("src/"):]
        try:
            new_source = open(f"{repo}/{relative}").read().split("\n")
        except FileNotFoundError:
            continue
        mapping = line_map(f["source"].split("\n"), new_source)
        lines = set(changed_lines(repo, commit, relative))
        for m in f["mutants"]:
            if m["status"] in ("Survived", "NoCoverage"):
                for old_line in range(m["location"]["start"]["line"], m["location"]["end"]["line"] + 1):
                    if old_line in mapping:
                        lines.add(mapping[old_line])  # a changed line is in the rerun already, from the diff
        if lines:
            result[relative] = (new_source, lines, mapping)
    return result


def spans(old, repo, commit):
    entries = []
    for relative, (source, lines, _) in rerun_lines(old, repo, commit).items():
        offsets = [0]
        for text in source:
            offsets.append(offsets[-1] + len(text) + 1)
        runs = []  # consecutive non-blank lines form one span, so a mutant over several lines lies inside one
        for line in sorted(lines):
            if not source[line - 1].strip():
                continue
            if runs and runs[-1][1] == line - 1:
                runs[-1][1] = line
            else:
                runs.append([line, line])
        for first, last in runs:
            entries.append(f"{relative.split('/')[-1]}{{{offsets[first - 1]}..{offsets[last] - 1}}}")
    return entries


def combine(old, new, repo, commit):
    reran = rerun_lines(old, repo, commit)
    counts = {s: 0 for s in COUNTED}
    for path, f in old.items():
        if not f["mutants"]:
            continue
        relative = path[path.index("src/"):]
        _, lines, mapping = reran.get(relative, (None, set(), None))
        for m in f["mutants"]:
            if m["status"] not in COUNTED:
                continue
            span = range(m["location"]["start"]["line"], m["location"]["end"]["line"] + 1)
            if mapping is not None:
                mapped = [mapping.get(line) for line in span]
                if any(line is None for line in mapped) or all(line in lines for line in mapped):
                    continue  # on an edited line, or wholly rerun: the rerun's verdict counts instead
            counts[m["status"]] += 1
    rerun_counts = {s: 0 for s in COUNTED}
    for path, f in new.items():
        if path[path.index("src/"):] not in reran:
            continue  # another part's file, when one rerun served several parts
        for m in f["mutants"]:
            if m["status"] in COUNTED:
                rerun_counts[m["status"]] += 1
                counts[m["status"]] += 1
    detected = counts["Killed"] + counts["Timeout"]
    total = sum(counts.values())
    print(f"rerun: {rerun_counts}")
    print(f"after: {counts}; score {100 * detected / total:.2f}% ({detected} of {total})")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "spans":
        print(" ".join(spans(load(sys.argv[2]), sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)))
    elif mode == "combine":
        combine(load(sys.argv[2]), load(sys.argv[3]), sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        sys.exit(__doc__)
