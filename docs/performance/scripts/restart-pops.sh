#!/usr/bin/env bash
# usage: restart-pops.sh <worktree> <datadir> <label>: restarts the horde on <datadir> (a copy: cp -a), then for
# 60 s one text request and one pop at a time by a new worker on its own model; prints the pops' latencies and
# the ticks that left due commands to the next. Needs curl and jq; ports as horde-start.sh.
source "$(dirname "$(readlink -f "$0")")/horde-start.sh" "$@"
until grep -q 'AI Horde is up' $LOG; do sleep 0.05; done
UP=$(rel)
KEY=$(curl -s -X POST $API/dev/test-user -H 'Content-Type: application/json' -d '{"username":"su","trusted":true,"kudos":100000}' | jq -r .api_key)
: > /tmp/su/$LABEL.pops
END=$(( $(date +%s) + 60 ))
while [ $(date +%s) -lt $END ]; do
  curl -s -o /dev/null -X POST $API/generate/text/async -H "apikey: $KEY" -H 'Content-Type: application/json' \
    -d '{"prompt":"Hello","models":["su-model"],"params":{"max_length":80,"max_context_length":1024}}'
  curl -s -o /tmp/su/pop.json -w "%{time_total}" -X POST $API/generate/text/pop -H "apikey: $KEY" -H 'Content-Type: application/json' \
   -d '{"name":"su-worker","models":["su-model"],"max_length":512,"max_context_length":4096,"threads":1,"bridge_agent":"su:1:none"}' > /tmp/su/t.txt
  echo "$(rel) $(cat /tmp/su/t.txt) $(jq -r '.id // "none"' /tmp/su/pop.json)" >> /tmp/su/$LABEL.pops
done
kill -INT $(cat /tmp/su/launcher.pid); wait $PIPE
python3 - "$LABEL" "$UP" <<'PY'
import sys
label, up = sys.argv[1], sys.argv[2]
rows = [l.split() for l in open(f"/tmp/su/{label}.pops")]
lat = sorted(float(r[1])*1000 for r in rows)
jobs = sum(1 for r in rows if r[2] != "none")
worst = sorted(rows, key=lambda r: -float(r[1]))[:5]
print(f"{label}: up {up} s; {len(rows)} pops in 60 s, {jobs} with a job; p50 {lat[len(lat)//2]:.0f} ms, p99 {lat[int(len(lat)*0.99)]:.0f} ms, max {lat[-1]:.0f} ms; over 1 s: {sum(1 for x in lat if x>1000)}")
print("  worst (at s, took s):", [(r[0], r[1]) for r in worst])
PY
grep -E 'due commands|queues rebuilt' $LOG | head -5; grep -c 'due commands' $LOG
grep 'due commands' $LOG | sed 's/.*handled in \([0-9]*\) ms.*/\1/' | sort -n | awk '{a[NR]=$1} END{if (NR) print "ticks at the cap",NR,"ms min",a[1],"median",a[int((NR+1)/2)],"max",a[NR]}'
