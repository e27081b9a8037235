import { describe, expect, it } from 'vitest';
import { isInteractive, ProgressBar, type ProgressStream } from './progress-bar.js';

function sink(isTTY: boolean, columns?: number): ProgressStream & { out: string[] } {
  const out: string[] = [];
  return { out, isTTY, columns, write: (s: string) => { out.push(s); return true; } };
}

const ESC = '\x1b';

describe('ProgressBar', () => {
  it('detects when a redrawn line is appropriate', () => {
    expect(isInteractive({ isTTY: true, write: () => true }, {})).toBe(true);
    expect(isInteractive({ isTTY: false, write: () => true }, {})).toBe(false);
    expect(isInteractive({ isTTY: true, write: () => true }, { NO_COLOR: '' })).toBe(false);
    expect(isInteractive({ isTTY: true, write: () => true }, { CI: 'true' })).toBe(false);
    expect(isInteractive({ isTTY: true, write: () => true }, { CI: '0' })).toBe(true);
    expect(isInteractive({ isTTY: true, write: () => true }, { TERM: 'dumb' })).toBe(false);
  });

  it('on a TTY redraws one line with bar, done/total, rate and ETA', () => {
    const s = sink(true);
    let t = 0;
    const bar = new ProgressBar({ stream: s, env: {}, now: () => t });
    bar.start('BTC/USDT 1h', 1000);
    t = 2000;
    bar.update(500, { pages: 1 });
    expect(s.out.at(-1)).toBe(`\r${ESC}[2KBTC/USDT 1h [############------------] 50% 500/1,000 250/s ETA 0:02 pages=1`);
    t = 2050;
    bar.update(600); // within 100 ms of the last draw: not redrawn
    expect(s.out.length).toBe(2);
    t = 4000;
    bar.update(1000);
    bar.finish();
    expect(s.out.at(-2)).toBe(`\r${ESC}[2KBTC/USDT 1h [########################] 100% 1,000/1,000 250/s in 0:04 pages=1`);
    expect(s.out.at(-1)).toBe('\n');
    expect(s.out.join('').split('\n').length).toBe(2); // a single line, then the newline
  });

  it('without a TTY (or with NO_COLOR / CI) prints plain lines at most every 10% or 5 s', () => {
    for (const [isTTY, env] of [[false, {}], [true, { NO_COLOR: '1' }], [true, { CI: 'true' }]] as const) {
      const s = sink(isTTY);
      let t = 0;
      const bar = new ProgressBar({ stream: s, env, now: () => t });
      bar.start('optimizing', 1000);
      for (let i = 1; i <= 1000; i++) {
        t += 1;
        bar.update(i);
      }
      bar.finish();
      const text = s.out.join('');
      expect(text).not.toContain(ESC);
      expect(s.out.length).toBe(1 + 10 + 1);
      expect(s.out[0]).toBe('optimizing: started, 1,000 to do\n');
      expect(s.out[1]).toBe('optimizing: 10% 100/1,000 1,000/s ETA 0:01\n');
      expect(s.out.at(-1)).toBe('optimizing: done, 1,000/1,000 in 0:01\n');
    }
  });

  it('plain mode also prints after 5 s without a 10% step; an unknown total shows counts only', () => {
    const s = sink(false);
    let t = 0;
    const bar = new ProgressBar({ stream: s, env: {}, now: () => t });
    bar.start('slow', 0);
    t = 6000;
    bar.update(3);
    t = 7000;
    bar.update(4);
    t = 12_000;
    bar.update(5);
    bar.finish();
    expect(s.out).toEqual(['slow: started\n', 'slow: 3 0.5/s\n', 'slow: 5 0.4/s\n', 'slow: done, 5 in 0:12\n']);
  });

  it('plain mode: a run that ends short of its total (interrupted) says stopped, not done', () => {
    const s = sink(false);
    let t = 0;
    const bar = new ProgressBar({ stream: s, env: {}, now: () => t });
    bar.start('optimizing', 1000);
    t = 2000;
    bar.update(420);
    bar.finish();
    expect(s.out.at(-1)).toBe('optimizing: stopped, 420/1,000 in 0:02\n');
  });

  it('cuts the line to the terminal width', () => {
    const s = sink(true, 20);
    const bar = new ProgressBar({ stream: s, env: {}, now: () => 0 });
    bar.start('a long label for a narrow terminal', 10);
    expect(s.out[0]).toBe(`\r${ESC}[2K${'a long label for a narrow terminal'.slice(0, 19)}`);
  });
});
