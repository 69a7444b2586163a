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

Lines are matched between the old source (kept in the report) and the current one by their text, the nearest occurrence
to the old line number shifted by the edits before it.
"""
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


def map_line(old_source, new_source, line):
    """The current line holding the old line's text, nearest to its old number."""
    text = old_source[line - 1].strip()
    candidates = [i + 1 for i, t in enumerate(new_source) if t.strip() == text]
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs(c - line))


def rerun_lines(old, repo, commit):
    """For each file with survivors, uncovered mutants or edits: the current lines to rerun."""
    result = {}
    for path, f in old.items():
        if not f["mutants"]:
            continue  # not a file of this part
        relative = path[path.index("src/"):]
        try:
            new_source = open(f"{repo}/{relative}").read().split("\n")
        except FileNotFoundError:
            continue
        old_source = f["source"].split("\n")
        lines = set(changed_lines(repo, commit, relative))
        for m in f["mutants"]:
            if m["status"] in ("Survived", "NoCoverage"):
                for old_line in range(m["location"]["start"]["line"], m["location"]["end"]["line"] + 1):
                    mapped = map_line(old_source, new_source, old_line)
                    if mapped is None:
                        sys.exit(f"{relative}:{old_line}: line not found in the current source; rerun the whole file")
                    lines.add(mapped)
        if lines:
            result[relative] = (new_source, lines)
    return result


def spans(old, repo, commit):
    entries = []
    for relative, (source, lines) in rerun_lines(old, repo, commit).items():
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
            entries.append(f"{relative.split('/')[-1]}{{{offsets[first - 1]}..{offsets[last] - 2}}}")
    return entries


def combine(old, new, repo, commit):
    reran = rerun_lines(old, repo, commit)
    counts = {s: 0 for s in COUNTED}
    for path, f in old.items():
        relative = path[path.index("src/"):]
        old_source = f["source"].split("\n")
        lines = reran.get(relative, (None, set()))[1]
        new_source = reran.get(relative, (None, None))[0]
        for m in f["mutants"]:
            if m["status"] not in COUNTED:
                continue
            first = m["location"]["start"]["line"]
            if lines and map_line(old_source, new_source, first) in lines:
                continue  # replaced by the rerun's verdict
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
