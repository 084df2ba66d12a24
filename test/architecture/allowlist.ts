/**
 * The exceptions to the import rules of docs/architecture.md that exist today. This list may only
 * shrink: test/architecture/imports.test.ts fails on a violation not listed here, and on an entry
 * that is no longer needed (delete it when the step of issue 13 that removes it lands).
 */

/** Imports from one unit into another of the same or a higher layer: `from -> to`. */
export const LAYER_EXCEPTIONS: Readonly<Record<string, string>> = {
};

/**
 * Import cycles between files, each the sorted files (relative to src/) of one strongly connected
 * component, or a prefix that all of them share (`cli/`: any cycle among files of cli/).
 */
export const CYCLE_EXCEPTIONS: Readonly<Record<string, string>> = {
};
