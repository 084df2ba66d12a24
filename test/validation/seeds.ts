/** Seeds of the validation cohorts, shared by test/validation/cohort.test.ts and bench/validate.ts. */
export const SEEDS = { a: 21, b: 22 } as const;
/** Studies per source (4 age groups x 4 classes x 4). */
export const COHORT_SIZE = 64;
