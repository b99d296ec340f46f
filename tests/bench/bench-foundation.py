#!/usr/bin/env python3
"""Benchmarks of the foundation, run by hand (not part of the test suite):

1. `invitations --sample-data=1000000` into a new file (goal: under 20 s), with the
   ratio to a baseline in the same run: the sqlite3 CLI inserting as many rows of the
   same width into the same schema with one recursive INSERT … SELECT.
2. `invitations --list --status=pending --format=csv` on those rows, against the same
   query through the sqlite3 CLI (same join, same order, same time formatting) on the
   same file (goal: at most 1.5 times the CLI).

Usage: tests/bench/bench-foundation.py [BUILD_DIR] [ROWS]
Times are medians of several runs; the machine is shared, so the ratios are what count.
"""
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else "_build"
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
app = os.path.join(build, "src", "invitations")
env = dict(os.environ, GSETTINGS_BACKEND="memory")


def timed(command, **kwargs):
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, **kwargs)
    return time.perf_counter() - start


def median_of(runs, command, **kwargs):
    return statistics.median(timed(command, **kwargs) for _ in range(runs))


with tempfile.TemporaryDirectory(prefix="invitations-bench-") as folder:
    database = os.path.join(folder, "bench.db")
    baseline = os.path.join(folder, "baseline.db")

    # 1. Sample data into a new file.
    sample_seconds = timed([app, f"--database={database}", f"--sample-data={rows}"],
                           stdout=subprocess.DEVNULL)

    # Baseline: an empty database with the app's schema, then the sqlite3 CLI fills it
    # with rows of the same shape in one statement.
    subprocess.run([app, f"--database={baseline}", "--list"], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([app, f"--database={baseline}", "--sample-data=1"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    fill = f"""
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;
BEGIN;
INSERT INTO candidates (first_name, last_name, email, email_key, phone, created_at, is_sample)
  WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {rows * 10 // 12})
  SELECT 'Zoë', 'Müller', 'zoe.mueller.' || k || '@bücher.example',
         'zoe.mueller.' || k || '@bücher.example', '+49 123 4567', 0, 1 FROM n;
INSERT INTO invitations (template_id, candidate_id, candidate_name, email, search_text, status, link,
                         sent_at, expires_at, scheduled_at, updated_at, sync_state, cancel_reason, is_sample)
  WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < {rows})
  SELECT 1, 2 + k % {rows * 10 // 12}, 'Zoë Müller', 'zoe.mueller.' || k || '@bücher.example',
         'zoë müller' || char(10) || 'zoe.mueller.' || k || '@bücher.example',
         CASE abs(random()) % 7 WHEN 0 THEN 'pending' WHEN 1 THEN 'completed' WHEN 2 THEN 'expired'
              WHEN 3 THEN 'cancelled' WHEN 4 THEN 'in_progress' WHEN 5 THEN 'pending' ELSE 'completed' END,
         'https://demo.invitations.invalid/i/' || hex(randomblob(8)),
         1790000000 + abs(random()) % 10000000, 1790000000 + abs(random()) % 10000000, NULL,
         1790000000, 'local', NULL, 1 FROM n;
INSERT INTO history (invitation_id, at, event, detail)
  SELECT id, sent_at, 'invited', 'demo data' FROM invitations;
INSERT INTO history (invitation_id, at, event, detail)
  SELECT id, updated_at, 'status-changed', status FROM invitations WHERE status <> 'pending';
COMMIT;
"""
    baseline_seconds = timed(["sqlite3", baseline], input=fill.encode(), stdout=subprocess.DEVNULL)

    # 2. Export of the pending rows, against the same query in the sqlite3 CLI.
    query = """
.headers on
.mode csv
SELECT i.id, i.remote_id, t.name AS template, i.template_id, i.candidate_name, i.email, i.status,
       i.sync_state, i.link, strftime('%Y-%m-%dT%H:%M:%SZ', i.sent_at, 'unixepoch') AS sent_at,
       strftime('%Y-%m-%dT%H:%M:%SZ', i.expires_at, 'unixepoch') AS expires_at
  FROM invitations i JOIN templates t ON t.id = i.template_id
 WHERE i.status = 'pending' ORDER BY i.sent_at DESC, i.id DESC;
"""
    runs = 5
    timed([app, f"--database={database}", "--list", "--status=pending"], stdout=subprocess.DEVNULL)
    app_list = median_of(runs, [app, f"--database={database}", "--list", "--status=pending", "--format=csv"],
                         stdout=subprocess.DEVNULL)
    cli_list = median_of(runs, ["sqlite3", database], input=query.encode(), stdout=subprocess.DEVNULL)

    pending = subprocess.run([app, f"--database={database}", "--list", "--status=pending"], env=env,
                             check=True, capture_output=True).stdout.count(b"\n") - 1
    app_out = subprocess.run([app, f"--database={database}", "--list", "--status=pending"], env=env,
                             check=True, capture_output=True).stdout
    cli_out = subprocess.run(["sqlite3", database], input=query.encode(), check=True,
                             capture_output=True).stdout
    # The CLI quotes more fields than it must; both are RFC 4180, so compare the values.
    same = (list(csv.reader(io.StringIO(app_out.decode(), newline="")))
            == list(csv.reader(io.StringIO(cli_out.decode(), newline=""))))
    size = os.path.getsize(database) + os.path.getsize(database + "-wal") if os.path.exists(database + "-wal") else os.path.getsize(database)

print(f"rows: {rows}")
print(f"sample-data: {sample_seconds:.2f} s (goal < 20 s); "
      f"sqlite3 CLI baseline for the same rows: {baseline_seconds:.2f} s; "
      f"ratio {sample_seconds / baseline_seconds:.2f}x")
print(f"database size: {size / 1e6:.0f} MB")
print(f"--list --status=pending --format=csv ({pending} rows): {app_list * 1000:.0f} ms; "
      f"sqlite3 CLI same query: {cli_list * 1000:.0f} ms; ratio {app_list / cli_list:.2f}x (goal <= 1.5x)")
print(f"same rows and values as the CLI's output: {same}")
