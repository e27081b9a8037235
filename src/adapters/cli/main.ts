#!/usr/bin/env node
import { main } from './cli.js';
import { runAsBin } from './run-as-bin.js';

// A closed console (`backtester ... | head`) must not abort a run that is writing results.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

// The bin entry: run, then let pending I/O finish before exiting with the code (never 0 for a run
// whose promise did not settle).
runAsBin(main(process.argv.slice(2)));
