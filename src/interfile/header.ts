/**
 * Interfile 3.3 header parsing (Todd-Pokropek, Cradduck & Deconinck, "A file
 * format for the exchange of nuclear medicine image data: a specification of
 * Interfile version 3.3", Nucl Med Commun 1992;13:673-699).
 *
 * Lines are `key := value`. Keys are case-insensitive; a leading `!` (marks a
 * required key) is dropped; whitespace is collapsed; `;` starts a comment line.
 */
import { ErrorCode, ImageFormatError, ResourceLimitError } from '../errors.js';
import { IssueList, type Issue } from '../issues.js';

export interface InterfileEntry {
  /** Normalised key: lower case, no `!`, single spaces, `name [1]` index spelling. */
  readonly key: string;
  readonly value: string;
  /** 1-based line number. */
  readonly line: number;
}

export interface InterfileHeader {
  /** All `key := value` lines in order (repeated keys included). */
  readonly entries: readonly InterfileEntry[];
  /** First value of every key. */
  readonly keys: Readonly<Record<string, string>>;
  readonly issues: readonly Issue[];
}

const MAX_HEADER_CHARS = 4 * 1024 * 1024;

/** Normalise an Interfile key (see module comment). */
export function normaliseKey(raw: string): string {
  return raw
    .replace(/^\s*!/, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\[\s*/g, ' [')
    .replace(/\s*\]/g, ']')
    .trim();
}

/**
 * Parse an Interfile number. Accepts ordinary decimals and exponents
 * (`1.5e3`) and the Fortran-style exponent without `E` used by some writers:
 * `+2.000000+00` = 2.0, `1.25-03` = 0.00125. Returns null if not a number.
 */
export function parseInterfileNumber(text: string): number | null {
  const s = text.trim();
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eEdD]([+-]?\d+)|([+-]\d+))?$/.exec(s);
  if (!m) return null;
  const exp = m[2] ?? m[3];
  const v = exp === undefined ? Number(m[1]) : Number(m[1]) * 10 ** Number(exp);
  return Number.isFinite(v) ? v : null;
}

/**
 * Split an Interfile header into keys and values.
 * @throws ImageFormatError INVALID_INTERFILE (no `!INTERFILE :=` first key)
 * @throws ResourceLimitError RESOURCE_LIMIT (header text over 4 MiB)
 */
export function parseInterfileHeader(text: string): InterfileHeader {
  if (text.length > MAX_HEADER_CHARS) {
    throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `Interfile header of ${text.length} characters is larger than ${MAX_HEADER_CHARS}`);
  }
  const issues = new IssueList();
  const entries: InterfileEntry[] = [];
  const keys = Object.create(null) as Record<string, string>;
  const lines = text.split(/\r\n|\r|\n/);
  let bad = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\0+$/, '');
    const t = line.trim();
    if (t === '' || t.startsWith(';')) continue;
    const at = t.indexOf(':=');
    if (at < 0) { bad++; continue; }
    const key = normaliseKey(t.slice(0, at));
    const value = t.slice(at + 2).trim();
    entries.push({ key, value, line: n + 1 });
    if (!Object.prototype.hasOwnProperty.call(keys, key)) keys[key] = value;
    else if (keys[key] !== value) issues.add('INTERFILE_REPEATED_KEY', 'info', `a key appears more than once (line ${n + 1}); the first value is used`);
    if (key === 'end of interfile') break;
  }
  if (entries[0]?.key !== 'interfile') {
    throw new ImageFormatError(ErrorCode.INVALID_INTERFILE, 'not an Interfile header: the first key must be "!INTERFILE :="');
  }
  if (bad > 0) issues.add('INTERFILE_BAD_LINES', 'warning', `${bad} header line(s) without ":=" were ignored`);
  return { entries, keys, issues: issues.toArray() };
}
