#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Templates page's one query: every template with its number of pending
# invitations. Times it on a large database, once as the app runs it (on the
# invitations_by_template_status index) and once forced onto the older
# (template_id, sent_at) index, which is how it ran before schema 4. Run by hand:
#
#   _build/src/invitations --database=/tmp/million.db --sample-data=1000000
#   tests/bench/bench-templates.sh /tmp/million.db
set -eu

db=${1:?usage: bench-templates.sh DATABASE}

count='SELECT sum(n) FROM (SELECT (SELECT count(*) FROM invitations i %s WHERE i.template_id = t.id AND i.status = '"'pending'"') AS n FROM templates t);'

run () {
  printf '.timer on\n'"$count"'\n' "$1" | sqlite3 "$db" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p'
}

# Warm the cache once so both plans read from memory.
run "" >/dev/null

for round in 1 2 3; do
  with_index=$(run "")
  without=$(run "INDEXED BY invitations_by_template")
  echo "round $round: with index ${with_index}s, template index only ${without}s," \
       "ratio $(echo "$without / $with_index" | bc -l | cut -c1-6)"
done
