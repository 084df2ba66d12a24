/** What the figures need from an analysis, and the options they take. */
import type { LabelAtlas } from '../../atlas/types.js';
import { parseTracer, type Tracer } from '../../classify/reference-ranges.js';
import type { Volume } from '../../volume/volume.js';
import type { AnalysisReport } from '../json.js';
import type { ColormapName, Rgb } from './colormap.js';
import type { Orientation } from './layout.js';
import { RegionGroup } from '../../vocabulary/region-groups.js';

export interface FigureSource {
  /** The study as acquired. */
  readonly volume: Volume;
  /** MNI (RAS mm) -> subject world (RAS mm), from the registration. */
  readonly mniToSubject: ArrayLike<number>;
  readonly atlas: LabelAtlas;
  /** z-map in the atlas grid (normal database), or null. */
  readonly zMap: Float32Array | null;
  readonly report: AnalysisReport;
}

export interface FigureOptions {
  /** Colour map of the study figure (default 'uniform'). */
  readonly colormap?: ColormapName;
  /** Left-right convention (default 'radiological'). */
  readonly orientation?: Orientation;
}

/** What the figures read of an analysis result (`AnalysisResult` of src/pipeline/analyze.ts has it). */
export interface FigureAnalysis {
  readonly volumeRef: Volume;
  readonly registration: { readonly mniToSubject: ArrayLike<number> };
  readonly atlas: LabelAtlas;
  readonly zMap: Float32Array | null;
  readonly report: AnalysisReport;
}

export function figureSourceOf(r: FigureAnalysis): FigureSource {
  return { volume: r.volumeRef, mniToSubject: r.registration.mniToSubject, atlas: r.atlas, zMap: r.zMap, report: r.report };
}

/** Display window of the study: 0 to 150 % of the cerebral cortex mean (the ratio's denominator). */
export const WINDOW_PERCENT_OF_CORTEX = 150;

/** The cortex mean the images are scaled to, or, when it is not measurable, max / 1.5. */
export function cortexReference(s: FigureSource): number {
  const m = s.report.regions.groups[RegionGroup.cerebralCortex]?.mean;
  if (typeof m === 'number' && m > 0) return m;
  let max = 0;
  const d = s.volume.data;
  for (let i = 0; i < d.length; i++) if (d[i]! > max) max = d[i]!;
  return max > 0 ? max / 1.5 : 1;
}

export function tracerOf(s: FigureSource): Tracer {
  return parseTracer(s.report.metadata.tracer) ?? 'HMPAO';
}

/** Outline colours (cerebellum, cortex) that stand out on each colour map. */
export function outlineColors(c: ColormapName): { readonly cerebellum: Rgb; readonly cortex: Rgb } {
  if (c === 'hot-metal') return { cerebellum: [0, 220, 255], cortex: [140, 255, 140] };
  if (c === 'grey') return { cerebellum: [255, 40, 160], cortex: [0, 200, 255] };
  return { cerebellum: [255, 40, 160], cortex: [255, 255, 255] };
}

export const LABEL_COLORS: Readonly<Record<string, Rgb>> = {
  severe: [185, 0, 0], moderate: [200, 80, 0], mild: [150, 105, 0], normal: [0, 115, 0], indeterminate: [90, 90, 90],
};
