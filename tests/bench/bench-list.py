#!/usr/bin/env python3
"""Benchmarks of the invitations list, run by hand (not part of the test suite).

With N sample invitations (default 1,000,000), under Xvfb:
1. process start → the list showing its first rows (goal < 1 s);
2. a filter, a sort and a search change → rows updated on screen (goal < 100 ms),
   each with the ratio to the same id query through the sqlite3 CLI on the same file;
3. "Select all N matching" + "Delete invitations" → the dialog with its numbers, then
   "Delete N Invitations" → committed, for about 100,000 pending rows (goal < 2 s);
4. resident memory with the list open (VmRSS, goal < 150 MB).

Usage: tests/bench/bench-list.py [BUILD_DIR] [ROWS] [RUNS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else "_build"
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
app = os.path.join(build, "src", "invitations")
bench = os.path.join(build, "tests", "bench", "bench-list-view")
env = dict(os.environ, GSETTINGS_BACKEND="memory", GDK_BACKEND="x11", GSK_RENDERER="cairo",
           GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"), NO_AT_BRIDGE="1")

tmp = tempfile.mkdtemp(prefix="bench-list-")
master = os.path.join(tmp, "master.db")
print(f"Adding {rows:,} sample invitations …", flush=True)
subprocess.run([app, f"--database={master}", f"--sample-data={rows}"], env=env, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_view(db, extra):
    """Runs the benchmark program under Xvfb; returns its figures and the wall time
    from spawning it to its first line (the rows on screen)."""
    command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", bench, db] + extra
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    figures = {}
    first = None
    for line in proc.stdout:
        if first is None:
            first = (time.perf_counter() - start) * 1000
        key, _, value = line.strip().partition(" ")
        figures[key] = value
    proc.wait()
    figures["spawn-to-ready-ms"] = first
    return figures


def sqlite_ms(db, sql):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(["sqlite3", db, sql], stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


results = []
for i in range(runs):
    db = os.path.join(tmp, f"run{i}.db")
    shutil.copy(master, db)
    results.append(run_view(db, []))
    os.remove(db)

def med(key):
    return statistics.median(float(r[key]) for r in results)

search = results[0]["search-text"]
like = "%" + search.lower() + "%"
base = "SELECT i.id FROM invitations i WHERE i.status = 'pending'"
sql_filter = sqlite_ms(master, base + " ORDER BY i.sent_at DESC, i.id DESC")
sql_sort = sqlite_ms(master, base + " ORDER BY i.candidate_name COLLATE NOCASE ASC, i.id ASC")
sql_search = sqlite_ms(master, base + f" AND i.search_text LIKE '{like}' ESCAPE '\\'"
                       " ORDER BY i.candidate_name COLLATE NOCASE ASC, i.id ASC")
sql_empty = sqlite_ms(master, "SELECT 1")

print(f"rows: {rows:,}   runs: {runs} (medians)")
print(f"process start → first rows: {med('spawn-to-ready-ms'):.0f} ms wall "
      f"(main() → rows {med('ready-ms'):.0f} ms; includes Xvfb start-up in the wall time)")
for name, sql in (("filter (Pending only)", sql_filter), ("sort (Candidate)", sql_sort),
                  (f"search ({search!r})", sql_search)):
    key = name.split()[0] + "-ms"
    ui = med(key)
    print(f"{name}: {ui:.0f} ms on screen; sqlite3 CLI same query {sql:.0f} ms "
          f"(CLI start-up alone {sql_empty:.0f} ms) → ratio {ui / sql:.2f}")
print(f"select all {results[0]['matching']} matching → dialog with numbers: {med('select-all-ms'):.0f} ms "
      f"(eligible {results[0]['eligible']}, skipped {results[0]['skipped']})")
print(f"confirm → committed: {med('confirm-ms'):.0f} ms (cancelled {results[0]['cancelled']})")
print(f"select all + confirm: {med('select-all-ms') + med('confirm-ms'):.0f} ms")
print(f"VmRSS with the list open: {med('rss-kb-open') / 1024:.0f} MB; after the bulk cancel {med('rss-kb-end') / 1024:.0f} MB")
shutil.rmtree(tmp)
