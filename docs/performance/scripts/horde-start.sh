# Sourced by startup-timeline.sh and restart-pops.sh with <worktree> <datadir> <label> as their arguments: runs
# `./horde run` on its own ports (HTTP 17001, Kafka 39092/39093, PostgreSQL 35432, metrics 37101-37103) in the
# background, each output line stamped with seconds since the start into /tmp/su/<label>.log. Leaves API, LOG,
# T0, PIPE (the pipe to wait for), SCRIPTS (this folder), the launcher's pid in /tmp/su/launcher.pid, and rel
# (seconds since T0).
WT=$1; DATA=$2; LABEL=$3
SCRIPTS=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
mkdir -p /tmp/su
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
