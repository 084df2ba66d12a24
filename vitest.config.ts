import { defineConfig } from 'vitest/config';

/**
 * Three projects; `npm test` (vitest run) runs them all.
 * - unit: one module at a time on small synthetic data (`npm run test:unit`, under a minute).
 * - integration: whole analyses, registration, the CLI and its worker threads, simulated cohorts,
 *   fuzzing, browsers, shared vendor data, package builds (`npm run test:integration`).
 * - types: type tests of the public API (test/types/*.test-d.ts, checked by tsc, not run).
 * A new test file is a unit test unless it matches INTEGRATION.
 */
const INTEGRATION = [
  'test/analysis/**',
  'test/bench/**',
  'test/browser/**',
  'test/cli/**',
  'test/register/**',
  'test/robustness/**',
  'test/simulate/**',
  'test/validation/**',
  'test/dicom/shared.test.ts',
  'test/dicom/counts-coverage.test.ts',
  'test/dicom-pixels/codec-builds.test.ts',
  'test/dicom-pixels/fuzz.test.ts',
  'test/dicom-write/**',
  'test/interfile/fuzz.test.ts',
  'test/nifti/fuzz.test.ts',
  'test/nifti/writer.test.ts',
  'test/packaging/**',
  'test/privacy/deidentify-copy.test.ts',
  'test/privacy/network.test.ts',
  'test/privacy/outputs.test.ts',
  'test/report/cli-html.test.ts',
  'test/report/html-chromium.test.ts',
  'test/report/figures.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION } },
      { extends: true, test: { name: 'integration', include: INTEGRATION.map((g) => (g.endsWith('/**') ? `${g}/*.test.ts` : g)) } },
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './test/types/tsconfig.json', ignoreSourceErrors: true },
        },
      },
    ],
  },
});
