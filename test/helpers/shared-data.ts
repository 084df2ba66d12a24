/**
 * Access to ../shared/data (third-party test data, never copied into the repo).
 * Tests that need it use `describeShared`: they are skipped when the folder is
 * absent, unless REQUIRE_SHARED_DATA=1 (set by .ci/run), which makes a missing
 * folder a failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const SHARED_DATA = process.env.SPECT_SHARED_DATA ?? resolve(REPO_ROOT, '..', 'shared', 'data');
export const hasSharedData = existsSync(join(SHARED_DATA, 'README.md'));
const required = process.env.REQUIRE_SHARED_DATA === '1';

/** Absolute path of a file under shared/data. */
export function sharedPath(rel: string): string {
  return join(SHARED_DATA, rel);
}

/** Bytes of a file under shared/data as a Uint8Array. */
export function sharedBytes(rel: string): Uint8Array {
  const b = readFileSync(sharedPath(rel));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The golden JSON made with pydicom/nibabel/dcmtk for a shared file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- golden JSON written by Python tools: callers index it freely
export function golden<T = any>(rel: string): T {
  return JSON.parse(readFileSync(join(SHARED_DATA, 'reference', rel + '.json'), 'utf8')) as T;
}

/** describe() that skips without shared data, or fails when REQUIRE_SHARED_DATA=1. */
export function describeShared(name: string, fn: () => void): void {
  if (hasSharedData) {
    describe(name, fn);
  } else if (required) {
    describe(name, () => {
      it('needs ../shared/data (REQUIRE_SHARED_DATA=1)', () => {
        throw new Error(`shared data not found at ${SHARED_DATA}`);
      });
    });
  } else {
    // Never run `fn` here: vitest runs a skipped suite's body at collection
    // time, and bodies that read shared files would throw before the skip applies.
    describe.skip(name, () => {
      it('needs ../shared/data', () => undefined);
    });
  }
}
