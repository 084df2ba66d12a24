/**
 * No network and no code from data: a whole analysis (reader, codecs,
 * registration, report, figure, NIfTI writer, CLI) runs with every network
 * entry point of Node replaced by a trap, and the sources contain no
 * dynamic-code or network primitives.
 */
import dns from 'node:dns';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { figureFor } from '../../src/cli/figure-files.js';
import { main } from '../../src/cli/main.js';
import { readDicom, readDicomImage } from '../../src/dicom/index.js';
import { writeNifti } from '../../src/nifti/index.js';
import { reportToJson } from '../../src/report/json.js';
import { REPO_ROOT, hasSharedData, sharedBytes } from '../helpers/shared-data.js';
import { identifiedStudy } from './study.js';

const dir = mkdtempSync(join(tmpdir(), 'privacy-net-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Patch = [object, string];
const TARGETS: Patch[] = [
  [globalThis, 'fetch'],
  [net.Socket.prototype, 'connect'],
  [net, 'connect'],
  [net, 'createConnection'],
  [tls, 'connect'],
  [http, 'request'],
  [http, 'get'],
  [https, 'request'],
  [https, 'get'],
  [dns, 'lookup'],
  [dns, 'resolve'],
  [dns.promises, 'lookup'],
  [dns.promises, 'resolve'],
];
const WEB = ['WebSocket', 'XMLHttpRequest', 'EventSource'];

/** Run `fn` with every network entry point throwing; returns the names of those that were called. */
async function withoutNetwork(fn: () => Promise<void>): Promise<string[]> {
  const called: string[] = [];
  const saved: [object, string, PropertyDescriptor | undefined][] = [];
  const trap = (name: string) => function blocked(): never {
    called.push(name);
    throw new Error(`network access attempted: ${name}`);
  };
  for (const [obj, key] of TARGETS) {
    saved.push([obj, key, Object.getOwnPropertyDescriptor(obj, key)]);
    Object.defineProperty(obj, key, { value: trap(key), configurable: true, writable: true });
  }
  for (const key of WEB) {
    saved.push([globalThis, key, Object.getOwnPropertyDescriptor(globalThis, key)]);
    Object.defineProperty(globalThis, key, { value: trap(key), configurable: true, writable: true });
  }
  try {
    await fn();
  } finally {
    for (const [obj, key, d] of saved.reverse()) {
      if (d) Object.defineProperty(obj, key, d);
      else delete (obj as Record<string, unknown>)[key];
    }
  }
  return called;
}

describe('no network', () => {
  it('the traps work (a fetch is caught)', async () => {
    const called = await withoutNetwork(async () => {
      await expect(Promise.resolve().then(() => fetch('http://127.0.0.1:9/'))).rejects.toThrow(/network access attempted/);
    });
    expect(called).toEqual(['fetch']);
  });

  it('a full analysis (library and CLI) runs with networking disabled', async () => {
    const file = join(dir, 'study.dcm');
    writeFileSync(file, identifiedStudy());
    const called = await withoutNetwork(async () => {
      const v = await readDicom(new Uint8Array(readFileSync(file)));
      const r = analyzeStudy(v);
      expect(r.report.ratios.cerebellumToCortex).toBeGreaterThan(0.5);
      expect(reportToJson(r.report).length).toBeGreaterThan(100);
      expect(figureFor(r).length).toBeGreaterThan(100);
      expect(writeNifti(v, { gzip: true }).length).toBeGreaterThan(348);
      const out: string[] = [];
      const code = await main(['analyze', file, '--out', join(dir, 'out'), '--mni', '--json'], { stdout: (s) => void out.push(s), stderr: (s) => void out.push(s) });
      expect(code).toBe(0);
      if (hasSharedData) {
        // the WebAssembly codecs are initialised here too (JPEG-LS, JPEG 2000, JPEG lossless)
        for (const f of ['NM1_JLSL', 'NM1_J2KR', 'NM1_JPLL']) {
          const img = await readDicomImage(sharedBytes(`dicom/nm/${f}.dcm`));
          expect(img.frames).toBeGreaterThan(0);
        }
      }
    });
    expect(called).toEqual([]);
  }, 180_000);
});

describe('no code from data', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|cts|js|mjs)$/.test(n) && !n.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(join(REPO_ROOT, 'src'));

  /** Source without comments (block and line comments; string contents kept). */
  const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');

  const FORBIDDEN: [string, RegExp][] = [
    ['eval(', /(^|[^.\w$])eval\s*\(/],
    ['new Function(', /new\s+Function\s*\(/],
    ['Function(...) constructor call', /(^|[^.\w$])Function\s*\(\s*['"`]/],
    ['fetch(', /(^|[^.\w$])fetch\s*\(/],
    ['XMLHttpRequest', /XMLHttpRequest/],
    ['WebSocket', /WebSocket/],
    ['EventSource', /EventSource/],
    ['require( of a computed name', /(^|[^.\w$])require\s*\(\s*[^'"\s)]/],
    ['import( of a non-literal', /(^|[^.\w$])import\s*\(\s*(?!['"][^'"]*['"]\s*\))/],
    ['node:net / http / https / dns / tls import', /from\s+['"](node:)?(net|http|https|http2|dns|tls|dgram)['"]/],
    ['setTimeout/setInterval with a string', /set(Timeout|Interval)\s*\(\s*['"`]/],
  ];

  it(`src/ (${files.length} files) has no eval, Function constructor, network primitive or computed require/import`, () => {
    expect(files.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const f of files) {
      const lines = code(readFileSync(f, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        for (const [name, re] of FORBIDDEN) {
          // `typeof import('x')` type positions are literals and fine; the regex already requires a literal
          if (re.test(line)) hits.push(`${relative(REPO_ROOT, f)}:${i + 1}: ${name}: ${line.trim()}`);
        }
      });
    }
    expect(hits).toEqual([]);
  });

  it('the scanner catches each forbidden form', () => {
    const samples = ['eval(x)', 'new Function("a")', 'fetch(url)', 'new XMLHttpRequest()', 'new WebSocket(u)', 'require(name)', 'import(name)', "import(`./${x}`)", "import x from 'node:http'"];
    for (const s of samples) expect(FORBIDDEN.some(([, re]) => re.test(code(s))), s).toBe(true);
    for (const ok of ["import('fflate')", "const m = await import('jpeg-lossless-decoder-js');", 'x.evaluate(1)', 'prefetch(a)', '// fetch(x) in a comment']) {
      expect(FORBIDDEN.some(([, re]) => re.test(code(ok))), ok).toBe(false);
    }
  });
});
