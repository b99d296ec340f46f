#!/usr/bin/env python3
"""Benchmarks of the invitations list, run by hand (not part of the test suite).

With N sample invitations (default 1,000,000), under one Xvfb:
1. the app itself: process start → its window painting the first rows (goal < 1 s),
   and its resident memory with the list open (VmRSS, goal < 150 MB);
2. the list alone (bench-list-view): a filter, a sort and a search change → rows
   updated on screen (goal < 100 ms), each with the ratio to the very statement the
   list ran, through the sqlite3 CLI on the same file in the same run;
3. "Select all N matching" + "Delete invitations" → the dialog with its numbers, then
   "Delete N Invitations" → committed, for about 100,000 pending rows (goal < 2 s),
   split into the cancel core's own time (its log) and the rest;
4. resident memory of the list alone, open and after the bulk cancel.

Usage: tests/bench/bench-list.py [BUILD_DIR] [ROWS] [RUNS]
Set BENCH_LIST_DB to an existing database of ROWS sample invitations to skip making one.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

if "DISPLAY" not in os.environ:
    # One display for the whole run, so no figure includes Xvfb starting.
    os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                           sys.executable] + sys.argv)

build = sys.argv[1] if len(sys.argv) > 1 else "_build"
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
app = os.path.join(build, "src", "invitations")
bench = os.path.join(build, "tests", "bench", "bench-list-view")
env = dict(os.environ, GSETTINGS_BACKEND="memory", GDK_BACKEND="x11", GSK_RENDERER="cairo",
           GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"), NO_AT_BRIDGE="1")

tmp = tempfile.mkdtemp(prefix="bench-list-")
master = os.environ.get("BENCH_LIST_DB")
if not master:
    master = os.path.join(tmp, "master.db")
    print(f"Adding {rows:,} sample invitations …", flush=True)
    subprocess.run([app, f"--database={master}", f"--sample-data={rows}"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def run_app(db):
    """Starts the app; returns the wall time from spawning it to the view's "first rows
    on screen" line, and its VmRSS a second later."""
    app_env = dict(env, G_MESSAGES_DEBUG="inv-invitations-view")
    start = time.perf_counter()
    # GLib writes debug messages to standard output; stdbuf makes it line-buffered.
    proc = subprocess.Popen(["stdbuf", "-oL", app, f"--database={db}"], env=app_env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready = None
    for line in proc.stdout:
        if "First rows on screen" in line:
            ready = (time.perf_counter() - start) * 1000
            break
    # Keep reading so the app never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    time.sleep(1.5)
    rss = rss_kb(proc.pid)
    proc.terminate()
    proc.wait()
    return ready, rss


def run_view(db):
    """Runs bench-list-view; returns its figures and the cancel core's own time."""
    view_env = dict(env, G_MESSAGES_DEBUG="inv-cancel")
    proc = subprocess.run([bench, db], env=view_env, capture_output=True, text=True)
    figures = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.strip().partition(" ")
        figures[key] = value
    core = [float(m.group(1)) for m in re.finditer(r"cancel: committed after ([0-9.]+) ms", proc.stdout + proc.stderr)]
    figures["core-ms"] = core[-1] if core else float("nan")
    return figures


def sqlite_ms(db, sql):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(["sqlite3", db, sql], stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


starts = []
views = []
for i in range(runs):
    db = os.path.join(tmp, f"run{i}.db")
    shutil.copy(master, db)
    starts.append(run_app(db))
    views.append(run_view(db))
    os.remove(db)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def med(key):
    return statistics.median(float(v[key]) for v in views)


print(f"rows: {rows:,}   runs: {runs} (medians)   load average: {os.getloadavg()[0]:.1f}")
start_ms = statistics.median(s[0] for s in starts)
sql_first = sqlite_ms(master, "SELECT i.id FROM invitations i ORDER BY i.sent_at DESC, i.id DESC")
print(f"app: process start → first rows painted: {start_ms:.0f} ms "
      f"(the one id query through the sqlite3 CLI: {sql_first:.0f} ms → ratio {start_ms / sql_first:.1f})")
print(f"app: VmRSS with the list open: {statistics.median(s[1] for s in starts) / 1024:.0f} MB")
sql_empty = sqlite_ms(master, "SELECT 1")
print(f"(sqlite3 CLI start-up alone: {sql_empty:.0f} ms)")
for name, key in (("filter (Pending only)", "filter"), ("sort (Candidate, pending)", "sort"),
                  (f"search for a name ({views[0]['search-name-text']!r}, pending)", "search-name"),
                  (f"search ({views[0]['search-text']!r}, pending)", "search")):
    first, every = med(key + "-ms"), med(key + "-all-ms")
    sql = sqlite_ms(master, views[0][key + "-sql"])
    print(f"{name}, {views[0][key + '-matching']} rows:")
    leading = views[0].get(key + "-leading-sql")
    if leading:
        sql_leading = sqlite_ms(master, leading)
        print(f"  first rows on screen ({views[0][key + '-first-shown']}): {first:.0f} ms; "
              f"the walk's own statement through the sqlite3 CLI {sql_leading:.0f} ms "
              f"(it prints up to 10,000 rows; the list stops at 200 matches) → ratio {first / sql_leading:.2f}; "
              f"ratio to the whole statement {first / sql:.2f}")
    print(f"  every row in the list: {every:.0f} ms; the whole statement through the sqlite3 CLI "
          f"{sql:.0f} ms → ratio {every / sql:.2f}")
print(f"select all {views[0]['search-matching']} matching → dialog with numbers: {med('select-all-ms'):.0f} ms "
      f"(eligible {views[0]['eligible']}, skipped {views[0]['skipped']})")
print(f"confirm → committed (toast): {med('confirm-ms'):.0f} ms, of which the cancel core "
      f"{med('core-ms'):.0f} ms; → rows read again and painted: {med('confirm-rows-ms'):.0f} ms "
      f"(cancelled {views[0]['cancelled']})")
print(f"select all + confirm → committed: {med('select-all-ms') + med('confirm-ms'):.0f} ms "
      f"(UI part {med('select-all-ms') + med('confirm-ms') - med('core-ms'):.0f} ms)")
print(f"list alone: VmRSS open {med('rss-kb-open') / 1024:.0f} MB; right after the bulk cancel "
      f"{med('rss-kb-end') / 1024:.0f} MB; five seconds later {med('rss-kb-settled') / 1024:.0f} MB")
shutil.rmtree(tmp)
