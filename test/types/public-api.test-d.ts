/**
 * Type tests of the public API (`spect-perfusion` = src/index.ts, `spect-perfusion/node` =
 * src/node/index.ts): checked by tsc (`npm run typecheck`, and the vitest project `types`), never run.
 * They pin what a TypeScript caller relies on: the entry functions' signatures, the Volume, the
 * error hierarchy and its codes, the issue and tracer vocabularies.
 */
import { describe, expectTypeOf, it } from 'vitest';
import * as api from '../../src/index.js';
import {
  AnalysisError, AtlasError, DicomError, ErrorCode, GeometryError, ImageFormatError, IoError, IssueCode, PixelDataError,
  RegistrationError, ResourceLimitError, SpectError, analyzeStudy, createVolume, isSpectError, parseTracer, readDicom, readInterfile, readNifti,
  type AnalysisReport, type AnalysisResult, type AnalyzeOptions, type Issue, type IssueSeverity, type Mat4, type Tracer, type Volume,
  type VolumeMetadata,
} from '../../src/index.js';
import { loadStudy, readBytes, type LoadedStudy } from '../../src/node/index.js';

describe('the Volume', () => {
  it('has Float32 voxels, three dims, a 4x4 affine, metadata and issues, all read-only', () => {
    expectTypeOf<Volume['data']>().toEqualTypeOf<Float32Array>();
    expectTypeOf<Volume['dims']>().toEqualTypeOf<readonly [number, number, number]>();
    expectTypeOf<Volume['affine']>().toEqualTypeOf<Mat4>();
    expectTypeOf<Volume['metadata']>().toEqualTypeOf<VolumeMetadata>();
    expectTypeOf<Volume['issues']>().toEqualTypeOf<readonly Issue[]>();
    expectTypeOf<Volume>().not.toHaveProperty('bytes');
    // @ts-expect-error a Volume is read-only
    ({} as Volume).data = new Float32Array(1);
  });
  it('createVolume takes data, dims and an affine and gives a Volume', () => {
    expectTypeOf(createVolume).returns.toEqualTypeOf<Volume>();
    expectTypeOf(createVolume).parameter(0).toHaveProperty('data');
    // @ts-expect-error dims are required
    createVolume({ data: new Float32Array(8), affine: new Float64Array(16) });
  });
});

describe('the readers take bytes, never paths', () => {
  it('readDicom is async, readNifti and readInterfile synchronous', () => {
    expectTypeOf(readDicom).parameter(0).toEqualTypeOf<Uint8Array>();
    expectTypeOf(readDicom).returns.toEqualTypeOf<Promise<Volume>>();
    expectTypeOf(readNifti).parameter(0).toEqualTypeOf<Uint8Array>();
    expectTypeOf(readNifti).returns.toEqualTypeOf<Volume>();
    expectTypeOf(readInterfile).parameters.toMatchTypeOf<[string, Uint8Array, ...unknown[]]>();
    expectTypeOf(readInterfile).returns.toEqualTypeOf<Volume>();
    // @ts-expect-error a path is not bytes
    void readNifti('study.nii');
  });
});

describe('analyzeStudy', () => {
  it('takes a Volume and options, and returns the result synchronously', () => {
    expectTypeOf(analyzeStudy).parameters.toEqualTypeOf<[input: Volume, options?: AnalyzeOptions]>();
    expectTypeOf(analyzeStudy).returns.toEqualTypeOf<AnalysisResult>();
    expectTypeOf<AnalysisResult['report']>().toEqualTypeOf<AnalysisReport>();
    expectTypeOf<AnalysisResult['volumeRef']>().toEqualTypeOf<Volume>();
    expectTypeOf<AnalysisResult['zMap']>().toEqualTypeOf<Float32Array | null>();
  });
  it('its options take a Tracer and an age, nothing free-form', () => {
    expectTypeOf<NonNullable<AnalyzeOptions['tracer']>>().toEqualTypeOf<Tracer>();
    expectTypeOf<NonNullable<AnalyzeOptions['ageYears']>>().toEqualTypeOf<number>();
    // @ts-expect-error the tracer is a code, not a free-text name (parseTracer turns names into codes)
    const bad: AnalyzeOptions = { tracer: 'Tc-99m HMPAO' };
    void bad;
  });
  it('the report carries typed issues', () => {
    expectTypeOf<AnalysisReport['issues'][number]['code']>().toEqualTypeOf<IssueCode>();
  });
  it('the result carries the unrounded values, typed; the report declares where rounding gives null', () => {
    expectTypeOf<AnalysisResult['ratios']['cerebellumToCortex']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisResult['classification']['ratio']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisResult['classification']['percentLoss']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisResult['tracer']>().toEqualTypeOf<Tracer | null>();
    expectTypeOf<AnalysisResult['ageYears']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisResult['regions']['groups'][string]['mean']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisReport['ratios']['cerebellumToCortex']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisReport['classification']['zScore']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisReport['regions']['groups'][string]['p90']>().toEqualTypeOf<number | null>();
    expectTypeOf<AnalysisReport['normals']>().toEqualTypeOf<api.ReportNormals | null>();
    expectTypeOf<AnalysisReport['metadata']['tracer']>().toEqualTypeOf<Tracer | null>();
    expectTypeOf<AnalysisReport['volume']['affine']>().toEqualTypeOf<readonly number[]>();
    // @ts-expect-error the report is read-only
    ({} as AnalysisReport).ratios = {} as AnalysisReport['ratios'];
  });
  it('the normal database is built from analysis results, in the library', () => {
    expectTypeOf<ReturnType<api.NormalDatabaseBuilder['add']>>().toEqualTypeOf<api.ControlProblem | null>();
    expectTypeOf<Parameters<api.NormalDatabaseBuilder['add']>>().toEqualTypeOf<[r: AnalysisResult]>();
    expectTypeOf(api.studyInMni).returns.toEqualTypeOf<Volume>();
    expectTypeOf(api.zMapVolume).returns.toEqualTypeOf<Volume | null>();
  });
});

describe('the vocabulary', () => {
  it('Tracer is the three codes; parseTracer maps any text to one or null', () => {
    expectTypeOf<Tracer>().toEqualTypeOf<'HMPAO' | 'ECD' | 'IMP'>();
    expectTypeOf(parseTracer).parameter(0).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(parseTracer).returns.toEqualTypeOf<Tracer | null>();
  });
  it('issues have a typed code and severity', () => {
    expectTypeOf<Issue['code']>().toEqualTypeOf<IssueCode>();
    expectTypeOf<IssueSeverity>().toEqualTypeOf<'info' | 'warning' | 'error'>();
    expectTypeOf(IssueCode.SLICE_SPACING_FROM_THICKNESS).toEqualTypeOf<'SLICE_SPACING_FROM_THICKNESS'>();
    // @ts-expect-error an issue code is one of IssueCode
    const i: Issue = { code: 'SOMETHING_ELSE', severity: 'info', message: '' };
    void i;
  });
});

describe('errors', () => {
  it('every class is a SpectError with a typed code', () => {
    for (const C of [DicomError, PixelDataError, GeometryError, ImageFormatError, AtlasError, AnalysisError]) {
      expectTypeOf(new C(ErrorCode.MALFORMED, 'm')).toMatchTypeOf<SpectError>();
    }
    expectTypeOf(new IoError(ErrorCode.IO_ERROR, 'm')).toMatchTypeOf<SpectError>();
    expectTypeOf(new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, 'm').code).toEqualTypeOf<'RESOURCE_LIMIT'>();
    expectTypeOf(new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'm').code).toEqualTypeOf<'REGISTRATION_FAILED'>();
    // @ts-expect-error a size cap is a ResourceLimitError, not an IoError (it exits 5, not 7)
    void new IoError(ErrorCode.RESOURCE_LIMIT, 'm');
    // @ts-expect-error ResourceLimitError carries RESOURCE_LIMIT only
    void new ResourceLimitError(ErrorCode.IO_ERROR, 'm');
    expectTypeOf(new PixelDataError(ErrorCode.DECODE_FAILED, 'm')).toMatchTypeOf<DicomError>();
    expectTypeOf<SpectError['code']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<SpectError['details']>().toEqualTypeOf<Readonly<Record<string, unknown>> | undefined>();
    expectTypeOf<SpectError>().toMatchTypeOf<Error>();
    // @ts-expect-error a code is one of ErrorCode
    void new SpectError('NOT_A_CODE', 'm');
  });
  it('ErrorCode is a closed union of its own values', () => {
    expectTypeOf(ErrorCode.RESOURCE_LIMIT).toEqualTypeOf<'RESOURCE_LIMIT'>();
    expectTypeOf<'RESOURCE_LIMIT'>().toMatchTypeOf<ErrorCode>();
    expectTypeOf<'resource_limit'>().not.toMatchTypeOf<ErrorCode>();
  });
  it('isSpectError narrows unknown', () => {
    const e: unknown = null;
    if (isSpectError(e)) expectTypeOf(e).toEqualTypeOf<SpectError>();
    expectTypeOf(isSpectError).guards.toEqualTypeOf<SpectError>();
  });
});

describe('spect-perfusion/node', () => {
  it('loadStudy takes a path and resolves to a Volume with its source', () => {
    expectTypeOf(loadStudy).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(loadStudy).returns.toEqualTypeOf<Promise<LoadedStudy>>();
    expectTypeOf<LoadedStudy['volume']>().toEqualTypeOf<Volume>();
    expectTypeOf(readBytes).returns.resolves.toEqualTypeOf<Uint8Array>();
  });
  it('the core entry has no file-system helper', () => {
    expectTypeOf(api).not.toHaveProperty('loadStudy');
    expectTypeOf(api).not.toHaveProperty('readBytes');
    expectTypeOf(api).not.toHaveProperty('writeFileAtomic');
  });
});
