#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the sweep tests and for trying
# `invlab sweep` (docs/cluster.md). Everything lives in one folder ($INVLAB_SLURM_DIR,
# default /tmp/invlab-slurm): its own munge key and socket, slurm.conf, state, spool, logs
# and pid files, so it touches nothing of a system Slurm or munge.
#
#   scripts/slurm-local.sh start    # idempotent: starts what is not running, waits until the node is idle
#   scripts/slurm-local.sh status   # exit 0 when controller and node answer
#   scripts/slurm-local.sh stop     # stops exactly the daemons it started (by their pid files)
#   scripts/slurm-local.sh env      # prints `export SLURM_CONF=...` for the client commands
#
# Client commands (sbatch, squeue, scontrol, scancel) find this cluster through SLURM_CONF.
# Needs root (slurmd runs jobs as their user) and Debian's slurm-wlm + munge. Node size:
# INVLAB_SLURM_CPUS (default 2) and INVLAB_SLURM_MEM_MB (default 3072); the machine is shared.
set -euo pipefail

DIR=${INVLAB_SLURM_DIR:-/tmp/invlab-slurm}
CPUS=${INVLAB_SLURM_CPUS:-2}
MEM=${INVLAB_SLURM_MEM_MB:-3072}
CTLD_PORT=${INVLAB_SLURM_CTLD_PORT:-6817}
SLURMD_PORT=${INVLAB_SLURM_SLURMD_PORT:-6818}
HOST=$(hostname -s)
CONF=$DIR/slurm.conf
SOCKET=$DIR/munge/munge.socket

die() { echo "slurm-local: $*" >&2; exit 1; }

need_tools() {
  local missing=()
  for t in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}: install Debian's slurm-wlm and munge (apt-get install slurm-wlm munge)"
  [ "$(id -u)" -eq 0 ] || die "must run as root (slurmd starts jobs as their user)"
}

alive() { # pid file -> 0 when its process runs
  [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

write_conf() {
  mkdir -p "$DIR"/{munge,state,spool,log,run}
  chmod 700 "$DIR/munge"
  if [ ! -s "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$DIR/munge/munge.key"
  fi
  cat >"$CONF.tmp" <<EOF
# Written by scripts/slurm-local.sh: a single-node test cluster in $DIR.
ClusterName=invlab-local
SlurmctldHost=$HOST
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobRequeue=1
# Finished jobs stay visible to squeue / scontrol for 10 minutes (there is no slurmdbd, so no sacct).
MinJobAge=600
KillWait=30
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start() {
  need_tools
  write_conf
  if ! alive "$DIR/run/munged.pid"; then
    munged --force --socket="$SOCKET" --key-file="$DIR/munge/munge.key" --pid-file="$DIR/run/munged.pid" \
      --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munge.seed"
  fi
  export SLURM_CONF=$CONF
  if ! alive "$DIR/run/slurmctld.pid"; then
    slurmctld -f "$CONF" || die "slurmctld did not start; see $DIR/log/slurmctld.log"
  fi
  if ! alive "$DIR/run/slurmd.pid"; then
    slurmd -f "$CONF" || die "slurmd did not start; see $DIR/log/slurmd.log"
  fi
  # Wait until the node is usable (idle or running jobs).
  for _ in $(seq 1 60); do
    state=$(sinfo -h -n "$HOST" -o '%T' 2>/dev/null | head -1 || true)
    case "$state" in
      idle*|mixed*|allocated*) echo "slurm-local: up in $DIR (node $HOST: $CPUS CPUs, $MEM MB; $state)"; echo "export SLURM_CONF=$CONF"; return 0 ;;
      down*|drain*) scontrol update NodeName="$HOST" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "node $HOST did not become idle (state: ${state:-none}); see $DIR/log/"
}

stop() {
  # First the jobs (their processes belong to slurmstepd, which outlives slurmd), then exactly
  # the daemons this script started, by their pid files.
  if alive "$DIR/run/slurmctld.pid"; then
    ids=$(SLURM_CONF=$CONF squeue -h -o '%A' 2>/dev/null | sort -u || true)
    if [ -n "$ids" ]; then
      # shellcheck disable=SC2086
      SLURM_CONF=$CONF scancel $ids 2>/dev/null || true
      for _ in $(seq 1 40); do [ -z "$(SLURM_CONF=$CONF squeue -h -t R,CG -o '%A' 2>/dev/null)" ] && break; sleep 0.25; done
    fi
  fi
  for d in slurmd slurmctld munged; do
    f=$DIR/run/$d.pid
    if alive "$f"; then
      pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  # A step daemon still alive (a job that ignored SIGTERM) is this cluster's when it was
  # started with this slurm.conf: it and its children go.
  for p in $(pgrep -x slurmstepd 2>/dev/null || true); do
    if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "SLURM_CONF=$CONF"; then
      pkill -9 -P "$p" 2>/dev/null || true
      kill -9 "$p" 2>/dev/null || true
    fi
  done
  echo "slurm-local: stopped ($DIR)"
}

status() {
  local ok=0
  for d in munged slurmctld slurmd; do
    if alive "$DIR/run/$d.pid"; then echo "$d: running (pid $(cat "$DIR/run/$d.pid"))"; else echo "$d: stopped"; ok=1; fi
  done
  if [ $ok -eq 0 ]; then SLURM_CONF=$CONF sinfo -N -o '%N %T %c %m' || ok=1; fi
  return $ok
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
