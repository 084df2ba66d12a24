/**
 * The built-in 2 mm atlas's cerebellar masks, made at build time (generate.ts, `npm run
 * gen:assets`) and decoded on first use: the cerebellar rim that the measurement leaves out
 * (rim.ts) and the cerebellum with its margin that the registration leaves out of its cost
 * (exclusion.ts). Both are functions of the atlas alone, and computing them (two distance
 * transforms) cost a new process about 0.1 s (docs/benchmarks.md, "Session 24").
 *
 * One int16 volume in the container of src/atlas/assets/format.ts: bit 0 set on rim voxels,
 * bit 1 on the voxels of the excluded region. The header's generator string records the atlas
 * generator's fingerprint, the rim width, the margin and the two groups, so a copy made with other
 * settings is refused (AtlasError, details.reason 'generator') instead of used.
 */
import { isBuiltinAtlas } from '../../atlas/builtin.js';
import { crc32Hex } from '../../atlas/assets/bytes.js';
import { generatorFingerprint } from '../../atlas/assets/fingerprint.js';
import { decodeShippedAsset } from '../../atlas/assets/shipped.js';
import { mniGrid } from '../../atlas/grid.js';
import { BUILTIN_GROUPS } from '../../atlas/labels.js';
import type { LabelAtlas } from '../../atlas/types.js';
import { CEREBELLAR_MASKS_2MM } from './cerebellar-masks-2mm.js';

/** The asset's kind (header field). */
export const CEREBELLAR_MASKS_KIND = 'spect-perfusion/builtin-cerebellar-masks';
/** Bit of a rim voxel and of an excluded voxel in the shipped volume. */
export const RIM_BIT = 1;
export const EXCLUDED_BIT = 2;
/** Version of the masks' generator (rim.ts and exclusion.ts); bump it when their code changes. */
const MASKS_VERSION = 1;

/** The settings the masks are made with: the rim width and the exclusion margin, mm. */
export interface MaskSettings {
  readonly rimMm: number;
  readonly marginMm: number;
}

/** Generator string of the masks of the 2 mm built-in atlas (its own groups) with these settings. */
export function masksFingerprint(s: MaskSettings): string {
  const groups = JSON.stringify({ cerebellum: BUILTIN_GROUPS.cerebellum ?? [], cerebrum: BUILTIN_GROUPS.cerebrum ?? [] });
  return `${generatorFingerprint(mniGrid(2))}-m${MASKS_VERSION}-rim${s.rimMm}-margin${s.marginMm}-${crc32Hex(new TextEncoder().encode(groups))}`;
}

let decoded: { readonly fingerprint: string; readonly voxels: Int16Array } | null = null;

/**
 * The shipped masks when `atlas` is the built-in 2 mm atlas (the object `builtinAtlas()` hands out,
 * with its own cerebellum and cerebrum groups); null otherwise (the caller computes them). The
 * atlas's labels are taken as the shipped ones (builtinAtlas() documents its arrays as read-only).
 * @throws AtlasError ATLAS_ERROR when the shipped asset is damaged or was made with other inputs
 */
export function shippedCerebellarMasks(
  atlas: LabelAtlas,
  s: MaskSettings,
  lines: readonly string[] = CEREBELLAR_MASKS_2MM,
): Int16Array | null {
  // the object builtinAtlas() hands out is frozen: its groups are BUILTIN_GROUPS, which the fingerprint records
  if (!isBuiltinAtlas(atlas, 2)) return null;
  const fingerprint = masksFingerprint(s);
  if (decoded?.fingerprint === fingerprint && lines === CEREBELLAR_MASKS_2MM) return decoded.voxels;
  const asset = 'builtin-cerebellar-masks-2mm';
  const voxels = decodeShippedAsset(asset, lines, { kind: CEREBELLAR_MASKS_KIND, generator: fingerprint }, mniGrid(2));
  if (lines === CEREBELLAR_MASKS_2MM) decoded = { fingerprint, voxels };
  return voxels;
}
