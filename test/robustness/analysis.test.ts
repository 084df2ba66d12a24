/**
 * Degenerate studies through the whole analysis: an all-zero study and a study
 * of pure noise must end in a SpectError or in a report without any NaN or
 * infinite number (ratios null with issues), never a NaN ratio.
 */
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { readDicom } from '../../src/dicom/index.js';
import { isSpectError } from '../../src/errors.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';

const NX = 48, NY = 48, NZ = 40, S = 4;

function study(fill: (i: number) => number): Volume {
  const data = Float32Array.from({ length: NX * NY * NZ }, (_, i) => fill(i));
  const affine = [-S, 0, 0, S * (NX - 1) / 2, 0, -S, 0, S * (NY - 1) / 2 - 15, 0, 0, S, -S * (NZ - 1) / 2, 0, 0, 0, 1];
  return createVolume({ data, dims: [NX, NY, NZ], affine });
}

/** Every number reachable from `x` (own enumerable properties, arrays, typed arrays), with its path. */
function nonFinite(x: unknown, path = '$', out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof x === 'number') { if (!Number.isFinite(x)) out.push(`${path} = ${x}`); return out; }
  if (x === null || typeof x !== 'object' || seen.has(x)) return out;
  seen.add(x);
  if (ArrayBuffer.isView(x)) {
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === 'number' && !Number.isFinite(a[i]!)) { out.push(`${path}[${i}] = ${a[i]}`); break; }
    return out;
  }
  for (const [k, v] of Object.entries(x)) nonFinite(v, `${path}.${k}`, out, seen);
  return out;
}

async function analyse(v: Volume): Promise<string> {
  // through the DICOM writer and reader, as a user's file would come
  const read = await readDicom(writeNmMultiframe(v, { style: 'ge' }));
  try {
    const r = analyzeStudy(read);
    expect(nonFinite(r.report)).toEqual([]);
    return 'report';
  } catch (e) {
    if (!isSpectError(e)) throw e;
    return e.code;
  }
}

describe('degenerate studies through analyzeStudy', () => {
  it('all-zero study: a SpectError or a report without NaN', async () => {
    const outcome = await analyse(study(() => 0));
    // measured: REGISTRATION_FAILED (nothing to register)
    expect(['REGISTRATION_FAILED', 'ANALYSIS_FAILED']).toContain(outcome);
  }, 60_000);
  it('pure noise study: a SpectError or a report without NaN', async () => {
    let s = 7;
    const outcome = await analyse(study(() => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 8) % 500; }));
    // measured: a report (every number finite); a SpectError would be acceptable too
    expect(['report', 'REGISTRATION_FAILED', 'ANALYSIS_FAILED']).toContain(outcome);
  }, 60_000);
});
