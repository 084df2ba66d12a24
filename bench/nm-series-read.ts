/**
 * Reading a single-frame NM series (one reconstructed slice per file) against the
 * multi-frame read of the same volume, and multi-frame readDicom on 128^3 against
 * an older build of the library (`--baseline DIR/index.js`, e.g. a dist/ built
 * before a change), interleaved in one run so that both share the machine's load.
 *
 *   npx tsx bench/nm-series-read.ts [--baseline /path/to/old/dist/index.js]
 */
import { readDicom, assembleSeries, groupDicomFiles, pickSpectSeries, readSeriesGroup } from '../src/dicom/index.js';
import { writeNmMultiframe, writeSingleFrameSeries } from '../src/dicom-write/index.js';
import { createVolume, type Volume } from '../src/volume/volume.js';
import { fmt, machine, time } from './lib.js';

function phantom(nx: number, nz: number): Volume {
  const data = new Float32Array(nx * nx * nz);
  const c = (nx - 1) / 2, cz = (nz - 1) / 2;
  for (let k = 0; k < nz; k++) for (let j = 0; j < nx; j++) for (let i = 0; i < nx; i++) {
    const r = Math.hypot(i - c, j - c, (k - cz) * 1.2 * nx / nz) / (nx / 2);
    data[i + nx * (j + nx * k)] = r < 0.8 ? 1000 * (1 - r * r) + ((i * 7 + j * 13 + k * 3) % 50) : 0;
  }
  const s = 256 / nx;
  return createVolume({ data, dims: [nx, nx, nz], affine: [s, 0, 0, -128, 0, s, 0, -128, 0, 0, s, -128, 0, 0, 0, 1] });
}

const RUNS = 21;
const arg = process.argv.indexOf('--baseline');
const baselinePath = arg > 0 ? process.argv[arg + 1] : undefined;

console.log(machine());
const v64 = phantom(128, 64);
const mf = writeNmMultiframe(createVolume({ ...v64, data: v64.data.map(Math.round) }), { style: 'ge' });
const series = writeSingleFrameSeries(v64, { modality: 'NM', nmStyle: 'generic', shuffleInstanceNumbers: true }).map((f) => ({ name: f.name, bytes: f.bytes }));
const philips = writeSingleFrameSeries(v64, { modality: 'NM', nmStyle: 'philips', reverseInstanceNumbers: true }).map((f) => ({ name: f.name, bytes: f.bytes }));
const mb = (n: number) => (n / 1024 ** 2).toFixed(1);
const seriesBytes = series.reduce((a, f) => a + f.bytes.length, 0);
console.log(`128x128x64: multi-frame ${mb(mf.length)} MiB, series ${series.length} files ${mb(seriesBytes)} MiB`);
console.log(`readDicom, NM multi-frame 128x128x64 (GE int16)        ${fmt(await time(() => readDicom(mf), RUNS))} ms`);
console.log(`assembleSeries, NM single-frame 64 files (generic)      ${fmt(await time(() => assembleSeries(series), RUNS))} ms`);
console.log(`group + pick + read, NM single-frame 64 files (generic) ${fmt(await time(() => readSeriesGroup(pickSpectSeries(groupDicomFiles(series).series)), RUNS))} ms`);
console.log(`group + pick + read, NM single-frame 64 files (philips) ${fmt(await time(() => readSeriesGroup(pickSpectSeries(groupDicomFiles(philips).series)), RUNS))} ms`);

const v128 = phantom(128, 128);
const mf128 = writeNmMultiframe(createVolume({ ...v128, data: v128.data.map(Math.round) }), { style: 'ge' });
if (baselinePath) {
  const old = (await import(baselinePath)) as { readDicom: (b: Uint8Array) => Promise<unknown> };
  // interleave: 7 rounds of 3 runs each, after a warm-up of both
  const cur: number[] = [], base: number[] = [];
  for (let w = 0; w < 5; w++) { await readDicom(mf128); await old.readDicom(mf128); }
  for (let round = 0; round < 7; round++) {
    for (let r = 0; r < 3; r++) { const t0 = performance.now(); await readDicom(mf128); cur.push(performance.now() - t0); }
    for (let r = 0; r < 3; r++) { const t0 = performance.now(); await old.readDicom(mf128); base.push(performance.now() - t0); }
  }
  const med = (a: number[]) => { const s = a.slice().sort((x, y) => x - y); return s[s.length >> 1]!; };
  console.log(`readDicom 128^3 multi-frame: sources ${med(cur).toFixed(2)} ms (${Math.min(...cur).toFixed(2)}-${Math.max(...cur).toFixed(2)}), baseline ${med(base).toFixed(2)} ms (${Math.min(...base).toFixed(2)}-${Math.max(...base).toFixed(2)}), ratio ${(med(cur) / med(base)).toFixed(3)}`);
} else {
  console.log(`readDicom, NM multi-frame 128^3 (GE int16)              ${fmt(await time(() => readDicom(mf128), RUNS))} ms`);
}
