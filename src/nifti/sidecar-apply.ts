/**
 * A NIfTI volume with its JSON sidecar's values filled in (sidecar.ts reads the sidecar): where
 * the image has no value of its own, the sidecar's, noted as such; where both have one and they
 * differ, the image's, with an issue.
 */
import { parseTracer } from '../vocabulary/tracer.js';
import { IssueList } from '../issues.js';
import type { Volume, VolumeMetadata } from '../volume/volume.js';
import { readNifti, type ReadNiftiOptions } from './read.js';
import { parseNiftiSidecar, type NiftiSidecar, type SidecarOptions } from './sidecar.js';

/** Modality codes of PS3.3 C.7.3.1.1.1 that may be named in a message (anything else is "an unrecognised value"). */
const KNOWN_MODALITIES = new Set([
  'NM',
  'PT',
  'ST',
  'CT',
  'MR',
  'US',
  'CR',
  'DX',
  'MG',
  'XA',
  'RF',
  'OT',
  'SEG',
  'REG',
  'RTDOSE',
  'RTSTRUCT',
  'SR',
  'PR',
  'KO',
  'OP',
  'SC',
]);
/** Modalities a perfusion SPECT (or a PET read the same way) can have; ST is the retired SPECT code. */
const EMISSION_MODALITIES = new Set(['NM', 'PT', 'ST']);
const NOT_RECON_IMAGE_TYPES = ['TOMO', 'GATED TOMO', 'STATIC', 'WHOLE BODY', 'DYNAMIC', 'GATED'];

/**
 * The volume with the sidecar's values filled in where the image has none
 * (`ageSource` etc. become 'sidecar'). A sidecar value that differs from the
 * image's own, a non-emission Modality and an Image Type of projections or
 * planar data give `SIDECAR_CONTRADICTS_IMAGE`; the image's own values are kept.
 */
export function applyNiftiSidecar(volume: Volume, sidecar: NiftiSidecar): Volume {
  const m = volume.metadata;
  const issues = new IssueList();
  issues.push(...volume.issues, ...sidecar.issues);
  const contradicts = (field: string) =>
    issues.add(
      'SIDECAR_CONTRADICTS_IMAGE',
      'warning',
      `sidecar field ${field} differs from the image's own value; the image's value was kept`,
    );
  const fill = <T>(
    field: string,
    own: T | null,
    side: T | null,
    same: (x: T, y: T) => boolean,
  ): { value: T | null; fromSidecar: boolean } => {
    if (side === null) return { value: own, fromSidecar: false };
    if (own === null) return { value: side, fromSidecar: true };
    if (!same(own, side)) contradicts(field);
    return { value: own, fromSidecar: false };
  };
  const eq = <T>(x: T, y: T) => x === y;
  const age = fill('PatientAge', m.patientAgeYears, sidecar.patientAgeYears, (x, y) => Math.abs(x - y) < 1e-9);
  const sex = fill('PatientSex', m.patientSex, sidecar.patientSex, eq);
  const tracer = fill(
    'Radiopharmaceutical/TracerName',
    m.radiopharmaceutical,
    sidecar.radiopharmaceutical,
    (x, y) => (parseTracer(x.code) ?? x.code) === (parseTracer(y.code) ?? y.code),
  );
  const modality = fill('Modality', m.modality, sidecar.modality, eq);
  const units = fill('Units', m.units, sidecar.units, eq);
  const ac = fill('AttenuationCorrection', m.attenuationCorrected ?? null, sidecar.attenuationCorrected, eq);
  const metadata: VolumeMetadata = {
    ...m,
    modality: modality.value,
    manufacturer: m.manufacturer ?? sidecar.manufacturer,
    manufacturerModel: m.manufacturerModel ?? sidecar.manufacturerModel,
    imageType: m.imageType.length ? m.imageType : (sidecar.imageType ?? []),
    patientAgeYears: age.value,
    ageSource: age.fromSidecar ? 'sidecar' : (m.ageSource ?? null),
    patientSex: sex.value,
    sexSource: sex.fromSidecar ? 'sidecar' : (m.sexSource ?? null),
    radiopharmaceutical: tracer.value,
    tracerSource: tracer.fromSidecar ? 'sidecar' : (m.tracerSource ?? null),
    units: units.value,
    patientWeightKg: m.patientWeightKg ?? sidecar.patientWeightKg,
    injectedActivityMBq: m.injectedActivityMBq ?? sidecar.injectedActivityMBq,
    attenuationCorrected: ac.value,
    attenuationSource: ac.fromSidecar ? 'sidecar' : (m.attenuationSource ?? null),
    extra: {
      ...m.extra,
      sidecar: true,
      sidecarFields: sidecar.fieldsUsed.join(','),
      ...(sidecar.conversionSoftware !== null && /^[\w .+-]{1,64}$/.test(sidecar.conversionSoftware)
        ? { conversionSoftware: sidecar.conversionSoftware }
        : {}),
    },
  };
  checkImageKind(metadata, issues);
  if (sidecar.fieldsUsed.length) {
    issues.add('SIDECAR_READ', 'info', `metadata from the JSON sidecar: ${sidecar.fieldsUsed.join(', ')}`);
  } else if (sidecar.usable) {
    issues.add('SIDECAR_READ', 'info', 'the JSON sidecar holds no field this library uses');
  }
  return { ...volume, metadata, issues: issues.toArray() };
}

function checkImageKind(m: VolumeMetadata, issues: IssueList): void {
  if (m.modality !== null && !EMISSION_MODALITIES.has(m.modality)) {
    const name = KNOWN_MODALITIES.has(m.modality) ? m.modality : 'an unrecognised value';
    issues.add('SIDECAR_CONTRADICTS_IMAGE', 'error', `the sidecar gives Modality ${name}, not NM or PT: this is not an emission tomogram`);
  }
  const t = m.imageType;
  if (
    m.modality === 'NM' &&
    t.length > 0 &&
    !t.includes('RECON TOMO') &&
    !t.includes('RECON GATED TOMO') &&
    t.some((x) => NOT_RECON_IMAGE_TYPES.includes(x))
  ) {
    issues.add(
      'SIDECAR_CONTRADICTS_IMAGE',
      'error',
      'the sidecar ImageType says projections or planar data, not RECON TOMO: this is not a reconstructed volume',
    );
  }
}

/** Read a NIfTI and apply its sidecar (null: no sidecar). */
export function readNiftiWithSidecar(
  nifti: Uint8Array,
  sidecar: Uint8Array | null,
  options: ReadNiftiOptions & SidecarOptions = {},
): Volume {
  const volume = readNifti(nifti, options);
  return sidecar === null ? volume : applyNiftiSidecar(volume, parseNiftiSidecar(sidecar, options));
}
