#!/usr/bin/env bash
# The packed package as a consumer gets it (docs/packaging.md):
#   bash .ci/pack-check.sh [TARBALL]    (default: npm pack of this checkout, which runs the prepack build)
# 1. publint --strict and arethetypeswrong on the tarball (both offline);
# 2. the tarball's contents: dist/ entries present, no source maps, LICENSE;
# 3. a scratch project in a temporary folder installs the tarball (plus typescript and
#    @types/node and esbuild at the repository's versions, from the npm registry or its cache)
#    and checks ESM import, CJS require (one SpectError class for `.` and `./node`), a strict
#    TypeScript consumer WITHOUT skipLibCheck (NodeNext, ESM and CJS files; the core also with
#    no @types/node and no DOM lib: one known upstream limit tolerated), the bin (`--version`,
#    `demo` with no fixtures/), and a browser bundle of the core with esbuild (one known limit);
# 4. with PACK_CHECK_NODE_VERSIONS="22 24": the ESM, CJS and bin checks again under those Node majors.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin="$repo/node_modules/.bin"
work=$(mktemp -d "${TMPDIR:-/tmp}/spect-pack-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
say() { printf -- '--- %s\n' "$1"; }

if [ $# -ge 1 ]; then
  tgz=$(realpath "$1")
else
  say "npm pack (prepack builds dist/)"
  (cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
  tgz=$(ls "$work"/spect-perfusion-*.tgz)
fi
version=$(tar -xzOf "$tgz" package/package.json | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).version)')

say "publint --strict"
(cd "$work" && "$bin/publint" run "$tgz" --strict --level suggestion) | tee "$work/publint.txt"
grep -q 'All good' "$work/publint.txt" || { echo "publint reported something"; exit 1; }

say "arethetypeswrong"
"$bin/attw" "$tgz" --format ascii

say "tarball contents"
tar -tzf "$tgz" > "$work/files.txt"
for f in package/LICENSE package/README.md package/package.json package/dist/index.js package/dist/index.cjs \
         package/dist/index.d.ts package/dist/index.d.cts package/dist/node.js package/dist/node.cjs \
         package/dist/node.d.ts package/dist/node.d.cts package/dist/cli.js package/dist/batch-worker.js; do
  grep -qx "$f" "$work/files.txt" || { echo "missing from the tarball: $f"; exit 1; }
done
if grep -E '\.map$|^package/(src|test|fixtures|bench)/' "$work/files.txt"; then echo "the tarball ships files it should not (above)"; exit 1; fi
echo "$(wc -l < "$work/files.txt") files, $(du -k "$tgz" | cut -f1) kB packed"

say "scratch project: npm install of the tarball"
app="$work/app"
mkdir -p "$app"
cd "$app"
printf '{ "name": "scratch-consumer", "version": "1.0.0", "private": true }\n' > package.json
ts_version=$(node -p 'require(process.argv[1]).version' "$repo/node_modules/typescript/package.json")
types_node_version=$(node -p 'require(process.argv[1]).version' "$repo/node_modules/@types/node/package.json")
esbuild_version=$(node -p 'require(process.argv[1]).version' "$repo/node_modules/esbuild/package.json")
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$tgz" "typescript@$ts_version" "@types/node@$types_node_version" "esbuild@$esbuild_version" >/dev/null
echo "installed: $(du -sk node_modules/spect-perfusion | cut -f1) kB spect-perfusion; runtime dependencies:"
node -e '
  const fs = require("fs");
  const deps = Object.keys(require("spect-perfusion/package.json").dependencies);
  const du = (d) => { let n = 0; for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = d + "/" + e.name; n += e.isDirectory() ? du(p) : fs.statSync(p).size; } return n; };
  for (const d of deps) console.log(`  ${d}: ${(du("node_modules/" + d) / 1024).toFixed(0)} kB`);
'

say "ESM import"
cat > esm.mjs <<'EOF'
import * as core from 'spect-perfusion';
import * as node from 'spect-perfusion/node';
import assert from 'node:assert/strict';
assert.equal(typeof core.analyzeStudy, 'function');
assert.equal(typeof node.loadStudy, 'function');
const err = await node.loadStudy('/nonexistent/study.dcm').catch((e) => e);
assert.ok(err instanceof core.SpectError, 'an error of spect-perfusion/node is a SpectError of spect-perfusion');
assert.equal(err.code, 'IO_ERROR');
// a real round trip through the public API: simulate, write NIfTI, read it back
const sim = core.simulateStudy(core.phantomSource(), { cerebellarFactor: 1, ageYears: 40, matrix: 64 }, 7);
const back = core.readNifti(core.writeNifti(sim.volume));
assert.deepEqual([...back.dims], [...sim.volume.dims]);
assert.equal(back.data.length, sim.volume.data.length);
console.log('ESM ok');
EOF
node esm.mjs

say "CJS require"
cat > cjs.cjs <<'EOF'
const assert = require('node:assert/strict');
const core = require('spect-perfusion');
const node = require('spect-perfusion/node');
assert.equal(typeof core.readDicom, 'function');
node.loadStudy('/nonexistent/study.dcm').then(
  () => { throw new Error('loadStudy of a missing file resolved'); },
  (e) => {
    assert.ok(e instanceof core.SpectError, "an error of require('spect-perfusion/node') is a SpectError of require('spect-perfusion')");
    assert.ok(core.isSpectError(e));
    assert.equal(e.code, 'IO_ERROR');
    console.log('CJS ok');
  },
);
EOF
node cjs.cjs

say "strict TypeScript consumer (no skipLibCheck)"
cat > consumer.mts <<'EOF'
import { analyzeStudy, readNifti, volumeToNdarray, regionStatsNdarray, SpectError, type AnalysisReport, type Volume, type Float32NdArray, type NdArrayLike } from 'spect-perfusion';
import { loadStudy, type LoadedStudy } from 'spect-perfusion/node';
export async function ratio(path: string): Promise<number | null> {
  const study: LoadedStudy = await loadStudy(path);
  const report: AnalysisReport = analyzeStudy(study.volume).report;
  return report.ratios.cerebellumToCortex;
}
export function centre(bytes: Uint8Array): number {
  const v: Volume = readNifti(bytes);
  const a: Float32NdArray = volumeToNdarray(v);
  const x: number = a.get(v.dims[0] >> 1, v.dims[1] >> 1, v.dims[2] >> 1);
  return x + a.shape.length;
}
export async function mean(v: Volume, mask: Uint8Array): Promise<number | null> {
  const m: NdArrayLike = { data: mask, shape: [...v.dims], stride: [1, v.dims[0], v.dims[0] * v.dims[1]], offset: 0 };
  const s = await regionStatsNdarray(volumeToNdarray(v), m);
  return s.mean;
}
export function code(e: unknown): string | null {
  return e instanceof SpectError ? e.code : null;
}
EOF
cat > consumer.cts <<'EOF'
import core = require('spect-perfusion');
import node = require('spect-perfusion/node');
export function isOurs(e: unknown): boolean {
  return e instanceof core.SpectError && typeof node.loadStudy === 'function';
}
export const schema: number = core.REPORT_SCHEMA_VERSION;
EOF
cat > tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "skipLibCheck": false,
    "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022",
    "lib": ["ES2022"], "types": ["node"], "noUncheckedIndexedAccess": true, "exactOptionalPropertyTypes": true
  },
  "files": ["consumer.mts", "consumer.cts"]
}
EOF
cat > core-only.mts <<'EOF'
import { readDicom, analyzeStudy, type Volume } from 'spect-perfusion';
export async function run(bytes: Uint8Array): Promise<string> {
  const v: Volume = await readDicom(bytes);
  return analyzeStudy(v).report.classification.label;
}
EOF
cat > tsconfig.core.json <<'EOF'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "skipLibCheck": false,
    "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "lib": ["ES2022"], "types": []
  },
  "files": ["core-only.mts"]
}
EOF
npx --no-install tsc -p tsconfig.json
echo "TypeScript ok: NodeNext, ESM and CJS files, with @types/node, strict, no skipLibCheck"
# the structural ndarray types interoperate with @types/ndarray, both ways (added only now: not needed above)
types_ndarray_version=$(node -p 'require(process.argv[1]).version' "$repo/node_modules/@types/ndarray/package.json")
npm install --no-audit --no-fund --prefer-offline --loglevel=error "ndarray" "@types/ndarray@$types_ndarray_version" >/dev/null
cat > interop.mts <<'EOF'
import ndarray, { type NdArray } from 'ndarray';
import { volumeToNdarray, regionStatsNdarray, type Volume, type MaskStats } from 'spect-perfusion';
export function views(v: Volume, mask: Uint8Array): Promise<MaskStats> {
  const a: NdArray<Float32Array> = volumeToNdarray(v);
  const m: NdArray<Uint8Array> = ndarray(mask, [...v.dims]);
  return regionStatsNdarray(a.transpose(2, 1, 0), m.transpose(2, 1, 0));
}
EOF
cat > tsconfig.interop.json <<'EOF'
{ "extends": "./tsconfig.json", "compilerOptions": { "esModuleInterop": true }, "files": ["interop.mts"] }
EOF
npx --no-install tsc -p tsconfig.interop.json
echo "TypeScript ok: volumeToNdarray / regionStatsNdarray with @types/ndarray's NdArray"
# The core alone, as a browser project without @types/node would compile it. Known limit
# (docs/packaging.md): dicom-parser's own index.d.ts names Node's Buffer, and the public types
# reach it through DataSet; that error, and only that one, is tolerated here.
if npx --no-install tsc -p tsconfig.core.json > core-tsc.txt; then
  echo "TypeScript ok: the core with no @types/node and no DOM lib"
elif [ -s core-tsc.txt ] && ! grep -v "^node_modules/dicom-parser/index.d.ts([0-9,]*): error TS2591: Cannot find name 'Buffer'" core-tsc.txt; then
  echo "KNOWN LIMIT: without @types/node, dicom-parser's own types fail (TS2591 Buffer, $(wc -l < core-tsc.txt) line(s)); nothing else failed"
else
  echo "the core fails to compile without @types/node for another reason (above)"; exit 1
fi

say "bin"
got=$(npx --no-install spect-perfusion --version)
[ "$got" = "spect-perfusion $version" ] || { echo "--version printed '$got', expected 'spect-perfusion $version'"; exit 1; }
echo "$got"
npx --no-install spect-perfusion demo > demo.txt
# the number of sample studies, from the repository's fixtures/index.json
n_demo=$(node -p 'require(process.argv[1]).studies.length' "$repo/fixtures/index.json")
cat demo.txt | tail -$((n_demo + 1))
[ "$(grep -c ' measured [0-9]' demo.txt)" = "$n_demo" ] || { echo "the installed demo did not measure its $n_demo studies"; exit 1; }

# Other Node majors (PACK_CHECK_NODE_VERSIONS, e.g. "22 24"): the official binaries from the npm
# registry's node-linux-<arch> packages, used for the ESM, CJS and bin checks above.
for major in ${PACK_CHECK_NODE_VERSIONS:-}; do
  say "Node $major"
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "no Node binary package for $(uname -m)"; exit 1 ;; esac
  mkdir -p "$work/node$major"
  (cd "$work/node$major" && npm install --no-audit --no-fund --prefer-offline --loglevel=error "node-linux-$arch@$major" >/dev/null)
  nodebin="$work/node$major/node_modules/node-linux-$arch/bin/node"
  echo "$("$nodebin" --version)"
  "$nodebin" esm.mjs
  "$nodebin" cjs.cjs
  got=$("$nodebin" node_modules/spect-perfusion/dist/cli.js --version)
  [ "$got" = "spect-perfusion $version" ] || { echo "--version under Node $major printed '$got'"; exit 1; }
  "$nodebin" node_modules/spect-perfusion/dist/cli.js demo > "demo-$major.txt" 2>/dev/null
  [ "$(grep -c ' measured [0-9]' "demo-$major.txt")" = "$n_demo" ] || { echo "demo under Node $major did not measure its $n_demo studies"; exit 1; }
  cmp <(grep -o 'measured [0-9.]*' demo.txt) <(grep -o 'measured [0-9.]*' "demo-$major.txt") || { echo "demo ratios differ between Node $(node --version) and Node $major"; exit 1; }
  echo "Node $major: ESM, CJS, --version and demo ok (same ratios as $(node --version))"
done

say "browser bundle of the core (esbuild --platform=browser)"
printf "import { readDicom, analyzeStudy } from 'spect-perfusion';\nconsole.log(typeof readDicom, typeof analyzeStudy);\n" > browser-entry.mjs
bundle() { npx --no-install esbuild browser-entry.mjs --bundle --platform=browser --format=esm --splitting --log-level=error --log-limit=0 "$@"; }
# Known limit (docs/packaging.md, docs/browser.md): the cornerstone codec builds contain
# require("fs") / require("path") (reached only under Node), so a bundle with no settings fails
# on exactly those; anything else failing is an error.
if bundle --outdir=browser-plain 2> esbuild-plain.txt; then
  echo "bundled with no externals"
else
  unexpected=$(grep -F '[ERROR]' esbuild-plain.txt | grep -v -E 'Could not resolve "(fs|path)"' || true)
  sources=$(grep -oE 'node_modules/[^:]+' esbuild-plain.txt | sort -u | grep -v -E '^node_modules/@cornerstonejs/codec-[a-z0-9-]+/dist/' || true)
  if [ -n "$unexpected" ] || [ -n "$sources" ]; then cat esbuild-plain.txt; echo "the browser bundle fails for another reason (above)"; exit 1; fi
  echo "KNOWN LIMIT: with no settings, esbuild stops on $(grep -c -F '[ERROR]' esbuild-plain.txt) fs/path requires inside the cornerstone codec builds only"
fi
# the documented setting: fs and path resolve to an empty module
echo 'module.exports = {};' > empty.cjs
bundle --outdir=browser-out --alias:fs=./empty.cjs --alias:path=./empty.cjs
echo "browser bundle with fs/path -> empty module: $(ls browser-out | wc -l) files, entry and shared chunks $(cat browser-out/browser-entry.js browser-out/chunk-*.js | wc -c | awk '{printf "%.0f", $1/1024}') kB unminified"

say "pack check passed"
