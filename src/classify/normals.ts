/**
 * Normal databases, built from control studies the way eZIS and 3D-SSP do it
 * (Matsuda H et al., AJNR 2007; Minoshima S et al., J Nucl Med 1995): each
 * control is normalised to its own whole-brain mean, carried into MNI space,
 * and the voxel-wise mean and SD maps and the distribution of the ratios are
 * recorded. A study compared with the database gets regional z-scores and a
 * z-map (z = (study - mean) / sd, negative = lower uptake than the controls).
 *
 * Schema version 2 also records each control's age and cerebellum/cortex
 * ratio, so that the classifier can model the age dependence
 * (normals-safety.ts). Version 1 files (without them) still load; the
 * classifier then says it cannot model age.
 */
import { ageBandOf, type AgeBand, type ReferenceRange, type Tracer } from './reference-ranges.js';

export interface NormalControl {
  readonly ageYears: number | null;
  readonly cerebellumToCortex: number | null;
}

export const NORMALS_SCHEMA_VERSION = 2;

export interface NormalDatabase {
  readonly schema: 'spect-perfusion/normals';
  readonly schemaVersion: 1 | 2;
  readonly n: number;
  readonly tracer: Tracer;
  readonly ageBand: AgeBand;
  readonly ageRange: readonly [number, number] | null;
  /** mean and SD of each ratio over the controls */
  readonly ratios: Readonly<Record<string, { mean: number; sd: number; n: number }>>;
  /** mean and SD of each region group's mean relative to the whole-brain mean */
  readonly regions: Readonly<Record<string, { mean: number; sd: number; n: number }>>;
  /** Grid of the maps (MNI, the atlas grid). */
  readonly dims: readonly [number, number, number];
  readonly affine: readonly number[];
  /** Per control, in the order added (schema version 2; absent in version 1 files). */
  readonly controls?: readonly NormalControl[];
}

export interface NormalMaps {
  readonly mean: Float32Array;
  readonly sd: Float32Array;
}

/** Welford's running mean/variance (Welford BP, Technometrics 1962) for scalars and maps. */
export class NormalsAccumulator {
  private n = 0;
  private readonly mapMean: Float64Array;
  private readonly mapM2: Float64Array;
  private readonly scalars = new Map<string, { n: number; mean: number; m2: number }>();
  private readonly ages: number[] = [];
  private readonly controls: NormalControl[] = [];

  constructor(readonly tracer: Tracer, readonly dims: readonly [number, number, number], readonly affine: readonly number[]) {
    const nv = dims[0] * dims[1] * dims[2];
    this.mapMean = new Float64Array(nv);
    this.mapM2 = new Float64Array(nv);
  }

  /** Add one control: its ratios, its regional means relative to whole brain, and its normalised MNI map. */
  add(ratios: Record<string, number | null>, regional: Record<string, number | null>, mniNormalised: Float32Array, ageYears: number | null): void {
    if (mniNormalised.length !== this.mapMean.length) throw new RangeError('map size differs from the database grid');
    this.n++;
    const n = this.n;
    for (let i = 0; i < mniNormalised.length; i++) {
      const x = mniNormalised[i]!;
      const d = x - this.mapMean[i]!;
      this.mapMean[i]! += d / n;
      this.mapM2[i]! += d * (x - this.mapMean[i]!);
    }
    const addScalar = (key: string, x: number | null) => {
      if (x === null || !Number.isFinite(x)) return;
      const s = this.scalars.get(key) ?? { n: 0, mean: 0, m2: 0 };
      s.n++;
      const d = x - s.mean;
      s.mean += d / s.n;
      s.m2 += d * (x - s.mean);
      this.scalars.set(key, s);
    };
    for (const [k, v] of Object.entries(ratios)) addScalar('ratio:' + k, v);
    for (const [k, v] of Object.entries(regional)) addScalar('region:' + k, v);
    if (ageYears !== null && Number.isFinite(ageYears)) this.ages.push(ageYears);
    const cc = ratios.cerebellumToCortex;
    this.controls.push({
      ageYears: ageYears !== null && Number.isFinite(ageYears) ? ageYears : null,
      cerebellumToCortex: cc !== undefined && cc !== null && Number.isFinite(cc) ? cc : null,
    });
  }

  finish(): { db: NormalDatabase; maps: NormalMaps } {
    if (this.n < 2) throw new RangeError('a normal database needs at least two control studies');
    const nv = this.mapMean.length;
    const mean = new Float32Array(nv), sd = new Float32Array(nv);
    for (let i = 0; i < nv; i++) { mean[i] = this.mapMean[i]!; sd[i] = Math.sqrt(this.mapM2[i]! / (this.n - 1)); }
    const ratios: Record<string, { mean: number; sd: number; n: number }> = {};
    const regions: Record<string, { mean: number; sd: number; n: number }> = {};
    for (const [k, s] of [...this.scalars.entries()].sort()) {
      const v = { mean: s.mean, sd: s.n > 1 ? Math.sqrt(s.m2 / (s.n - 1)) : NaN, n: s.n };
      if (k.startsWith('ratio:')) ratios[k.slice(6)] = v; else regions[k.slice(7)] = v;
    }
    const ages = this.ages;
    let lo = Infinity, hi = -Infinity;
    for (const a of ages) { if (a < lo) lo = a; if (a > hi) hi = a; }
    const ageRange: [number, number] | null = ages.length ? [lo, hi] : null;
    const band = ageRange ? ageBandOf((ageRange[0] + ageRange[1]) / 2) : 'adult';
    return {
      db: {
        schema: 'spect-perfusion/normals', schemaVersion: NORMALS_SCHEMA_VERSION, n: this.n, tracer: this.tracer, ageBand: band, ageRange,
        ratios, regions, dims: this.dims, affine: [...this.affine], controls: this.controls.slice(),
      },
      maps: { mean, sd },
    };
  }
}

/**
 * The database as a pooled reference range for the cerebellum/cortex ratio,
 * with the prediction SD of a new subject, sd x sqrt(1 + 1/n). The classifier
 * uses `normalsReference` (normals-safety.ts), which also checks the database
 * and models age; this is the plain pooled form.
 */
export function referenceRangeFromNormals(db: NormalDatabase): ReferenceRange {
  const r = db.ratios.cerebellumToCortex;
  if (!r || !Number.isFinite(r.sd) || r.sd <= 0) throw new RangeError('normal database has no usable cerebellumToCortex spread');
  const sd = r.sd * Math.sqrt(1 + 1 / r.n);
  return {
    tracer: db.tracer, ageBand: db.ageBand, mean: r.mean, sd, provisional: r.n < 20,
    derivation: `normal database of ${db.n} control studies${db.ageRange ? ` aged ${db.ageRange[0]}-${db.ageRange[1]} y` : ''}: pooled mean; prediction SD ${r.sd.toPrecision(3)} x sqrt(1 + 1/${r.n})`,
    sources: [{ short: 'local normal database', reference: `built with spect-perfusion normals build from ${db.n} controls` }],
    kind: 'normals', name: `normal database (${r.n} ${db.tracer} controls${db.ageRange ? `, ${db.ageRange[0]}-${db.ageRange[1]} y` : ''}, pooled)`, n: r.n,
  };
}

/** Voxel-wise z-map of a normalised MNI map against the database (0 where sd is 0). */
export function zMap(mniNormalised: Float32Array, maps: NormalMaps, minSd = 1e-3): Float32Array {
  const out = new Float32Array(mniNormalised.length);
  for (let i = 0; i < out.length; i++) {
    const s = maps.sd[i]!;
    out[i] = s > minSd ? (mniNormalised[i]! - maps.mean[i]!) / s : 0;
  }
  return out;
}

/** Regional z-scores of a study's regional means relative to whole brain. */
export function regionalZ(regional: Record<string, number | null>, db: NormalDatabase): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(regional)) {
    const r = db.regions[k];
    out[k] = v !== null && r && r.sd > 0 ? (v - r.mean) / r.sd : null;
  }
  return out;
}
