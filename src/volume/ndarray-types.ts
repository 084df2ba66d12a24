/**
 * Structural types for the ndarray interop (`volumeToNdarray`,
 * `regionStatsNdarray`), declared here so that the published `.d.ts` files
 * need no `@types/ndarray` in a consumer's project. They mirror the members of
 * a scijs `ndarray` view: a value typed with `@types/ndarray` (`NdArray`) is
 * accepted where `NdArrayLike` is asked for, and a `Float32NdArray` can be
 * used where `NdArray<Float32Array>` is expected (test/packaging/ndarray-types.test.ts).
 */

/** An ndarray view over a Float32Array, as returned by `volumeToNdarray` (a real scijs ndarray at run time). */
export interface Float32NdArray {
  data: Float32Array;
  shape: number[];
  stride: number[];
  offset: number;
  dtype: 'float32';
  size: number;
  order: number[];
  dimension: number;
  get(...index: number[]): number;
  set(...indexThenValue: number[]): number;
  index(...index: number[]): number;
  lo(...index: number[]): Float32NdArray;
  hi(...index: number[]): Float32NdArray;
  step(...index: number[]): Float32NdArray;
  transpose(...axes: number[]): Float32NdArray;
  pick(...index: Array<number | null>): Float32NdArray;
  T: Float32NdArray;
}

/** Element storage an ndarray view may sit on: a typed array, a number[], or an object with get/set (ndarray's "generic" arrays). */
export type NdArrayData =
  | ArrayLike<number>
  | { get(index: number): number; set(index: number, value: number): void; readonly length: number };

/**
 * What `regionStatsNdarray` reads from its inputs: the storage, shape, strides
 * and offset of any ndarray-like view (a scijs ndarray qualifies).
 */
export interface NdArrayLike {
  readonly data: NdArrayData;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}
