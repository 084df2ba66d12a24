#!/usr/bin/env bash
# compare.sh PLAIN MERGED: the merged folder holds exactly the plain batch's files, byte for byte
# (summary.csv, summary.txt, report.html if any, every study's files and the resume state).
set -euo pipefail
A=$1 B=$2
if ! diff -r --exclude=.lock "$A" "$B" > /dev/null; then
  echo "compare: $B differs from $A:"; diff -rq --exclude=.lock "$A" "$B" | head -20; exit 1
fi
echo "compare: identical ($(find "$A" -type f ! -name .lock | wc -l) files; summary.csv $(wc -l < "$A/summary.csv") lines)"
