#!/usr/bin/env bash
# GNU parallel on one machine: `batch --shard {}/4` for the 4 shards, 2 at a time, over STUDIES
# (default 16) studies, merged and compared byte for byte with a plain `batch` over the same inputs.
# Needs GNU parallel and a built dist/ (npm run build). See docs/batch-clusters.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
STUDIES=${STUDIES:-16}
command -v parallel >/dev/null || { echo "parallel-test: GNU parallel missing (apt-get install parallel)"; exit 1; }
[ -f "$REPO/dist/cli.js" ] || { echo "parallel-test: dist/cli.js missing (npm run build)"; exit 1; }
T=$(mktemp -d /tmp/spect-parallel.XXXXXX)
trap 'rm -rf "$T"' EXIT
CLI="node $REPO/dist/cli.js"
bash "$REPO/test/cluster/make-inputs.sh" "$T/in" "$STUDIES"
t0=$SECONDS
# exit 10 (some studies failed: the broken input) is a finished shard
parallel --will-cite --halt now,fail=1 -j 2 \
  "$CLI batch '$T/in' --out '$T/shards/{}' --shard {}/4 --workers 1 --no-progress > '$T/shard-{}.log' || [ \$? = 10 ]" ::: 0 1 2 3
echo "parallel-test: 4 shards in $(( SECONDS - t0 )) s"
$CLI merge "$T/merged" "$T"/shards/{0,1,2,3} > /dev/null || [ $? = 10 ]
$CLI batch "$T/in" --out "$T/plain" --workers 2 --no-progress > /dev/null || [ $? = 10 ]
bash "$REPO/test/cluster/compare.sh" "$T/plain" "$T/merged"
echo "parallel-test: OK ($STUDIES studies, 4 shards, merged = plain batch byte for byte) in $SECONDS s"
