/**
 * The simulator's no-attenuation-correction model (src/simulate/attenuation.ts): a mu map with
 * a skull shell, face and neck, attenuated along the scanner's transaxial rays. Checked against
 * a ray integral computed here with a 4 times finer step, and for the effects of pose and head size.
 */
import { describe, expect, it } from 'vitest';
import { applyHeadAttenuation, muMap, prepareSource, SKULL_MU_PER_CM } from '../../src/simulate/index.js';
import { subjectToMniMatrix } from '../../src/simulate/pose.js';
import { phantomSource } from '../../src/simulate/sources.js';

const src = prepareSource(phantomSource());
const [nx, ny, nz] = src.activity.dims;
const A = src.activity.affine;
const voxelAt = (x: number, y: number, z: number) =>
  Math.round((x - A[3]!) / A[0]!) + nx * (Math.round((y - A[7]!) / A[5]!) + ny * Math.round((z - A[11]!) / A[10]!));
const pose0 = { rotationsDeg: [0, 0, 0] as [number, number, number], translationMm: [0, 0, 0] as [number, number, number] };

/** Factor of the study at voxel p (uniform activity 1, so the factor is the value). */
function factorAt(p: number, mu: number, pose = pose0, scale = 1): number {
  const act = new Float32Array(nx * ny * nz);
  act[p] = 1;
  applyHeadAttenuation(src, act, mu, subjectToMniMatrix(pose, scale));
  return act[p]!;
}

describe('simulated attenuation without correction', () => {
  it('the mu map: soft tissue inside the head, a denser skull shell, nothing outside', () => {
    const m = muMap(src, 0.13);
    expect(m[voxelAt(0, -18, 12)]).toBeCloseTo(0.013, 6); // brain centre
    expect(m[voxelAt(0, -18, 102)]).toBe(0); // above the head
    let skull = 0;
    for (let i = 0; i < m.length; i++) if (Math.abs(m[i]! - SKULL_MU_PER_CM / 10) < 1e-6) skull++;
    expect(skull).toBeGreaterThan(10_000);
  });

  it('the factor at the brain centre is the mean of exp(-integral mu) over 16 axial rays (reference: 4x finer steps)', () => {
    const mu = 0.13, m = muMap(src, mu);
    const p = voxelAt(0, -18, 12);
    let ref = 0;
    for (let t = 0; t < 16; t++) {
      const c = Math.cos((2 * Math.PI * t) / 16), s = Math.sin((2 * Math.PI * t) / 16);
      let line = 0;
      for (let d = 0.25; d < 200; d += 0.5) {
        const q = voxelAt(c * d, -18 + s * d, 12);
        const v = m[q] ?? 0;
        if (v === 0) break;
        line += v * 0.5;
      }
      ref += Math.exp(-line) / 16;
    }
    expect(factorAt(p, mu)).toBeCloseTo(ref, 2);
    expect(ref).toBeLessThan(0.45);
  });

  it('a smaller head attenuates less, and a tilt changes the rays through the posterior fossa', () => {
    const p = voxelAt(0, -60, -35); // cerebellum
    const adult = factorAt(p, 0.13);
    expect(factorAt(p, 0.13, pose0, 0.8)).toBeGreaterThan(adult + 0.03);
    const tilted = factorAt(p, 0.13, { rotationsDeg: [30, 0, 0], translationMm: [0, 0, 0] });
    expect(Math.abs(tilted - adult)).toBeGreaterThan(0.01);
  });
});
