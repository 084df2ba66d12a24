/**
 * Rigid pose and isotropic scale of the simulated head, as 4x4 matrices
 * (row-major, RAS mm).
 *
 * Scanner position of an MNI point m:  x = R · s · (m - c0) + t,
 * so subject-to-MNI is                 m = c0 + Rᵀ (x - t) / s,
 * with R = Rz · Ry · Rx (degrees), c0 the brain centre in MNI space and t the
 * translation. The scanner isocentre is the scanner-grid centre (0, 0, 0).
 */
import type { Mat4 } from '../volume/affine.js';
import type { SimPose } from './types.js';

/** Approximate centre of the MNI152 brain (bounding box of the brain mask), mm. */
export const MNI_BRAIN_CENTRE: readonly [number, number, number] = [0, -18, 12];

/** 3x3 rotation Rz·Ry·Rx from angles in degrees, row-major. */
export function rotationMatrix(deg: readonly [number, number, number]): number[] {
  const [ax, ay, az] = deg.map((d) => (d * Math.PI) / 180) as [number, number, number];
  const cx = Math.cos(ax), sx = Math.sin(ax), cy = Math.cos(ay), sy = Math.sin(ay), cz = Math.cos(az), sz = Math.sin(az);
  // Rz * Ry * Rx
  return [
    cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx,
    sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx,
    -sy, cy * sx, cy * cx,
  ];
}

/** Subject (scanner RAS mm) -> MNI mm. */
export function subjectToMniMatrix(pose: SimPose, scale: number, centre: readonly number[] = MNI_BRAIN_CENTRE): Mat4 {
  const R = rotationMatrix(pose.rotationsDeg);
  const t = pose.translationMm;
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    let off = 0;
    for (let c = 0; c < 3; c++) {
      const rt = R[3 * c + r]! / scale; // (Rᵀ / s)[r][c]
      m[4 * r + c] = rt;
      off -= rt * t[c]!;
    }
    m[4 * r + 3] = off + centre[r]!;
  }
  m[15] = 1;
  return m;
}

/** Scanner grid affine: LPS-aligned axial slices (IOP 1\0\0\0\1\0), centred on (0, 0, 0), RAS. */
export function scannerAffine(n: number, voxel: number, nz: number = n): Mat4 {
  const h = (n - 1) / 2, hz = (nz - 1) / 2;
  return Float64Array.from([-voxel, 0, 0, voxel * h, 0, -voxel, 0, voxel * h, 0, 0, voxel, -voxel * hz, 0, 0, 0, 1]);
}
