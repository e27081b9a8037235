import { main } from './cli.js';
import { runAsBin } from './run-as-bin.js';

/** The bin: runs the CLI with `argv`, then exits with its code (run-as-bin.ts). */
export function startBin(argv: readonly string[]): void {
  // A closed console (`backtester ... | head`) must not abort a run that is writing results.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
  // Let pending I/O finish before exiting with the code (never 0 for a run whose promise did not settle).
  runAsBin(main(argv));
}
