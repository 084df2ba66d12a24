/**
 * Geometry of the figures' slice panels, in MNI space (RAS+ mm).
 *
 * Every panel shows a plane of the MNI box X [-78, 78], Y [-114, 78],
 * Z [-74, 82] mm at `PX_PER_MM` pixels per mm; pixel (col, row) shows the
 * MNI point `corner + (col + 0.5) du + (row + 0.5) dv`.
 * - axial: columns along X, rows from anterior (top) to posterior;
 * - coronal: columns along X, rows from superior (top) to inferior;
 * - sagittal: columns from anterior (left) to posterior, rows superior to inferior.
 * Radiological convention: the patient's right on the image left (X rises to
 * the right of the image); neurological: the patient's left on the image left.
 */
export type Orientation = 'radiological' | 'neurological';
export const ORIENTATIONS: readonly Orientation[] = ['radiological', 'neurological'];
export type PlaneKind = 'axial' | 'coronal' | 'sagittal';
export type Vec3 = readonly [number, number, number];

export const PX_PER_MM = 1.4;
export const MNI_BOX = { x: [-78, 78], y: [-114, 78], z: [-74, 82] } as const;
/** Axial levels (MNI z, mm): from the cerebellar hemispheres and vermis (-48) to below the vertex (62). */
export const AXIAL_LEVELS_MM: readonly number[] = [-48, -38, -28, -18, -8, 2, 12, 22, 32, 42, 52, 62];
/** The coronal plane through the cerebellum (MNI y, mm) and the midsagittal plane through the vermis (MNI x). */
export const CORONAL_Y_MM = -60;
export const SAGITTAL_X_MM = 0;

export interface Panel {
  readonly kind: PlaneKind;
  /** The fixed coordinate of the plane (mm). */
  readonly levelMm: number;
  /** Top-left pixel of the panel in the figure, and its size. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** MNI point of the panel's top-left corner, and the MNI step of one pixel along a row (du) and a column (dv). */
  readonly corner: Vec3;
  readonly du: Vec3;
  readonly dv: Vec3;
  /** Letters at the left, right, top and bottom edges (R/L, A/P, S/I). */
  readonly edges: readonly [string, string, string, string];
}

const size = (range: readonly [number, number]) => Math.round((range[1] - range[0]) * PX_PER_MM);
export const AXIAL_W = size(MNI_BOX.x), AXIAL_H = size(MNI_BOX.y), CORONAL_H = size(MNI_BOX.z), SAGITTAL_W = size(MNI_BOX.y);

/** A panel of `kind` through `levelMm` with its top-left at (x, y). */
export function makePanel(kind: PlaneKind, levelMm: number, x: number, y: number, orientation: Orientation): Panel {
  const s = 1 / PX_PER_MM, B = MNI_BOX;
  const radio = orientation === 'radiological';
  const xCorner = radio ? B.x[0] : B.x[1], xStep = radio ? s : -s;
  const lr: [string, string] = radio ? ['R', 'L'] : ['L', 'R'];
  if (kind === 'axial') {
    return { kind, levelMm, x, y, w: AXIAL_W, h: AXIAL_H, corner: [xCorner, B.y[1], levelMm], du: [xStep, 0, 0], dv: [0, -s, 0], edges: [lr[0], lr[1], 'A', 'P'] };
  }
  if (kind === 'coronal') {
    return { kind, levelMm, x, y, w: AXIAL_W, h: CORONAL_H, corner: [xCorner, levelMm, B.z[1]], du: [xStep, 0, 0], dv: [0, 0, -s], edges: [lr[0], lr[1], 'S', 'I'] };
  }
  return { kind, levelMm, x, y, w: SAGITTAL_W, h: CORONAL_H, corner: [levelMm, B.y[1], B.z[1]], du: [0, -s, 0], dv: [0, 0, -s], edges: ['A', 'P', 'S', 'I'] };
}

/** MNI point shown at the centre of pixel (col, row) of a panel (panel coordinates). */
export function mniOfPixel(p: Panel, col: number, row: number): [number, number, number] {
  const a = col + 0.5, b = row + 0.5;
  return [p.corner[0] + a * p.du[0] + b * p.dv[0], p.corner[1] + a * p.du[1] + b * p.dv[1], p.corner[2] + a * p.du[2] + b * p.dv[2]];
}

/** The panel pixel (col, row; may be fractional or outside) where an MNI point in the plane is drawn. */
export function pixelOfMni(p: Panel, mni: Vec3): [number, number] {
  const s = PX_PER_MM;
  const dot = (d: Vec3, o: readonly number[]) => (d[0] * o[0]! + d[1] * o[1]! + d[2] * o[2]!) * s * s;
  const o = [mni[0] - p.corner[0], mni[1] - p.corner[1], mni[2] - p.corner[2]];
  return [dot(p.du, o) - 0.5, dot(p.dv, o) - 0.5];
}

/** "z = -48 mm", "coronal y = -60 mm", "sagittal x = 0 mm". */
export function panelTitle(p: Panel): string {
  const axis = p.kind === 'axial' ? 'z' : p.kind === 'coronal' ? 'y' : 'x';
  return `${p.kind === 'axial' ? '' : p.kind + ' '}${axis} = ${p.levelMm} mm`;
}

/** The orientation in words, for the figure header. */
export function orientationWords(o: Orientation): string {
  return o === 'radiological'
    ? "Radiological convention: the patient's RIGHT is on the image LEFT (axial, coronal); sagittal: anterior on the left."
    : "Neurological convention: the patient's LEFT is on the image LEFT (axial, coronal); sagittal: anterior on the left.";
}

export function parseOrientation(s: string): Orientation | null {
  const k = s.trim().toLowerCase();
  return (ORIENTATIONS as readonly string[]).includes(k) ? (k as Orientation) : null;
}
