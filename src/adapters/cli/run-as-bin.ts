/**
 * How the bin entry turns the run's promise into the process's exit code: the code once the run
 * settles, after pending I/O finishes. Node exits with 0 when nothing is left to wait for, even if
 * the run's promise never settled (an awaited close that can no longer complete once every socket
 * is gone); that must never look like success, so it says so and exits 1 (an internal error).
 */
export function runAsBin(run: Promise<number>): void {
  let settled = false;
  run.then((code) => {
    settled = true;
    process.exitCode = code;
  });
  process.on('beforeExit', () => {
    if (!settled) {
      settled = true;
      process.stderr.write('Error: the run stopped before it finished (an operation it waited for can no longer complete). '
        + 'Anything not reported as written was not published. This is a bug: please report it with --debug.\n');
      process.exitCode = 1;
    }
    // Nothing is left to wait for (no pending I/O, no thread): exiting here spares the ~10–15 ms Node
    // spends tearing its environment and heap down when it exits by itself ('exit' handlers still run).
    process.exit();
  });
}
