#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (Debian's slurm-wlm + munge) for the array-job e2e tests in
# apps/cli/test/e2e-slurm.test.ts. Needs root. Idempotent: a running cluster is left as it is.
# Exit 0 when `sinfo` shows the node ready; 1 otherwise (the log directory is printed).
set -euo pipefail
if ! command -v sbatch >/dev/null || ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
fi
state=${LANDSCAPE_LAB_SLURM_DIR:-/tmp/landscape-lab-slurm}
mkdir -p "$state/spool" "$state/ctld" "$state/log"

# munge authenticates the daemons to each other; it needs its own key and must run as the munge user.
mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
[ -s /etc/munge/munge.key ] || head -c 1024 /dev/urandom >/etc/munge/munge.key
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 0400 /etc/munge/munge.key
pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged

host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) - 1024 }' /proc/meminfo)
if ! pgrep -x slurmctld >/dev/null; then
  cat >/etc/slurm/slurm.conf <<EOF
# Written by landscape-lab .ci/slurm-up.sh: one node, all cores, cores as consumable resources.
ClusterName=landscape-lab-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  /usr/sbin/slurmctld -i
fi
pgrep -x slurmd >/dev/null || { sleep 1; /usr/sbin/slurmd; }
for _ in $(seq 1 30); do
  if sinfo -h -o '%t' 2>/dev/null | grep -qE 'idle|mix|alloc'; then
    echo "slurm up: $(sinfo -h -o '%P %t %N')"
    exit 0
  fi
  sleep 1
done
echo "slurm did not come up; logs in $state/log" >&2
exit 1
