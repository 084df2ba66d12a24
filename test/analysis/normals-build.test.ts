/**
 * NormalDatabaseBuilder (src/pipeline/normals-build.ts) on simulated controls: the database's
 * statistics against plain arithmetic on the controls' unrounded results, the maps against the
 * controls' volumes resampled here, and the problems it refuses a control for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinAtlas } from '../../src/atlas/index.js';
import { analyzeStudy, type AnalysisResult } from '../../src/pipeline/analyze.js';
import { NormalDatabaseBuilder } from '../../src/pipeline/normals-build.js';
import { studyInMni, zMapVolume } from '../../src/pipeline/outputs.js';
import { prepareSource, simulateStudy, phantomSource } from '../../src/simulate/index.js';
import { resampleVolume } from '../../src/volume/resample.js';
import type { Volume } from '../../src/volume/volume.js';

const atlas = builtinAtlas({ voxelSize: 2 });
const source = prepareSource(phantomSource());
const study = (seed: number, age: number, tracer: 'HMPAO' | 'ECD', factor = 1): Volume =>
  simulateStudy(
    source,
    {
      cerebellarFactor: factor,
      matrix: 64,
      voxelSizeMm: 4,
      ageYears: age,
      tracer,
      totalCounts: 3e6,
      pose: { rotationsDeg: [seed, 0, -seed], translationMm: [seed, -2, 0] },
    },
    seed,
  ).volume;

/** The study in MNI space over its whole-brain mean, computed here from the volume given. */
function normalised(v: Volume, r: AnalysisResult): Float32Array {
  const mni = resampleVolume(v, atlas.dims, atlas.affine, { worldTransform: r.registration.mniToSubject });
  const wb = r.regions.groups.wholeBrain!.mean!;
  return Float32Array.from(mni.data, (x) => x / wb);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleSd = (xs: readonly number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

describe('NormalDatabaseBuilder', () => {
  const ages = [25, 40, 61];
  let controls: AnalysisResult[] = [];
  let inputs: Volume[] = [];
  beforeAll(() => {
    inputs = ages.map((a, i) => study(3 + i, a, 'HMPAO', 0.9 + 0.1 * i));
    controls = inputs.map((v) => analyzeStudy(v, { atlas }));
  }, 120_000);

  it("ratios, regions, ages and maps are the statistics of the controls' unrounded results", () => {
    const b = new NormalDatabaseBuilder(atlas);
    for (const r of controls) expect(b.add(r)).toBeNull();
    expect(b.count).toBe(3);
    expect(b.tracer).toBe('HMPAO');
    const { db, maps } = b.finish();
    expect(db.n).toBe(3);
    expect(db.tracer).toBe('HMPAO');
    const cc = controls.map((r) => r.ratios.cerebellumToCortex!);
    // the three factors differ, so a database of one control repeated would fail here
    expect(sampleSd(cc)).toBeGreaterThan(0.02);
    expect(db.ratios.cerebellumToCortex!.mean).toBeCloseTo(mean(cc), 12);
    expect(db.ratios.cerebellumToCortex!.sd).toBeCloseTo(sampleSd(cc), 12);
    const rel = controls.map((r) => r.regions.groups.cerebellum!.mean! / r.regions.groups.wholeBrain!.mean!);
    expect(db.regions.cerebellum!.mean).toBeCloseTo(mean(rel), 12);
    expect(db.controls!.map((c) => c.ageYears)).toEqual(ages);
    expect(db.controls!.map((c) => c.cerebellumToCortex)).toEqual(cc);
    expect(db.ageRange).toEqual([25, 61]);
    const maps3 = controls.map((r, i) => normalised(inputs[i]!, r));
    let checked = 0;
    for (let i = 0; i < maps.mean.length; i += 997) {
      const xs = maps3.map((m) => m[i]!);
      if (xs.every((x) => x === 0)) continue;
      checked++;
      expect(maps.mean[i]).toBeCloseTo(mean(xs), 5);
      expect(maps.sd[i]).toBeCloseTo(sampleSd(xs), 5);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the map of a control without attenuation correction is that of the volume the analysis measured', () => {
    const corrected = analyzeStudy(inputs[0]!, { atlas, attenuationCorrected: false });
    expect(corrected.volumeRef).not.toBe(inputs[0]);
    const b = new NormalDatabaseBuilder(atlas);
    expect(b.add(corrected)).toBeNull();
    expect(b.add(controls[1]!)).toBeNull();
    const { maps } = b.finish();
    const measured = normalised(corrected.volumeRef, corrected),
      asLoaded = normalised(inputs[0]!, corrected),
      other = normalised(inputs[1]!, controls[1]!);
    let maxMeasured = 0,
      maxLoaded = 0;
    for (let i = 0; i < maps.mean.length; i += 499) {
      maxMeasured = Math.max(maxMeasured, Math.abs(maps.mean[i]! - (measured[i]! + other[i]!) / 2));
      maxLoaded = Math.max(maxLoaded, Math.abs(maps.mean[i]! - (asLoaded[i]! + other[i]!) / 2));
    }
    expect(maxMeasured).toBeLessThan(1e-5);
    // the Chang correction raises the centre against the edge: the loaded volume's map is another map
    expect(maxLoaded).toBeGreaterThan(1e-2);
  }, 60_000);

  it('a study against the database: zMapVolume is its z-map on the atlas grid, studyInMni the volume given in MNI space', () => {
    const b = new NormalDatabaseBuilder(atlas);
    for (const r of controls) b.add(r);
    const { db, maps } = b.finish();
    const v = study(12, 50, 'HMPAO', 0.6);
    const r = analyzeStudy(v, { atlas, normals: { db, maps } });
    expect(zMapVolume(controls[0]!)).toBeNull();
    const z = zMapVolume(r)!;
    expect(z.dims).toEqual(atlas.dims);
    expect(Array.from(z.affine)).toEqual(Array.from(atlas.affine));
    const x = normalised(r.volumeRef, r);
    let checked = 0;
    for (let i = 0; i < z.data.length; i += 997) {
      if (!(maps.sd[i]! > 1e-3)) continue;
      checked++;
      expect(z.data[i]).toBeCloseTo((x[i]! - maps.mean[i]!) / maps.sd[i]!, 3);
    }
    expect(checked).toBeGreaterThan(100);
    // the loaded volume, not a corrected copy: with attenuationCorrected false the two differ
    const corrected = analyzeStudy(v, { atlas, attenuationCorrected: false });
    const mni = studyInMni(v, corrected),
      direct = resampleVolume(v, atlas.dims, atlas.affine, { worldTransform: corrected.registration.mniToSubject });
    const other = studyInMni(corrected.volumeRef, corrected);
    let same = 0,
      maxOther = 0;
    for (let i = 0; i < direct.data.length; i++) {
      if (mni.data[i] === direct.data[i]) same++;
      maxOther = Math.max(maxOther, Math.abs(other.data[i]! - direct.data[i]!));
    }
    expect(same).toBe(direct.data.length);
    expect(maxOther).toBeGreaterThan(0.01 * r.regions.groups.wholeBrain!.mean!);
  }, 60_000);

  it('refuses a control of another tracer, without a tracer, or without a whole-brain mean, and adds nothing', () => {
    const b = new NormalDatabaseBuilder(atlas);
    expect(b.add(controls[0]!)).toBeNull();
    const ecd = analyzeStudy(study(9, 30, 'ECD'), { atlas });
    expect(b.add(ecd)).toEqual({ kind: 'tracer-mismatch', tracer: 'ECD', databaseTracer: 'HMPAO' });
    expect(b.add({ ...controls[1]!, tracer: null })).toEqual({ kind: 'no-tracer' });
    const groups = { ...controls[1]!.regions.groups, wholeBrain: { ...controls[1]!.regions.groups.wholeBrain!, mean: null } };
    expect(b.add({ ...controls[1]!, regions: { ...controls[1]!.regions, groups } })).toEqual({ kind: 'no-whole-brain' });
    expect(b.count).toBe(1);
    expect(() => b.add({ ...controls[1]!, atlas: { ...atlas } })).toThrow(RangeError);
    expect(() => new NormalDatabaseBuilder(atlas).finish()).toThrow(RangeError);
    expect(b.add(controls[1]!)).toBeNull();
    expect(b.finish().db.n).toBe(2);
  }, 60_000);
});
