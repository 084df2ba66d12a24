/**
 * Text that leaves the library (error and issue messages, CLI text, summaries,
 * CSV cells) must not carry control characters from a file: a carriage return
 * or an ESC sequence in a Manufacturer or a file name could rewrite a terminal
 * line or inject colours and titles; bidirectional overrides can reorder what a
 * reader sees. Such characters are escaped visibly (`\x1b`, `\r`, `\u202e`), so
 * nothing is silently lost and nothing is interpreted. No imports: usable from
 * the core, the node entry and the CLI.
 *
 * Escaped: C0 controls U+0000-U+001F (except LF and TAB in `cleanText`), DEL
 * U+007F, C1 controls U+0080-U+009F, the bidirectional embeddings/overrides
 * U+202A-U+202E and isolates U+2066-U+2069, LINE and PARAGRAPH SEPARATOR
 * U+2028/U+2029, and lone surrogates (unpaired halves of a UTF-16 pair).
 */

// eslint-disable-next-line no-control-regex
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    default: {
      const n = c.charCodeAt(0);
      return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
    }
  }
}

/** One line of text: every control character (LF, CR and TAB included) escaped. */
export function cleanLine(s: string): string {
  return s.replace(UNSAFE_LINE, escapeChar);
}

/** Multi-line text: LF and TAB are kept, every other control character is escaped. */
export function cleanText(s: string): string {
  return s.replace(UNSAFE_TEXT, escapeChar);
}

/** True when `s` holds a character `cleanLine` would escape. */
export function hasControlChars(s: string): boolean {
  UNSAFE_LINE.lastIndex = 0;
  const r = UNSAFE_LINE.test(s);
  UNSAFE_LINE.lastIndex = 0;
  return r;
}

/**
 * `cleanLine` applied to every string inside `x` (objects, arrays), for JSON
 * error objects and details. Numbers, booleans and null are returned as they are.
 */
export function cleanDeep<T>(x: T, depth = 0): T {
  if (typeof x === 'string') return cleanLine(x) as T;
  if (x === null || typeof x !== 'object' || depth > 8 || ArrayBuffer.isView(x)) return x;
  if (Array.isArray(x)) return x.map((v) => cleanDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) out[cleanLine(k)] = cleanDeep(v, depth + 1);
  return out as T;
}

/**
 * One CSV cell's text, safe against formula injection (OWASP "CSV Injection"):
 * a text cell that begins with `=`, `+`, `-`, `@`, TAB or CR is prefixed with a
 * single quote so that spreadsheets show it as text; control characters are
 * escaped as in `cleanLine`. The caller still applies RFC 4180 quoting.
 * Numbers are not text cells: pass them through `String` instead.
 */
export function csvText(s: string): string {
  const guarded = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return cleanLine(guarded);
}
