import { describe, expect, it } from 'vitest';
import { blobDistance, capsuleDistance, mirrorX, smin, type Blob } from '../../src/atlas/implicit.js';
import { ShapeUnion } from '../../src/atlas/implicit-union.js';

describe('implicit primitives', () => {
  const egg: Blob = { kind: 'blob', c: [1, 2, 3], r: [10, 20, 30], rNeg: [5, 8, 12] };
  it('ellipsoid distance: 0 on the surface, the true distance along the axes', () => {
    expect(blobDistance(egg, 11, 2, 3)).toBeCloseTo(0, 12);
    expect(blobDistance(egg, 1, 2 - 8, 3)).toBeCloseTo(0, 12);
    expect(blobDistance(egg, 16, 2, 3)).toBeCloseTo(5, 12); // exact along an axis
    expect(blobDistance(egg, 1, 2 - 10, 3)).toBeCloseTo(2, 12); // negative-side radius 8
    expect(blobDistance(egg, 1, 2, 3)).toBeLessThan(-4); // centre: deep inside
    expect(blobDistance(egg, 3, 2, 3)).toBeLessThan(0);
  });
  it('superellipsoid (p = 4) is boxier: a corner point inside p=4 is outside p=2', () => {
    const b2: Blob = { kind: 'blob', c: [0, 0, 0], r: [10, 10, 10] };
    const b4: Blob = { ...b2, p: 4 };
    expect(blobDistance(b2, 7.5, 7.5, 0)).toBeGreaterThan(0);
    expect(blobDistance(b4, 7.5, 7.5, 0)).toBeLessThan(0);
    expect(blobDistance(b4, 10, 0, 0)).toBeCloseTo(0, 12);
  });
  it('capsule distance and smooth minimum', () => {
    expect(capsuleDistance({ kind: 'capsule', a: [0, 0, 0], b: [0, 0, 10], radius: 2 }, 5, 0, 5)).toBeCloseTo(3, 12);
    expect(smin(1, 5, 2)).toBe(1);
    expect(smin(1, 1, 4)).toBe(0); // blend: min - k/4 when equal
  });
  it('mirrorX swaps the x radii and the centre', () => {
    const m = mirrorX(egg) as Blob;
    expect(m.c).toEqual([-1, 2, 3]);
    expect(blobDistance(m, -1 - 10, 2, 3)).toBeCloseTo(0, 12);
    expect(blobDistance(m, -1 + 5, 2, 3)).toBeCloseTo(0, 12);
  });
  it('ShapeUnion equals the primitive near the surface and caps far away', () => {
    const u = new ShapeUnion([egg], 0, 4);
    for (const [x, y, z] of [[11, 2, 3], [3, 2, 3], [1, 10, 3], [1, 2, 30]] as const) {
      expect(u.distance(x, y, z)).toBeCloseTo(blobDistance(egg, x, y, z), 12);
    }
    expect(u.distance(100, 100, 100)).toBeGreaterThanOrEqual(4);
  });
});

describe('horizontal shear (shearX)', () => {
  const b: Blob = { kind: 'blob', c: [20, -60, -30], r: [10, 20, 10], shearX: 0.25 };
  it('moves the centre in x along y: the surface is at c.x + shearX (y - c.y) +- half-width', () => {
    for (const y of [-70, -60, -50]) {
      const cx = 20 + 0.25 * (y + 60);
      const half = 10 * Math.sqrt(1 - ((y + 60) / 20) ** 2); // ellipse half-width at this y
      expect(blobDistance(b, cx + half, y, -30)).toBeCloseTo(0, 9);
      expect(blobDistance(b, cx - half, y, -30)).toBeCloseTo(0, 9);
      expect(blobDistance(b, cx, y, -30)).toBeLessThan(-5);
    }
  });
  it('mirrorX negates the shear, giving the exact mirror image', () => {
    const m = mirrorX(b) as Blob;
    expect(m.shearX).toBe(-0.25);
    for (const [x, y, z] of [[25, -50, -28], [12, -75, -33], [31, -41, -30]] as const) {
      expect(blobDistance(m, -x, y, z)).toBeCloseTo(blobDistance(b, x, y, z), 12);
    }
  });
  it('ShapeUnion evaluates sheared blobs exactly and its box contains them', () => {
    const u = new ShapeUnion([b, mirrorX(b)], 3, 4);
    const [x0, x1] = u.bounds();
    expect(x1).toBeGreaterThanOrEqual(20 + 0.25 * 20 + 10); // front of the blob, sheared outwards
    expect(x0).toBeLessThanOrEqual(-(20 + 0.25 * 20 + 10));
    for (const [x, y, z] of [[34, -42, -30], [14, -76, -30], [25, -60, -22]] as const) {
      const direct = smin(blobDistance(b, x, y, z), blobDistance(mirrorX(b) as Blob, x, y, z), 3);
      expect(u.distance(x, y, z)).toBeCloseTo(direct, 12);
    }
  });
});
