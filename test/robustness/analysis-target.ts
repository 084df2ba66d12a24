/**
 * The "analysis" fuzz target: a mutated study file (DICOM NM, NIfTI or
 * Interfile) is read with its reader and, when it reads, goes through the whole
 * `analyzeStudy`. Seeds: a simulated brain study (built-in phantom, 64 matrix)
 * in each format, and non-brains (uniform sphere, ellipsoid, Gaussian blob) on
 * the same grid. The contract: a SpectError or a report whose numbers are all
 * finite; for a non-brain seed, never a confident label (only `indeterminate`).
 * No vitest import, no node:* (used by test/fuzz/run.ts and by vitest).
 */
import { gzipSync } from 'fflate';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';
import { isSpectError } from '../../src/errors.js';
import { writeNifti } from '../../src/nifti/index.js';
import { phantomSource, prepareSource, simulateStudy } from '../../src/simulate/index.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { ContractViolation, checkVolume } from './check.js';
import { readInput, u16le, type Input, type Seed } from './targets.js';

/** Format of an analysis seed: the reader used. */
export type StudyFormat = 'dicom' | 'nifti' | 'interfile';

export interface AnalysisSeed extends Seed {
  readonly format: StudyFormat;
  /** True when the seed is not a brain: no confident label is allowed. */
  readonly nonBrain: boolean;
}

/** Age handed to the analysis (the audit's `--age 30`), with tracer HMPAO so that a label can be given. */
export const FUZZ_AGE = 30;

function interfileHeader(dims: readonly number[], mm: number, slope: number): string {
  return [
    '!INTERFILE :=', '!imaging modality := nucmed', '!version of keys := 3.3', '!type of data := Tomographic',
    'process status := Reconstructed', `!matrix size [1] := ${dims[0]}`, `!matrix size [2] := ${dims[1]}`,
    `!number of slices := ${dims[2]}`, '!number format := unsigned integer', '!number of bytes per pixel := 2',
    'imagedata byte order := LITTLEENDIAN', `scaling factor (mm/pixel) [1] := ${mm}`, `scaling factor (mm/pixel) [2] := ${mm}`,
    `scaling factor (mm/pixel) [3] := ${mm}`, `quantification units := ${slope}`, '!END OF INTERFILE :=', '',
  ].join('\r\n');
}

/** Rescale to integral 0..30000 (for the uint16 writers). */
function integral(v: Volume): Volume {
  let max = 0;
  for (let i = 0; i < v.data.length; i++) if (v.data[i]! > max) max = v.data[i]!;
  const k = max > 0 ? 30000 / max : 1;
  const data = Float32Array.from(v.data, (x) => Math.max(0, Math.round(x * k)));
  return createVolume({ data, dims: v.dims, affine: v.affine, metadata: v.metadata });
}

/** A shape on the study's grid: 'sphere' (uniform), 'ellipsoid' (uniform), 'gauss' (smooth blob). */
function shape(like: Volume, kind: 'sphere' | 'ellipsoid' | 'gauss'): Volume {
  const [nx, ny, nz] = like.dims;
  const s = like.spacing;
  const data = new Float32Array(nx * ny * nz);
  const ax = kind === 'ellipsoid' ? [70, 85, 60] : [75, 75, 75];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const x = (i - (nx - 1) / 2) * s[0], y = (j - (ny - 1) / 2) * s[1], z = (k - (nz - 1) / 2) * s[2];
    const r2 = (x / ax[0]!) ** 2 + (y / ax[1]!) ** 2 + (z / ax[2]!) ** 2;
    data[i + nx * (j + ny * k)] = kind === 'gauss' ? 1000 * Math.exp(-2 * r2) : r2 <= 1 ? 1000 : 0;
  }
  return createVolume({ data, dims: like.dims, affine: like.affine });
}

/** The analysis seeds (built once per process; about a second). */
export function analysisSeeds(): AnalysisSeed[] {
  const sim = simulateStudy(prepareSource(phantomSource({ voxelSize: 4 })), {
    cerebellarFactor: 1, matrix: 64, voxelSizeMm: 4.4, fwhmMm: 12, totalCounts: 3e6, noise: true, ageYears: FUZZ_AGE,
  }, 11);
  const brain = integral(sim.volume);
  const out: AnalysisSeed[] = [];
  const add = (name: string, v: Volume, nonBrain: boolean): void => {
    const iv = integral(v);
    out.push({ name: `${name}:nm-ge`, target: 'dicom', format: 'dicom', nonBrain, bytes: writeNmMultiframe(iv, { style: 'ge' }) });
    out.push({ name: `${name}:nifti-gz`, target: 'nifti', format: 'nifti', nonBrain, bytes: gzipSync(writeNifti(iv)) });
    out.push({ name: `${name}:interfile`, target: 'interfile', format: 'interfile', nonBrain, header: interfileHeader(iv.dims, iv.spacing[0], 1), bytes: u16le(iv) });
  };
  add('brain', brain, false);
  add('brain-siemens', brain, false);
  out[3] = { ...out[3]!, bytes: writeNmMultiframe(brain, { style: 'siemens' }) };
  for (const k of ['sphere', 'ellipsoid', 'gauss'] as const) add(k, shape(brain, k), true);
  return out;
}

/** Every non-finite number reachable from `x`, with its path (at most a few). */
export function nonFinitePaths(x: unknown, path = '$', out: string[] = [], seen = new Set<unknown>()): string[] {
  if (out.length > 4) return out;
  if (typeof x === 'number') { if (!Number.isFinite(x)) out.push(`${path} = ${x}`); return out; }
  if (x === null || typeof x !== 'object' || seen.has(x)) return out;
  seen.add(x);
  if (ArrayBuffer.isView(x)) return out;
  for (const [k, v] of Object.entries(x)) nonFinitePaths(v, `${path}.${k}`, out, seen);
  return out;
}

/**
 * Read an analysis input and analyse it. Returns the outcome key: an error code
 * (reader or analysis) or `report:<label>`.
 * @throws ContractViolation on a non-SpectError, a non-finite report number, or a confident label on a non-brain
 */
export async function runAnalysisCase(input: Input & { readonly format: StudyFormat }, nonBrain: boolean): Promise<string> {
  let v: Volume;
  try {
    v = await readInput({ target: input.format, bytes: input.bytes, ...(input.header !== undefined ? { header: input.header } : {}) }, 256 * 1024 * 1024);
  } catch (e) {
    if (isSpectError(e)) return e.code;
    throw new ContractViolation(`reader threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, e);
  }
  checkVolume(v);
  let label: string;
  try {
    const r = analyzeStudy(v, { ageYears: FUZZ_AGE, tracer: 'HMPAO' });
    const bad = nonFinitePaths(r.report);
    if (bad.length > 0) throw new ContractViolation(`report has non-finite numbers: ${bad.join(', ')}`);
    label = r.report.classification.label;
  } catch (e) {
    if (e instanceof ContractViolation) throw e;
    if (isSpectError(e)) return `analysis:${e.code}`;
    throw new ContractViolation(`analyzeStudy threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, e);
  }
  if (nonBrain && label !== 'indeterminate') throw new ContractViolation(`confident label "${label}" on a non-brain seed`);
  return `report:${label}${nonBrain ? ' (non-brain)' : ''}`;
}
