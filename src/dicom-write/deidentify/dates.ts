/** Day arithmetic for the Modified Dates option (PS3.15 E.3.6): DA values shifted by whole days, UTC. */
import { DicomError, ErrorCode } from '../../errors.js';

const MS_PER_DAY = 86_400_000;

/** YYYYMMDD (or YYYY-MM-DD / YYYY.MM.DD) to a UTC day number, or null. */
export function dayNumber(date: string): number | null {
  const m = /^(\d{4})[-.]?(\d{2})[-.]?(\d{2})$/.exec(date.trim());
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const t = Date.UTC(Number(m[1]), month - 1, day);
  return Number.isFinite(t) ? t / MS_PER_DAY : null;
}

/**
 * A UTC day number as DA (YYYYMMDD).
 * @throws DicomError INVALID_PARAMETER (outside years 1..9999)
 */
export function formatDay(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) throw new DicomError(ErrorCode.INVALID_PARAMETER, 'date shift moves a date outside years 1..9999');
  return String(y).padStart(4, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');
}

/**
 * A DA or DT value (possibly several, '\'-separated) shifted by `days`; DT
 * values keep only their date (the time of day is dropped). Null when a value
 * is not a full date.
 * @throws DicomError INVALID_PARAMETER (a shifted date outside years 1..9999)
 */
export function shiftDateValue(text: string, vr: 'DA' | 'DT', days: number): string | null {
  const out: string[] = [];
  for (const v of text.split('\\')) {
    const t = v.trim();
    const date = vr === 'DT' ? /^(\d{8})/.exec(t)?.[1] : /^\d{8}$/.test(t) ? t : undefined;
    if (date === undefined) return null;
    const n = dayNumber(date);
    if (n === null) return null;
    out.push(formatDay(n + days));
  }
  return out.join('\\');
}
