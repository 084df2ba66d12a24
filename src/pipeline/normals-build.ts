/**
 * A normal database from analysed control studies (what `spect-perfusion normals build`
 * runs; the statistics are src/classify/normals.ts). Each control adds its unrounded
 * ratios, its regional means relative to whole brain, and its analysed volume carried
 * into MNI space and divided by its whole-brain mean: the same volume and mean the
 * analysis of a study divides when it computes its z-map (src/pipeline/analyze.ts).
 */
import type { LabelAtlas } from '../atlas/types.js';
import { NormalsAccumulator, type NormalDatabase, type NormalMaps } from '../classify/normals.js';
import { mniNormalisedMap, relativeRegionalMeans } from '../regions/mni-map.js';
import { RegionGroup } from '../vocabulary/region-groups.js';
import type { Tracer } from '../vocabulary/tracer.js';
import type { AnalysisResult } from './analyze.js';

/** Why an analysed study cannot be added as a control (the caller words it). */
export type ControlProblem =
  | { readonly kind: 'no-tracer' }
  | { readonly kind: 'tracer-mismatch'; readonly tracer: Tracer; readonly databaseTracer: Tracer }
  | { readonly kind: 'no-whole-brain' };

export class NormalDatabaseBuilder {
  private acc: NormalsAccumulator | null = null;
  private controls = 0;

  /** @param atlas the atlas every control was analysed with (its grid is the grid of the maps) */
  constructor(readonly atlas: LabelAtlas) {}

  /** Controls added so far. */
  get count(): number {
    return this.controls;
  }

  /** The tracer of the database (that of the first control), null before one is added. */
  get tracer(): Tracer | null {
    return this.acc?.tracer ?? null;
  }

  /**
   * Add one control analysed with this builder's atlas. Returns null when added, else the
   * problem (nothing is added): no tracer, another tracer than the first control's, or no
   * measurable whole-brain mean.
   */
  add(r: AnalysisResult): ControlProblem | null {
    if (r.atlas !== this.atlas) throw new RangeError('the control was analysed with another atlas than the database grid');
    const tracer = r.tracer;
    if (tracer === null) return { kind: 'no-tracer' };
    if (this.acc !== null && this.acc.tracer !== tracer) return { kind: 'tracer-mismatch', tracer, databaseTracer: this.acc.tracer };
    const wb = r.regions.groups[RegionGroup.wholeBrain]?.mean ?? null;
    if (!wb) return { kind: 'no-whole-brain' };
    this.acc ??= new NormalsAccumulator(tracer, this.atlas.dims, Array.from(this.atlas.affine));
    const ratios: Record<string, number | null> = { ...r.ratios };
    this.acc.add(
      ratios,
      relativeRegionalMeans(r.regions.groups),
      mniNormalisedMap(r.volumeRef, this.atlas, r.registration.mniToSubject, wb),
      r.ageYears,
    );
    this.controls++;
    return null;
  }

  /** The database and its maps. @throws RangeError before any control was added */
  finish(): { db: NormalDatabase; maps: NormalMaps } {
    if (this.acc === null) throw new RangeError('a normal database needs at least one control');
    return this.acc.finish();
  }
}
