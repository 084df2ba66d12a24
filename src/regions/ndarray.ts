/**
 * Regional statistics for users who work with ndarray: any shape and strides.
 * Views are first copied into packed typed arrays with ndarray-ops (one pass),
 * then measured with the same kernel as the atlas regions.
 *
 * ndarray-ops compiles its loops with `new Function` when it is loaded, so it
 * is imported here on first use only: the rest of the library then loads under
 * a strict Content Security Policy (see docs/browser.md).
 */
import ndarray from 'ndarray';
import type { NdArrayLike } from '../volume/ndarray-types.js';
import { labelStats } from '../kernels/label-stats.js';

type Ops = typeof import('ndarray-ops');
let opsPromise: Promise<Ops> | null = null;
function loadOps(): Promise<Ops> {
  opsPromise ??= import('ndarray-ops').then((m) => ((m as { default?: Ops }).default ?? m) as Ops);
  return opsPromise;
}

export interface MaskStats {
  readonly voxels: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly p10: number | null;
  readonly p90: number | null;
}

function packed<T extends Float32Array | Uint8Array>(ops: Ops, a: NdArrayLike, make: (n: number) => T): T {
  // A view of the caller's storage with its own layout (no copy), whatever produced it.
  const view = ndarray(a.data as ndarray.Data<number>, a.shape.slice(), a.stride.slice(), a.offset);
  const out = make(view.size);
  ops.assign(ndarray(out, a.shape.slice()), view);
  return out;
}

/**
 * Statistics of `values` inside `mask` (mask != 0). Both must have the same shape.
 * Any ndarray-like view is accepted (a scijs `ndarray`, or an object with its
 * `data`, `shape`, `stride` and `offset`).
 * @throws RangeError when the shapes differ or are not a view's (the promise rejects)
 */
export async function regionStatsNdarray(values: NdArrayLike, mask: NdArrayLike): Promise<MaskStats> {
  if (values.shape.length !== mask.shape.length || values.shape.some((s, i) => s !== mask.shape[i])) {
    throw new RangeError(`shapes differ: [${values.shape.join(',')}] vs [${mask.shape.join(',')}]`);
  }
  for (const a of [values, mask]) {
    if (a.stride.length !== a.shape.length || !a.shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new RangeError(`not an ndarray view: shape [${a.shape.join(',')}], stride [${a.stride.join(',')}]`);
    }
  }
  const ops = await loadOps();
  const v = packed(ops, values, (n) => new Float32Array(n));
  const m = packed(ops, mask, (n) => new Uint8Array(n));
  for (let i = 0; i < m.length; i++) m[i] = m[i] ? 1 : 0;
  const st = labelStats(v, m, 2, { quantiles: [0.5, 0.1, 0.9] });
  const c = st.count[1]!;
  const q = (j: number) => (c > 0 ? st.quantiles[j * 2 + 1]! : null);
  return { voxels: c, mean: c > 0 ? st.mean[1]! : null, median: q(0), p10: q(1), p90: q(2) };
}
