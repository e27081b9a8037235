#!/usr/bin/env node
import { startBin } from './bin.js';

// The CLI run module by module (dist/adapters/cli/main.js); the package's bin is the bundle's
// backtester.cjs (scripts/bundle.mjs), which calls the same startBin.
startBin(process.argv.slice(2));
