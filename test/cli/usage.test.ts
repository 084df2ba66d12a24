/**
 * Issue 15, "The command line": every option mistake is a clear usage error
 * (exit 2, docs/errors.md) in the project's words, help printed because of a
 * mistake goes to stderr (stdout stays clean), -V prints the version.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/cli/args.js';
import { parseAtlasArg, atlasArgFiles } from '../../src/cli/atlas-arg.js';
import { analyzeOptionsFrom, yesNoArg } from '../../src/cli/analyze-options.js';
import { SpectError } from '../../src/errors.js';
import { VERSION } from '../../src/version.js';
import { FIX, run, tempDir } from './batch-helpers.js';

const GE = join(FIX, 'adult-normal-ge/study.dcm');
const t = tempDir('spect-usage-');
afterAll(t.cleanup);

/** The USAGE error `f` throws. */
function usageOf(f: () => unknown): SpectError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpectError);
    expect((e as SpectError).code).toBe('USAGE');
    return e as SpectError;
  }
  throw new Error('no error thrown');
}

describe('usage errors', () => {
  it('--json with --csv is refused, not silently JSON', async () => {
    const r = await run('analyze', GE, '--json', '--csv');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error USAGE: --json and --csv cannot be used together/);
    expect(r.err).toMatch(/see spect-perfusion analyze --help/);
  });

  it('options about written files without --out are refused (--mni, --html, --colormap, --orientation, --force)', async () => {
    for (const extra of [['--mni'], ['--html'], ['--colormap', 'grey'], ['--orientation', 'neurological'], ['--force']]) {
      const r = await run('analyze', GE, ...extra);
      expect(r.code, extra[0]).toBe(2);
      expect(r.err, extra[0]).toContain(`error USAGE: ${extra[0]} needs --out DIR`);
      expect(r.out).toBe('');
    }
  });

  it('parse: unknown options, missing values and values given to flags in the project\'s wording', () => {
    const o = { out: { type: 'string' }, json: { type: 'boolean' } } as const;
    expect(usageOf(() => parse(['--bogus'], o)).message).toBe('unknown option --bogus');
    expect(usageOf(() => parse(['-x'], o)).message).toBe('unknown option -x');
    expect(usageOf(() => parse(['--out'], o)).message).toMatch(/^option --out needs a value/);
    expect(usageOf(() => parse(['--out', '--json'], o)).message).toMatch(/^option --out needs a value .*--out=VALUE/);
    expect(usageOf(() => parse(['--json=yes'], o)).message).toBe('option --json takes no value');
    // a prototype key is not an option
    expect(usageOf(() => parse(['--constructor'], o)).message).toBe('unknown option --constructor');
    // what is right still parses
    expect(parse(['a', '--out', 'd', '--json', '--', '--b'], o)).toMatchObject({ values: { out: 'd', json: true }, positionals: ['a', '--b'] });
    expect(parse(['--out=-d'], o).values.out).toBe('-d');
  });

  it('end to end, no message in node:util wording', async () => {
    for (const args of [['analyze', GE, '--bogus'], ['analyze', GE, '--out'], ['batch', 'x', '--out', '--json'], ['info', GE, '--json=1'], ['merge', '--nope']]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^error USAGE: (unknown option|option --)/);
      expect(r.err).not.toMatch(/To specify a positional|ambiguous|argument missing|does not take an argument/);
    }
  });

  it('no command: the help goes to stderr with exit 2, stdout stays clean; --help and -h to stdout with exit 0', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.out).toBe('');
    expect(none.err).toMatch(/^spect-perfusion: brain perfusion SPECT/);
    for (const h of ['--help', '-h', 'help']) {
      const r = await run(h);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/Usage: spect-perfusion <command>/);
    }
    const unknown = await run('nonsense');
    expect(unknown.out).toBe('');
    expect(unknown.code).toBe(2);
  });

  it('-V, -v and --version print the version', async () => {
    for (const v of ['-V', '-v', '--version']) {
      const r = await run(v);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`spect-perfusion ${VERSION}\n`);
    }
  });

  it('--attenuation-corrected yes|no becomes AnalyzeOptions.attenuationCorrected; anything else is a usage error', async () => {
    expect(analyzeOptionsFrom({ 'attenuation-corrected': 'yes' }).attenuationCorrected).toBe(true);
    expect(analyzeOptionsFrom({ 'attenuation-corrected': 'no' }).attenuationCorrected).toBe(false);
    expect(analyzeOptionsFrom({ 'attenuation-corrected': 'NO' }).attenuationCorrected).toBe(false);
    expect('attenuationCorrected' in analyzeOptionsFrom({})).toBe(false);
    expect(yesNoArg(undefined, 'x')).toBeUndefined();
    expect(usageOf(() => yesNoArg('maybe', 'attenuation-corrected')).message).toBe("--attenuation-corrected must be yes or no, got 'maybe'");
    const r = await run('analyze', GE, '--attenuation-corrected', 'perhaps');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--attenuation-corrected must be yes or no/);
  });
});

describe('the --atlas grammar lives in the CLI (src/cli/atlas-arg.ts)', () => {
  it('parses each kind into the structured files of src/node/atlas.ts', () => {
    expect(parseAtlasArg('fsl:a.nii')).toEqual({ kind: 'fsl', image: 'a.nii' });
    expect(parseAtlasArg('FSL:a.nii,b.xml')).toEqual({ kind: 'fsl', image: 'a.nii', labels: 'b.xml' });
    expect(parseAtlasArg('aal:a.nii.gz,n.txt')).toEqual({ kind: 'aal', image: 'a.nii.gz', labels: 'n.txt' });
    expect(parseAtlasArg('suit:s.nii,l.tsv')).toEqual({ kind: 'suit', image: 's.nii', labels: 'l.tsv' });
    expect(parseAtlasArg('x.nii,l.tsv,g.json')).toEqual({ kind: 'custom', image: 'x.nii', labels: 'l.tsv', groups: 'g.json' });
    expect(atlasArgFiles('x.nii,l.tsv,g.json')).toEqual(['x.nii', 'l.tsv', 'g.json']);
    expect(atlasArgFiles('fsl:a.nii')).toEqual(['a.nii']);
  });

  it('a missing or extra part is a usage error, before any file is read', async () => {
    expect(usageOf(() => parseAtlasArg('aal:a.nii')).message).toMatch(/needs the name list/);
    expect(usageOf(() => parseAtlasArg('suit:a.nii')).message).toMatch(/needs the label table/);
    expect(usageOf(() => parseAtlasArg('x.nii,l.tsv')).message).toMatch(/needs a label table and a group mapping/);
    expect(usageOf(() => parseAtlasArg('fsl:')).message).toMatch(/needs the atlas image/);
    expect(usageOf(() => parseAtlasArg('fsl:a.nii,b.xml,c.xml')).message).toMatch(/at most 2/);
    // the files do not exist: the usage error comes first
    for (const cmd of [['analyze', GE], ['batch', t.dir, '--out', join(t.dir, 'out')]]) {
      const r = await run(...cmd, '--atlas', 'aal:/nonexistent/a.nii');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error USAGE: --atlas aal:ATLAS.nii,NAMES.txt needs the name list/);
    }
  });
});
