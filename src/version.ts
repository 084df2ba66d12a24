/**
 * The package version, taken from package.json when the library is built
 * (esbuild inlines the one field; tsx and vitest read it from the file), so
 * that it is written in one place only.
 */
import { version } from '../package.json';

/** Version of spect-perfusion (package.json `version`). */
export const VERSION: string = version;
