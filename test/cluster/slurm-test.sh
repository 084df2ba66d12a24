#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine (Debian's slurm-wlm + munge): configure it in a
# temporary folder, start munged, slurmctld and slurmd, run `batch --shard auto/4` as an array job
# of 4 tasks over STUDIES (default 40) studies, merge the shards and compare the merged folder
# byte for byte with a plain `batch` over the same inputs. The daemons it started are always stopped.
# Needs root, slurm-wlm, munge, and a built dist/ (npm run build). See docs/batch-clusters.md.
# Usage: bash test/cluster/slurm-test.sh [--probe]   (--probe: only bring the cluster up and run `srun hostname`)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
STUDIES=${STUDIES:-40}
WAIT_S=${SLURM_WAIT_S:-600}
[ "$(id -u)" = 0 ] || { echo "slurm-test: needs root (it starts munged, slurmctld and slurmd)"; exit 1; }
for c in munged slurmctld slurmd sbatch squeue sacct scontrol; do command -v $c >/dev/null || { echo "slurm-test: $c missing (apt-get install slurm-wlm munge)"; exit 1; }; done
T=$(mktemp -d /tmp/spect-slurm.XXXXXX)
chmod 755 "$T"
pids=()
cleanup() {
  set +e
  # slurmd, slurmctld, then munged (the order they need each other in), each by its own pid
  local i p
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    p=${pids[$i]}
    kill "$p" 2>/dev/null
    # gone, or a zombie left for init to reap
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = Z ] && break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
  done
  [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM
HOST=$(hostname -s)
# two free TCP ports for slurmctld and slurmd (never the system's 6817/6818)
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
CTLD_PORT=${SLURMCTLD_PORT:-16817}
while in_use "$CTLD_PORT" || in_use $(( CTLD_PORT + 1 )); do CTLD_PORT=$(( CTLD_PORT + 2 )); done
CPUS=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
mkdir -p "$T/munge" "$T/state" "$T/spool" "$T/log" "$T/run"
# munge: its own key, socket and pid file (never the system's)
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 700 "$T/munge"; chmod 400 "$T/munge/munge.key"
SOCK="$T/munge/munge.socket"
munged --key-file="$T/munge/munge.key" --socket="$SOCK" --pid-file="$T/munge/munged.pid" \
  --log-file="$T/munge/munged.log" --seed-file="$T/munge/munged.seed" --force
for _ in $(seq 50); do [ -f "$T/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$T/munge/munged.pid")")
cat > "$T/slurm.conf" <<CONF
ClusterName=spect
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCK
CredType=cred/munge
SlurmctldPort=$CTLD_PORT
SlurmdPort=$(( CTLD_PORT + 1 ))
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/run/slurmctld.pid
SlurmdPidFile=$T/run/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=main Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
printf 'CgroupPlugin=%s\n' "${SLURM_CGROUP_PLUGIN:-autodetect}" > "$T/cgroup.conf"
export SLURM_CONF="$T/slurm.conf"
slurmctld -f "$SLURM_CONF"
for _ in $(seq 100); do [ -f "$T/run/slurmctld.pid" ] && break; sleep 0.1; done
[ -f "$T/run/slurmctld.pid" ] || { echo "slurmctld did not start:"; cat "$T/log/slurmctld.log"; exit 1; }
pids+=("$(cat "$T/run/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [ -f "$T/run/slurmd.pid" ] && break; sleep 0.1; done
[ -f "$T/run/slurmd.pid" ] || { echo "slurmd did not start:"; cat "$T/log/slurmd.log"; exit 1; }
pids+=("$(cat "$T/run/slurmd.pid")")
# the node must be idle before jobs are submitted
up=0
for _ in $(seq 300); do
  st=$(sinfo -h -n "$HOST" -o '%T' 2>/dev/null || true)
  case "$st" in idle*|mixed*|allocated*) up=1; break;; esac
  sleep 0.2
done
[ $up = 1 ] || { echo "slurm node never became idle (state: ${st:-none})"; tail -20 "$T/log/slurmctld.log" "$T/log/slurmd.log"; exit 1; }
echo "slurm-test: cluster up on $HOST ($CPUS CPUs) in $SECONDS s"
if [ "${1:-}" = --probe ]; then srun -N1 -t 1 hostname; exit 0; fi

# the inputs: STUDIES studies made from the fixtures (renamed copies; each a distinct file)
CLI="node $REPO/dist/cli.js"
[ -f "$REPO/dist/cli.js" ] || { echo "slurm-test: dist/cli.js missing (npm run build)"; exit 1; }
mkdir -p "$T/in"
bash "$REPO/test/cluster/make-inputs.sh" "$T/in" "$STUDIES"
chmod -R a+rX "$T"
cat > "$T/array.sh" <<JOB
#!/usr/bin/env bash
#SBATCH --array=0-3
#SBATCH --cpus-per-task=1
#SBATCH --output=$T/log/task-%a.out
set -euo pipefail
$CLI batch "$T/in" --out "$T/shards/\$SLURM_ARRAY_TASK_ID" --shard auto/4 --workers 1 --no-progress || [ \$? = 10 ]  # 10: some studies failed (the broken input)
JOB
mkdir -p "$T/shards"
t0=$SECONDS
jid=$(sbatch --parsable "$T/array.sh")
echo "slurm-test: submitted array job $jid"
deadline=$(( SECONDS + WAIT_S ))
while squeue -h -j "$jid" 2>/dev/null | grep -q .; do
  [ $SECONDS -lt $deadline ] || { echo "slurm-test: array job $jid still running after $WAIT_S s"; squeue; scancel "$jid"; exit 1; }
  sleep 1
done
echo "slurm-test: array job done in $(( SECONDS - t0 )) s"
for k in 0 1 2 3; do
  [ -f "$T/shards/$k/.state/shard.json" ] || { echo "slurm-test: task $k wrote no shard"; cat "$T/log/task-$k.out" 2>/dev/null; tail -30 "$T/log/slurmd.log"; exit 1; }
  grep -h '(shard ' "$T/log/task-$k.out" | sed 's/ Summary:.*//' || true
done
$CLI merge "$T/merged" "$T"/shards/0 "$T"/shards/1 "$T"/shards/2 "$T"/shards/3 > /dev/null || [ $? = 10 ]
t1=$SECONDS
$CLI batch "$T/in" --out "$T/plain" --workers "$CPUS" --no-progress > /dev/null || [ $? = 10 ]
echo "slurm-test: plain batch in $(( SECONDS - t1 )) s"
bash "$REPO/test/cluster/compare.sh" "$T/plain" "$T/merged"
echo "slurm-test: OK ($STUDIES studies, 4 array tasks, merged = plain batch byte for byte) in $SECONDS s"
