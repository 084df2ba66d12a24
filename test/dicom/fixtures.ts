/** Synthetic NM / PET objects built with build-dicom.ts (test utility). */
import { buildDicom, el, sq, u16Bytes, type El } from './build-dicom.js';

export const NM = '1.2.840.10008.5.1.4.1.1.20';
export const PET = '1.2.840.10008.5.1.4.1.1.128';

export interface NmOptions {
  readonly rows?: number;
  readonly cols?: number;
  /** Stored values of every frame (rows*cols each), frame after frame. */
  readonly pixels: readonly number[];
  readonly frames: number;
  readonly imageType?: string;
  /** DS string or null (absent). */
  readonly spacing?: string | null;
  readonly thickness?: string | null;
  readonly ipp?: string;
  readonly iop?: string;
  readonly pixelSpacing?: string;
  /** Put IPP/IOP only in the Detector Information Sequence (GE). */
  readonly inDetector?: boolean;
  readonly sliceVector?: readonly number[] | null;
  readonly numberOfSlices?: number;
  readonly fip?: readonly number[];
  readonly extra?: readonly El[];
}

/** An NM multi-frame object (uint16). */
export function nmObject(o: NmOptions): { bytes: Uint8Array; ends: number[] } {
  const rows = o.rows ?? 2;
  const cols = o.cols ?? 3;
  const ipp = el(0x00200032, 'DS', o.ipp ?? '-10\\-20\\30');
  const iop = el(0x00200037, 'DS', o.iop ?? '1\\0\\0\\0\\1\\0');
  const sv = o.sliceVector === undefined ? Array.from({ length: o.frames }, (_, i) => i + 1) : o.sliceVector;
  const els: El[] = [
    el(0x00080008, 'CS', `ORIGINAL\\PRIMARY\\${o.imageType ?? 'RECON TOMO'}\\EMISSION`),
    el(0x00080016, 'UI', NM),
    el(0x00080018, 'UI', '1.2.3.4.5'),
    el(0x00080020, 'DA', '20240110'),
    el(0x00080060, 'CS', 'NM'),
    el(0x00080070, 'LO', 'TEST VENDOR'),
    el(0x00100030, 'DA', '20150105'),
    el(0x00100040, 'CS', 'F'),
    el(0x0020000e, 'UI', '1.2.3.4.6'),
    el(0x00280002, 'US', [1]),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    el(0x00280008, 'IS', String(o.frames)),
    el(0x00280009, 'AT', o.fip ?? [0x00540080]),
    el(0x00280010, 'US', [rows]),
    el(0x00280011, 'US', [cols]),
    el(0x00280030, 'DS', o.pixelSpacing ?? '2\\3'),
    el(0x00280100, 'US', [16]),
    el(0x00280101, 'US', [16]),
    el(0x00280102, 'US', [15]),
    el(0x00280103, 'US', [0]),
    el(0x00540081, 'US', [o.numberOfSlices ?? (sv ? Math.max(...sv) : o.frames)]),
    sq(0x00540016, [el(0x00180031, 'LO', 'Tc99m Exametazime')]),
    el(0x7fe00010, 'OW', u16Bytes(o.pixels)),
  ];
  if (sv) els.push(el(0x00540080, 'US', sv));
  if (o.spacing !== null) els.push(el(0x00180088, 'DS', o.spacing ?? '4'));
  if (o.thickness !== null && o.thickness !== undefined) els.push(el(0x00180050, 'DS', o.thickness));
  if (o.inDetector) els.push(sq(0x00540022, [ipp, iop]));
  else els.push(ipp, iop);
  els.push(...(o.extra ?? []));
  return buildDicom(dedupe(els));
}

/** Later elements replace earlier ones with the same tag. */
function dedupe(els: El[]): El[] {
  const m = new Map<number, El>();
  for (const e of els) m.set(e.tag, e);
  return [...m.values()];
}

export interface SliceOptions {
  readonly z: number;
  readonly value: number;
  readonly uid: string;
  readonly rows?: number;
  readonly cols?: number;
  readonly series?: string;
  readonly iop?: string;
}

/** A single-frame PET slice (uint16, all pixels = value) at LPS z. */
export function petSlice(o: SliceOptions): Uint8Array {
  const rows = o.rows ?? 2;
  const cols = o.cols ?? 2;
  return buildDicom([
    el(0x00080008, 'CS', 'ORIGINAL\\PRIMARY'),
    el(0x00080016, 'UI', PET),
    el(0x00080018, 'UI', o.uid),
    el(0x00080060, 'CS', 'PT'),
    el(0x0020000e, 'UI', o.series ?? '1.2.3.9'),
    el(0x00200032, 'DS', `0\\0\\${o.z}`),
    el(0x00200037, 'DS', o.iop ?? '1\\0\\0\\0\\1\\0'),
    el(0x00180050, 'DS', '2'),
    el(0x00280002, 'US', [1]),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    el(0x00280010, 'US', [rows]),
    el(0x00280011, 'US', [cols]),
    el(0x00280030, 'DS', '1\\1'),
    el(0x00280100, 'US', [16]),
    el(0x00280101, 'US', [16]),
    el(0x00280102, 'US', [15]),
    el(0x00280103, 'US', [0]),
    el(0x00281053, 'DS', '2'),
    el(0x00281052, 'DS', '0'),
    el(0x7fe00010, 'OW', u16Bytes(new Array(rows * cols).fill(o.value))),
  ]).bytes;
}

export const ENHANCED_PET = '1.2.840.10008.5.1.4.1.1.130';

/** Enhanced PET: 2x2 frames at the given LPS z, each all = value, with per-frame rescale slopes. */
export function enhancedPet(zs: readonly number[], values: readonly number[], slopes: readonly number[]): Uint8Array {
  const perFrame = zs.map((z, f) => [
    sq(0x00209113, [el(0x00200032, 'DS', `0\\0\\${z}`)]),
    sq(0x00289145, [el(0x00281052, 'DS', '0'), el(0x00281053, 'DS', String(slopes[f])), el(0x00281054, 'LO', 'BQML')]),
  ]);
  const px: number[] = [];
  for (const v of values) px.push(v, v, v, v);
  return buildDicom([
    el(0x00080008, 'CS', 'ORIGINAL\\PRIMARY'),
    el(0x00080016, 'UI', ENHANCED_PET),
    el(0x00080018, 'UI', '1.2.3.77'),
    el(0x00080060, 'CS', 'PT'),
    el(0x00280002, 'US', [1]),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    el(0x00280008, 'IS', String(zs.length)),
    el(0x00280010, 'US', [2]),
    el(0x00280011, 'US', [2]),
    el(0x00280100, 'US', [16]),
    el(0x00280101, 'US', [16]),
    el(0x00280102, 'US', [15]),
    el(0x00280103, 'US', [0]),
    sq(0x52009229, [
      sq(0x00209116, [el(0x00200037, 'DS', '1\\0\\0\\0\\1\\0')]),
      sq(0x00289110, [el(0x00280030, 'DS', '1.5\\1'), el(0x00180050, 'DS', '2')]),
    ]),
    sq(0x52009230, ...perFrame),
    el(0x7fe00010, 'OW', u16Bytes(px)),
  ]).bytes;
}
