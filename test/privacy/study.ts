/** A simulated brain SPECT study written with FAKE identifiers in every identifying attribute the writer knows. */
import { FAKE_IDENTIFIERS, writeNmMultiframeWithInfo, type NmStyle } from '../../src/dicom-write/index.js';
import { prepareSource, simulateStudy, type SimResult } from '../../src/simulate/index.js';
import { phantomSource } from '../../src/simulate/sources.js';

let cached: SimResult | null = null;

/** Simulated study (64^3, 4 mm, HMPAO, 3-year-old girl), computed once per test file. */
export function simulated(): SimResult {
  cached ??= simulateStudy(prepareSource(phantomSource()), {
    cerebellarFactor: 1, matrix: 64, voxelSizeMm: 4, ageYears: 3, sex: 'F', tracer: 'HMPAO', noise: false,
  }, 4471);
  return cached;
}

/** Bytes of the study as an NM multi-frame file full of fake identifiers. */
export function identifiedStudy(style: NmStyle = 'siemens'): Uint8Array {
  const r = simulated();
  return writeNmMultiframeWithInfo(r.volume, {
    style,
    identifiers: FAKE_IDENTIFIERS,
    patient: { sex: 'F' },
    radiopharmaceutical: { code: 'HMPAO', doseMBq: 185 },
  }).bytes;
}
