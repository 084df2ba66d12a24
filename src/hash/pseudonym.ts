/**
 * Stable study pseudonyms: a keyed hash (HMAC-SHA-256) of the Study Instance
 * UID (or, when a study has none, of its voxel data), so that a report can be
 * linked back to a study only by whoever holds the key.
 */
import { hmacSha256, toHex, utf8 } from './sha256.js';

/** Default key when the user gives none; set a project key to stop cross-project linkage. */
export const DEFAULT_PSEUDONYM_KEY = 'spect-perfusion-default-key';

/** "sp-" + the first 16 hex digits of HMAC-SHA-256(key, id). */
export function pseudonymFor(id: string, key: string = DEFAULT_PSEUDONYM_KEY): string {
  return 'sp-' + toHex(hmacSha256(utf8(key), utf8(id))).slice(0, 16);
}

/** Pseudonym of a volume's contents (when there is no Study Instance UID). */
export function pseudonymForData(data: Float32Array, key: string = DEFAULT_PSEUDONYM_KEY): string {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return 'sp-' + toHex(hmacSha256(utf8(key), bytes)).slice(0, 16);
}

/** The pseudonym of a study's series as reports and de-identified files name it. */
export function seriesPseudonym(studyUid: string, seriesUid: string | null, key: string = DEFAULT_PSEUDONYM_KEY): string {
  return pseudonymFor(`${studyUid}/${seriesUid ?? ''}`, key);
}
