/**
 * Reading benchmark: NM multi-frame 64^3 and 128^3 (int16, GE style) and a
 * 128-slice single-frame series, this library vs dicom-parser alone, dcmjs,
 * daikon, @itk-wasm/dicom (in-process WebAssembly, GDCM/ITK), and whole-process
 * dcm2niix / pydicom where installed, with the physical limit (copying the same
 * bytes) in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import dcmjs from 'dcmjs';
import daikon from 'daikon';
import { readDicom, assembleSeries } from '../src/dicom/index.js';
import { writeNmMultiframe, writeSingleFrameSeries } from '../src/dicom-write/index.js';
import { createVolume } from '../src/volume/volume.js';
import { fmt, hasCommand, table, time, type ScalingSeries, type Section } from './lib.js';

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

/**
 * The floor of any reader that returns Float32: widen the bytes, read as int16,
 * into a new Float32Array with the engine's native typed-array conversion
 * (TypedArray.prototype.set, faster than a JavaScript loop).
 */
function toFloat32(bytes: Uint8Array): number {
  const n = bytes.length >> 1;
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const out = new Float32Array(n);
  out.set(new Int16Array(aligned.buffer, aligned.byteOffset, n));
  return out.length;
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

type ItkSeriesReader = (options: { inputImages: string[]; singleSortedSeries?: boolean }) => Promise<{ outputImage: { data: unknown } }>;

async function loadItkDicom(): Promise<ItkSeriesReader | null> {
  try {
    const mod: unknown = await import('@itk-wasm/dicom');
    const fn = (mod as { readImageDicomFileSeriesNode?: unknown }).readImageDicomFileSeriesNode;
    return typeof fn === 'function' ? (fn as ItkSeriesReader) : null;
  } catch {
    return null;
  }
}

/** @itk-wasm/dicom in Node reads files by name (its Node API takes paths); the file read is part of its time. */
async function itkRead(reader: ItkSeriesReader, paths: string[]): Promise<number> {
  const r = await reader({ inputImages: paths, singleSortedSeries: paths.length === 1 });
  const d = r.outputImage.data as { length?: number } | null;
  return d?.length ?? 0;
}

const NA = 'n/a';

export async function benchRead(quick: boolean): Promise<Section> {
  const runs = quick ? 3 : 21;
  const missing: string[] = [];
  const rows: string[][] = [];
  const data: Record<string, number> = {};
  const itk = await loadItkDicom();
  if (!itk) missing.push('@itk-wasm/dicom');
  const tmp = mkdtempSync(join(tmpdir(), 'spect-bench-'));
  try {
    for (const n of quick ? [64] : [64, 128]) {
      const bytes = writeNmMultiframe(phantom(n), { style: 'ge', radiopharmaceutical: { code: 'HMPAO' } });
      const fdir = join(tmp, `in${n}`), odir = join(tmp, `out${n}`);
      mkdirSync(fdir);
      mkdirSync(odir);
      const f = join(fdir, `nm${n}.dcm`);
      writeFileSync(f, bytes);
      const copy = await time(() => bytes.slice(), runs);
      const widen = await time(() => toFloat32(bytes), runs);
      const ours = await time(() => readDicom(bytes), runs);
      const dp = await time(() => dicomParserOnly(bytes), runs);
      const dj = await time(() => dcmjsRead(bytes), runs);
      const dk = await time(() => daikonRead(bytes), runs);
      const it = itk ? await time(() => itkRead(itk, [f]), runs) : null;
      const ratio = (t: { median: number }) => (t.median / ours.median).toFixed(1);
      data[`read${n}Ms`] = ours.median;
      data[`read${n}VsCopy`] = ours.median / copy.median;
      data[`read${n}DcmjsVsOurs`] = dj.median / ours.median;
      data[`read${n}DaikonVsOurs`] = dk.median / ours.median;
      data[`read${n}VsWiden`] = ours.median / widen.median;
      rows.push([`NM multi-frame ${n}^3 int16 (${(bytes.length / 2 ** 20).toFixed(1)} MiB)`, fmt(copy), fmt(widen), fmt(ours), fmt(dp), fmt(dj), fmt(dk), it ? fmt(it) : NA,
        `ours = ${(ours.median / copy.median).toFixed(2)}x copy (fastest runs: ${(ours.min / Math.max(copy.min, 1e-3)).toFixed(1)}x); dcmjs ${ratio(dj)}x, daikon ${ratio(dk)}x${it ? `, itk-wasm ${ratio(it)}x` : ''} ours`]);
      if (hasCommand('dcm2niix')) {
        const t = await time(() => execFileSync('dcm2niix', ['-o', odir, '-f', `out${n}`, '-z', 'n', '-b', 'n', '-w', '1', fdir], { stdio: 'ignore' }), quick ? 1 : 5, 1);
        rows.push([`  whole process: dcm2niix on ${n}^3`, '', '', '', '', '', '', '', `${fmt(t)} ms`]);
      } else missing.push('dcm2niix');
      if (hasCommand('/usr/bin/python3') && pythonHas('pydicom')) {
        const script = `import pydicom,numpy as np;d=pydicom.dcmread('${f}');a=d.pixel_array.astype(np.float32)`;
        const t = await time(() => execFileSync('/usr/bin/python3', ['-c', script], { stdio: 'ignore' }), quick ? 1 : 5, 1);
        rows.push([`  whole process: python3 + pydicom on ${n}^3`, '', '', '', '', '', '', '', `${fmt(t)} ms`]);
      } else missing.push('pydicom');
    }
    // single-frame series of 128 slices
    const n = quick ? 64 : 128;
    const series = writeSingleFrameSeries(phantom(n), { modality: 'NM', shuffleInstanceNumbers: true });
    const files = series.map((s) => ({ name: s.name, bytes: s.bytes }));
    const total = files.reduce((a, f) => a + f.bytes.length, 0);
    const copyS = await time(() => files.map((f) => f.bytes.slice()), runs);
    const widenS = await time(() => files.map((f) => toFloat32(f.bytes)), runs);
    const oursS = await time(() => assembleSeries(files), runs);
    const dpS = await time(() => files.map((f) => dicomParserOnly(f.bytes)), runs);
    const djS = await time(() => files.map((f) => dcmjsRead(f.bytes)), runs);
    const dkS = await time(() => files.map((f) => daikonRead(f.bytes)), runs);
    let itS = null;
    if (itk) {
      const sdir = join(tmp, 'series');
      mkdirSync(sdir);
      const paths = files.map((f, i) => { const p = join(sdir, `${i}.dcm`); writeFileSync(p, f.bytes); return p; });
      itS = await time(() => itkRead(itk, paths), quick ? 2 : 5, 1);
    }
    rows.push([`single-frame series, ${n} files ${n}x${n} (${(total / 2 ** 20).toFixed(1)} MiB)`, fmt(copyS), fmt(widenS), fmt(oursS), fmt(dpS), fmt(djS), fmt(dkS), itS ? fmt(itS) : NA,
      `ours = ${(oursS.median / copyS.median).toFixed(1)}x copy (ours also sorts, checks spacing and builds the volume)${itS ? `; itk-wasm ${(itS.median / oursS.median).toFixed(1)}x ours` : ''}`]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const md = table(['input', 'copy bytes', 'int16 -> Float32 (native set)', 'spect-perfusion readDicom', 'dicom-parser alone', 'dcmjs + Float32', 'daikon', '@itk-wasm/dicom (from file)', 'ratios'], rows) +
    '\nTimes in ms: median (min-max) of ' + runs + ' runs after 5 warm-up runs (the series with @itk-wasm/dicom: ' + (quick ? 2 : 5) + ' runs after 1). ' +
    '"int16 -> Float32" converts the whole file, read as int16, with the native TypedArray.set, as if it were all pixels (the floor for producing a Float32 volume: it writes twice the bytes it reads). "dicom-parser alone" parses and views the pixels without converting them (a lower bound); dcmjs and daikon produce Float32 values; ' +
    '@itk-wasm/dicom (ITK + GDCM compiled to WebAssembly) produces an ITK image in its stored type and, in Node, reads the files from disk itself (page cache, so mostly in memory). ' +
    'Whole-process rows include process start-up and reading the file.\n';
  return { title: 'Reading DICOM', markdown: md, missing, data };
}

function pythonHas(mod: string): boolean {
  try { execFileSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** readDicom time vs matrix (NM multi-frame n^3 int16) next to copying the same bytes. */
export async function readScaling(quick: boolean): Promise<ScalingSeries[]> {
  const ours: ScalingSeries = { name: 'reading (readDicom, NM multi-frame int16)', points: [] };
  const copies: ScalingSeries = { name: 'copying the same bytes', points: [] };
  for (const n of quick ? [32, 64] : [64, 128, 256]) {
    const bytes = writeNmMultiframe(phantom(n), { style: 'ge', radiopharmaceutical: { code: 'HMPAO' } });
    const runs = quick ? 3 : n >= 256 ? 7 : 11;
    const t = await time(() => readDicom(bytes), runs);
    const c = await time(() => bytes.slice(), runs);
    ours.points.push({ n, text: fmt(t), median: t.median });
    copies.points.push({ n, text: fmt(c), median: c.median });
  }
  return [ours, copies];
}
