#!/usr/bin/env node
/** Entry point of the `spect-perfusion` command. */
import { main } from './main.js';

process.exitCode = await main();
