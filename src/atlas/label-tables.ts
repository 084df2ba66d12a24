/**
 * Parsers for the label tables that come with public atlases.
 *
 * - FSL atlas XML (FSL `atlasquery` format): `<label index="0" x=".." y=".." z="..">Caudate</label>`;
 *   in the summary (maxprob) image the voxel value is index + 1.
 * - AAL text (MRIcron `aal.nii.txt`): `1 Precentral_L 2001` (value, name, AAL code).
 * - MRIcron colour LUT: 768 bytes = 256 red, 256 green, 256 blue (colours only, no names).
 * - TSV (BIDS "dseg" label table): header with `index` and `name` columns (tab separated).
 * - JSON: `[{ "value"|"index": n, "name": s }, ...]` or `{ "n": "name", ... }`.
 *
 * Every parser returns labels with `value > 0`; the side is guessed from the
 * name (`_L`/`_R` suffix, `Left_`/`Right_` prefix, `Vermis` = midline).
 */
import { AtlasError, ErrorCode } from '../errors.js';
import type { AtlasLabel, LabelSide } from './types.js';

/** Largest label table accepted (lines / entries). */
export const MAX_LABELS = 32767;
/** Largest label table text accepted (characters). */
export const MAX_TABLE_CHARS = 8 * 1024 * 1024;

function bad(message: string): AtlasError {
  return new AtlasError(ErrorCode.INVALID_LABEL_TABLE, message);
}

function checkText(text: string, kind: string): void {
  if (typeof text !== 'string') throw bad(`${kind} label table must be text`);
  if (text.length > MAX_TABLE_CHARS) throw bad(`${kind} label table is larger than ${MAX_TABLE_CHARS} characters`);
}

/** Guess the hemisphere from a label name. */
export function sideFromName(name: string): LabelSide {
  const n = name.trim();
  if (/(^|[_\s.-])(L|Left|lh)$/i.test(n) || /^(Left|lh)[_\s.-]/i.test(n)) return 'L';
  if (/(^|[_\s.-])(R|Right|rh)$/i.test(n) || /^(Right|rh)[_\s.-]/i.test(n)) return 'R';
  return 'M';
}

function makeLabel(value: number, name: string, where: string): AtlasLabel {
  if (!Number.isInteger(value) || value <= 0 || value > 32767) throw bad(`${where}: label value ${value} is not an integer in 1..32767`);
  const nm = name.trim();
  if (nm.length === 0) throw bad(`${where}: empty label name`);
  return { value, name: nm, side: sideFromName(nm), group: 'unassigned' };
}

function finish(labels: AtlasLabel[], kind: string): AtlasLabel[] {
  if (labels.length === 0) throw bad(`${kind} label table has no labels`);
  const seen = new Set<number>();
  for (const l of labels) {
    if (seen.has(l.value)) throw bad(`${kind} label table lists value ${l.value} twice`);
    seen.add(l.value);
  }
  return labels.sort((a, b) => a.value - b.value);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return XML_ENTITIES[e.toLowerCase()] ?? '';
  });
}

/**
 * FSL atlas XML. Voxel value = `index` + 1 (the maxprob summary image convention).
 * @throws AtlasError INVALID_LABEL_TABLE when no `<label index=..>` element is found or values repeat
 */
export function parseFslAtlasXml(text: string): AtlasLabel[] {
  checkText(text, 'FSL XML');
  const re = /<label\b([^>]*)>([^<]*)<\/label>/g;
  const out: AtlasLabel[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (out.length >= MAX_LABELS) throw bad(`FSL XML has more than ${MAX_LABELS} labels`);
    const idx = /\bindex\s*=\s*["']\s*(-?\d+)\s*["']/.exec(m[1] ?? '');
    if (!idx) throw bad('FSL XML: <label> without an index attribute');
    out.push(makeLabel(Number(idx[1]) + 1, decodeXml(m[2] ?? ''), 'FSL XML'));
  }
  return finish(out, 'FSL XML');
}

/**
 * AAL-style text: one label per line, `value name [code]`, whitespace separated;
 * blank lines and lines starting with `#` are skipped.
 * @throws AtlasError INVALID_LABEL_TABLE on a line that is not `integer name ...`
 */
export function parseAalText(text: string): AtlasLabel[] {
  checkText(text, 'AAL text');
  const out: AtlasLabel[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (out.length >= MAX_LABELS) throw bad(`AAL text has more than ${MAX_LABELS} labels`);
    const m = /^(\d+)\s+(\S+)/.exec(line);
    if (!m) throw bad(`AAL text line ${i + 1} is not "value name": ${line.slice(0, 60)}`);
    out.push(makeLabel(Number(m[1]), m[2]!, `AAL text line ${i + 1}`));
  }
  return finish(out, 'AAL text');
}

/** RGB colour, 0-255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * MRIcron binary LUT: exactly 768 bytes, planar (256 R, then 256 G, then 256 B).
 * @throws AtlasError INVALID_LABEL_TABLE when the size is not 768 bytes
 */
export function parseMricronLut(bytes: Uint8Array): Rgb[] {
  if (bytes.length !== 768) throw bad(`MRIcron LUT must be 768 bytes (256 x RGB), got ${bytes.length}`);
  const out: Rgb[] = [];
  for (let i = 0; i < 256; i++) out.push([bytes[i]!, bytes[256 + i]!, bytes[512 + i]!]);
  return out;
}

/**
 * Tab-separated label table with a header row holding `index` (or `value`) and
 * `name` columns (BIDS dseg.tsv); other columns (e.g. `color`) are ignored.
 * @throws AtlasError INVALID_LABEL_TABLE without those columns or on a bad row
 */
export function parseLabelTsv(text: string): AtlasLabel[] {
  checkText(text, 'TSV');
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const head = (lines[0] ?? '').replace(/^\uFEFF/, '').split('\t').map((h) => h.trim().toLowerCase());
  const vi = head.findIndex((h) => h === 'index' || h === 'value' || h === 'label');
  const ni = head.indexOf('name');
  if (vi < 0 || ni < 0) throw bad('TSV label table needs a header with "index" and "name" columns');
  if (lines.length - 1 > MAX_LABELS) throw bad(`TSV has more than ${MAX_LABELS} labels`);
  const out: AtlasLabel[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cols = lines[i]!.split('\t');
    const v = (cols[vi] ?? '').trim();
    if (!/^\d+$/.test(v)) throw bad(`TSV row ${i + 1}: index "${v.slice(0, 20)}" is not an integer`);
    if (Number(v) === 0) continue; // background row, as some dseg tables list it
    out.push(makeLabel(Number(v), cols[ni] ?? '', `TSV row ${i + 1}`));
  }
  return finish(out, 'TSV');
}

/**
 * JSON label table: an array of `{ value | index, name }` or an object `{ "1": "name" }`.
 * @throws AtlasError INVALID_LABEL_TABLE on invalid JSON or entries
 */
export function parseLabelJson(text: string): AtlasLabel[] {
  checkText(text, 'JSON');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new AtlasError(ErrorCode.INVALID_LABEL_TABLE, 'label table is not valid JSON', { cause: e });
  }
  const out: AtlasLabel[] = [];
  if (Array.isArray(doc)) {
    if (doc.length > MAX_LABELS) throw bad(`JSON has more than ${MAX_LABELS} labels`);
    doc.forEach((e: unknown, i) => {
      if (typeof e !== 'object' || e === null) throw bad(`JSON entry ${i} is not an object`);
      const r = e as Record<string, unknown>;
      const v = r.value ?? r.index;
      if (typeof v !== 'number' || typeof r.name !== 'string') throw bad(`JSON entry ${i} needs a numeric "value" (or "index") and a string "name"`);
      if (v === 0) return;
      out.push(makeLabel(v, r.name, `JSON entry ${i}`));
    });
  } else if (typeof doc === 'object' && doc !== null) {
    const entries = Object.entries(doc as Record<string, unknown>);
    if (entries.length > MAX_LABELS) throw bad(`JSON has more than ${MAX_LABELS} labels`);
    for (const [k, name] of entries) {
      if (!/^\d+$/.test(k) || typeof name !== 'string') throw bad(`JSON key "${k.slice(0, 20)}" must be an integer mapped to a name`);
      if (Number(k) === 0) continue;
      out.push(makeLabel(Number(k), name, `JSON key ${k}`));
    }
  } else {
    throw bad('JSON label table must be an array or an object');
  }
  return finish(out, 'JSON');
}
