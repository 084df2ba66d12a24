/**
 * One fuzz case = a seed, a list of mutations and (Interfile) which part to
 * mutate. Shared by the short vitest run (fuzz.test.ts) and the long runner
 * (test/fuzz/run.ts). No vitest import.
 */
import fc from 'fast-check';
import { isSpectError } from '../../src/errors.js';
import { ContractViolation, outcomeOf, type Outcome } from './check.js';
import { applyMutations, dicomLengthFields, mutationsArb, niftiLengthFields, type LengthField, type Mutation } from './mutate.js';
import { FUZZ_MAX_BYTES, latin1, latin1Bytes, readDicomFrames, readInput, type Input, type Seed } from './targets.js';

export interface FuzzCase {
  readonly seed: number;
  readonly muts: Mutation[];
  /** Interfile only: mutate the header text instead of the data file. */
  readonly header: boolean;
}

/** Arbitrary over cases for `n` seeds. */
export function caseArb(n: number): fc.Arbitrary<FuzzCase> {
  return fc.record({ seed: fc.nat(Math.max(0, n - 1)), muts: mutationsArb, header: fc.boolean() });
}

/** Seeds with their length fields computed once. */
export class SeedSet {
  private readonly fields = new Map<number, readonly LengthField[]>();
  constructor(readonly seeds: readonly Seed[]) {}
  lengthFields(i: number): readonly LengthField[] {
    let f = this.fields.get(i);
    if (!f) {
      const s = this.seeds[i]!;
      f = s.target === 'dicom' ? dicomLengthFields(s.bytes) : s.target === 'nifti' ? niftiLengthFields(s.bytes) : [];
      this.fields.set(i, f);
    }
    return f;
  }
  /** The mutated input of a case. */
  input(c: FuzzCase): Input {
    const s = this.seeds[c.seed % this.seeds.length]!;
    const fields = this.lengthFields(c.seed % this.seeds.length);
    if (s.target === 'interfile' && c.header) {
      return { target: 'interfile', header: latin1(applyMutations(latin1Bytes(s.header ?? ''), c.muts)), bytes: s.bytes };
    }
    return { target: s.target, header: s.header, bytes: applyMutations(s.bytes, c.muts, fields) };
  }
}

export interface CaseResult {
  readonly outcome: Outcome;
  /** For DICOM: the outcome of readDicomImage on the same bytes ("ok" or an error code). */
  readonly image?: string;
  readonly inputBytes: number;
}

/**
 * Run one case through its reader (and, for DICOM, through readDicomImage too).
 * @throws ContractViolation on any non-SpectError or invalid result
 */
export async function runCase(set: SeedSet, c: FuzzCase): Promise<CaseResult> {
  const input = set.input(c);
  const outcome = await outcomeOf(() => readInput(input, FUZZ_MAX_BYTES));
  let image: string | undefined;
  if (input.target === 'dicom') {
    try {
      await readDicomFrames(input.bytes);
      image = 'ok';
    } catch (e) {
      if (e instanceof ContractViolation) throw e;
      if (!isSpectError(e)) {
        throw new ContractViolation(`readDicomImage threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, e);
      }
      image = e.code;
    }
  }
  return { outcome, image, inputBytes: input.bytes.length + (input.header?.length ?? 0) };
}

/** A printable description of a case (seed name + mutations). */
export function describeCase(set: SeedSet, c: FuzzCase): string {
  const s = set.seeds[c.seed % set.seeds.length]!;
  return `${s.name}${s.target === 'interfile' ? (c.header ? ' [header]' : ' [data]') : ''} ${JSON.stringify(c.muts)}`;
}
