/**
 * Rasterise the implicit anatomical model of `shapes.ts` into a label volume.
 *
 * 1. Every voxel centre is tested against the shapes in priority order:
 *    ventricles, thalamus, caudate, putamen, brainstem, cerebellum, cerebrum.
 *    The cerebellar hemispheres are intersected with the tentorial roof
 *    (`ATLAS_SHAPES.tentorium`) before their smooth union with the vermis.
 * 2. The cerebrum's inside (hull minus the interhemispheric fissure and minus
 *    the infratentorial structures plus a CSF gap) goes through an exact
 *    Euclidean distance transform; the depth below the surface separates the
 *    cortical ribbon, the lobar white matter and the central white matter.
 * 3. Cortex is split into lobes by the planes of `ATLAS_SHAPES.lobes` and
 *    into hemispheres by the sign of x; the insula is its own region.
 */
import { distanceInside } from './edt.js';
import { blobDistance, mirrorX, smin, type Primitive } from './implicit.js';
import { ShapeUnion } from './implicit-union.js';
import { L } from './labels.js';
import { ATLAS_SHAPES as S } from './shapes.js';
import type { MniGrid } from './grid.js';

const mirrored = (parts: readonly Primitive[]): Primitive[] => parts.flatMap((p) => [p, mirrorX(p)]);

/** Cortical lobe at (|x|, y, z): 0 frontal, 1 parietal, 2 temporal, 3 occipital. */
export function lobeAt(y: number, z: number): 0 | 1 | 2 | 3 {
  const o = S.lobes.occipital, t = S.lobes.temporal, f = S.lobes.frontal;
  if (y < o.y0 + o.slope * (z - o.z0)) return 3;
  if (z < t.z0 + t.slope * (y - t.y0) && y < t.yMax) return 2;
  if (y > f.y0 + f.slope * (z - f.z0)) return 0;
  return 1;
}

const CORTEX_L = [L.frontalL, L.parietalL, L.temporalL, L.occipitalL] as const;
const CORTEX_R = [L.frontalR, L.parietalR, L.temporalR, L.occipitalR] as const;

/** Marker for "inside the cerebrum, decided by depth" during rasterisation. */
const CEREBRUM = -1;

/** Generate the label volume of the built-in atlas on an MNI grid. */
export function rasterizeAtlas(grid: MniGrid): Int16Array {
  const [nx, ny, nz] = grid.dims;
  const vs = grid.voxelSize;
  const a = grid.affine;
  const n = nx * ny * nz;
  const labels = new Int16Array(n);
  const hull = new Uint8Array(n);
  const caudate = new ShapeUnion(mirrored(S.caudate.parts), S.caudate.k);
  const putamen = new ShapeUnion(mirrored(S.putamen.parts), S.putamen.k);
  const thalamus = new ShapeUnion(mirrored(S.thalamus.parts), S.thalamus.k);
  const insula = new ShapeUnion(mirrored([S.insula]), 0);
  const ventricles = new ShapeUnion([...mirrored(S.ventricles.parts), ...S.ventricles.midline], S.ventricles.k);
  const stem = new ShapeUnion(S.brainstem.parts, S.brainstem.k);
  const hemis = new ShapeUnion(S.cerebellum.hemispheres, S.cerebellum.k);
  const vermis = new ShapeUnion(S.cerebellum.vermis, S.cerebellum.k);
  const tent = S.tentorium, tentNorm = Math.sqrt(1 + tent.slope * tent.slope);
  const cbr = new ShapeUnion(S.cerebrum.parts, S.cerebrum.k);
  const gap = S.tentoriumGap;
  // every labelled structure lies inside the cerebrum, cerebellum or brainstem boxes
  const box = [cbr.bounds(), hemis.bounds(), vermis.bounds(), stem.bounds()].reduce((p, q) => [
    Math.min(p[0], q[0]), Math.max(p[1], q[1]), Math.min(p[2], q[2]), Math.max(p[3], q[3]), Math.min(p[4], q[4]), Math.max(p[5], q[5]),
  ]);

  for (let k = 0, idx = 0; k < nz; k++) {
    const z = a[11]! + vs * k;
    for (let j = 0; j < ny; j++) {
      const y = a[7]! + vs * j;
      for (let i = 0; i < nx; i++, idx++) {
        const x = a[3]! + vs * i;
        if (x < box[0] || x > box[1] || y < box[2] || y > box[3] || z < box[4] || z > box[5]) continue;
        // infratentorial structures
        const dStem = stem.distance(x, y, z);
        // hemispheres below the tentorial roof, smoothly joined to the vermis
        const dTent = (z - tent.z0 + tent.slope * Math.abs(x)) / tentNorm;
        const dCbl = smin(Math.max(hemis.distance(x, y, z), dTent), vermis.distance(x, y, z), S.cerebellum.k);
        // cerebrum: hull, minus fissure (outside the callosal "keep" zone), minus infratentorial + gap
        let dCbr = cbr.distance(x, y, z) - S.cerebrumOffset;
        const fissure = Math.max(Math.abs(x) - S.fissure.halfWidth, -blobDistance(S.fissure.keep, x, y, z));
        dCbr = Math.max(dCbr, -fissure, -(dCbl - gap), -(dStem - gap));
        if (dCbr < 0) hull[idx] = 1;
        let lab = 0;
        if (dCbr < 0 && ventricles.distance(x, y, z) < 0) lab = L.ventricles;
        else if (thalamus.distance(x, y, z) < 0) lab = x < 0 ? L.thalamusL : L.thalamusR;
        else if (caudate.distance(x, y, z) < 0) lab = x < 0 ? L.caudateL : L.caudateR;
        else if (putamen.distance(x, y, z) < 0) lab = x < 0 ? L.putamenL : L.putamenR;
        else if (dStem < 0) lab = L.brainstem;
        else if (dCbl < 0) {
          lab = Math.abs(x) < S.vermisHalfWidth ? L.vermis : x < 0 ? L.cerebellumL : L.cerebellumR;
        } else if (dCbr < 0) {
          lab = insula.distance(x, y, z) < 0 ? (x < 0 ? L.insulaL : L.insulaR) : CEREBRUM;
        }
        labels[idx] = lab;
      }
    }
  }

  // depth below the cerebral surface, mm (distance to the nearest outside voxel centre minus half a voxel)
  const depth = distanceInside(hull, grid.dims);
  const tCortex = S.depth.cortexDepth, tWhite = S.depth.lobarWhiteDepth;
  for (let k = 0, idx = 0; k < nz; k++) {
    const z = a[11]! + vs * k;
    for (let j = 0; j < ny; j++) {
      const y = a[7]! + vs * j;
      for (let i = 0; i < nx; i++, idx++) {
        if (labels[idx] !== CEREBRUM) continue;
        const x = a[3]! + vs * i;
        const d = depth[idx]! * vs - vs / 2;
        if (d < tCortex) labels[idx] = (x < 0 ? CORTEX_L : CORTEX_R)[lobeAt(y, z)];
        else if (d < tWhite && blobDistance(S.centralCore, x, y, z) > 0) labels[idx] = x < 0 ? L.whiteL : L.whiteR;
        else labels[idx] = L.whiteDeep;
      }
    }
  }
  return labels;
}
