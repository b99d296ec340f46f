#!/usr/bin/env python3
"""How long a change takes to show in the invitations list, run by hand.

At N sample invitations (default 1,000,000), under one Xvfb, the list open on
"Pending only": a change of one row and of 100,000 rows, committed by another
connection, until the list shows it (its rows read again in place, on the worker),
against reading the whole list again after the same change (what each change cost
before, on the main thread), every run on
a fresh copy of the same database. The baseline of the baseline is the list's id
query through the sqlite3 CLI on the same file in the same run.

Usage: tests/bench/bench-changes.py [BUILD_DIR] [ROWS] [RUNS]
Set BENCH_LIST_DB to an existing database of ROWS sample invitations to skip making one.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

if "DISPLAY" not in os.environ:
    os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                           sys.executable] + sys.argv)

build = sys.argv[1] if len(sys.argv) > 1 else "_build"
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
app = os.path.join(build, "src", "invitations")
bench = os.path.join(build, "tests", "bench", "bench-changes")
env = dict(os.environ, GSETTINGS_BACKEND="memory", GDK_BACKEND="x11", GSK_RENDERER="cairo",
           GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"), NO_AT_BRIDGE="1")

tmp = tempfile.mkdtemp(prefix="bench-changes-")
master = os.environ.get("BENCH_LIST_DB")
if not master:
    master = os.path.join(tmp, "master.db")
    print(f"Adding {rows:,} sample invitations …", flush=True)
    subprocess.run([app, f"--database={master}", f"--sample-data={rows}"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def copy_db():
    path = os.path.join(tmp, "run.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    shutil.copyfile(master, path)
    return path


def run(mode):
    out = subprocess.run([bench, copy_db(), mode], env=env, check=True, capture_output=True,
                         text=True).stdout
    figures = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    return (float(figures[f"{mode}-model-ms"]), float(figures[f"{mode}-ms"]),
            int(figures["rows"]), int(figures["rows-after"]))


def sqlite_ids():
    path = copy_db()
    sql = ("SELECT i.id FROM invitations i WHERE i.status = 'pending' "
           "ORDER BY i.sent_at DESC, i.id DESC;")
    t0 = time.monotonic()
    subprocess.run(["sqlite3", path, sql], check=True, stdout=subprocess.DEVNULL)
    return (time.monotonic() - t0) * 1000


modes = ("one-row", "reload-one-row", "many-rows", "reload-many-rows")
results = {"sqlite3-ids": []}
for mode in modes:
    results[mode] = []
    results[mode + "-model"] = []
for i in range(runs):
    for mode in modes:
        model_ms, ms, before, after = run(mode)
        results[mode].append(ms)
        results[mode + "-model"].append(model_ms)
        print(f"run {i + 1} {mode}: model {model_ms:.1f} ms, painted {ms:.1f} ms "
              f"({before:,} → {after:,} rows)", flush=True)
    if shutil.which("sqlite3"):
        results["sqlite3-ids"].append(sqlite_ids())

median = {k: statistics.median(v) for k, v in results.items() if v}
print()
print(f"{'figure':<44} {'median ms':>10} {'ratio to reload':>16}")
for key, base, label in (("one-row-model", "reload-one-row-model", "1 row: in place → list model"),
                         ("reload-one-row-model", "reload-one-row-model", "1 row: full reload → list model"),
                         ("one-row", "reload-one-row", "1 row: in place → painted"),
                         ("reload-one-row", "reload-one-row", "1 row: full reload → painted"),
                         ("many-rows-model", "reload-many-rows-model", "100,000 rows: in place → list model"),
                         ("reload-many-rows-model", "reload-many-rows-model", "100,000 rows: full reload → list model"),
                         ("many-rows", "reload-many-rows", "100,000 rows: in place → painted"),
                         ("reload-many-rows", "reload-many-rows", "100,000 rows: full reload → painted"),
                         ("sqlite3-ids", "reload-one-row-model", "the id query through sqlite3")):
    if key in median:
        print(f"{label:<44} {median[key]:>10.1f} {median[key] / median[base]:>15.2f}×")

shutil.rmtree(tmp, ignore_errors=True)
