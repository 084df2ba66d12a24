/**
 * Which series of a folder is the reconstructed SPECT, and why. The choice reads
 * only the series summaries, so a caller holding the summaries (the CLI's
 * `info`) can tell which series was picked without the files.
 */
import { DicomError, ErrorCode } from '../errors.js';
import type { DicomSeriesGroup, SeriesSummary } from './series-types.js';
import { safeImageType, safeImageTypeValue } from './safe-text.js';

/**
 * One line per series, for error messages and the CLI. Only defined terms are
 * shown (Modality, Image Type values, src/dicom/safe-text.ts), never the Series
 * Description or other free text: it can carry a patient name (issue 14).
 */
export function describeSeries(s: SeriesSummary): string {
  const it = s.imageType.length ? safeImageType(s.imageType) : 'no Image Type';
  const size = s.rows && s.columns ? `${s.columns}x${s.rows}` : 'no image';
  const modality = s.modality && /^[A-Z]{2,4}$/.test(s.modality) ? s.modality : '?';
  return `#${s.index} ${modality} ${it}, ${s.files} file(s) x ${s.framesPerFile} frame(s), ${size}`;
}

export interface SeriesPick {
  /** `index` of the chosen summary. */
  readonly index: number;
  /** Why it was chosen, one sentence. */
  readonly reason: string;
}

const NM_SOP = '1.2.840.10008.5.1.4.1.1.20';

/** Slices a series holds: files x frames per file. */
export function seriesSlices(s: SeriesSummary): number {
  return s.files * s.framesPerFile;
}

/**
 * Choose the reconstructed SPECT: an NM RECON TOMO / RECON GATED TOMO series
 * (one multi-frame object or a series of single-frame files), the one with most
 * slices (the first of equals); else the NM or PT series (not NM Image Storage)
 * with most slices; else null.
 */
export function pickSpectSummary(summaries: readonly SeriesSummary[]): SeriesPick | null {
  const best = (list: readonly SeriesSummary[]) => list.reduce((a, b) => (seriesSlices(b) > seriesSlices(a) ? b : a));
  const recon = summaries.filter((s) => s.nmReconstructed && s.hasPixelData);
  if (recon.length > 0) {
    const b = best(recon);
    const form = b.files > 1 ? `${b.files} single-frame files` : `one object of ${b.framesPerFile} frame(s)`;
    const of = recon.length > 1 ? `, the most slices of the ${recon.length} reconstructed NM series` : '';
    return { index: b.index, reason: `NM ${safeImageTypeValue(b.imageType[2] ?? 'RECON TOMO')} (${form})${of}` };
  }
  const other = summaries.filter((s) => s.hasPixelData && s.sopClassUid !== NM_SOP && (s.modality === 'NM' || s.modality === 'PT'));
  if (other.length > 0) {
    const b = best(other);
    return { index: b.index, reason: `no NM RECON TOMO series; the ${b.modality === 'PT' ? 'PT' : 'NM'} series with the most slices (${seriesSlices(b)})` };
  }
  return null;
}

/**
 * `pickSpectSummary` over groups.
 * @throws DicomError NO_VOLUME_FOUND (message lists what was found)
 */
export function pickSpectSeries(groups: readonly DicomSeriesGroup[]): DicomSeriesGroup {
  const pick = pickSpectSummary(groups.map((g) => g.summary));
  const chosen = pick ? groups.find((g) => g.summary.index === pick.index) : undefined;
  if (chosen) return chosen;
  const found = groups.length ? groups.map((g) => describeSeries(g.summary)).join('; ') : 'no DICOM series';
  throw new DicomError(ErrorCode.NO_VOLUME_FOUND, `no reconstructed SPECT (NM RECON TOMO) or NM/PT volume series found; found: ${found}`, {
    details: { series: groups.map((g) => describeSeries(g.summary)) },
  });
}
