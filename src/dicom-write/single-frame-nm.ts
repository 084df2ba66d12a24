/**
 * The NM-specific elements of one single-frame NM RECON TOMO file (NM Image
 * Storage, PS3.3 A.5: NM Image C.8.4.9, NM Multi-frame C.8.4.8, NM Detector
 * C.8.4.11, NM TOMO Acquisition C.8.4.12, NM Reconstruction C.8.4.15) in the
 * vendor layouts of `NmSeriesStyle` (types.ts). What differs between vendors
 * is where Image Position/Orientation (Patient) are (top level, the Detector
 * Information Sequence, or both), whether Number of Frames and a Frame
 * Increment Pointer are written, and which vectors the pointer names.
 */
import { at, ds, is, sq, str, us, type Element } from './encoder.js';
import type { DicomGeometry } from './geometry.js';
import type { NmSeriesStyle, Quantisation, TracerEntry } from './types.js';

export interface NmSliceContext {
  readonly style: NmSeriesStyle;
  readonly g: DicomGeometry;
  /** LPS position of this file's first pixel. */
  readonly ipp: readonly number[];
  /** Number of this slice along row x column, 1-based (MIM's Slice Vector). */
  readonly sliceNumber: number;
  readonly nSlices: number;
  readonly tracer: TracerEntry;
  readonly q: Quantisation;
  /** Counts Accumulated to write, or null for an empty (type 2) value. */
  readonly counts: number | null;
}

export const NM_SERIES_MANUFACTURER: Readonly<Record<NmSeriesStyle, string | undefined>> = {
  generic: undefined,
  philips: 'Philips Medical Systems',
  toshiba: 'TOSHIBA',
  mediso: 'Mediso',
  mim: 'MIM Software Inc.',
};

/** Top-level IPP/IOP: every style but Mediso's. */
export function nmTopLevelGeometry(style: NmSeriesStyle): boolean {
  return style !== 'mediso';
}

/** NM elements of one file, without the common modules, IPP/IOP at top level and pixels. */
export function nmSliceElements(c: NmSliceContext): Element[] {
  const { style, g, ipp, tracer, q } = c;
  const geometryInDetector = style === 'generic' || style === 'toshiba' || style === 'mediso';
  const detector: Element[] = [str(0x00181180, 'SH', 'LEHR'), str(0x00181181, 'CS', 'PARA'), is(0x00181182, 0)];
  // NM Detector: IPP/IOP are type 2 there, written empty when the style keeps them at top level only
  if (geometryInDetector) detector.push(ds(0x00200032, ipp), ds(0x00200037, g.orientation));
  else detector.push(str(0x00200032, 'DS', ''), str(0x00200037, 'DS', ''));
  const el: Element[] = [
    us(0x00280103, 0),
    str(0x00080008, 'CS', ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION']),
    str(0x00200020, 'CS', g.patientOrientation),
    c.counts === null ? str(0x00180070, 'IS', '') : is(0x00180070, c.counts),
    us(0x00540011, 1),
    us(0x00540021, 1),
    us(0x00540051, 1),
    sq(0x00540012, [[sq(0x00540013, [[ds(0x00540014, tracer.window[0]), ds(0x00540015, tracer.window[1])]]), str(0x00540018, 'SH', tracer.windowName)]]),
    sq(0x00540022, [detector]),
    sq(0x00540052, [[ds(0x00540200, 0), ds(0x00181144, 3), str(0x00181140, 'CS', 'CW'), ds(0x00181143, 360), is(0x00181242, 20000), us(0x00540053, 120)]]),
    ds(0x00180088, g.sliceThickness),
    ds(0x00281052, q.intercept),
    ds(0x00281053, q.slope),
  ];
  switch (style) {
    case 'generic':
      el.push(is(0x00280008, 1), at(0x00280009, 0x00540080), us(0x00540080, 1), us(0x00540081, 1));
      break;
    case 'philips':
      // no Number of Frames, no Frame Increment Pointer, no vectors beyond the counts of windows/detectors
      break;
    case 'toshiba':
      el.push(is(0x00280008, 1), at(0x00280009, [0x00540010, 0x00540020]), us(0x00540010, 1), us(0x00540020, 1));
      break;
    case 'mediso':
      el.push(is(0x00280008, 1), at(0x00280009, 0x00540080), us(0x00540080, 1), us(0x00540081, 1));
      break;
    case 'mim':
      el.push(is(0x00280008, 1), at(0x00280009, 0x00540080), us(0x00540080, c.sliceNumber), us(0x00540081, c.nSlices));
      break;
  }
  return el;
}
