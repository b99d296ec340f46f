#!/usr/bin/env python3
"""Benchmark of the CSV import, run by hand (not part of the test suite).

Writes a candidates file of ROWS rows (default 100,000: UTF-8 with a byte order mark,
CRLF, quoted fields with commas, quotes and line breaks, non-ASCII names and IDN
domains, 1% invalid emails and 1% repeated rows), then, on fresh databases, in the
same run:
  app        bench-import: the app's parser + validation + candidates store (one
             transaction), as the Candidates page imports a file (goal: < 5 s);
  baseline   the sqlite3 CLI's `.import --csv` of the same file into a plain table;
  cli        `invitations --import-csv` end to end: import and queue an invitation
             (outbox row, history) for every good row.
The ratios app / baseline and cli / baseline are what count: the machine is shared.

Usage: tests/bench/bench-import.py [BUILD_DIR] [ROWS] [RUNS]
"""
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else "_build"
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
app = os.path.join(build, "src", "invitations")
bench = os.path.join(build, "tests", "bench", "bench-import")
env = dict(os.environ, GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8")

FIRST = ["Zoë", "José", "Björn", "Łukasz", "Aiko", "Priya", "Oluwaseun", "Anaïs", "Jo", "Mia"]
LAST = ["Müller", "García", "Nguyễn", "O'Brien", "Çelik", "Van der Berg, Jr.", "Silva", "Kim"]
DOMAINS = ["example.org", "bücher.example", "beispiel.de", "example.co.uk"]


def write_csv(path):
    rnd = random.Random(42)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write("First Name,Last Name,Email,Phone\r\n")
        for i in range(rows):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            n = i - 1 if i % 100 == 50 else i          # 1% repeats of the previous row
            email = f"person{n}@{rnd.choice(DOMAINS)}" if i % 100 != 7 else f"broken{i}@@x"
            if i % 100 == 50:
                email = email.upper()
            quoted_last = '"' + last.replace('"', '""') + '"' if "," in last else last
            note = f'"+49 30 {i:07d}\r\next. 12"' if i % 10 == 0 else f"+49 30 {i:07d}"
            f.write(f"{first},{quoted_last},{email},{note}\r\n")


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    return time.perf_counter() - start


def main():
    tmp = tempfile.mkdtemp(prefix="bench-import-")
    csv = os.path.join(tmp, "candidates.csv")
    write_csv(csv)
    print(f"{rows} rows, {os.path.getsize(csv) / 1e6:.1f} MB")

    base, ours, cli = [], [], []
    for run in range(runs):
        plain = os.path.join(tmp, f"plain{run}.db")
        base.append(timed(["sqlite3", plain], input=(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;\n"
            "CREATE TABLE t (first TEXT, last TEXT, email TEXT, phone TEXT);\n"
            f".import --csv --skip 1 {csv} t\n").encode()))

        db = os.path.join(tmp, f"app{run}.db")
        start = time.perf_counter()
        out = subprocess.run([bench, db, csv], env=env, check=True, capture_output=True, text=True).stdout
        ours.append(time.perf_counter() - start)
        figures = dict(line.split() for line in out.splitlines())

        db2 = os.path.join(tmp, f"cli{run}.db")
        con = sqlite3.connect(db2)
        con.close()
        subprocess.run([app, f"--database={db2}", "--sample-data=1"], env=env, check=True,
                       capture_output=True)
        con = sqlite3.connect(db2)
        con.execute("INSERT INTO templates (remote_id, name, active) VALUES (9001, 'Bench', 1)")
        con.commit()
        con.close()
        cmd = [app, f"--database={db2}", f"--import-csv={csv}", "--template=Bench"]
        start = time.perf_counter()
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        cli.append(time.perf_counter() - start)
        last_line = result.stdout.strip().splitlines()[-1]
        print(f"run {run + 1}: baseline {base[-1]:.2f} s, app {ours[-1]:.2f} s "
              f"(parse {float(figures['parse_ms']) / 1000:.2f} s, store {float(figures['store_ms']) / 1000:.2f} s, "
              f"{figures['rows']} kept, {figures['failed']} refused), cli {cli[-1]:.2f} s ({last_line})")

    b, o, c = statistics.median(base), statistics.median(ours), statistics.median(cli)
    print(f"median: sqlite3 .import {b:.2f} s | app import {o:.2f} s = {o / b:.1f}x | "
          f"cli import+invite {c:.2f} s = {c / b:.1f}x")


main()
