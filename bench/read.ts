/**
 * Reading benchmark: NM multi-frame 64^3 and 128^3 (int16, GE style) and a
 * 128-slice single-frame series, this library vs dicom-parser alone, dcmjs,
 * daikon, and whole-process dcm2niix / pydicom where installed, with the
 * physical limit (copying the same bytes) in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import dcmjs from 'dcmjs';
import daikon from 'daikon';
import { readDicom, assembleSeries } from '../src/dicom/index.js';
import { writeNmMultiframe, writeSingleFrameSeries } from '../src/dicom/write/index.js';
import { createVolume } from '../src/volume/volume.js';
import { fmt, hasCommand, table, time, type Section } from './lib.js';

function phantom(n: number): ReturnType<typeof createVolume> {
  const data = new Float32Array(n * n * n);
  const c = (n - 1) / 2;
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    const r = Math.hypot(i - c, j - c, (k - c) * 1.2) / (n / 2);
    data[i + n * (j + n * k)] = r < 0.8 ? 1000 * (1 - r * r) + ((i * 7 + j * 13 + k * 3) % 50) : 0;
  }
  const s = 256 / n;
  return createVolume({ data, dims: [n, n, n], affine: [s, 0, 0, -128, 0, s, 0, -128, 0, 0, s, -128, 0, 0, 0, 1] });
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** dicom-parser alone: parse and view the pixels (the lower bound of any dicom-parser based reader). */
function dicomParserOnly(bytes: Uint8Array): number {
  const ds = dicomParser.parseDicom(bytes);
  const el = ds.elements.x7fe00010!;
  const px = new Int16Array(bytes.buffer, bytes.byteOffset + el.dataOffset, el.length / 2);
  return px.length;
}

/** dcmjs: parse, then convert to Float32 with the rescale, as a user would. */
function dcmjsRead(bytes: Uint8Array): number {
  const ds = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes));
  const px = new Int16Array(ds.dict['7FE00010']!.Value[0] as ArrayBuffer);
  const slope = Number(ds.dict['00281053']?.Value?.[0] ?? 1), inter = Number(ds.dict['00281052']?.Value?.[0] ?? 0);
  const out = new Float32Array(px.length);
  for (let i = 0; i < px.length; i++) out[i] = px[i]! * slope + inter;
  return out.length;
}

function daikonRead(bytes: Uint8Array): number {
  const img = daikon.Series.parseImage(new DataView(toArrayBuffer(bytes)));
  return img.getInterpretedData().length;
}

export async function benchRead(quick: boolean): Promise<Section> {
  const runs = quick ? 3 : 15;
  const missing: string[] = [];
  const rows: string[][] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'spect-bench-'));
  try {
    for (const n of quick ? [64] : [64, 128]) {
      const bytes = writeNmMultiframe(phantom(n), { style: 'ge', radiopharmaceutical: { code: 'HMPAO' } });
      const copy = await time(() => bytes.slice(), runs);
      const ours = await time(() => readDicom(bytes), runs);
      const dp = await time(() => dicomParserOnly(bytes), runs);
      const dj = await time(() => dcmjsRead(bytes), runs);
      const dk = await time(() => daikonRead(bytes), runs);
      const ratio = (t: { median: number }) => (t.median / ours.median).toFixed(2);
      rows.push([`NM multi-frame ${n}^3 int16 (${(bytes.length / 2 ** 20).toFixed(1)} MiB)`, fmt(copy), fmt(ours), fmt(dp), fmt(dj), fmt(dk),
        `${(ours.median / copy.median).toFixed(2)}x copy; dcmjs ${ratio(dj)}x, daikon ${ratio(dk)}x ours`]);
      const f = join(tmp, `nm${n}.dcm`);
      writeFileSync(f, bytes);
      if (hasCommand('dcm2niix')) {
        const t = await time(() => execFileSync('dcm2niix', ['-o', tmp, '-f', `out${n}`, '-z', 'n', '-b', 'n', tmp], { stdio: 'ignore' }), quick ? 1 : 5, 1);
        rows.push([`  whole process: dcm2niix on ${n}^3`, '', '', '', '', '', `${fmt(t)} ms`]);
      } else missing.push('dcm2niix');
      if (hasCommand('/usr/bin/python3') && pythonHas('pydicom')) {
        const script = `import pydicom,numpy as np;d=pydicom.dcmread('${f}');a=d.pixel_array.astype(np.float32)`;
        const t = await time(() => execFileSync('/usr/bin/python3', ['-c', script], { stdio: 'ignore' }), quick ? 1 : 5, 1);
        rows.push([`  whole process: python3 + pydicom on ${n}^3`, '', '', '', '', '', `${fmt(t)} ms`]);
      } else missing.push('pydicom');
    }
    // single-frame series of 128 slices
    const n = quick ? 64 : 128;
    const series = writeSingleFrameSeries(phantom(n), { modality: 'NM', shuffleInstanceNumbers: true });
    const files = series.map((s) => ({ name: s.name, bytes: s.bytes }));
    const total = files.reduce((a, f) => a + f.bytes.length, 0);
    const copyS = await time(() => files.map((f) => f.bytes.slice()), runs);
    const oursS = await time(() => assembleSeries(files), runs);
    const dpS = await time(() => files.map((f) => dicomParserOnly(f.bytes)), runs);
    const djS = await time(() => files.map((f) => dcmjsRead(f.bytes)), runs);
    const dkS = await time(() => files.map((f) => daikonRead(f.bytes)), runs);
    rows.push([`single-frame series, ${n} files ${n}x${n} (${(total / 2 ** 20).toFixed(1)} MiB)`, fmt(copyS), fmt(oursS), fmt(dpS), fmt(djS), fmt(dkS),
      `${(oursS.median / copyS.median).toFixed(1)}x copy (ours also sorts, checks spacing and builds the volume)`]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const md = table(['input', 'copy bytes', 'spect-perfusion readDicom', 'dicom-parser alone', 'dcmjs + Float32', 'daikon', 'ratios'], rows) +
    '\nTimes in ms: median (min-max) of ' + runs + ' runs after 2 warm-up runs. "dicom-parser alone" parses and views the pixels without converting them (a lower bound); the others produce Float32 values. Whole-process rows include process start-up.\n';
  return { title: 'Reading DICOM', markdown: md, missing };
}

function pythonHas(mod: string): boolean {
  try { execFileSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }); return true; } catch { return false; }
}
