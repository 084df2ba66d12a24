/**
 * Identifier scanning for the privacy tests: the fake identifiers written by
 * the DICOM writer (FAKE_IDENTIFIERS) and their obvious variants, and
 * decoders for the text an output file can carry (PNG text chunks, NIfTI
 * header strings and extensions).
 */
import { gunzipSync, inflateSync } from 'fflate';
import { FAKE_IDENTIFIERS } from '../../src/dicom-write/index.js';

const F = FAKE_IDENTIFIERS;
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every identifying value written, as literal (case-insensitive) patterns, plus word-bounded short variants. */
export const IDENTIFIER_PATTERNS: readonly { readonly label: string; readonly re: RegExp }[] = (() => {
  const literal = new Set<string>(Object.values(F).filter((v): v is string => typeof v === 'string'));
  // obvious variants: name parts, ID fragments, dates in ISO form, UID stems
  for (const v of [
    'MRN-4471', '4471-9032', '44719032', 'MRN4471', '2022-03-14', '2022.03.14', '2025-06-11', '2025.06.11',
    '3680043.10.4471', 'St Example', 'Exampletown', 'Sample Street', 'EX4 7QT', '1632-960417', 'ACC-7730021', '7730021',
    'STUDY-5521', 'NMWS-EXROOM7', 'SN-88213', 'NHS-943', 'HOUSEMAN', 'GREGORIA', 'QUINCEY', 'MICHAELA', 'GREYSTOKE',
    'MEREDITH', 'WATTERSON', 'JOHANNA', 'STRANGEWAYS', 'TECHWORTH', 'TERRENCE', 'MARYANNE', 'JANIE', 'EXAMPLE-HIS',
    'RECORDS-SHELF', 'Jane Doe', 'DOE^JANE', 'DOE JANE', 'JANE DOE',
  ]) literal.add(v);
  const out: { label: string; re: RegExp }[] = [...literal].map((s) => ({ label: s, re: new RegExp(esc(s), 'i') }));
  // short name parts only as whole words (so "does" or "planes" do not match)
  for (const w of ['DOE', 'JANE']) out.push({ label: `word ${w}`, re: new RegExp(`(^|[^A-Za-z])${w}([^A-Za-z]|$)`, 'i') });
  return out;
})();

/** Labels of the identifier patterns found in `text`. */
export function findIdentifiers(text: string): string[] {
  return IDENTIFIER_PATTERNS.filter((p) => p.re.test(text)).map((p) => p.label);
}

/** Bytes as latin-1 text (every byte one character), for scanning binary files. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** Only the patterns of 8+ characters (for raw binary, where short ones could match by chance). */
export function findLongIdentifiers(bytes: Uint8Array): string[] {
  const t = latin1(bytes);
  return IDENTIFIER_PATTERNS.filter((p) => p.label.length >= 8 && !p.label.startsWith('word ') && p.re.test(t)).map((p) => p.label);
}

export interface PngChunk { readonly type: string; readonly data: Uint8Array }

/** The chunk list of a PNG (ISO/IEC 15948 5.3); throws on a malformed file. */
export function pngChunks(png: Uint8Array): PngChunk[] {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!sig.every((b, i) => png[i] === b)) throw new Error('not a PNG');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: PngChunk[] = [];
  let p = 8;
  while (p + 12 <= png.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(png[p + 4]!, png[p + 5]!, png[p + 6]!, png[p + 7]!);
    if (p + 12 + len > png.length) throw new Error('PNG chunk overruns the file');
    out.push({ type, data: png.subarray(p + 8, p + 8 + len) });
    p += 12 + len;
    if (type === 'IEND') break;
  }
  return out;
}

/** All text a PNG carries: tEXt, zTXt (inflated), iTXt (inflated when compressed), plus every ancillary chunk as latin-1. */
export function pngText(png: Uint8Array): string {
  const parts: string[] = [];
  for (const c of pngChunks(png)) {
    parts.push(c.type);
    if (c.type === 'IDAT' || c.type === 'IHDR' || c.type === 'IEND' || c.type === 'PLTE') continue;
    if (c.type === 'zTXt') {
      const nul = c.data.indexOf(0);
      parts.push(latin1(c.data.subarray(0, nul)), latin1(inflateSync(c.data.subarray(nul + 2))));
    } else if (c.type === 'iTXt') {
      const nul = c.data.indexOf(0);
      const compressed = c.data[nul + 1] === 1;
      let q = nul + 3;
      q = c.data.indexOf(0, q) + 1; // language tag
      q = c.data.indexOf(0, q) + 1; // translated keyword
      const body = c.data.subarray(q);
      parts.push(latin1(c.data.subarray(0, nul)), new TextDecoder().decode(compressed ? inflateSync(body) : body));
    } else {
      parts.push(latin1(c.data));
    }
  }
  return parts.join('\n');
}

/** NIfTI-1 text: descrip, aux_file, intent_name, and every extension's bytes (NIfTI-1 header fields at 148, 228, 328; extensions after byte 352). */
export function niftiText(file: Uint8Array): { descrip: string; auxFile: string; intentName: string; extensions: string[]; header: string } {
  const b = file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : file;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = dv.getInt32(0, true) === 348;
  const txt = (o: number, n: number) => latin1(b.subarray(o, o + n)).replace(/\0.*$/s, '');
  const voxOffset = dv.getFloat32(108, le);
  const extensions: string[] = [];
  if (b.length >= 352 && b[348] !== 0) {
    let p = 352;
    while (p + 8 <= voxOffset && p + 8 <= b.length) {
      const esize = dv.getInt32(p, le);
      if (esize < 16 || p + esize > b.length) break;
      extensions.push(latin1(b.subarray(p + 8, p + esize)));
      p += esize;
    }
  }
  return {
    descrip: txt(148, 80), auxFile: txt(228, 24), intentName: txt(328, 16), extensions,
    header: latin1(b.subarray(0, Math.min(b.length, Math.max(352, Math.floor(voxOffset))))),
  };
}
