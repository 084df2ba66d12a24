/**
 * The report figures (docs/figures.md): the study figure, the z-map figure,
 * the age chart and a thumbnail, all rendered in the core from an analysis
 * (`figureSourceOf(result)`), deterministic PNG bytes.
 */
export { figureCaption, studyCaption, type CaptionLine, type CaptionTone } from './figure/caption.js';
export { renderFigure, type FigureInput } from './figure/legacy.js';
export { renderStudyFigure, renderThumbnail, slicePanels, FIGURE_WIDTH } from './figure/study.js';
export { renderZMapFigure, shareBelow } from './figure/zmap.js';
export { renderAgeChart, drawAgeChart, type AgeChartInput } from './figure/age-chart.js';
export { figureSourceOf, type FigureSource, type FigureOptions, type FigureAnalysis } from './figure/source.js';
export { COLORMAPS, colormapTable, parseColormap, zColor, DEFAULT_Z_SCALE, type ColormapName, type ZScale } from './figure/colormap.js';
export { ORIENTATIONS, parseOrientation, orientationWords, makePanel, mniOfPixel, pixelOfMni, type Orientation, type Panel } from './figure/layout.js';
export { renderStudyOutputs, ageChartOf, type StudyOutputs, type StudyOutputOptions } from './figure/outputs.js';
