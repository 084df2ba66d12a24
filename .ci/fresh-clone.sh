#!/usr/bin/env bash
# A fresh clone, as a new user or a packager gets it (issues 11 and 15):
#   bash .ci/fresh-clone.sh [--no-tests] [--no-pack]
# clones the committed tree into a temporary folder that has no ../shared beside it,
# reuses this checkout's node_modules (a symlink: `npm ci` was run here), then
#  1. npm pack there (the prepack script must build dist/ from nothing) and
#     .ci/pack-check.sh on that tarball (publint, attw, scratch consumer);
#  2. npm test there with SPECT_SHARED_DATA and REQUIRE_SHARED_DATA unset: every
#     test that needs ../shared/data must skip cleanly, everything else must pass.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
run_tests=1 run_pack=1
for a in "$@"; do
  case "$a" in
    --no-tests) run_tests=0 ;;
    --no-pack) run_pack=0 ;;
    *) echo "unknown option $a"; exit 2 ;;
  esac
done
[ -d "$repo/node_modules" ] || { echo "run npm ci first"; exit 1; }
base=$(mktemp -d "${TMPDIR:-/tmp}/spect-fresh.XXXXXX")
trap 'rm -rf "$base"' EXIT
clone="$base/spect-perfusion"
[ ! -e "$base/shared" ] || { echo "unexpected $base/shared"; exit 1; }

if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git clone --quiet --no-hardlinks "$repo" "$clone"
  echo "cloned $(git -C "$clone" rev-parse --short HEAD) into $clone"
else
  # not a git checkout (e.g. an exported tree): copy it without build outputs
  mkdir -p "$clone"
  tar -C "$repo" --exclude=./node_modules --exclude=./dist --exclude=./.git -cf - . | tar -C "$clone" -xf -
  echo "copied the tree into $clone"
fi
ln -s "$repo/node_modules" "$clone/node_modules"
cd "$clone"

if [ $run_pack = 1 ]; then
  [ ! -e dist ] || { echo "a fresh clone has no dist/"; exit 1; }
  echo "--- npm pack in the fresh clone"
  npm pack --silent --pack-destination "$base" >/dev/null
  tgz=$(ls "$base"/spect-perfusion-*.tgz)
  bash .ci/pack-check.sh "$tgz"
fi

if [ $run_tests = 1 ]; then
  echo "--- npm test without ../shared (shared-data tests must skip)"
  results="$base/results.json"
  env -u SPECT_SHARED_DATA -u REQUIRE_SHARED_DATA npm test -- --reporter=dot --reporter=json --outputFile="$results"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`tests without ../shared: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
    if (r.numFailedTests > 0 || r.numPassedTests === 0) process.exit(1);
  ' "$results"
fi
