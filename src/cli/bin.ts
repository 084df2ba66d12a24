#!/usr/bin/env node
/**
 * Entry point of the `spect-perfusion` command. The compile cache is enabled first and the
 * command line imported after it, so that every module of the command is cached
 * (compile-cache.ts); a static import would load them all before this line runs.
 */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
const { main } = await import('./main.js');
process.exitCode = await main();
