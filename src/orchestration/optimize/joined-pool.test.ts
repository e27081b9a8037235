import { describe, expect, it } from 'vitest';
import type { ValidationUnit } from '../validate/units.js';
import { InProcessPool } from './in-process-pool.js';
import type { EvaluationPool, SymbolJob } from './job.js';
import { JoinedPool } from './joined-pool.js';

/** A stand-in for the worker threads: records what it was given and finishes when told. */
class RecordingPool implements EvaluationPool {
  readonly threads = 1;
  readonly chunks: [number, number][] = [];
  readonly units: ValidationUnit[] = [];
  closed = false;
  private release: (() => void)[] = [];
  run(_job: SymbolJob, start: number, end: number): Promise<void> {
    this.chunks.push([start, end]);
    return new Promise((r) => this.release.push(r));
  }
  runUnit(unit: ValidationUnit): Promise<void> {
    this.units.push(unit);
    return Promise.resolve();
  }
  finishAll(): void {
    for (const r of this.release.splice(0)) r();
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** This thread's side: records chunks instead of evaluating them. */
class RecordingHere extends InProcessPool {
  readonly chunks: [number, number][] = [];
  override async run(_job: SymbolJob, start: number, end: number): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    this.chunks.push([start, end]);
  }
}

const job = {} as SymbolJob;

describe('JoinedPool', () => {
  it('counts this thread as one of its threads', () => {
    expect(new JoinedPool(new RecordingPool()).threads).toBe(2);
  });

  it('gives this thread a chunk whenever it has none, and the workers the others', async () => {
    const workers = new RecordingPool();
    const here = new RecordingHere();
    const pool = new JoinedPool(workers, here);
    // Four chunks at once (the scheduler keeps two per thread in flight): the first here, the rest to the workers.
    const running = [pool.run(job, 0, 10), pool.run(job, 10, 20), pool.run(job, 20, 30), pool.run(job, 30, 40)];
    await running[0];
    expect(here.chunks).toEqual([[0, 10]]);
    expect(workers.chunks).toEqual([[10, 20], [20, 30], [30, 40]]);
    // This thread is free again: the next chunk is its own.
    await pool.run(job, 40, 50);
    expect(here.chunks).toEqual([[0, 10], [40, 50]]);
    workers.finishAll();
    await Promise.all(running);
  });

  it('runs validation units here when free, else on the workers', async () => {
    const workers = new RecordingPool();
    const pool = new JoinedPool(workers, new RecordingHere());
    const ids = new Int32Array(2);
    const out = { finalReturn: new Float64Array(1).fill(NaN), maxDrawdown: new Float64Array(1), sharpe: new Float64Array(1), fanSteps: new Int32Array([0]), fan: new Float64Array(1) };
    const unit = (slot: number): ValidationUnit => ({
      kind: 'reshuffle', returns: new Float64Array([0.01, -0.02, 0.03]), seed: 1, blockLength: 1, annualization: 1, out, first: 0, end: 1, trace: { ids, slot },
    });
    const busy = pool.run(job, 0, 1); // this thread takes the chunk
    const onWorkers = pool.runUnit(unit(1));
    await busy;
    expect(workers.units.map((u) => u.trace?.slot)).toEqual([1]);
    await onWorkers;
    await pool.runUnit(unit(0));
    expect(ids[0]).toBe(1); // ran in this thread
    // Any order of the three trade returns compounds to the same final return.
    expect(out.finalReturn[0]).toBeCloseTo(1.01 * 0.98 * 1.03 - 1, 12);
    expect(workers.units.length).toBe(1);
  });

  it('units that arrive all at once go to whichever side frees first (two queued per worker thread)', async () => {
    const workers = new RecordingPool();
    // Slow worker threads: each unit takes 20 ms there; this thread's are tiny.
    workers.runUnit = (u: ValidationUnit) => {
      workers.units.push(u);
      return new Promise((r) => setTimeout(r, 20));
    };
    const pool = new JoinedPool(workers, new RecordingHere());
    const ids = new Int32Array(8);
    const out = { finalReturn: new Float64Array(1), maxDrawdown: new Float64Array(1), sharpe: new Float64Array(1), fanSteps: new Int32Array([0]), fan: new Float64Array(1) };
    const unit = (slot: number): ValidationUnit => ({
      kind: 'reshuffle', returns: new Float64Array([0.01, -0.02]), seed: 1, blockLength: 1, annualization: 1, out, first: 0, end: 1, trace: { ids, slot },
    });
    await Promise.all(Array.from({ length: 8 }, (_, i) => pool.runUnit(unit(i))));
    // At most two on the one worker thread at first; this thread took the rest as it freed up.
    expect(workers.units.length).toBeLessThanOrEqual(3);
    expect(Array.from(ids).filter((x) => x === 1).length).toBe(8 - workers.units.length);
    expect(Array.from(ids).filter((x) => x === 1).length).toBeGreaterThanOrEqual(5);
  });

  it('closes the worker threads with it', async () => {
    const workers = new RecordingPool();
    await new JoinedPool(workers).close();
    expect(workers.closed).toBe(true);
  });
});
