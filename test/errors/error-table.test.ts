/**
 * One table of every ErrorCode: the classes that raise it and the CLI exit code. The table is
 * checked against docs/errors.md (the promise), against `exitCodeFor` (for every class of
 * src/errors.ts, since the exit code follows the code whatever class carries it: an
 * `IoError(RESOURCE_LIMIT)` exits 5, not 7), and against every `new XxxError(ErrorCode.Y` in
 * src/ (no class raises a code the table does not pair it with: Interfile's unsupported number
 * format is an ImageFormatError, not a DICOM PixelDataError).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';
import { ErrorCode, SpectError } from '../../src/errors.js';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { labelCoverage } from '../../src/regions/coverage.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { identity4 } from '../../src/volume/affine.js';

type ClassName = 'SpectError' | 'DicomError' | 'PixelDataError' | 'GeometryError' | 'ImageFormatError' | 'ResourceLimitError' | 'AtlasError' | 'RegistrationError' | 'AnalysisError' | 'IoError';
interface Row { readonly classes: readonly ClassName[]; readonly exit: number }

const TABLE: Readonly<Record<ErrorCode, Row>> = {
  NOT_DICOM: { classes: ['DicomError'], exit: 3 },
  TRUNCATED: { classes: ['DicomError', 'ImageFormatError'], exit: 3 },
  MALFORMED: { classes: ['DicomError', 'ImageFormatError'], exit: 3 },
  UNSUPPORTED_FORMAT: { classes: ['DicomError', 'ImageFormatError'], exit: 3 },
  UNSUPPORTED_TRANSFER_SYNTAX: { classes: ['PixelDataError', 'DicomError'], exit: 3 },
  MISSING_ATTRIBUTE: { classes: ['DicomError'], exit: 3 },
  INVALID_ATTRIBUTE: { classes: ['DicomError'], exit: 3 },
  NO_PIXEL_DATA: { classes: ['PixelDataError'], exit: 3 },
  PIXEL_DATA_SIZE: { classes: ['PixelDataError'], exit: 3 },
  DECODE_FAILED: { classes: ['PixelDataError'], exit: 3 },
  UNSUPPORTED_PIXEL_FORMAT: { classes: ['PixelDataError', 'ImageFormatError'], exit: 3 },
  NOT_RECONSTRUCTED_VOLUME: { classes: ['DicomError', 'ImageFormatError'], exit: 3 },
  UNSUPPORTED_SOP_CLASS: { classes: ['DicomError'], exit: 3 },
  INVALID_GEOMETRY: { classes: ['GeometryError'], exit: 4 },
  INCONSISTENT_SERIES: { classes: ['GeometryError'], exit: 4 },
  NO_VOLUME_FOUND: { classes: ['DicomError', 'GeometryError'], exit: 4 },
  TOO_FEW_SLICES: { classes: ['GeometryError'], exit: 4 },
  INVALID_NIFTI: { classes: ['ImageFormatError'], exit: 3 },
  INVALID_INTERFILE: { classes: ['ImageFormatError'], exit: 3 },
  RESOURCE_LIMIT: { classes: ['ResourceLimitError'], exit: 5 },
  ATLAS_ERROR: { classes: ['AtlasError'], exit: 6 },
  INVALID_LABEL_TABLE: { classes: ['AtlasError'], exit: 6 },
  REGISTRATION_FAILED: { classes: ['RegistrationError'], exit: 6 },
  ANALYSIS_FAILED: { classes: ['AnalysisError'], exit: 6 },
  INVALID_PARAMETER: { classes: ['AnalysisError', 'DicomError', 'SpectError'], exit: 6 },
  UNREPRESENTABLE_VALUES: { classes: ['DicomError'], exit: 3 },
  IO_ERROR: { classes: ['IoError'], exit: 7 },
  USAGE: { classes: ['SpectError'], exit: 2 },
  WORKER_FAILED: { classes: ['SpectError'], exit: 1 },
  SHARD_MISMATCH: { classes: ['SpectError'], exit: 2 },
  SHARD_DUPLICATE: { classes: ['SpectError'], exit: 2 },
  SHARD_MISSING: { classes: ['SpectError'], exit: 2 },
};

/** Sites that pass a code held in a variable: the codes that variable can hold. */
const DYNAMIC_SITES: Readonly<Record<string, readonly ErrorCode[]>> = {
  'src/nifti/gzip.ts ImageFormatError': [ErrorCode.TRUNCATED, ErrorCode.MALFORMED],
};

type ErrorClass = new (code: ErrorCode, message: string) => SpectError;
const CLASSES: ReadonlyArray<readonly [ClassName, ErrorClass]> = Object.entries(errors as Record<string, unknown>)
  .filter(([, v]) => typeof v === 'function' && (v === SpectError || (v as { prototype: unknown }).prototype instanceof SpectError))
  .map(([n, v]) => [n as ClassName, v as ErrorClass] as const);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('ErrorCode -> class -> exit code', () => {
  it('the table has one row per ErrorCode and names exported SpectError classes only', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.values(ErrorCode).sort());
    const names = CLASSES.map(([n]) => n);
    expect(names.sort()).toEqual(['AnalysisError', 'AtlasError', 'DicomError', 'GeometryError', 'ImageFormatError', 'IoError', 'PixelDataError', 'RegistrationError', 'ResourceLimitError', 'SpectError']);
    for (const [code, r] of Object.entries(TABLE)) for (const c of r.classes) expect(names, `${code}: ${c}`).toContain(c);
  });

  it('docs/errors.md has the same classes and exit codes', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (.+?) \| .+ \| (\d+) \|$/gm)].map((m) => [
      m[1]!, { classes: [...m[2]!.matchAll(/`(\w+)`/g)].map((c) => c[1]!).sort(), exit: Number(m[3]) },
    ] as const);
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(Object.entries(TABLE).map(([c, r]) => [c, { classes: [...r.classes].sort(), exit: r.exit }])),
    );
  });

  it('the exit code follows the code, whatever class carries it', () => {
    for (const [code, r] of Object.entries(TABLE) as [ErrorCode, Row][]) {
      for (const [name, Cls] of CLASSES) {
        const e = new Cls(code, 'm');
        expect(e.code).toBe(code);
        expect(e.name).toBe(name);
        expect(exitCodeFor(e), `${name}(${code})`).toBe(r.exit);
      }
    }
    // the bug of issue 13: a size cap raised as IoError(RESOURCE_LIMIT) must still exit 5 (and no longer compiles)
    // @ts-expect-error IoError takes IO_ERROR only
    expect(exitCodeFor(new errors.IoError(ErrorCode.RESOURCE_LIMIT, 'a file larger than the cap'))).toBe(5);
  });

  it('every class raises only the codes the table pairs it with (a scan of src/)', () => {
    const bad: string[] = [];
    let sites = 0;
    const re = /new (\w+Error)\(\s*([\w.]+)/g;
    for (const f of sources(join(REPO_ROOT, 'src'))) {
      const rel = relative(REPO_ROOT, f);
      for (const m of readFileSync(f, 'utf8').matchAll(re)) {
        const cls = m[1]!;
        if (!CLASSES.some(([n]) => n === cls)) continue; // RangeError, TypeError, classes of other modules
        sites++;
        const literal = /^ErrorCode\.([A-Z_]+)$/.exec(m[2]!);
        const codes = literal ? [literal[1] as ErrorCode] : DYNAMIC_SITES[`${rel} ${cls}`];
        if (!codes) { bad.push(`${rel}: new ${cls}(${m[2]}) (a code in a variable: list it in DYNAMIC_SITES)`); continue; }
        for (const c of codes) if (!TABLE[c]?.classes.includes(cls as ClassName)) bad.push(`${rel}: ${cls}(${c})`);
      }
    }
    expect(sites).toBeGreaterThan(200);
    expect(bad).toEqual([]);
  });

  it('a singular subject affine in the coverage of the atlas is GeometryError INVALID_GEOMETRY, not a RangeError', () => {
    // a Volume made by hand (createVolume refuses such an affine; the analysis helpers take any Volume)
    const subject: Volume = { ...createVolume({ data: new Float32Array(8), dims: [2, 2, 2], affine: identity4() }), affine: new Float64Array(16) };
    const call = () => labelCoverage(new Int16Array(8), [2, 2, 2], identity4(), subject, identity4(), { lo: [0, 0, 0], hi: [1, 1, 1] });
    expect(call).toThrow(errors.GeometryError);
    expect(call).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_GEOMETRY }));
  });
});
