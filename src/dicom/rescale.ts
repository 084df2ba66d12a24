/**
 * Stored values to real-world values, per frame.
 *
 * Precedence: Real World Value Mapping Sequence (0040,9096) (PS3.3 C.7.6.16.2.11;
 * Hermes writes it instead of Rescale), at top level or in the functional groups;
 * then the Pixel Value Transformation Sequence (0028,9145) of the per-frame, then
 * shared functional groups (C.7.6.16.2.9); then top-level Rescale Slope/Intercept
 * (C.11.1.1.2); else identity.
 */
import type { DataSet } from 'dicom-parser';
import { DicomError, ErrorCode, PixelDataError } from '../errors.js';
import type { IssueList } from '../issues.js';
import type { StoredPixels } from '../dicom-pixels/types.js';
import { isSmallIntPixels, storedPairWords, sumSmallInts } from '../dicom-pixels/stored.js';
import { TAGS, firstItem, getItems, getNumber, getString, has, type TagDef } from './attributes.js';

export type RescaleSource = 'real-world-value-mapping' | 'pixel-value-transformation' | 'rescale' | 'identity';

export interface FrameRescale {
  readonly slopes: Float64Array;
  readonly intercepts: Float64Array;
  readonly units: string | null;
  readonly source: RescaleSource;
}

interface Linear { slope: number; intercept: number; units: string | null }

/**
 * Slope/intercept for every frame.
 * `storedMin`/`storedMax` select the RWVM item whose mapped range covers the data.
 * @throws PixelDataError UNSUPPORTED_PIXEL_FORMAT (RWVM given only as a LUT); DicomError INVALID_ATTRIBUTE (non-finite slope)
 */
export function frameRescales(
  ds: DataSet, nFrames: number, pixelRepresentation: 0 | 1, storedMin: number, storedMax: number, issues: IssueList,
): FrameRescale {
  const slopes = new Float64Array(nFrames);
  const intercepts = new Float64Array(nFrames);
  const fill = (l: Linear, source: RescaleSource): FrameRescale => {
    slopes.fill(l.slope); intercepts.fill(l.intercept);
    return { slopes, intercepts, units: l.units, source };
  };
  const perFrame = getItems(ds, TAGS.PerFrameFunctionalGroupsSequence);
  const shared = firstItem(ds, TAGS.SharedFunctionalGroupsSequence);
  // 1. Real World Value Mapping
  const rw = rwvm(ds, pixelRepresentation, storedMin, storedMax, issues)
    ?? (shared ? rwvm(shared, pixelRepresentation, storedMin, storedMax, issues) : undefined);
  if (rw) return fill(rw, 'real-world-value-mapping');
  // 2. Pixel Value Transformation (per frame, then shared)
  const sharedPvt = shared ? pvt(shared) : undefined;
  if (perFrame.length === nFrames && perFrame.some((f) => pvt(f) !== undefined)) {
    let units: string | null = null;
    for (let f = 0; f < nFrames; f++) {
      const l = pvt(perFrame[f]!) ?? sharedPvt ?? { slope: 1, intercept: 0, units: null };
      slopes[f] = l.slope; intercepts[f] = l.intercept; units ??= l.units;
    }
    return { slopes, intercepts, units, source: 'pixel-value-transformation' };
  }
  if (sharedPvt) return fill(sharedPvt, 'pixel-value-transformation');
  // 3. top-level Rescale
  const top = linearFrom(ds, TAGS.RescaleSlope, TAGS.RescaleIntercept, TAGS.RescaleType);
  if (top) return fill({ ...top, units: top.units ?? unitsAttr(ds) }, 'rescale');
  return fill({ slope: 1, intercept: 0, units: unitsAttr(ds) }, 'identity');
}

function unitsAttr(ds: DataSet): string | null {
  return getString(ds, TAGS.Units) ?? null;
}

function pvt(item: DataSet): Linear | undefined {
  const seq = firstItem(item, TAGS.PixelValueTransformationSequence);
  return seq ? linearFrom(seq, TAGS.RescaleSlope, TAGS.RescaleIntercept, TAGS.RescaleType) : undefined;
}

function linearFrom(ds: DataSet, slopeTag: TagDef, interceptTag: TagDef, typeTag: TagDef): Linear | undefined {
  if (!has(ds, slopeTag) && !has(ds, interceptTag)) return undefined;
  const slope = getNumber(ds, slopeTag) ?? 1;
  const intercept = getNumber(ds, interceptTag) ?? 0;
  if (!Number.isFinite(slope) || !Number.isFinite(intercept) || slope === 0) {
    throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `unusable ${slopeTag.keyword}/${interceptTag.keyword}: ${slope}/${intercept}`);
  }
  return { slope, intercept, units: getString(ds, typeTag) ?? null };
}

function rwvm(ds: DataSet, pixelRepresentation: 0 | 1, lo: number, hi: number, issues: IssueList): Linear | undefined {
  const items = getItems(ds, TAGS.RealWorldValueMappingSequence);
  if (items.length === 0) return undefined;
  const vr = pixelRepresentation === 1 ? 'SS' : 'US';
  const candidates: { l: Linear | null; first: number; last: number }[] = [];
  for (const it of items) {
    let first = getNumber(it, { ...TAGS.RealWorldValueFirstValueMapped, vr });
    let last = getNumber(it, { ...TAGS.RealWorldValueLastValueMapped, vr });
    first ??= getNumber(it, TAGS.DoubleFloatRealWorldValueFirstValueMapped);
    last ??= getNumber(it, TAGS.DoubleFloatRealWorldValueLastValueMapped);
    const hasLinear = has(it, TAGS.RealWorldValueSlope);
    const units = firstItem(it, TAGS.MeasurementUnitsCodeSequence);
    const unitCode = units ? (getString(units, TAGS.CodeValue) ?? null) : null;
    let l: Linear | null = null;
    if (hasLinear) {
      const slope = getNumber(it, TAGS.RealWorldValueSlope) ?? Number.NaN;
      const intercept = getNumber(it, TAGS.RealWorldValueIntercept) ?? 0;
      if (!Number.isFinite(slope) || !Number.isFinite(intercept) || slope === 0) {
        throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `unusable Real World Value Slope/Intercept: ${slope}/${intercept}`);
      }
      l = { slope, intercept, units: unitCode };
    } else if (!has(it, TAGS.RealWorldValueLUTData)) {
      continue;
    }
    candidates.push({ l, first: first ?? Number.NEGATIVE_INFINITY, last: last ?? Number.POSITIVE_INFINITY });
  }
  if (candidates.length === 0) return undefined;
  const match = candidates.find((c) => c.first <= lo && hi <= c.last);
  const chosen = match ?? candidates[0]!;
  if (!match) {
    issues.add('RWVM_RANGE_MISMATCH', 'warning', `no Real World Value Mapping item covers the stored range ${lo}..${hi}; the first item is used`);
  }
  if (!chosen.l) {
    throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, 'Real World Value Mapping given as a LUT (0040,9212) is not supported');
  }
  return chosen.l;
}

/**
 * True when `frameRescales` looks at the stored range: only a Real World Value
 * Mapping Sequence (top level or shared functional groups) makes it choose an
 * item by the range its First/Last Value Mapped cover (PS3.3 C.7.6.16.2.11).
 * Callers skip the `storedRange` pass otherwise.
 */
export function rescaleNeedsStoredRange(ds: DataSet): boolean {
  if (getItems(ds, TAGS.RealWorldValueMappingSequence).length > 0) return true;
  const shared = firstItem(ds, TAGS.SharedFunctionalGroupsSequence);
  return shared !== undefined && getItems(shared, TAGS.RealWorldValueMappingSequence).length > 0;
}

/** Min and max of the stored values (one pass). Returns [0, 0] for empty input. */
export function storedRange(values: StoredPixels): [number, number] {
  if (values.length === 0) return [0, 0];
  const lo = scanRange(values);
  return [lo, scanHigh];
}

/** Max found by the last `scanRange` call. */
let scanHigh = 0;

/**
 * Min of `values` (non-empty); the max goes to `scanHigh`. Kept apart from the
 * array literal of `storedRange`: V8 compiles a hot loop on stack replacement
 * before the code after it has run, and an array literal there without type
 * feedback made the optimised code bail out on every call.
 */
function scanRange(values: StoredPixels): number {
  const n = values.length;
  let lo = values[0]!;
  let hi = lo;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  scanHigh = hi;
  return lo;
}

/**
 * Fill `out` (slice after slice, `frameSize` voxels each) with real-world values:
 * slice k = sum over frames[k] of stored * slope[f] + intercept[f]. One pass over
 * the stored values for one-frame slices; Float64 arithmetic, rounded once to
 * Float32. Returns the Float64 sum of the Float32 values written, in slice order.
 * @throws DicomError INVALID_ATTRIBUTE (non-finite result)
 */
export function rescaleIntoSlices(
  values: StoredPixels, frameSize: number, frames: readonly (readonly number[])[], r: FrameRescale, out: Float32Array,
): number {
  const nFrames = Math.floor(values.length / frameSize);
  for (const list of frames) {
    for (const f of list) {
      // The fast paths below read views: an index past the data must not become a short read.
      if (!Number.isInteger(f) || f < 0 || f >= nFrames) throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `frame index ${f} is outside the ${nFrames} frames`);
    }
  }
  let total = 0;
  let acc: Float64Array | undefined;
  const small = isSmallIntPixels(values) ? values : undefined;
  const words = storedPairWords(values);
  let k = 0;
  while (k < frames.length) {
    const list = frames[k]!;
    if (list.length !== 1) {
      acc ??= new Float64Array(frameSize);
      total += sumFramesInto(values, frameSize, list, r, acc, out, k * frameSize);
      k++;
      continue;
    }
    const f = list[0]!;
    const s = r.slopes[f]!;
    const b = r.intercepts[f]!;
    if (small && s === 1 && b === 0) {
      // Identity on 8/16-bit integers: every value is exact in Float32 and every
      // partial sum exact in Float64, so the engine's native conversion (`set`)
      // and any summation order give the very same result as the loop below.
      const m = identityRun(frames, k, f, r);
      const run = small.subarray(f * frameSize, (f + m) * frameSize);
      out.set(run, k * frameSize);
      total += sumSmallInts(run);
      k += m;
      continue;
    }
    const base = f * frameSize;
    total += words && base % 2 === 0 && frameSize % 2 === 0
      ? rescalePairs(words, values instanceof Int16Array, base / 2, frameSize / 2, s, b, out, k * frameSize)
      : rescaleFrame(values, base, frameSize, s, b, out, k * frameSize);
    k++;
  }
  if (!Number.isFinite(total)) throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, 'rescaled values are not finite');
  return total;
}

/**
 * out[o + p] = fround(values[base + p] * s + b) for p < n; returns the Float64
 * sum of the rounded values. The hot loop of every read: one load, one store.
 */
function rescaleFrame(values: StoredPixels, base: number, n: number, s: number, b: number, out: Float32Array, o: number): number {
  // b + 0 turns an intercept of -0 into +0, so that a product of -0 gives +0,
  // exactly as the (0 + stored * slope) + intercept accumulation of gated slices.
  const b0 = b + 0;
  let t = 0;
  for (let p = 0; p < n; p++) {
    const v = Math.fround(values[base + p]! * s + b0);
    out[o + p] = v;
    t += v;
  }
  return t;
}

/**
 * `rescaleFrame` for 16-bit values read two at a time from 32-bit words `w`
 * (little-endian host: the low half is the first value). Same arithmetic and
 * same summation order, half the loads.
 */
function rescalePairs(w: Int32Array, signed: boolean, wBase: number, nw: number, s: number, b: number, out: Float32Array, o: number): number {
  const b0 = b + 0; // as in rescaleFrame
  let t = 0;
  const e = wBase + nw;
  if (signed) {
    for (let q = wBase, p = o; q < e; q++, p += 2) {
      const x = w[q]!;
      const v0 = Math.fround(((x << 16) >> 16) * s + b0);
      const v1 = Math.fround((x >> 16) * s + b0);
      out[p] = v0; out[p + 1] = v1; t += v0; t += v1;
    }
  } else {
    for (let q = wBase, p = o; q < e; q++, p += 2) {
      const x = w[q]!;
      const v0 = Math.fround((x & 0xffff) * s + b0);
      const v1 = Math.fround((x >>> 16) * s + b0);
      out[p] = v0; out[p + 1] = v1; t += v0; t += v1;
    }
  }
  return t;
}

/**
 * Several frames in one slice (gates of RECON GATED TOMO, C.8.4.9): Float64 sum
 * in `acc`, rounded once into out[o..o+frameSize). Returns the sum written.
 */
function sumFramesInto(
  values: StoredPixels, frameSize: number, list: readonly number[], r: FrameRescale, acc: Float64Array, out: Float32Array, o: number,
): number {
  acc.fill(0);
  for (let g = 0; g < list.length; g++) {
    const f = list[g]!;
    const s = r.slopes[f]!;
    const b = r.intercepts[f]!;
    const base = f * frameSize;
    for (let p = 0; p < frameSize; p++) acc[p] = acc[p]! + values[base + p]! * s + b;
  }
  let t = 0;
  for (let p = 0; p < frameSize; p++) {
    const v = Math.fround(acc[p]!);
    out[o + p] = v;
    t += v;
  }
  return t;
}

/** Number of slices from k on that are frames f, f+1, ... one each, with slope 1 and intercept 0. */
function identityRun(frames: readonly (readonly number[])[], k: number, f: number, r: FrameRescale): number {
  let m = 1;
  while (k + m < frames.length) {
    const l = frames[k + m]!;
    const g = f + m;
    if (l.length !== 1 || l[0] !== g || r.slopes[g] !== 1 || r.intercepts[g] !== 0) break;
    m++;
  }
  return m;
}
