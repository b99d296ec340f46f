#!/usr/bin/env python3
"""Benchmark of the bulk cancel, run by hand (not part of the test suite).

With ROWS invitations (default 1,000,000, made with --sample-data and then turned
into real, synced rows so that every cancel also writes its outbox row), cancel the
first N pending ones (default 100,000) the way the window does: the preview for the
warning dialog, then the cancel in one transaction (goal: committed in under 2 s).

Baselines in the same run, on fresh copies of the same file, through the sqlite3 CLI:
  sql-plain   the equivalent plain SQL: UPDATE of the same rows + INSERT of their
              history, in one transaction;
  sql-outbox  the same plus an INSERT … SELECT of one outbox row each (a random key and
              the app's payload, which names its template's message), i.e. everything
              the app writes.
The ratios apply-ms / baseline are what count: the machine is shared.

Usage: tests/bench/bench-cancel.py [BUILD_DIR] [ROWS] [N] [RUNS]
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
n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
app = os.path.join(build, "src", "invitations")
bench = os.path.join(build, "tests", "bench", "bench-cancel")
env = dict(os.environ, GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8")

PICK = (f"CREATE TEMP TABLE ids AS SELECT id FROM invitations WHERE status = 'pending' "
        f"ORDER BY sent_at DESC, id DESC LIMIT {n};")
PLAIN = ("UPDATE invitations SET status = 'cancelled', sync_state = 'pending_cancel', "
         "cancel_reason = 'pipeline_cleanup', updated_at = strftime('%s', 'now') "
         "WHERE id IN (SELECT id FROM ids) AND status = 'pending';"
         "INSERT INTO history (invitation_id, at, event, detail) "
         "SELECT id, strftime('%s', 'now'), 'cancelled', 'pipeline_cleanup' FROM ids;")
OUTBOX = ("INSERT INTO outbox (operation, invitation_id, idempotency_key, payload, state, "
          "batch_id, hold_until, previous_status, previous_sync_state, created_at) "
          "SELECT 'cancel', i.id, lower(hex(randomblob(16))), "
          "json_object('reason', 'pipeline_cleanup', 'notifyCandidate', json('true'), "
          "'notifyInterviewers', json('false'), 'messageTemplate', i.template_id), 'queued', "
          "1, strftime('%s', 'now') + 600, 'pending', 'synced', strftime('%s', 'now') "
          "FROM ids CROSS JOIN invitations i ON i.id = ids.id;")


def timed_sqlite(path, script):
    start = time.perf_counter()
    subprocess.run(["sqlite3", path], input=script, text=True, check=True,
                   stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def sqlite_ms(path, body):
    """The sqlite3 CLI running BODY in one transaction on PATH: (commit, checkpoint) ms,
    the checkpoint kept out of the commit as the app does."""
    commit = timed_sqlite(path, ".dbconfig no_ckpt_on_close on\n"
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                f"PRAGMA wal_autocheckpoint = 0; {PICK} BEGIN IMMEDIATE; {body} COMMIT;")
    checkpoint = timed_sqlite(path, "PRAGMA wal_checkpoint (TRUNCATE);")
    return commit, checkpoint


def app_figures(path):
    out = subprocess.run([bench, path, str(n)], env=env, check=True, text=True,
                         capture_output=True).stdout
    return {k: float(v) for k, v in (line.split() for line in out.splitlines())}


with tempfile.TemporaryDirectory(prefix="invitations-bench-cancel-") as folder:
    master = os.path.join(folder, "master.db")
    print(f"making {rows:,} invitations …", file=sys.stderr)
    subprocess.run([app, f"--database={master}", f"--sample-data={rows}"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    # Real, synced rows: a cancel of demo rows would skip the outbox.
    subprocess.run(["sqlite3", master],
                   input="UPDATE invitations SET is_sample = 0, sync_state = 'synced';"
                         "PRAGMA wal_checkpoint(TRUNCATE);",
                   text=True, check=True, stdout=subprocess.DEVNULL)
    pending = subprocess.run(["sqlite3", master, "SELECT count(*) FROM invitations WHERE status = 'pending'"],
                             text=True, check=True, capture_output=True).stdout.strip()
    print(f"{rows:,} invitations, {int(pending):,} pending; cancelling {n:,}", file=sys.stderr)

    figures, plain, outbox = [], [], []
    for run in range(runs):
        copy = os.path.join(folder, "run.db")
        shutil.copyfile(master, copy)
        figures.append(app_figures(copy))
        shutil.copyfile(master, copy)
        plain.append(sqlite_ms(copy, PLAIN))
        shutil.copyfile(master, copy)
        outbox.append(sqlite_ms(copy, PLAIN + OUTBOX))

    def med(key):
        return statistics.median(f[key] for f in figures)

    def med_commit(pairs):
        return statistics.median(c for c, _ in pairs)

    def med_total(pairs):
        return statistics.median(c + k for c, k in pairs)

    apply_ms, durable_ms = med("apply-ms"), med("durable-ms")
    print(f"rows                       {rows}")
    print(f"cancelled                  {int(med('cancelled'))} (outbox rows {int(med('queued'))})")
    print(f"ids-ms                     {med('ids-ms'):.0f}")
    print(f"preview-ms                 {med('preview-ms'):.0f}")
    print(f"apply-ms (committed)       {apply_ms:.0f}   (goal < 2000)")
    print(f"durable-ms (+checkpoint)   {durable_ms:.0f}")
    print(f"undo-ms                    {med('undo-ms'):.0f}")
    print(f"sql-plain commit/total ms  {med_commit(plain):.0f} / {med_total(plain):.0f}")
    print(f"sql-outbox commit/total ms {med_commit(outbox):.0f} / {med_total(outbox):.0f}")
    print(f"apply / sql-plain commit   {apply_ms / med_commit(plain):.2f}")
    print(f"apply / sql-outbox commit  {apply_ms / med_commit(outbox):.2f}")
    print(f"durable / sql-plain total  {durable_ms / med_total(plain):.2f}")
    print(f"durable / sql-outbox total {durable_ms / med_total(outbox):.2f}")
    print(f"runs                       {runs} (medians)")
