#!/usr/bin/env bash
# The packed package as a consumer gets it (docs/packaging.md):
#   bash .ci/pack-check.sh [TARBALL]    (default: npm pack of this checkout, which runs the prepack build)
# 1. publint --strict and arethetypeswrong on the tarball (both offline);
# 2. the tarball's contents: dist/ entries present, no source maps, LICENSE;
# 3. a scratch project in a temporary folder installs the tarball (plus typescript and
#    @types/node and esbuild at the repository's versions, from the npm registry or its cache)
#    and checks ESM import, CJS require (one SpectError class for every entry; the codecs
#    resolve through the package `imports` under Node), spect-perfusion/worker on a
#    node:worker_threads worker, a strict TypeScript consumer WITHOUT skipLibCheck (NodeNext,
#    ESM and CJS files, every subpath; the core and the worker also with no @types/node and no
#    DOM lib), the bin (`--version`, `demo` with no fixtures/), and browser bundles with plain
#    esbuild and no settings (the core, the worker, and the tree-shaken sizes of single imports);
# 4. with PACK_CHECK_NODE_VERSIONS="22 24": the ESM, CJS, worker and bin checks again under those Node majors.
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
for f in package/LICENSE package/README.md package/package.json package/dist/cli.js package/dist/cli/bin.js package/dist/cli/batch-worker.js \
         package/dist/codecs/charls.js package/dist/codecs/openjpeg.js package/dist/codecs/libjpeg-turbo-8bit.js package/dist/codecs/THIRD-PARTY-NOTICES.md \
         $(for e in index node/index entries/kernels entries/ndarray entries/codecs worker/index; do
             printf 'package/dist/%s.js package/dist/%s.d.ts package/dist/cjs/%s.cjs package/dist/cjs/%s.d.cts ' "$e" "$e" "$e" "$e"; done); do
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
    const codecs = require('spect-perfusion/codecs');
    const worker = require('spect-perfusion/worker');
    assert.equal(typeof worker.createAnalysisClient, 'function');
    assert.equal(typeof require('spect-perfusion/kernels').gaussianSmooth3d, 'function');
    // the codec is loaded through the package imports (#codec/charls-wasm under node) and rejects garbage
    return codecs.decodeJpegLs(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])).then(
      () => { throw new Error('garbage decoded'); },
      (d) => {
        assert.ok(d instanceof core.SpectError && d.code === 'DECODE_FAILED' && /CharLS could not decode/.test(d.message), String(d && d.message));
        assert.deepEqual(codecs.codecBuilds(), { JpegLSDecoder: 'wasm' });
        console.log('CJS ok (codecs through #codec/* imports: ' + JSON.stringify(codecs.codecBuilds()) + ')');
      },
    );
  },
).catch((e) => { console.error(e); process.exit(1); });
EOF
node cjs.cjs

say "spect-perfusion/worker on a node:worker_threads worker"
cat > worker-thread.mjs <<'EOF'
import { parentPort } from 'node:worker_threads';
import { serveAnalysisWorker } from 'spect-perfusion/worker';
serveAnalysisWorker(parentPort);
EOF
cat > worker.mjs <<'EOF'
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import * as core from 'spect-perfusion';
import { createAnalysisClient, WorkerRequestError } from 'spect-perfusion/worker';
const w = new Worker(new URL('./worker-thread.mjs', import.meta.url));
// node:worker_threads' Worker is an EventEmitter: the client's structural Worker over it
const client = createAnalysisClient({
  postMessage: (m, t) => w.postMessage(m, t),
  addEventListener: (type, l) => w.on(type, type === 'message' ? (data) => l({ data }) : (e) => l({ message: e.message })),
  terminate: () => w.terminate(),
});
const sim = core.simulateStudy(core.prepareSource(core.phantomSource()), { cerebellarFactor: 0.5, ageYears: 4, matrix: 64, voxelSizeMm: 4.4, tracer: 'HMPAO' }, 5);
const bytes = core.renderStudy(sim, { format: 'ge' }).files[0].bytes;
const direct = core.reportToJson(core.analyzeStudy(await core.readDicom(bytes)).report);
const version = JSON.parse(readFileSync(new URL('./node_modules/spect-perfusion/package.json', import.meta.url), 'utf8')).version;
assert.equal(await client.ping(), version);
const out = await client.analyze([{ name: 'study.dcm', bytes: new Uint8Array(bytes) }], { figure: true });
assert.equal(out.json, direct, 'the worker report equals the direct analysis');
assert.ok(out.figure && out.figure.length > 1000);
const err = await client.analyze([{ name: 'x.dcm', bytes: new Uint8Array(400) }]).catch((e) => e);
assert.ok(err instanceof WorkerRequestError && err.code === 'NOT_DICOM', String(err));
client.terminate();
console.log(`worker ok: ${out.report.classification.label}, ratio ${out.report.ratios.cerebellumToCortex}; errors as { code: ${err.code} }`);
EOF
node worker.mjs

say "strict TypeScript consumer (no skipLibCheck)"
cat > consumer.mts <<'EOF'
import { analyzeStudy, readNifti, volumeToNdarray, regionStatsNdarray, SpectError, type AnalysisReport, type Volume, type Float32NdArray, type NdArrayLike } from 'spect-perfusion';
import { loadStudy, type LoadedStudy } from 'spect-perfusion/node';
import { gaussianSmooth3d, labelStats } from 'spect-perfusion/kernels';
import { volumeToNdarray as toNd, type MaskStats } from 'spect-perfusion/ndarray';
import { supportedTransferSyntaxes, codecBuilds, type CodecFrame } from 'spect-perfusion/codecs';
import { createAnalysisClient, serveAnalysisWorker, type AnalysisClient, type WorkerLike, type WorkerReply } from 'spect-perfusion/worker';
import { parentPort } from 'node:worker_threads';
export const serveNode = (): void => { if (parentPort) serveAnalysisWorker(parentPort); };
export const subpaths: unknown[] = [gaussianSmooth3d, labelStats, toNd, supportedTransferSyntaxes().length, codecBuilds()];
export type Stats = MaskStats | CodecFrame | WorkerReply;
export const client = (w: WorkerLike): AnalysisClient => createAnalysisClient(w);
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
import worker = require('spect-perfusion/worker');
import kernels = require('spect-perfusion/kernels');
export const fns: unknown[] = [worker.createAnalysisClient, kernels.resampleAffine];
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
import { readDicom, analyzeStudy, attributesFromDataSet, type DataSetLike, type Volume } from 'spect-perfusion';
import { createAnalysisClient, serveAnalysisWorker, type MessageEndpoint, type WorkerLike } from 'spect-perfusion/worker';
import { decodeJ2k } from 'spect-perfusion/codecs';
export async function run(bytes: Uint8Array): Promise<string> {
  const v: Volume = await readDicom(bytes);
  return analyzeStudy(v).report.classification.label;
}
export const keys = (ds: DataSetLike): string[] => Object.keys(attributesFromDataSet(ds));
export const serve = (e: MessageEndpoint): void => serveAnalysisWorker(e);
export const client = (w: WorkerLike) => createAnalysisClient(w);
export const frame = (b: Uint8Array) => decodeJ2k(b);
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
# The core, the codecs and the worker, as a browser project without @types/node would compile
# them (the public types name no dicom-parser type: `DataSetLike` is structural).
npx --no-install tsc -p tsconfig.core.json
echo "TypeScript ok: the core, codecs and worker with no @types/node and no DOM lib, no skipLibCheck"
# a browser project: DOM lib, no @types/node; a Worker is the client's WorkerLike
cat > page.mts <<'EOF'
import { createAnalysisClient } from 'spect-perfusion/worker';
import { readNifti } from 'spect-perfusion';
export const client = createAnalysisClient(new Worker(new URL('./analysis-worker.js', import.meta.url), { type: 'module' }));
export const dims = async (f: File): Promise<number[]> => [...readNifti(new Uint8Array(await f.arrayBuffer())).dims];
EOF
cat > tsconfig.dom.json <<'EOF'
{ "extends": "./tsconfig.core.json", "compilerOptions": { "lib": ["ES2022", "DOM"] }, "files": ["page.mts"] }
EOF
npx --no-install tsc -p tsconfig.dom.json
echo "TypeScript ok: a browser page (DOM lib, no @types/node) with the worker client"
if grep -rlE --include='*.d.ts' --include='*.d.cts' "(from|import|import\\() 'dicom-parser'" node_modules/spect-perfusion/dist; then echo "the public declarations import dicom-parser (above)"; exit 1; fi

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
  "$nodebin" worker.mjs
  got=$("$nodebin" node_modules/spect-perfusion/dist/cli.js --version)
  [ "$got" = "spect-perfusion $version" ] || { echo "--version under Node $major printed '$got'"; exit 1; }
  "$nodebin" node_modules/spect-perfusion/dist/cli.js demo > "demo-$major.txt" 2>/dev/null
  [ "$(grep -c ' measured [0-9]' "demo-$major.txt")" = "$n_demo" ] || { echo "demo under Node $major did not measure its $n_demo studies"; exit 1; }
  cmp <(grep -o 'measured [0-9.]*' demo.txt) <(grep -o 'measured [0-9.]*' "demo-$major.txt") || { echo "demo ratios differ between Node $(node --version) and Node $major"; exit 1; }
  echo "Node $major: ESM, CJS, worker, --version and demo ok (same ratios as $(node --version))"
done

say "browser bundles with plain esbuild (--platform=browser, no externals, aliases or plugins)"
printf "import { readDicom, analyzeStudy } from 'spect-perfusion';\nimport { createAnalysisClient } from 'spect-perfusion/worker';\nconsole.log(typeof readDicom, typeof analyzeStudy, typeof createAnalysisClient);\n" > browser-entry.mjs
printf "import { serveAnalysisWorker } from 'spect-perfusion/worker';\nserveAnalysisWorker(self);\n" > browser-worker.mjs
bundle() { npx --no-install esbuild "$@" --bundle --platform=browser --format=esm --splitting --log-level=warning --log-limit=0; }
bundle browser-entry.mjs browser-worker.mjs --outdir=browser-out --metafile=browser-meta.json 2> esbuild.txt || { cat esbuild.txt; echo "the browser bundle failed"; exit 1; }
[ ! -s esbuild.txt ] || { cat esbuild.txt; echo "esbuild warned (above)"; exit 1; }
node -e '
  const m = require("./browser-meta.json");
  const ins = Object.keys(m.inputs);
  const bad = ins.filter((p) => /codec-(charls|openjpeg|libjpeg-turbo-8bit)\/|decodewasm|\.wasm$/.test(p));
  if (bad.length) { console.error("the browser bundle took Node-only codec builds:", bad); process.exit(1); }
  for (const c of ["charls", "openjpeg", "libjpeg-turbo-8bit"]) if (!ins.some((p) => p.endsWith("spect-perfusion/dist/codecs/" + c + ".js"))) { console.error("no browser codec build " + c); process.exit(1); }
  const out = Object.entries(m.outputs);
  const kb = (n) => (n / 1000).toFixed(0);
  const lazy = ([, o]) => Object.keys(o.inputs).some((p) => /dist\/codecs\/|jpeg-lossless-decoder-js|ndarray-ops/.test(p));
  const eager = out.filter((x) => !lazy(x)).reduce((n, [, o]) => n + o.bytes, 0);
  const chunks = out.filter(lazy).map(([p, o]) => `${p.split("/").pop().replace(/-[A-Z0-9]+\.js$/, "")} ${kb(o.bytes)} kB`).join(", ");
  console.log(`browser bundle (no settings, unminified): ${out.length} files; the core, the worker and their shared chunks ${kb(eager)} kB; loaded on demand: ${chunks}`);
'
# tree-shaking: one import alone, minified (its entry file; the lazy codec chunks are emitted but never loaded by it)
for name in readNifti readDicom analyzeStudy; do
  printf "import { %s } from 'spect-perfusion';\nconsole.log(%s);\n" "$name" "$name" > "shake-$name.mjs"
  bundle "shake-$name.mjs" --minify --outdir="shake-$name" --metafile="shake-$name.json" 2> /dev/null
  node -e '
    const [name] = process.argv.slice(1);
    const m = require(`./shake-${name}.json`);
    const [, entry] = Object.entries(m.outputs).find(([, o]) => o.entryPoint);
    const has = (re) => Object.keys(entry.inputs).some((p) => re.test(p));
    if (name === "readNifti" && (has(/dicom-parser|\/dist\/dicom\//) || has(/\/dist\/register\//))) { console.error("readNifti alone pulls the DICOM reader or the registration"); process.exit(1); }
    if (has(/dist\/codecs\//)) { console.error(name + " alone holds a codec in its entry"); process.exit(1); }
    console.log(`import { ${name} }: ${(entry.bytes / 1000).toFixed(1)} kB minified (entry, ${Object.keys(entry.inputs).length} modules)`);
  ' "$name"
done

say "pack check passed"
