/**
 * Nuclear Medicine specifics (PS3.3 C.8.4.8 NM Image Module, C.8.4.9 NM
 * Multi-frame Module): which Image Types are reconstructed volumes, and how the
 * frames of a multi-frame NM object map to slices (and gates) through the Frame
 * Increment Pointer (0028,0009).
 */
import type { DataSet } from 'dicom-parser';
import { DicomError, ErrorCode } from '../errors.js';
import type { IssueList } from '../issues.js';
import { safeImageType, safeImageTypeValue } from './safe-text.js';
import { TAGS, getNumbers, getNumbersByTag, getStrings, getTagList, getNumber } from './attributes.js';

export const NM_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.20';

export type NmReconKind = 'RECON TOMO' | 'RECON GATED TOMO';

const REFUSED: Readonly<Record<string, string>> = {
  TOMO: 'TOMO projection data',
  'GATED TOMO': 'GATED TOMO projection data',
  STATIC: 'a STATIC planar image',
  'WHOLE BODY': 'a WHOLE BODY planar scan',
  DYNAMIC: 'a DYNAMIC planar series',
  GATED: 'a GATED planar series',
};

/**
 * Classify Image Type value 3 of an NM object (C.8.4.8.1.1).
 * @throws DicomError NOT_RECONSTRUCTED_VOLUME (projections, planar) | INVALID_ATTRIBUTE (missing/unknown value 3)
 */
export function classifyNmImageType(imageType: readonly string[]): NmReconKind {
  const v3 = (imageType[2] ?? '').toUpperCase().trim();
  if (v3 === 'RECON TOMO' || v3 === 'RECON GATED TOMO') return v3;
  const what = REFUSED[v3];
  if (what) {
    throw new DicomError(ErrorCode.NOT_RECONSTRUCTED_VOLUME, `${what}, not a reconstructed volume (Image Type (0008,0008) value 3 = ${v3})`, {
      details: { imageType: safeImageType(imageType) },
    });
  }
  // only defined terms are quoted: an unknown value is free text from the file
  throw new DicomError(
    ErrorCode.NOT_RECONSTRUCTED_VOLUME,
    `NM Image Type (0008,0008) value 3 is ${v3 ? safeImageTypeValue(v3) : '(absent)'}, not RECON TOMO or RECON GATED TOMO: not a reconstructed volume`,
    { details: { imageType: safeImageType(imageType) } },
  );
}

/** Frames of one slice, and how many gates were summed. */
export interface NmFrameLayout {
  /** `frames[k]` = frame indices (0-based) whose values are summed into slice k. */
  readonly frames: readonly (readonly number[])[];
  readonly numberOfSlices: number;
  /** Gates (R-R interval x time slot combinations) per slice; 1 for RECON TOMO. */
  readonly gates: number;
}

/**
 * Map frames to slices using the Slice Vector (0054,0080) named by the Frame
 * Increment Pointer (C.8.4.9.1.1 / C.7.6.6.1.1). Without a Slice Vector the frames
 * are taken in order (frame f = slice f mod N for gated data is NOT assumed: gated
 * files must have the vector).
 * @throws DicomError INVALID_ATTRIBUTE (vector length/values inconsistent) | MISSING_ATTRIBUTE
 */
export function nmFrameLayout(ds: DataSet, numberOfFrames: number, kind: NmReconKind, issues: IssueList): NmFrameLayout {
  const fip = getTagList(ds, TAGS.FrameIncrementPointer);
  const declaredSlices = getNumber(ds, TAGS.NumberOfSlices);
  let sliceVector = getNumbers(ds, TAGS.SliceVector);
  if (fip.length > 0 && !fip.includes(TAGS.SliceVector.tag)) {
    issues.add('NM_FIP_WITHOUT_SLICE_VECTOR', 'warning', `Frame Increment Pointer does not name the Slice Vector (0054,0080); ${sliceVector.length ? 'using the Slice Vector anyway' : 'frames taken in order'}`);
  }
  for (const tag of fip) {
    // Every vector named by the pointer must have one entry per frame (C.7.6.6.1.1).
    const v = getNumbersByTag(ds, tag, 'US');
    if (v.length !== numberOfFrames) {
      throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `vector ${tagText(tag)} named by the Frame Increment Pointer has ${v.length} values for ${numberOfFrames} frames`);
    }
  }
  if (sliceVector.length === 0) {
    if (kind === 'RECON GATED TOMO') {
      throw new DicomError(ErrorCode.MISSING_ATTRIBUTE, 'RECON GATED TOMO without Slice Vector (0054,0080): frame order unknown');
    }
    issues.add('NM_NO_SLICE_VECTOR', 'info', 'no Slice Vector (0054,0080): frame n is slice n');
    sliceVector = Array.from({ length: numberOfFrames }, (_, i) => i + 1);
  }
  if (sliceVector.length !== numberOfFrames) {
    throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `Slice Vector has ${sliceVector.length} values for ${numberOfFrames} frames`);
  }
  let nSlices = 0;
  for (const s of sliceVector) {
    if (!Number.isInteger(s) || s < 1 || s > numberOfFrames) {
      throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `Slice Vector value ${s} outside 1..${numberOfFrames}`);
    }
    if (s > nSlices) nSlices = s;
  }
  const frames: number[][] = Array.from({ length: nSlices }, () => []);
  for (let f = 0; f < numberOfFrames; f++) frames[sliceVector[f]! - 1]!.push(f);
  const gates = frames[0]!.length;
  for (let k = 0; k < nSlices; k++) {
    if (frames[k]!.length !== gates) {
      throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `slice ${k + 1} has ${frames[k]!.length} frames, slice 1 has ${gates}: Slice Vector incomplete`);
    }
  }
  if (kind === 'RECON TOMO' && gates !== 1) {
    throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `RECON TOMO Slice Vector repeats slices (${gates} frames per slice)`);
  }
  if (declaredSlices !== undefined && declaredSlices !== nSlices) {
    issues.add('NM_NUMBER_OF_SLICES_MISMATCH', 'warning', `Number of Slices (0054,0081) is ${declaredSlices} but the frames hold ${nSlices} slices; using ${nSlices}`);
  }
  if (kind === 'RECON GATED TOMO') {
    // Within a slice, keep gates in (R-R interval, time slot) order so summation is deterministic.
    const rr = getNumbers(ds, TAGS.RRIntervalVector);
    const ts = getNumbers(ds, TAGS.TimeSlotVector);
    const key = (f: number) => (rr[f] ?? 0) * 65536 + (ts[f] ?? 0);
    for (const list of frames) list.sort((a, b) => key(a) - key(b) || a - b);
    issues.add('NM_GATES_SUMMED', 'info', `RECON GATED TOMO: ${gates} gates summed into one volume`);
  }
  return { frames, numberOfSlices: nSlices, gates };
}

function tagText(tag: string): string {
  return `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;
}

/** Image Type values of a dataset, upper-cased. */
export function imageTypeOf(ds: DataSet): string[] {
  return getStrings(ds, TAGS.ImageType).map((s) => s.toUpperCase());
}
