#!/usr/bin/env python3
"""Benchmark of "Send invite" for many selected candidates, run by hand.

bench-invite adds N candidates (default 10,000) to a fresh database, then times the
preview (who will be invited, who already has an invitation, invalid emails) and the
queueing in batches of 100 (invitation row + outbox row with its idempotency key +
history row each), and once more in a worker thread while measuring the longest
main-loop stall (goal: preview + queue < 1 s, no stall a person would notice).

Baseline in the same run, through the sqlite3 CLI on a copy of the same file: the
same rows written by plain SQL in one transaction (INSERT … SELECT of N invitations,
N outbox rows with a random key and a payload of the same size, N history rows).

Usage: tests/bench/bench-invite.py [BUILD_DIR] [N] [RUNS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else "_build"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
bench = os.path.join(build, "tests", "bench", "bench-invite")
env = dict(os.environ, GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8")

SQL = f"""
PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
CREATE TEMP TABLE picked AS SELECT id, first_name || ' ' || last_name AS name, email
  FROM candidates WHERE email LIKE 'third%' LIMIT {n};
BEGIN IMMEDIATE;
INSERT INTO invitations (template_id, candidate_id, candidate_name, email, search_text, status, link,
  sent_at, expires_at, updated_at, sync_state)
  SELECT 1, id, name, email, lower(name || char(10) || email), 'pending',
         NULL, strftime('%s', 'now'),
         strftime('%s', 'now') + 7 * 86400, strftime('%s', 'now'), 'pending_create' FROM picked;
INSERT INTO outbox (operation, invitation_id, idempotency_key, payload, batch_id, created_at)
  SELECT 'create', i.id, lower(hex(randomblob(16))), printf('%.*c', 230, 'x'), 1, strftime('%s', 'now')
  FROM invitations i JOIN picked p ON p.id = i.candidate_id;
INSERT INTO history (invitation_id, at, event, detail)
  SELECT i.id, strftime('%s', 'now'), 'invited', 'Invited (batch 1)'
  FROM invitations i JOIN picked p ON p.id = i.candidate_id;
COMMIT;
"""


def main():
    tmp = tempfile.mkdtemp(prefix="bench-invite-")
    rows = []
    for run in range(runs):
        db = os.path.join(tmp, f"app{run}.db")
        out = subprocess.run([bench, db, str(n)], env=env, check=True, capture_output=True, text=True).stdout
        f = {k: float(v) for k, v in (line.split() for line in out.splitlines())}

        # The baseline writes the same rows for a third set of candidates of the same file.
        copy = os.path.join(tmp, f"sql{run}.db")
        shutil.copy(db, copy)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db + suffix):
                shutil.copy(db + suffix, copy + suffix)
        subprocess.run(["sqlite3", copy], input=(
            "BEGIN; " + " ".join(
                f"INSERT INTO candidates (first_name, last_name, email, email_key, created_at) "
                f"VALUES ('Bench', 'Person', 'third{i}@example.org', 'third{i}@example.org', 0);"
                for i in range(n)) + " COMMIT;"), text=True, check=True)
        start = time.perf_counter()
        subprocess.run(["sqlite3", copy], input=SQL, text=True, check=True, stdout=subprocess.DEVNULL)
        base = (time.perf_counter() - start) * 1000
        rows.append((f, base))
        print(f"run {run + 1}: preview {f['preview_ms']:.0f} ms + queue {f['queue_ms']:.0f} ms "
              f"= {f['preview_ms'] + f['queue_ms']:.0f} ms; in a thread {f['async_ms']:.0f} ms with the "
              f"longest main-loop stall {f['stall_ms']:.1f} ms; sqlite3 baseline {base:.0f} ms")

    p = statistics.median(r[0]["preview_ms"] for r in rows)
    q = statistics.median(r[0]["queue_ms"] for r in rows)
    s = statistics.median(r[0]["stall_ms"] for r in rows)
    b = statistics.median(r[1] for r in rows)
    print(f"median: preview {p:.0f} ms, queue {q:.0f} ms, total {p + q:.0f} ms = {(p + q) / b:.1f}x the "
          f"sqlite3 baseline ({b:.0f} ms); longest main-loop stall while queueing in a thread {s:.1f} ms")


main()
