/**
 * The structural DicomDataSet (src/entries/dicom-dataset.ts) that the public
 * declarations use instead of dicom-parser's own types: dicom-parser's DataSet
 * must satisfy it (checked by tsc: this file is in the project's typecheck), and
 * its readers must give what dicom-parser gives on a real file.
 */
import type { DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { parseDicomBytes, phantomSource, renderStudy, simulateStudy, type DicomDataSet, type DicomElement } from '../../src/index.js';

describe('DicomDataSet', () => {
  it("is satisfied by dicom-parser's DataSet (compile time) and reads a written NM file", () => {
    const sim = simulateStudy(phantomSource(), { cerebellarFactor: 1, matrix: 64, ageYears: 30 }, 3);
    const parsed = parseDicomBytes(renderStudy(sim, { format: 'ge' }).files[0]!.bytes);
    const real: DataSet = parsed.dataSet;
    const ds: DicomDataSet = real; // the assignment is the type test
    const frames: DicomElement | undefined = ds.elements['x00280008'];
    expect(frames).toBeDefined();
    expect(ds.intString('x00280008')).toBe(64);
    expect(ds.uint16('x00280010')).toBe(64); // Rows
    expect(ds.string('x00080060')).toBe('NM'); // Modality
    expect(ds.byteArray).toBeInstanceOf(Uint8Array);
  });
});
