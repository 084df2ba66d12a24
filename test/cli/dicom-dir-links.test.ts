/**
 * Issue 14: symbolic links inside a DICOM study folder are followed (files and
 * folders), with loop protection; a broken link is noted, not silently lost.
 */
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDicomDirectory } from '../../src/node/dicom-dir.js';
import { SERIES, tempDir } from './batch-helpers.js';

const t = tempDir('spect-dir-links-');
afterAll(t.cleanup);

describe('DICOM folder walk and symbolic links', () => {
  it('reads a series whose files are links (half of them in a linked sub-folder), ignoring a loop and noting a broken link', async () => {
    const names = readdirSync(SERIES).sort();
    const study = join(t.dir, 'study');
    const half = join(t.dir, 'half');
    mkdirSync(study);
    mkdirSync(half);
    names.forEach((n, i) => symlinkSync(join(SERIES, n), join(i % 2 ? half : study, n)));
    symlinkSync(half, join(study, 'linked-half'));
    symlinkSync(study, join(half, 'back-to-study')); // a loop through the linked folder
    symlinkSync(join(t.dir, 'gone.dcm'), join(study, 'broken.dcm'));
    const viaLinks = await loadDicomDirectory(study);
    const direct = await loadDicomDirectory(SERIES);
    expect(viaLinks.volume.dims).toEqual(direct.volume.dims);
    expect(Array.from(viaLinks.volume.affine)).toEqual(Array.from(direct.volume.affine));
    expect(viaLinks.volume.data).toEqual(direct.volume.data);
    const notes = viaLinks.issues.map((i) => i.message);
    expect(notes).toContain('a symbolic link whose target cannot be opened (ENOENT) was skipped');
    expect(notes).toContain('a symbolic link to a folder already read (a loop) was not followed');
  });
});
