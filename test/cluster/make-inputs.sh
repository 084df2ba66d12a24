#!/usr/bin/env bash
# make-inputs.sh DIR N: N distinct studies in DIR for the cluster tests: N-5 simulated ones
# (`simulate --cohort`, 64^3 and 128^3, several vendors' layouts), the four fixture studies
# renamed (GE, Siemens and Hermes DICOM files, a series folder) and one broken file (a failed row).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$1 N=$2
[ "$N" -ge 6 ] || { echo "make-inputs: N must be at least 6"; exit 1; }
mkdir -p "$DIR"
gen=$(mktemp -d)
node "$REPO/dist/cli.js" simulate --cohort $(( N - 5 )) --seed 11 --matrix 64 --out "$gen" > "$gen.log" 2>&1 || { cat "$gen.log"; exit 1; }
rm -f "$gen.log"
for d in "$gen"/study-*; do mv "$d" "$DIR/sim-$(basename "$d")"; done
rm -rf "$gen"
cp "$REPO/fixtures/adult-normal-ge/study.dcm" "$DIR/fix-ge.dcm"
cp "$REPO/fixtures/child-normal-siemens/study.dcm" "$DIR/fix-siemens.dcm"
cp "$REPO/fixtures/child-severe-hermes/study.dcm" "$DIR/fix-hermes.dcm"
cp -r "$REPO/fixtures/child-moderate-series/dicom" "$DIR/fix-series"
printf 'not a study' > "$DIR/broken.dcm"
