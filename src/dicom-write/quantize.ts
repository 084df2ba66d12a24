/**
 * Float voxel values to 16-bit stored values, per vendor style.
 *
 * - 'signed-identity' (GE): signed 16-bit, no rescale: values are rounded to
 *   integers (max error 0.5); values outside -32768..32767 are refused.
 * - 'unsigned-linear' (Siemens, Hermes): unsigned 16-bit with a linear map
 *   real = stored * slope + intercept (PS3.3 C.7.6.16.2.11 Rescale, or the
 *   Real World Value Mapping, C.7.6.16.2.11.1), the range mapped onto 0..65535.
 *   Slope and intercept are rounded to what a DS can hold before quantising,
 *   so a reader using the written values sees errors of at most slope / 2.
 */
import { DicomError, ErrorCode } from '../errors.js';
import { dsValue } from './encoder.js';

export interface Quantised {
  readonly stored: Int16Array | Uint16Array;
  readonly slope: number;
  readonly intercept: number;
  /** Largest |real - (stored * slope + intercept)| over the volume. */
  readonly maxError: number;
}

/**
 * Quantise `data` (the frames in `frameToSlice` order are applied by the caller).
 * @throws DicomError UNREPRESENTABLE_VALUES for non-finite data or values outside the signed 16-bit range in signed-identity mode.
 */
export function quantise(data: Float32Array, mode: 'signed-identity' | 'unsigned-linear', roundDs: boolean): Quantised {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (!Number.isFinite(x)) throw new DicomError(ErrorCode.UNREPRESENTABLE_VALUES, 'volume contains NaN or infinite values');
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (data.length === 0) lo = hi = 0;
  let maxError = 0;
  if (mode === 'signed-identity') {
    if (lo < -32768.5 || hi >= 32767.5) {
      throw new DicomError(ErrorCode.UNREPRESENTABLE_VALUES, `values ${lo}..${hi} do not fit signed 16-bit without rescale (GE style)`);
    }
    const stored = new Int16Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const x = data[i]!;
      const q = Math.round(x);
      stored[i] = q;
      const e = Math.abs(x - q);
      if (e > maxError) maxError = e;
    }
    return { stored, slope: 1, intercept: 0, maxError };
  }
  let intercept = lo < 0 ? lo : 0;
  let slope = hi > intercept ? (hi - intercept) / 65535 : 1;
  if (roundDs) {
    intercept = dsValue(intercept);
    slope = dsValue(slope);
    // DS keeps >= 11 significant digits here; the clamp below absorbs the tiny rounding of the slope.
  }
  const stored = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    let q = Math.round((x - intercept) / slope);
    if (q < 0) q = 0;
    if (q > 65535) q = 65535;
    stored[i] = q;
    const e = Math.abs(x - (q * slope + intercept));
    if (e > maxError) maxError = e;
  }
  return { stored, slope, intercept, maxError };
}
