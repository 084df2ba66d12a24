/**
 * `spect-perfusion info <file|dir|nii>`: what the reader understood.
 */
import type { Volume } from '../volume/volume.js';
import { roundDeep } from '../report/json.js';

export interface InfoJson {
  dims: number[];
  spacing: number[];
  affine: number[];
  sum: number;
  min: number;
  max: number;
  metadata: Record<string, unknown>;
  issues: { code: string; severity: string; message: string }[];
}

/** The info object: dims, spacing, affine (16, row-major, voxel (i,j,k) -> RAS mm), sum/min/max, metadata, issues. */
export function volumeInfo(v: Volume, source: string, includeIdentifiers = false): InfoJson {
  let min = Infinity, max = -Infinity, sum = 0;
  const d = v.data;
  for (let i = 0; i < d.length; i++) {
    const x = d[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  const m = v.metadata;
  const metadata: Record<string, unknown> = {
    source,
    format: m.format, modality: m.modality, sopClassUid: m.sopClassUid, imageType: m.imageType,
    manufacturer: m.manufacturer, manufacturerModel: m.manufacturerModel,
    patientAgeYears: m.patientAgeYears, patientSex: m.patientSex,
    radiopharmaceutical: m.radiopharmaceutical, units: m.units, totalCounts: m.totalCounts,
    extra: m.extra,
    identifiersIncluded: includeIdentifiers,
  };
  if (includeIdentifiers) {
    metadata.studyInstanceUid = m.studyInstanceUid;
    metadata.seriesInstanceUid = m.seriesInstanceUid;
    metadata.acquisitionDate = m.acquisitionDate;
  }
  return {
    dims: [...v.dims],
    spacing: roundDeep([...v.spacing]) as number[],
    affine: Array.from(v.affine, (x) => roundDeep(x) as number),
    sum, min, max,
    metadata: roundDeep(metadata) as Record<string, unknown>,
    issues: v.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message })),
  };
}

/** Human-readable summary of `volumeInfo`. */
export function formatInfo(info: InfoJson): string {
  const a = info.affine;
  const row = (r: number) => a.slice(4 * r, 4 * r + 4).map((x) => x.toFixed(3).padStart(9)).join(' ');
  const md = info.metadata;
  const rp = md.radiopharmaceutical as { code?: string; name?: string } | null;
  const lines = [
    `format        ${md.format} (${md.source})`,
    `modality      ${md.modality ?? '-'}   image type ${(md.imageType as string[] | undefined)?.join('\\') || '-'}`,
    `equipment     ${md.manufacturer ?? '-'} ${md.manufacturerModel ?? ''}`.trimEnd(),
    `dims          ${info.dims.join(' x ')}   spacing ${info.spacing.map((s) => s.toFixed(3)).join(' x ')} mm`,
    `affine (RAS)  ${row(0)}`, `              ${row(1)}`, `              ${row(2)}`,
    `values        min ${info.min}  max ${info.max}  sum ${info.sum}   units ${md.units ?? '-'}`,
    `patient       age ${md.patientAgeYears ?? '-'} y, sex ${md.patientSex ?? '-'}`,
    `tracer        ${rp ? `${rp.code}${rp.name ? ` (${rp.name})` : ''}` : '-'}`,
  ];
  if (info.issues.length) {
    lines.push('issues');
    for (const i of info.issues) lines.push(`  [${i.severity}] ${i.code}: ${i.message}`);
  }
  return lines.join('\n') + '\n';
}
