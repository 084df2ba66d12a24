/**
 * Names of the NIfTI outputs, BIDS-derivatives style, and their JSON sidecars,
 * so that they drop into existing pipelines:
 *   <id>_space-MNI152_spect.nii.gz             the study resampled into MNI space (--mni)
 *   <id>_space-MNI152_desc-zmap_spect.nii.gz   the voxel-wise z-map (--normals)
 * each with `<same stem>.json`: Description, GeneratedBy (name, version),
 * Sources and SpatialReference. `Sources` names the input path only with
 * --include-identifiers (paths often carry patient names); otherwise it names
 * the study's report, `<id>.json`, which describes the input by pseudonym.
 * (docs/report-schema.md, "Output files").
 */
import { VERSION } from '../version.js';

export const MNI_NIFTI_SUFFIX = '_space-MNI152_spect.nii.gz';
export const ZMAP_NIFTI_SUFFIX = '_space-MNI152_desc-zmap_spect.nii.gz';

/** What a NIfTI output's sidecar says about it (the writer adds GeneratedBy and Sources). */
export interface NiftiSidecarInfo {
  readonly Description: string;
}

/** An output file of a study besides its JSON report: `<id><suffix>`; a NIfTI carries its sidecar's description. */
export interface OutputFile {
  readonly suffix: string;
  readonly data: Uint8Array;
  readonly sidecar?: NiftiSidecarInfo;
}

/** Where the outputs came from, for `Sources`. */
export interface OutputSource {
  /** The input path, written only when `includeIdentifiers`. */
  readonly input: string;
  readonly includeIdentifiers: boolean;
}

/** The sidecar JSON of a NIfTI output written as `<id><suffix>`. */
export function niftiSidecar(id: string, info: NiftiSidecarInfo, source: OutputSource): string {
  const j = {
    Description: info.Description,
    GeneratedBy: [{ Name: 'spect-perfusion', Version: VERSION }],
    Sources: [source.includeIdentifiers ? source.input : `${id}.json`],
    SpatialReference: 'MNI152',
  };
  return JSON.stringify(j, null, 2) + '\n';
}

/** The files to write under `id`: each file, and after a NIfTI its sidecar (`.nii.gz` -> `.json`). */
export function withSidecars(id: string, files: readonly OutputFile[], source: OutputSource): { suffix: string; data: Uint8Array | string }[] {
  const out: { suffix: string; data: Uint8Array | string }[] = [];
  for (const f of files) {
    out.push({ suffix: f.suffix, data: f.data });
    if (f.sidecar) out.push({ suffix: f.suffix.replace(/\.nii(\.gz)?$/, '.json'), data: niftiSidecar(id, f.sidecar, source) });
  }
  return out;
}
