/**
 * The PNG figures and the HTML report of an analysis (src/report/figure/*): the part of an
 * analysis's outputs that `analyze --json` never needs, so analyze-one.ts imports this
 * module only when it writes them.
 */
import { figureSourceOf, renderStudyFigure, renderStudyOutputs, type FigureOptions } from '../report/figure.js';
import type { AnalysisResult } from '../pipeline/analyze.js';
import type { OutputFile } from './output-names.js';

/** The study figure and z-map figure (PNG) and, with `html`, the HTML report and its thumbnail (src/report/figure/outputs.ts). */
export function figureFiles(
  result: AnalysisResult,
  out: { readonly figure?: boolean; readonly html?: boolean; readonly figureOptions?: FigureOptions },
): OutputFile[] {
  const o = renderStudyOutputs(result, {
    ...out.figureOptions,
    html: out.html === true,
    includeIdentifiers: result.report.study.identifiersIncluded,
  });
  const files: OutputFile[] = [];
  if (out.figure !== false)
    files.push({ suffix: '.png', data: o.figure }, ...(o.zMapFigure ? [{ suffix: '_zmap.png', data: o.zMapFigure }] : []));
  if (o.html !== null && o.thumbnail)
    files.push({ suffix: '.html', data: new TextEncoder().encode(o.html) }, { suffix: '_thumb.png', data: o.thumbnail });
  return files;
}

/** The PNG figure of an analysis: MNI slices, colour bar, age chart and caption (src/report/figure/study.ts). */
export function figureFor(r: AnalysisResult, o: FigureOptions = {}): Uint8Array {
  return renderStudyFigure(figureSourceOf(r), o);
}
