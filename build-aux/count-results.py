#!/usr/bin/env python3
"""Counts test cases across meson test logs and prints "N passed, N failed".

A TAP test contributes one count per "ok"/"not ok" line; any other test counts once.
A test program that crashed or timed out counts as a failure even when its TAP lines
before the crash passed.
"""
import json
import re
import sys

passed = failed = skipped = 0
missing = 0

for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            lines = [line for line in log if line.strip()]
    except OSError:
        missing += 1
        continue
    for line in lines:
        test = json.loads(line)
        result = test.get("result", "")
        output = test.get("stdout", "") or ""
        oks = nots = skips = 0
        # meson's log does not name the protocol: a TAP program is known by its plan.
        is_tap = re.search(r"^(TAP version \d+|\d+\.\.\d+)", output, re.MULTILINE)
        if is_tap:
            for row in output.splitlines():
                if re.match(r"^ok\b", row):
                    if re.search(r"#\s*skip", row, re.IGNORECASE):
                        skips += 1
                    else:
                        oks += 1
                elif re.match(r"^not ok\b", row):
                    if re.search(r"#\s*todo", row, re.IGNORECASE):
                        skips += 1
                    else:
                        nots += 1
        if oks + nots + skips == 0:
            if result in ("OK", "EXPECTEDFAIL"):
                oks = 1
            elif result == "SKIP":
                skips = 1
            else:
                nots = 1
        elif result not in ("OK", "EXPECTEDFAIL", "SKIP") and nots == 0:
            nots = 1
        passed += oks
        failed += nots
        skipped += skips

if missing:
    failed += missing

suffix = f", {skipped} skipped" if skipped else ""
print(f"{passed} passed, {failed} failed{suffix}")
sys.exit(1 if failed else 0)
