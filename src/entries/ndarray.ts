/**
 * spect-perfusion/ndarray: the interop with scijs ndarray (`volumeToNdarray`,
 * `regionStatsNdarray`) and its structural types. `regionStatsNdarray` loads
 * `ndarray-ops` on first use (it compiles code with `new Function`, so a page
 * with a strict CSP needs `'unsafe-eval'` for it: docs/browser.md). The same
 * functions are exported by `spect-perfusion`.
 */
export { volumeToNdarray } from '../volume/volume.js';
export { regionStatsNdarray } from '../regions/ndarray.js';
export type { MaskStats } from '../regions/ndarray.js';
export type { Float32NdArray, NdArrayLike, NdArrayData } from '../volume/ndarray-types.js';
