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
import { DicomError, ErrorCode } from '../errors.js';
import type { IssueList } from '../issues.js';
import type { StoredPixels } from './pixels/types.js';
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
 * @throws DicomError UNSUPPORTED_PIXEL_FORMAT (RWVM given only as a LUT) | INVALID_ATTRIBUTE (non-finite slope)
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
    throw new DicomError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, 'Real World Value Mapping given as a LUT (0040,9212) is not supported');
  }
  return chosen.l;
}

/** Min and max of the stored values (one pass). Returns [0, 0] for empty input. */
export function storedRange(values: StoredPixels): [number, number] {
  if (values.length === 0) return [0, 0];
  let lo = values[0]!;
  let hi = lo;
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v; else if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Fill `out` (slice after slice, `frameSize` voxels each) with real-world values:
 * slice k = sum over frames[k] of stored * slope[f] + intercept[f]. Float64
 * accumulation in `acc` (length frameSize, reused). Returns the Float64 sum of the Float32 values written.
 * @throws DicomError INVALID_ATTRIBUTE (non-finite result)
 */
export function rescaleIntoSlices(
  values: StoredPixels, frameSize: number, frames: readonly (readonly number[])[], r: FrameRescale, out: Float32Array,
): number {
  const acc = new Float64Array(frameSize);
  let total = 0;
  for (let k = 0; k < frames.length; k++) {
    const list = frames[k]!;
    acc.fill(0);
    for (let g = 0; g < list.length; g++) {
      const f = list[g]!;
      const s = r.slopes[f]!;
      const b = r.intercepts[f]!;
      const base = f * frameSize;
      for (let p = 0; p < frameSize; p++) acc[p] = acc[p]! + values[base + p]! * s + b;
    }
    const o = k * frameSize;
    for (let p = 0; p < frameSize; p++) {
      out[o + p] = acc[p]!;
      total += out[o + p]!;
    }
  }
  if (!Number.isFinite(total)) throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, 'rescaled values are not finite');
  return total;
}
