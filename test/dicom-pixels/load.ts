/**
 * Test helper: parse a shared DICOM file with dicom-parser directly and read
 * the Image Pixel module, independently of the project's dataset reader.
 */
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { inflateSync } from 'fflate';
import { sharedBytes } from '../helpers/shared-data.js';
import type { PixelModule, StoredPixels } from '../../src/dicom-pixels/index.js';

export interface Loaded {
  readonly ds: DataSet;
  readonly ts: string;
  readonly pm: PixelModule;
}

function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(bytes.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position), 0);
  out.set(inflated, position);
  return out;
}

/** Parse with dicom-parser; on a parse exception return the partial dataset it carries. */
export function parse(bytes: Uint8Array): DataSet {
  try {
    return dicomParser.parseDicom(bytes, { inflater } as unknown as dicomParser.ParseDicomOptions);
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'dataSet' in e) return (e as { dataSet: DataSet }).dataSet;
    throw e;
  }
}

export function pixelModuleOf(ds: DataSet): PixelModule {
  const n = Number.parseInt(ds.string('x00280008') ?? '1', 10);
  return {
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    bitsAllocated: ds.uint16('x00280100') ?? 0,
    bitsStored: ds.uint16('x00280101') ?? 0,
    highBit: ds.uint16('x00280102') ?? 0,
    pixelRepresentation: ds.uint16('x00280103') === 1 ? 1 : 0,
    photometricInterpretation: ds.string('x00280004') ?? 'MONOCHROME2',
    planarConfiguration: ds.uint16('x00280006') === 1 ? 1 : 0,
    numberOfFrames: Number.isFinite(n) && n > 0 ? n : 1,
  };
}

export function load(rel: string): Loaded {
  const ds = parse(sharedBytes(rel));
  return { ds, ts: ds.string('x00020010') ?? '', pm: pixelModuleOf(ds) };
}

export interface Stats {
  min: number;
  max: number;
  sum: number;
}

export function stats(v: StoredPixels): Stats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  return { min, max, sum };
}

/** Value(s) at [frame,row,col] of an interleaved stored array. */
export function at(v: StoredPixels, pm: PixelModule, frame: number, row: number, col: number): number | number[] {
  const s = pm.samplesPerPixel;
  const i = ((frame * pm.rows + row) * pm.columns + col) * s;
  if (s === 1) return v[i] as number;
  return Array.from(v.subarray(i, i + s));
}

export function maxAbsDiff(a: StoredPixels, b: StoredPixels): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (d > m) m = d;
  }
  return m;
}
