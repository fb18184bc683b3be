#!/usr/bin/env bash
# usage: startup-timeline.sh <worktree> <datadir> <label>: starts the horde (horde-start.sh), measures, stops it (SIGINT) and prints a timeline
source "$(dirname "$(readlink -f "$0")")/horde-start.sh" "$@"
until [ "$(curl -s -o /dev/null -w '%{http_code}' $API/status/heartbeat)" = 200 ]; do sleep 0.05; done
HB=$(rel)
CPU_HB=$(python3 $SCRIPTS/startup-cpu.py $(cat /tmp/su/launcher.pid))
KEY=$(curl -s -X POST $API/dev/test-user -H 'Content-Type: application/json' -d '{"username":"su","trusted":true,"kudos":100000}' | jq -r .api_key)
USER_T=$(rel)
curl -s -o /tmp/su/async.txt -w "async %{http_code}\n" -X POST $API/generate/text/async -H "apikey: $KEY" -H 'Content-Type: application/json' \
  -d '{"prompt":"Hello","models":["su-model"],"params":{"max_length":80,"max_context_length":1024}}'
ASYNC=$(rel)
for i in $(seq 1 200); do
  ID=$(curl -s -X POST $API/generate/text/pop -H "apikey: $KEY" -H 'Content-Type: application/json' \
   -d '{"name":"su-worker","models":["su-model"],"max_length":512,"max_context_length":4096,"threads":1,"bridge_agent":"su:1:none"}' | tee -a /tmp/su/pops.txt | jq -r .id)
  [ -n "$ID" ] && [ "$ID" != null ] && break
done
POP=$(rel)
CPU_POP=$(python3 $SCRIPTS/startup-cpu.py $(cat /tmp/su/launcher.pid) threads)
echo -e "$LABEL heartbeat=$HB user=$USER_T async=$ASYNC pop=$POP (id=$ID)\n  cpu@hb: $CPU_HB\n  cpu@pop: $CPU_POP" | tee -a /tmp/su/results.txt
LPID=$(cat /tmp/su/launcher.pid)
kill -INT $LPID; wait $PIPE
