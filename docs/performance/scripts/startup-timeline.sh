#!/usr/bin/env bash
# usage: run.sh <worktree> <datadir> <label>   -> starts the horde, measures, stops it (SIGINT) and prints a timeline
WT=$1; DATA=$2; LABEL=$3
export HORDE_DATA_DIR=$DATA HORDE_HTTP_PORT=17001 HORDE_KAFKA_PORT=39092 HORDE_KAFKA_CONTROLLER_PORT=39093 \
  HORDE_PG_PORT=35432 HORDE_SCHEDULER_METRICS_PORT=37101 HORDE_LEDGER_METRICS_PORT=37102 \
  HORDE_PROJECTIONS_METRICS_PORT=37103 HORDE_TEST_APIKEYS=1 HORDE_TEST_RATELIMIT_DISABLED=true
API=http://localhost:17001/api/v2
LOG=/tmp/su/$LABEL.log
cd $WT
T0=$(date +%s.%N)
( echo $BASHPID > /tmp/su/launcher.pid; exec ./horde run ) 2>&1 | perl -MTime::HiRes=time -ne 'BEGIN{$|=1; $t0='$T0'} printf "%6.2f %s", time-$t0, $_' > $LOG &
PIPE=$!
rel() { echo "$(date +%s.%N) - $T0" | bc | xargs printf "%6.2f"; }
until [ "$(curl -s -o /dev/null -w '%{http_code}' $API/status/heartbeat)" = 200 ]; do sleep 0.05; done
HB=$(rel)
CPU_HB=$(python3 /tmp/su/cpu.py $(cat /tmp/su/launcher.pid))
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
CPU_POP=$(python3 /tmp/su/cpu.py $(cat /tmp/su/launcher.pid) threads)
echo -e "$LABEL heartbeat=$HB user=$USER_T async=$ASYNC pop=$POP (id=$ID)\n  cpu@hb: $CPU_HB\n  cpu@pop: $CPU_POP" | tee -a /tmp/su/results.txt
LPID=$(cat /tmp/su/launcher.pid)
kill -INT $LPID; wait $PIPE
