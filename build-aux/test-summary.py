#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts meson's testlog.json into one line: N passed, N failed[, N skipped]."""
import json
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}

passed = failed = skipped = 0
try:
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            result = json.loads(line).get("result")
            if result in PASSED:
                passed += 1
            elif result in SKIPPED:
                skipped += 1
            else:
                failed += 1
except FileNotFoundError:
    print("no test log: the build or the test run failed before any test", file=sys.stderr)
    failed = max(failed, 1)

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
