/** Every picture and the HTML report of one study, in one call (what the CLI and the browser example write). */
import { renderStudyHtml } from '../html.js';
import { renderAgeChart } from './age-chart.js';
import { figureSourceOf, tracerOf, type FigureAnalysis, type FigureOptions, type FigureSource } from './source.js';
import { renderStudyFigure, renderThumbnail } from './study.js';
import { renderZMapFigure } from './zmap.js';

export interface StudyOutputs {
  readonly figure: Uint8Array;
  /** Null without a normal database. */
  readonly zMapFigure: Uint8Array | null;
  /** The age chart alone and the thumbnail: rendered with `html` (or `extras`), else null. */
  readonly ageChart: Uint8Array | null;
  readonly thumbnail: Uint8Array | null;
  /** Self-contained HTML report (null unless `html`). */
  readonly html: string | null;
}

export interface StudyOutputOptions extends FigureOptions {
  readonly html?: boolean;
  /** Also render the age chart and the thumbnail without the HTML. */
  readonly extras?: boolean;
  /** Show the identifiers in the HTML (only those the report carries, i.e. with includeIdentifiers). */
  readonly includeIdentifiers?: boolean;
}

export function ageChartOf(s: FigureSource): Uint8Array {
  const rep = s.report, ref = rep.classification.reference;
  return renderAgeChart({
    ageYears: rep.metadata.ageYears, ratio: rep.ratios.cerebellumToCortex, tracer: tracerOf(s),
    reference: ref ? { kind: ref.kind, mean: ref.mean, sd: ref.sd, n: ref.n } : null,
  });
}

export function renderStudyOutputs(r: FigureAnalysis | FigureSource, o: StudyOutputOptions = {}): StudyOutputs {
  const s = 'registration' in r ? figureSourceOf(r) : r;
  const more = o.html === true || o.extras === true;
  const figure = renderStudyFigure(s, o), zMapFigure = renderZMapFigure(s, o);
  const ageChart = more ? ageChartOf(s) : null, thumbnail = more ? renderThumbnail(s, o) : null;
  const html = o.html ? renderStudyHtml({ report: s.report, figure, zMapFigure, ageChart, includeIdentifiers: o.includeIdentifiers === true }) : null;
  return { figure, zMapFigure, ageChart, thumbnail, html };
}
