/**
 * The study figure, the z-map figure and the age chart: geometry (a hot spot
 * at a known MNI point, seen through a rotated and shifted registration,
 * appears at the pixel an independent formula gives, on the side the chosen
 * convention puts it), caption, band against the classifier's numbers,
 * byte-identical output.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/pipeline/analyze.js';
import { expectedRatio, referenceRangeFor } from '../../src/classify/age-model.js';
import { plotArea, renderAgeChart, xOfAge, yOfRatio } from '../../src/report/figure/age-chart.js';
import { studyCaption } from '../../src/report/figure/caption.js';
import { zColor } from '../../src/report/figure/colormap.js';
import { mniOfPixel, type Orientation, type Panel } from '../../src/report/figure/layout.js';
import { figureSourceOf, type FigureSource } from '../../src/report/figure/source.js';
import { FIGURE_WIDTH, renderStudyFigure, renderThumbnail, slicePanels } from '../../src/report/figure/study.js';
import { renderZMapFigure } from '../../src/report/figure/zmap.js';
import { createVolume } from '../../src/volume/volume.js';
import { analyzed } from './fixtures.js';
import { decodePng, pixel, type Decoded } from './png-decode.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// MNI -> subject: a 90 degree turn about z and a shift, so a figure that ignored the registration would be wrong
const MNI_TO_SUBJECT = Float64Array.from([0, -1, 0, 5, 1, 0, 0, -7, 0, 0, 1, 3, 0, 0, 0, 1]);
const toSubject = (p: readonly number[]) => [-p[1]! + 5, p[0]! - 7, p[2]! + 3];
const SPOT_A = [30, -60, -28] as const; // patient's left, cerebellar level: axial z = -28 and coronal y = -60
const SPOT_B = [0, 40, 52] as const; // midline, frontal: sagittal x = 0 and axial z = 52

function spotVolume() {
  const n = 100, data = new Float32Array(n * n * n);
  const a = toSubject(SPOT_A), b = toSubject(SPOT_B);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    const x = 2 * i - 99, y = 2 * j - 99, z = 2 * k - 99;
    const g = (c: number[]) => 1000 * Math.exp(-((x - c[0]!) ** 2 + (y - c[1]!) ** 2 + (z - c[2]!) ** 2) / (2 * 9));
    data[i + n * (j + n * k)] = (x * x + y * y + z * z < 80 * 80 ? 100 : 0) + g(a) + g(b);
  }
  return createVolume({ data, dims: [n, n, n], affine: [2, 0, 0, -99, 0, 2, 0, -99, 0, 0, 2, -99, 0, 0, 0, 1] });
}

/** Centroid of the saturated white pixels of a panel, away from its edge letters. */
function whiteCentroid(d: Decoded, p: Panel): [number, number] | null {
  let sx = 0, sy = 0, n = 0;
  for (let r = 22; r < p.h - 22; r++) for (let c = 22; c < p.w - 22; c++) {
    const [R, G, B] = pixel(d, p.x + c, p.y + r);
    if (R === 255 && G === 255 && B === 255) { sx += c; sy += r; n++; }
  }
  return n ? [sx / n, sy / n] : null;
}

/** Independent of the renderer: where the MNI point should be drawn, from the box, 1.4 px/mm and the convention. */
function expectedPixel(kind: string, o: Orientation, p: readonly number[]): [number, number] {
  const s = 1.4, colX = o === 'radiological' ? (p[0]! + 78) * s : (78 - p[0]!) * s;
  if (kind === 'axial') return [colX - 0.5, (78 - p[1]!) * s - 0.5];
  if (kind === 'coronal') return [colX - 0.5, (82 - p[2]!) * s - 0.5];
  return [(78 - p[1]!) * s - 0.5, (82 - p[2]!) * s - 0.5];
}

describe('study figure', () => {
  let child: AnalysisResult, truncated: AnalysisResult, spots: FigureSource;
  beforeAll(async () => {
    child = await analyzed('severeChild');
    truncated = await analyzed('truncated');
    spots = { ...figureSourceOf(child), volume: spotVolume(), mniToSubject: MNI_TO_SUBJECT };
  }, 60_000);

  for (const o of ['radiological', 'neurological'] as const) {
    it(`${o}: hot spots at known MNI points appear at the expected pixels of the axial, coronal and sagittal views`, () => {
      const d = decodePng(renderStudyFigure(spots, { colormap: 'grey', orientation: o }));
      const panels = slicePanels(o);
      const find = (kind: string, level: number) => panels.find((p) => p.kind === kind && p.levelMm === level)!;
      const checks: [Panel, readonly number[]][] = [[find('axial', -28), SPOT_A], [find('coronal', -60), SPOT_A], [find('sagittal', 0), SPOT_B], [find('axial', 52), SPOT_B]];
      for (const [p, spot] of checks) {
        const got = whiteCentroid(d, p);
        expect(got, `${p.kind} ${p.levelMm}`).not.toBeNull();
        const want = expectedPixel(p.kind, o, spot);
        expect(Math.abs(got![0] - want[0]), `${p.kind} column`).toBeLessThan(1.5);
        expect(Math.abs(got![1] - want[1]), `${p.kind} row`).toBeLessThan(1.5);
        // and the renderer's own mapping agrees
        const m = mniOfPixel(p, Math.round(want[0]), Math.round(want[1]));
        for (let c = 0; c < 3; c++) expect(Math.abs(m[c]! - spot[c]!)).toBeLessThan(1);
      }
      // the patient's left (MNI x = +30) is on the image right in radiological, on the image left in neurological
      const ax = find('axial', -28), col = whiteCentroid(d, ax)![0];
      if (o === 'radiological') expect(col).toBeGreaterThan(ax.w / 2 + 30); else expect(col).toBeLessThan(ax.w / 2 - 30);
      // no spot where none is: the axial slice at z = 2 has no saturated pixel
      expect(whiteCentroid(d, find('axial', 2))).toBeNull();
    });
  }

  it('size and determinism: 1600 px wide, the same bytes for the same input, other bytes for another convention', () => {
    const s = figureSourceOf(child);
    const a = renderStudyFigure(s), b = renderStudyFigure(s), c = renderStudyFigure(s, { orientation: 'neurological' });
    const d = decodePng(a);
    expect(d.width).toBe(FIGURE_WIDTH);
    expect(d.height).toBeGreaterThan(1100);
    expect(d.height).toBeLessThan(1600);
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
    expect(sha(renderThumbnail(s))).toBe(sha(renderThumbnail(s)));
    const t = decodePng(renderThumbnail(s));
    expect([t.width, t.height]).toEqual([109, 134]);
  });

  it('caption of a severe 2-year-old: ratio, expected, loss, label, provisional reference, asymmetry and the OMS note', () => {
    const lines = studyCaption(child.report).map((l) => l.text).join('\n');
    const c = child.report.classification;
    expect(lines).toContain('SEVERE BILATERAL CEREBELLAR HYPOPERFUSION');
    expect(lines).toContain(`ratio ${child.report.ratios.cerebellumToCortex!.toFixed(3)}, expected ${c.expectedRatio!.toFixed(3)}`);
    expect(lines).toContain(`loss ${c.percentLoss!.toFixed(1)} %`);
    expect(lines).toMatch(/built-in age model \(HMPAO, 2\.0 y, provisional\)/);
    expect(lines).toMatch(/asymmetry index \d+\.\d %/);
    expect(lines).toMatch(/opsoclonus-myoclonus/);
    expect(lines).toMatch(/neuroblastoma/);
    expect(lines).toMatch(/the reference is provisional/);
  });

  it('caption of a truncated study with no age: indeterminate with every reason and the coverage issue', () => {
    const cap = studyCaption(truncated.report);
    expect(cap[0]!.text).toBe('INDETERMINATE');
    const text = cap.map((l) => l.text).join('\n');
    for (const why of truncated.report.classification.reasons) expect(text).toContain(`Indeterminate: ${why}`);
    expect(text).toContain('CEREBELLUM_PARTLY_OUTSIDE_FOV');
  });
});

describe('age chart', () => {
  it('the band is the classifier\'s expected +/- 2 SD, and a 2-year-old\'s 0.63 sits clearly below it', () => {
    const d = decodePng(renderAgeChart({ ageYears: 2, ratio: 0.63, tracer: 'HMPAO', reference: null }));
    const p = plotArea({ x: 0, y: 0, w: 1000, h: 520 });
    const BAND = [196, 230, 196];
    for (const age of [5, 10, 40]) {
      const ref = referenceRangeFor('HMPAO', age); // the classifier's reference at that age
      const x = Math.round(xOfAge(p, age)) + 1, hi = ref.mean + 2 * ref.sd, lo = ref.mean - 2 * ref.sd;
      const at = (r: number) => pixel(d, x, Math.round(yOfRatio(p, r)));
      expect(at(hi - 0.012), `inside top ${age}`).toEqual(BAND);
      expect(at(hi + 0.02), `above ${age}`).not.toEqual(BAND);
      expect(at(lo + 0.012), `inside bottom ${age}`).toEqual(BAND);
      expect(at(lo - 0.02), `below ${age}`).not.toEqual(BAND);
    }
    const ref2 = referenceRangeFor('HMPAO', 2);
    const x2 = Math.round(xOfAge(p, 2)), y = Math.round(yOfRatio(p, 0.63));
    expect(pixel(d, x2, y)).toEqual([210, 0, 0]);
    expect(y - yOfRatio(p, ref2.mean - 2 * ref2.sd)).toBeGreaterThan(25); // pixels below the band's lower edge
    expect(0.63).toBeLessThan(ref2.mean - 2 * ref2.sd);
  });

  it('a normal database used as the reference is drawn as its mean +/- 2 SD at the study\'s age', () => {
    const d = decodePng(renderAgeChart({ ageYears: 40, ratio: 0.8, tracer: 'ECD', reference: { kind: 'normals', mean: 1.05, sd: 0.05, n: 20 } }));
    const p = plotArea({ x: 0, y: 0, w: 1000, h: 520 });
    const x = Math.round(xOfAge(p, 40)) - 10, DB = [40, 80, 200];
    expect(pixel(d, x, Math.round(yOfRatio(p, 1.14)))).toEqual(DB);
    expect(pixel(d, x, Math.round(yOfRatio(p, 0.96)))).toEqual(DB);
    expect(pixel(d, x, Math.round(yOfRatio(p, 1.17)))).not.toEqual(DB);
    expect(pixel(d, x, Math.round(yOfRatio(p, 0.93)))).not.toEqual(DB);
  });

  it('the reference of the analysed child is the model the chart draws', async () => {
    const r = (await analyzed('severeChild')).report.classification.reference!;
    const e = expectedRatio(r.ageYears!, 'HMPAO');
    expect(r.mean).toBeCloseTo(e.mean, 5);
    expect(r.sd).toBeCloseTo(e.sd, 5);
  });
});

describe('z-map figure', () => {
  it('z below -2 coloured blue, |z| < 2 left grey, on the slices of the study figure', async () => {
    const child = await analyzed('severeChild');
    const a = child.atlas, cb = new Set(a.groups.cerebellum!), cx = new Set(a.groups.cerebralCortex!);
    const z = new Float32Array(a.labels.length);
    for (let i = 0; i < z.length; i++) z[i] = cb.has(a.labels[i]!) ? -4 : cx.has(a.labels[i]!) ? -1.5 : 0;
    const s: FigureSource = { ...figureSourceOf(child), zMap: z };
    expect(renderZMapFigure(figureSourceOf(child))).toBeNull();
    const png = renderZMapFigure(s)!;
    expect(sha(png)).toBe(sha(renderZMapFigure(s)!));
    const d = decodePng(png);
    const panels = slicePanels('radiological');
    const labelAt = (m: number[]) => {
      const i = Math.floor((m[0]! - a.affine[3]!) / a.affine[0]! + 0.5), j = Math.floor((m[1]! - a.affine[7]!) / a.affine[5]! + 0.5), k = Math.floor((m[2]! - a.affine[11]!) / a.affine[10]! + 0.5);
      return a.labels[i + a.dims[0] * (j + a.dims[1] * k)]!;
    };
    const blue = zColor(-4)!;
    let nCb = 0, nCx = 0;
    for (const p of panels.filter((q) => q.kind === 'axial' && (q.levelMm === -28 || q.levelMm === 32))) {
      for (let r = 3; r < p.h - 3; r += 3) for (let c = 3; c < p.w - 3; c += 3) {
        // interior pixels only (atlas outlines are drawn over the edges)
        const labs = [[0, 0], [2, 0], [-2, 0], [0, 2], [0, -2]].map(([dc, dr]) => labelAt(mniOfPixel(p, c + dc!, r + dr!)));
        const px = pixel(d, p.x + c, p.y + r);
        if (labs.every((l) => cb.has(l))) { expect(px).toEqual([...blue]); nCb++; }
        else if (labs.every((l) => cx.has(l))) { expect(px[0]).toBe(px[1]); expect(px[1]).toBe(px[2]); nCx++; }
      }
    }
    expect(nCb).toBeGreaterThan(50);
    expect(nCx).toBeGreaterThan(50);
  });
});
