/**
 * What a reconstruction without attenuation correction leaves of the activity,
 * with a truth deliberately harder than the library's correction
 * (src/kernels/chang.ts: uniform mu inside an outline found from the image):
 *
 *  - the head is the closed brain outline (anatomy.ts `headModel`) grown by
 *    14 mm, plus the salivary glands, the face and the neck: an individual,
 *    non-elliptic outline;
 *  - inside it, soft tissue of the study's `muPerCm` (drawn 0.11-0.15 /cm by
 *    the cohorts) and a skull shell 2-8 mm outside the brain of
 *    SKULL_MU_PER_CM (bone: higher density, ~0.2 /cm broad-beam at 140 keV);
 *  - the factor of a point is the mean over 16 directions in the SCANNER's
 *    transaxial plane (the camera rotates about the scanner axis, so the pose
 *    tilts these planes through the head) of exp(-integral of mu) along the
 *    ray to the skin, marched through the mu map in 1-voxel steps; path lengths
 *    are scanner millimetres (an infant's smaller head attenuates less).
 *
 * Chang LT, IEEE Trans Nucl Sci 1978;25:638-643 (the multiplicative factor is
 * his first-order model of an uncorrected reconstruction).
 */
import { headModel } from './anatomy.js';
import type { PreparedSource } from './source.js';

/** Attenuation of the skull shell, 1/cm (cortical bone is about 1.6-1.9 times denser than soft tissue). */
export const SKULL_MU_PER_CM = 0.2;
/** Skin: distance from the closed brain outline, mm (CSF 0-2, skull 2-8, scalp 8-14 mm). */
export const SKIN_MM = 14;
const SKULL_MM: readonly [number, number] = [2, 8];
const DIRECTIONS = 16;

/**
 * Soft tissue beyond the brain's outline, MNI mm, set by hand from gross head anatomy: the
 * salivary glands (as in anatomy.ts, grown by 30 %; right side, mirrored), the face below the
 * frontal lobes (orbits, nose, maxilla, mandible: about y -20 to +90 mm, z -95 to -5 mm,
 * 12 cm wide) and the neck. At the level of the cerebellum a transaxial ray towards the front
 * crosses the face, which is what makes the posterior fossa the deepest part of the head.
 */
const TISSUE: readonly { c: readonly [number, number, number]; r: readonly [number, number, number] }[] = [
  { c: [50, -16, -50], r: [14.3, 22.1, 26] },
  { c: [32, 2, -70], r: [13, 16.9, 11.7] },
  { c: [0, 35, -50], r: [60, 55, 45] },
  { c: [0, -25, -100], r: [55, 55, 45] },
];

/**
 * The mu map (1/mm) of the source head on the activity grid. A source with its own head
 * (SimSource.head) has soft tissue inside it and the skull shell where that lies inside it;
 * the hand-made face, glands and neck are then not added.
 */
export function muMap(src: PreparedSource, muPerCm: number): Float32Array {
  const out = headModel(src).outsideMm;
  const [nx, ny, nz] = src.activity.dims;
  const A = src.activity.affine;
  const mu = new Float32Array(out.length);
  const soft = muPerCm / 10, bone = SKULL_MU_PER_CM / 10;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const p = i + nx * (j + ny * k);
    const d = out[p]!;
    const skull = d > SKULL_MM[0] && d <= SKULL_MM[1];
    if (src.head) {
      mu[p] = src.head[p] ? (skull ? bone : soft) : 0;
      continue;
    }
    let m = d <= SKIN_MM ? (skull ? bone : soft) : 0;
    if (m === 0) {
      const x = Math.abs(A[0]! * i + A[1]! * j + A[2]! * k + A[3]!);
      const y = A[4]! * i + A[5]! * j + A[6]! * k + A[7]!;
      const z = A[8]! * i + A[9]! * j + A[10]! * k + A[11]!;
      for (let g = 0; g < TISSUE.length; g++) {
        const G = TISSUE[g]!;
        if (((x - G.c[0]) / G.r[0]) ** 2 + ((y - G.c[1]) / G.r[1]) ** 2 + ((z - G.c[2]) / G.r[2]) ** 2 < 1) m = soft;
      }
    }
    mu[p] = m;
  }
  return mu;
}

/**
 * Multiply `activity` (on the source grid) in place by the factor of a study
 * without attenuation correction. `subjectToMni` is the study's scanner -> MNI
 * matrix (row-major 4x4; its linear part carries the pose and 1 / brainScale).
 */
export function applyHeadAttenuation(src: PreparedSource, activity: Float32Array, muPerCm: number, subjectToMni: ArrayLike<number>): void {
  if (muPerCm <= 0) return;
  const mu = muMap(src, muPerCm);
  const [nx, ny, nz] = src.activity.dims;
  const A = src.activity.affine;
  // voxel-unit direction and scanner mm per step for each scanner transaxial direction
  const vx = new Float64Array(DIRECTIONS), vy = new Float64Array(DIRECTIONS), vz = new Float64Array(DIRECTIONS), stepMm = new Float64Array(DIRECTIONS);
  const S = subjectToMni;
  for (let t = 0; t < DIRECTIONS; t++) {
    const c = Math.cos((2 * Math.PI * t) / DIRECTIONS), s = Math.sin((2 * Math.PI * t) / DIRECTIONS);
    // MNI displacement of a unit scanner step
    const ex = S[0]! * c + S[1]! * s, ey = S[4]! * c + S[5]! * s, ez = S[8]! * c + S[9]! * s;
    const mniPerScanner = Math.hypot(ex, ey, ez);
    // the activity grid is axis-aligned (diagonal affine): voxel units
    const ux = ex / A[0]!, uy = ey / A[5]!, uz = ez / A[10]!;
    const ul = Math.hypot(ux, uy, uz);
    vx[t] = ux / ul; vy[t] = uy / ul; vz[t] = uz / ul;
    // MNI mm of a one-voxel step, converted to scanner mm
    stepMm[t] = Math.hypot(vx[t]! * A[0]!, vy[t]! * A[5]!, vz[t]! * A[10]!) / mniPerScanner;
  }
  const maxSteps = nx + ny + nz;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const p = i + nx * (j + ny * k);
    if (activity[p] === 0 || mu[p] === 0) continue;
    let s = 0;
    for (let t = 0; t < DIRECTIONS; t++) {
      let line = 0;
      const dx = vx[t]!, dy = vy[t]!, dz = vz[t]!;
      for (let n = 0; n < maxSteps; n++) {
        const xi = Math.round(i + (n + 0.5) * dx), yi = Math.round(j + (n + 0.5) * dy), zi = Math.round(k + (n + 0.5) * dz);
        if (xi < 0 || yi < 0 || zi < 0 || xi >= nx || yi >= ny || zi >= nz) break;
        const m = mu[xi + nx * (yi + ny * zi)]!;
        if (m === 0) break;
        line += m;
      }
      s += Math.exp(-line * stepMm[t]!);
    }
    activity[p] = activity[p]! * (s / DIRECTIONS);
  }
}
