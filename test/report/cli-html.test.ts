/** The CLI's figure options and HTML outputs: analyze --html/--colormap/--orientation, usage errors, batch --html with 3 studies. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { decodePng } from './png-decode.js';

const tmp = mkdtempSync(join(tmpdir(), 'spect-cli-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const FIX = resolve(REPO_ROOT, 'fixtures');

describe('CLI figures and HTML', () => {
  it('analyze --html --colormap grey --orientation neurological writes the report, figure and thumbnail', async () => {
    const out = join(tmp, 'one');
    const r = await run('analyze', join(FIX, 'child-severe-hermes/study.dcm'), '--out', out, '--html', '--colormap', 'grey', '--orientation', 'neurological');
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.map((f) => f.replace(/^sp-[0-9a-f]{16}/, 'ID'))).toEqual(['ID.html', 'ID.json', 'ID.png', 'ID_thumb.png']);
    const html = readFileSync(join(out, files[0]!), 'utf8');
    expect(html).toContain('SEVERE BILATERAL CEREBELLAR HYPOPERFUSION');
    const png = decodePng(new Uint8Array(readFileSync(join(out, files[2]!))));
    expect(png.width).toBe(1600);
    // grey map: the panels are grey (r = g = b) at the centre of the first axial slice
    const o = 3 * (200 * 1600 + 110);
    expect(png.rgb[o]).toBe(png.rgb[o + 1]);
  }, 60_000);

  it('bad figure options are usage errors (exit 2)', async () => {
    const a = await run('analyze', join(FIX, 'child-severe-hermes/study.dcm'), '--colormap', 'rainbow');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--colormap must be uniform, hot-metal, grey/);
    const b = await run('analyze', join(FIX, 'child-severe-hermes/study.dcm'), '--orientation', 'sideways');
    expect(b.code).toBe(2);
  });

  it('batch --html: a study report each and report.html with 3 rows', async () => {
    const inDir = join(tmp, 'in');
    for (const [d, f] of [['adult-normal-ge', 'study.dcm'], ['child-severe-hermes', 'study.dcm'], ['adult-fovcut-nifti', 'study.nii']]) {
      mkdirSync(join(inDir, d!), { recursive: true });
      copyFileSync(join(FIX, d!, f!), join(inDir, d!, f!));
    }
    const out = join(tmp, 'batch');
    const r = await run('batch', inDir, '--out', out, '--html', '--workers', '1', '--no-progress');
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.html') && f !== 'report.html')).toHaveLength(3);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    expect(body.match(/<tr>/g)).toHaveLength(3);
    expect(body.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    for (const f of files.filter((x) => /^sp-[0-9a-f]{16}\.html$/.test(x))) expect(body).toContain(`<a href="${f}">`);
    for (const l of ['study-0001', 'study-0002', 'study-0003']) expect(body).toContain(l);
    expect(html).not.toContain(inDir); // no input path without --include-identifiers
  }, 120_000);
});
