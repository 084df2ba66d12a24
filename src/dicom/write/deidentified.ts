/**
 * De-identified NM output derived from a real study: the volume is written as
 * a multi-frame NM object (nm-multiframe.ts) whose identifying attributes
 * follow the PS3.15 Annex E Basic Application Level Confidentiality Profile
 * (see src/privacy/profile.ts for the table and docs/privacy.md).
 */
import { deidentifyAttributes } from '../../privacy/deidentify.js';
import type { DateHandling, DeidentifiedAttributes, SourceStudy } from '../../privacy/types.js';
import type { Volume } from '../../volume/volume.js';
import { writeNmMultiframeWithInfo } from './nm-multiframe.js';
import type { NmStyle, WrittenNm } from './types.js';

export interface DeidentifiedNmOptions {
  /** Secret key of the pseudonym and of the replacement UIDs (use the report's `--pseudonym-key`). */
  readonly key: string;
  /** Vendor style of the output (default 'siemens': unsigned 16-bit with rescale). */
  readonly style?: NmStyle;
  /** Dates removed (default) or shifted by whole days. */
  readonly dates?: DateHandling;
}

export interface WrittenDeidentifiedNm extends WrittenNm {
  /** The attribute set written, with the outcome per source attribute. */
  readonly deidentified: DeidentifiedAttributes;
}

/**
 * Write `volume` (derived from `source`) as a de-identified multi-frame NM file.
 * Patient's Name and ID are the study pseudonym; UIDs are keyed hashes of the
 * source UIDs; dates are removed or shifted; age, sex, tracer and equipment
 * make/model are kept. `source` defaults to the volume's own metadata.
 * @throws DicomError INVALID_PARAMETER (empty key, bad date shift) | UNREPRESENTABLE_VALUES
 * @throws GeometryError INVALID_GEOMETRY
 */
export function writeDeidentifiedNm(volume: Volume, source: SourceStudy | null, options: DeidentifiedNmOptions): WrittenDeidentifiedNm {
  const src: SourceStudy = source ?? { metadata: volume.metadata, data: volume.data };
  const d = deidentifyAttributes(src.data ? src : { ...src, data: volume.data }, {
    key: options.key,
    ...(options.dates ? { dates: options.dates } : {}),
  });
  const w = writeNmMultiframeWithInfo(volume, { style: options.style ?? 'siemens', deidentified: d });
  return { ...w, deidentified: d };
}
