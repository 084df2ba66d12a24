/**
 * Outcome of one hostile input: a Volume that satisfies the reader contract, or
 * a SpectError with a code. Anything else (a TypeError, a RangeError, a string,
 * a Volume with NaN) is a robustness bug and is rethrown as `ContractViolation`.
 * No vitest import: the long fuzz runner (test/fuzz/run.ts) uses this too.
 */
import { isSpectError } from '../../src/errors.js';
import { IssueCode } from '../../src/issues.js';
import type { Volume } from '../../src/volume/volume.js';

export type Outcome =
  | { readonly kind: 'volume'; readonly dims: readonly number[]; readonly issues: readonly string[] }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** Thrown when a reader breaks its contract (not a SpectError, or an invalid Volume). */
export class ContractViolation extends Error {
  constructor(message: string, readonly original?: unknown) {
    super(message, original === undefined ? undefined : { cause: original });
    this.name = 'ContractViolation';
  }
}

/**
 * Check the reader contract on a returned volume: dims three positive integers
 * whose product is data.length, every voxel finite, affine finite and invertible
 * (non-zero voxel sizes), metadata.totalCounts finite.
 * @throws ContractViolation
 */
export function checkVolume(v: Volume): void {
  const [nx, ny, nz] = v.dims;
  if (v.dims.length !== 3 || ![nx, ny, nz].every((n) => Number.isInteger(n) && (n ?? 0) > 0)) {
    throw new ContractViolation(`dims are not three positive integers: [${v.dims.join(', ')}]`);
  }
  if (nx! * ny! * nz! !== v.data.length) throw new ContractViolation(`dims product ${nx! * ny! * nz!} != data.length ${v.data.length}`);
  if (!(v.data instanceof Float32Array)) throw new ContractViolation('data is not a Float32Array');
  for (let i = 0; i < v.data.length; i++) {
    if (!Number.isFinite(v.data[i]!)) throw new ContractViolation(`voxel ${i} is ${v.data[i]}`);
  }
  if (v.affine.length !== 16) throw new ContractViolation('affine is not 4x4');
  for (let i = 0; i < 16; i++) if (!Number.isFinite(v.affine[i]!)) throw new ContractViolation(`affine[${i}] is ${v.affine[i]}`);
  if (!v.spacing.every((s) => Number.isFinite(s) && s > 0)) throw new ContractViolation(`spacing ${v.spacing.join(' ')} is not positive`);
  if (!Number.isFinite(v.metadata.totalCounts)) throw new ContractViolation(`totalCounts is ${v.metadata.totalCounts}`);
  const known: ReadonlySet<string> = new Set(Object.values(IssueCode));
  for (const is of v.issues) if (!known.has(is.code)) throw new ContractViolation('issue without a known IssueCode');
}

/**
 * Run a reader and classify what happened.
 * @throws ContractViolation when the reader throws anything but a SpectError, or returns an invalid Volume.
 */
export async function outcomeOf(read: () => Volume | Promise<Volume>): Promise<Outcome> {
  let v: Volume;
  try {
    v = await read();
  } catch (e) {
    if (isSpectError(e)) {
      if (typeof e.code !== 'string' || (e.code as string) === '') throw new ContractViolation('SpectError without a code', e);
      return { kind: 'error', code: e.code, message: e.message };
    }
    const what = e instanceof Error ? `${e.name}: ${e.message}` : `non-Error thrown: ${String(e)}`;
    throw new ContractViolation(`reader threw ${what}`, e);
  }
  checkVolume(v);
  return { kind: 'volume', dims: v.dims, issues: v.issues.map((i) => i.code) };
}

/** "volume" or the error code: the key used in outcome tables. */
export function outcomeKey(o: Outcome): string {
  return o.kind === 'volume' ? 'volume' : o.code;
}
