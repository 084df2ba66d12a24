/** The portable JavaScript codec builds (browsers) and the WebAssembly builds (Node) give the same pixels. */
import { afterAll, expect, it } from 'vitest';
import { codecBuilds, decodePixelData, setCodecBuild } from '../../src/dicom-pixels/index.js';
import { describeShared } from '../helpers/shared-data.js';
import { load, maxAbsDiff } from './load.js';

const FILES = ['dicom/nm/NM1_J2KI.dcm', 'dicom/nm/NM1_JLSN.dcm', 'dicom/transfer-syntax/pydicom/SC_rgb_jpeg_dcmtk.dcm'];

describeShared('codec builds', () => {
  afterAll(() => setCodecBuild('auto'));
  it.each(FILES)('%s: wasm and portable builds agree', async (rel) => {
    const { ds, ts, pm } = load(rel);
    setCodecBuild('auto');
    const a = await decodePixelData(ds, ts, pm);
    const auto = Object.values(codecBuilds());
    setCodecBuild('portable');
    const b = await decodePixelData(ds, ts, pm);
    expect(Object.values(codecBuilds())).toEqual(['js']);
    expect(auto).toEqual(['wasm']); // under Node with node_modules in place
    expect(maxAbsDiff(a.values, b.values)).toBe(0);
  });
});
