/**
 * Files of a simulated study in one of the formats readers meet in practice:
 * GE / Siemens / Hermes style multi-frame NM, a single-frame PT series, a
 * single-frame NM series (generic, Philips, Toshiba, Mediso or MIM layout), or
 * NIfTI-1 (float32, sform/qform code 1 = scanner).
 */
import { writeNmMultiframeWithInfo } from '../dicom-write/nm-multiframe.js';
import { writeSingleFrameSeries } from '../dicom-write/single-frame.js';
import { createUidSource } from '../dicom-write/uids.js';
import type { DicomWriteOptions, FakeIdentifiers, NmSeriesStyle, Quantisation } from '../dicom-write/types.js';
import { writeNifti } from '../nifti/write.js';
import type { SimResult } from './types.js';

/** Single-frame NM series (one reconstructed slice per file) in the writer's vendor styles (`NmSeriesStyle`). */
export type NmSeriesRenderFormat = 'nm-series' | 'nm-series-philips' | 'nm-series-toshiba' | 'nm-series-mediso' | 'nm-series-mim';
export type RenderFormat = 'ge' | 'siemens' | 'hermes' | 'series' | 'nifti' | NmSeriesRenderFormat;
/** The formats cohorts draw from (kept as they were, so that seeds give the same studies). */
export const RENDER_FORMATS: readonly RenderFormat[] = ['ge', 'siemens', 'hermes', 'series', 'nifti'];
export const NM_SERIES_RENDER_FORMATS: readonly NmSeriesRenderFormat[] = ['nm-series', 'nm-series-philips', 'nm-series-toshiba', 'nm-series-mediso', 'nm-series-mim'];
const NM_SERIES_STYLE: Readonly<Record<NmSeriesRenderFormat, NmSeriesStyle>> = {
  'nm-series': 'generic', 'nm-series-philips': 'philips', 'nm-series-toshiba': 'toshiba', 'nm-series-mediso': 'mediso', 'nm-series-mim': 'mim',
};

export interface RenderOptions {
  readonly format: RenderFormat;
  /** Render the noise-free volume instead of the noisy one. */
  readonly noiseFree?: boolean;
  /** Add `truth.json` to the files. */
  readonly includeTruth?: boolean;
  /** File name stem (default "study"). */
  readonly name?: string;
  /** Realistic fake identifiers in every identifying attribute (DICOM formats), for privacy tests and fixtures. */
  readonly identifiers?: FakeIdentifiers;
  /**
   * NIfTI: also write a JSON sidecar (`<stem>.json`, BIDS-PET / dcm2niix fields: Modality,
   * tracer, age, sex, AttenuationCorrection). Default false (a bare NIfTI says nothing).
   */
  readonly sidecar?: boolean;
}

export interface RenderedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface Rendered {
  readonly files: RenderedFile[];
  /** Largest value error introduced by 16-bit storage (0 for NIfTI float32). */
  readonly maxQuantisationError: number;
  readonly quantisation: Quantisation[];
}

/**
 * Write the study's files. DICOM identifiers are fake and UIDs derive from the truth's seed.
 * @throws DicomError UNREPRESENTABLE_VALUES (e.g. GE style with counts beyond int16)
 */
/** The fake identifiers with UIDs of this study's own (one study, one set of UIDs). */
function withSeededUids(f: FakeIdentifiers, seed: number): FakeIdentifiers {
  const u = createUidSource(seed ^ 0x1d);
  return { ...f, studyInstanceUid: u.next(), seriesInstanceUid: u.next(), sopInstanceUid: u.next(), frameOfReferenceUid: u.next() };
}

/** The JSON sidecar of a NIfTI study (fields of src/nifti/sidecar.ts). */
function sidecarBytes(result: SimResult): Uint8Array {
  const p = result.truth.params;
  const age = p.ageYears < 2 ? `${String(Math.floor(p.ageYears * 12)).padStart(3, '0')}M` : `${String(Math.floor(p.ageYears)).padStart(3, '0')}Y`;
  const json = {
    Modality: 'NM', TracerName: p.tracer, PatientAge: age, PatientSex: p.sex,
    AttenuationCorrection: p.attenuationPerCm > 0 ? 'none' : 'Chang',
  };
  return new TextEncoder().encode(JSON.stringify(json, null, 1));
}

export function renderStudy(result: SimResult, options: RenderOptions): Rendered {
  const v = options.noiseFree ? result.noiseFree : result.volume;
  const t = result.truth;
  const stem = options.name ?? 'study';
  const common: DicomWriteOptions = {
    patient: { name: `SIM^${t.seed}`, id: `SIM${t.seed}`, sex: t.params.sex, age: t.params.ageYears },
    study: { date: '20260101', description: 'Brain perfusion SPECT (simulated)' },
    radiopharmaceutical: { code: t.params.tracer },
    seriesDescription: 'SIMULATED RECON',
    seedForUids: t.seed,
    // the truth: Corrected Image holds ATTN only when the simulated study is attenuation corrected
    attenuationCorrected: !(t.params.attenuationPerCm > 0),
    ...(options.identifiers ? { identifiers: withSeededUids(options.identifiers, t.seed) } : {}),
  };
  const files: RenderedFile[] = [];
  const quantisation: Quantisation[] = [];
  switch (options.format) {
    case 'ge':
    case 'siemens':
    case 'hermes': {
      const w = writeNmMultiframeWithInfo(v, { ...common, style: options.format });
      files.push({ name: `${stem}.dcm`, bytes: w.bytes });
      quantisation.push(w.quantisation);
      break;
    }
    case 'series': {
      for (const f of writeSingleFrameSeries(v, { ...common, modality: 'PT', shuffleInstanceNumbers: true, namePrefix: `${stem}_` })) {
        files.push({ name: f.name, bytes: f.bytes });
        quantisation.push(f.quantisation);
      }
      break;
    }
    case 'nm-series':
    case 'nm-series-philips':
    case 'nm-series-toshiba':
    case 'nm-series-mediso':
    case 'nm-series-mim': {
      // Counts Accumulated: the study's counts repeated in every file (the reader takes them once)
      const o = { ...common, modality: 'NM', nmStyle: NM_SERIES_STYLE[options.format], shuffleInstanceNumbers: true, countsAccumulated: 'total', namePrefix: `${stem}_` } as const;
      for (const f of writeSingleFrameSeries(v, o)) {
        files.push({ name: f.name, bytes: f.bytes });
        quantisation.push(f.quantisation);
      }
      break;
    }
    case 'nifti':
      files.push({ name: `${stem}.nii`, bytes: writeNifti(v, { datatype: 'float32', xformCode: 1, description: 'simulated SPECT' }) });
      quantisation.push({ slope: 1, intercept: 0, maxError: 0 });
      if (options.sidecar) files.push({ name: `${stem}.json`, bytes: sidecarBytes(result) });
      break;
  }
  if (options.includeTruth) files.push({ name: `${stem}.truth.json`, bytes: new TextEncoder().encode(JSON.stringify(t, null, 1)) });
  let maxQ = 0;
  for (const q of quantisation) maxQ = Math.max(maxQ, q.maxError);
  return { files, maxQuantisationError: maxQ, quantisation };
}
