/**
 * The batch manifest parser (RFC 4180 quoting, row/column errors that never echo
 * values) and how its values meet the study's own (override semantics).
 */
import { describe, expect, it } from 'vitest';
import { applyManifestValues, parseCsv, parseManifest } from '../../src/cli/manifest.js';
import { SpectError } from '../../src/errors.js';
import { createVolume } from '../../src/volume/volume.js';

const A = [3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1];

function usageError(f: () => unknown): SpectError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpectError);
    expect((e as SpectError).code).toBe('USAGE');
    return e as SpectError;
  }
  throw new Error('no error thrown');
}

describe('manifest CSV', () => {
  it('RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF, BOM, empty trailing field', () => {
    const text = '\ufeffpath,id,age\r\n"a, b/study.nii.gz",x1,2\r\n"say ""hi""",x2,\r\n"two\nlines",x3,006M\n,,\n';
    expect(parseCsv(text)).toEqual([
      ['path', 'id', 'age'], ['a, b/study.nii.gz', 'x1', '2'], ['say "hi"', 'x2', ''], ['two\nlines', 'x3', '006M'], ['', '', ''],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv('a,\n\n\nb,c\n')).toEqual([['a', ''], ['b', 'c']]);
    expect(usageError(() => parseCsv('path\n"open')).message).toBe('manifest row 2, field 1: a quoted field is not closed');
    expect(usageError(() => parseCsv('path,id\nab"c,d')).message).toBe('manifest row 2, field 1: a quote inside an unquoted field');
    expect(usageError(() => parseCsv('path,id\nx,"d"e')).message).toBe('manifest row 2, field 2: text after a closing quote');
  });

  it('columns, values, paths relative to the manifest folder, override column and default', () => {
    const m = parseManifest('Path,AGE,tracer,sex,id,override\nrel/a.nii.gz,018M,Tc-99m exametazime,f,P-01,\n/abs/b,45,ECD,,P-02,yes\nc,,,,,no\n', '/data/batch');
    expect(m.columns).toEqual(['path', 'age', 'tracer', 'sex', 'id', 'override']);
    expect(m.rows).toEqual([
      { row: 2, path: '/data/batch/rel/a.nii.gz', ageYears: 1.5, tracer: 'HMPAO', sex: 'F', id: 'P-01', override: false },
      { row: 3, path: '/abs/b', ageYears: 45, tracer: 'ECD', sex: null, id: 'P-02', override: true },
      { row: 4, path: '/data/batch/c', ageYears: null, tracer: null, sex: null, id: null, override: false },
    ]);
    const all = parseManifest('path,override\na,\n,\nb,no\n', '/d', true);
    expect(all.rows.map((r) => [r.row, r.override])).toEqual([[2, true], [4, false]]);
  });

  it('bad rows: the error names row and column, never the value', () => {
    const cases: [string, string][] = [
      ['path,age\na,SECRET\n', 'manifest row 2, column age: not an age'],
      ['path,age\na,2\nb,200\n', 'manifest row 3, column age: not an age'],
      ['path,tracer\na,SECRET\n', 'manifest row 2, column tracer: not hmpao, ecd or imp'],
      ['path,sex\na,SECRET\n', 'manifest row 2, column sex: not M, F or O'],
      ['path,id\na,SECRET Doe\n', "manifest row 2, column id: not 1 to 64 letters, digits, '.', '_' or '-'"],
      ['path,id\na,x\nb,x\n', 'manifest row 3, column id: the same id as row 2'],
      ['path,override\na,SECRET\n', 'manifest row 2, column override: not yes or no'],
      ['path\na\n./a\n', 'manifest row 3, column path: the same study as row 2'],
      ['path,age\n,2\n', 'manifest row 2, column path: empty'],
      ['path\nSECRET.json\n', 'manifest row 2, column path: a JSON sidecar is not a study'],
      ['path,age\na,2,SECRET\n', 'manifest row 2 has 3 fields, the header has 2'],
      ['path,SECRET\na,2\n', 'manifest row 1, column 2: not one of the known columns (path, age, tracer, sex, id, override)'],
      ['path,age,age\na,2,3\n', 'manifest row 1, column 3: column age appears twice'],
      ['age\n2\n', 'manifest row 1: no path column'],
      ['path\n', 'the manifest lists no study'],
      ['', 'the manifest is empty'],
    ];
    for (const [text, msg] of cases) {
      const e = usageError(() => parseManifest(text, '/d'));
      expect(e.message, text).toContain(msg);
      expect(e.message).not.toMatch(/SECRET|Doe/);
    }
  });
});

describe('manifest values and the study', () => {
  const base = { row: 7, ageYears: 45, tracer: 'ECD' as const, sex: 'F' as const, override: false };
  const study = (md: Parameters<typeof createVolume>[0]['metadata']) => createVolume({ data: new Float32Array(8), dims: [2, 2, 2], affine: A, metadata: md });

  it('fills what the study lacks, source manifest', () => {
    const v = applyManifestValues(study({ format: 'nifti' }), base);
    expect(v.metadata.patientAgeYears).toBe(45);
    expect(v.metadata.ageSource).toBe('manifest');
    expect(v.metadata.radiopharmaceutical).toEqual({ code: 'ECD', name: null, nuclide: null });
    expect(v.metadata.tracerSource).toBe('manifest');
    expect(v.metadata.patientSex).toBe('F');
    expect(v.metadata.sexSource).toBe('manifest');
    expect(v.issues).toEqual([{ code: 'MANIFEST_VALUE_USED', severity: 'info', message: 'age, tracer, sex from the manifest (row 7)' }]);
  });

  it("the study's own values win unless override; an unknown tracer name counts as none", () => {
    const own = study({ format: 'dicom', patientAgeYears: 2, patientSex: 'F', radiopharmaceutical: { code: 'HMPAO', name: 'Ceretec' } });
    const kept = applyManifestValues(own, base);
    expect(kept.metadata.patientAgeYears).toBe(2);
    expect(kept.metadata.ageSource).toBe('dicom');
    expect(kept.metadata.radiopharmaceutical!.code).toBe('HMPAO');
    expect(kept.metadata.tracerSource).toBe('dicom');
    expect(kept.issues.map((i) => [i.code, i.severity])).toEqual([['MANIFEST_VALUE_IGNORED', 'warning']]);
    expect(kept.issues[0]!.message).toMatch(/^the manifest \(row 7\) gives another age, tracer than the study/);
    const over = applyManifestValues(own, { ...base, override: true });
    expect(over.metadata.patientAgeYears).toBe(45);
    expect(over.metadata.ageSource).toBe('manifest');
    expect(over.metadata.radiopharmaceutical!.code).toBe('ECD');
    expect(over.metadata.patientSex).toBe('F');
    expect(over.metadata.sexSource).toBe('dicom'); // same value: nothing to override
    expect(over.issues.map((i) => i.code)).toEqual(['MANIFEST_VALUE_USED', 'MANIFEST_OVERRIDES_STUDY']);
    const other = study({ format: 'dicom', radiopharmaceutical: { code: 'Tc99m XYZ', name: 'Tc99m XYZ', nuclide: 'Tc99m' } });
    const filled = applyManifestValues(other, { ...base, ageYears: null, sex: null });
    expect(filled.metadata.radiopharmaceutical).toEqual({ code: 'ECD', name: null, nuclide: 'Tc99m' });
    // a manifest without values changes nothing
    const none = applyManifestValues(own, { row: 2, ageYears: null, tracer: null, sex: null, override: true });
    expect(none.metadata).toEqual(own.metadata);
    expect(none.issues).toEqual([]);
  });
});
