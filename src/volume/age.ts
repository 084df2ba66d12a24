/**
 * Ages: the DICOM Age String (AS, PS3.5 section 6.2: `nnnD`, `nnnW`, `nnnM`,
 * `nnnY`) and plain years. One parser for every place that reads an age: DICOM
 * Patient's Age, NIfTI JSON sidecars (`PatientAge` as written by dcm2niix),
 * batch manifests and the `--age` option.
 *
 * Conversion to years: Y = n, M = n / 12, W = 7 n / 365.25, D = n / 365.25
 * (Julian year of 365.25 days), so `009M` is 0.75 y and `010D` is 0.02738 y.
 * The standard writes exactly three digits; one to three digits are accepted
 * (`2Y`, `10D`, as written by some tools and by people), case-insensitive,
 * with optional spaces between the number and the unit.
 */

/** Oldest age accepted as plausible, in years. */
export const MAX_AGE_YEARS = 130;

const AS_RE = /^(\d{1,3})\s*([DWMY])$/i;
const YEARS_RE = /^(?:\d{1,3}(?:\.\d*)?|\.\d+)$/;

/** Age in years from a DICOM Age String (`006M`, `045Y`, `3W`, `10D`), or null when it is not one. */
export function parseAgeString(text: string): number | null {
  const m = AS_RE.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  switch (m[2]!.toUpperCase()) {
    case 'Y': return n;
    case 'M': return n / 12;
    case 'W': return (n * 7) / 365.25;
    default: return n / 365.25;
  }
}

/**
 * Age in years from an Age String or plain decimal years (`2`, `0.75`, `45.5`).
 * Null when the text is neither, or the age is above `MAX_AGE_YEARS`.
 */
export function parseAgeYears(text: string): number | null {
  const t = text.trim();
  const as = parseAgeString(t);
  const years = as ?? (YEARS_RE.test(t) ? Number(t) : null);
  if (years === null || !Number.isFinite(years) || years < 0 || years > MAX_AGE_YEARS) return null;
  return years;
}
