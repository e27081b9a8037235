import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../csv/read-csv.js';
import { leadingCells, optimizationHeadline, plainCells } from './index-headline.js';

describe('optimization headline', () => {
  it('property: a line without quotes or CR splits into the cells parseCsvRows reads', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', '.', '-', ' ', '_', 'é'), maxLength: 6 });
    fc.assert(fc.property(fc.array(cell, { minLength: 0, maxLength: 12 }), (cells) => {
      const line = cells.join(',');
      expect(plainCells(line)).toEqual(parseCsvRows(line)[0] ?? []);
    }), { numRuns: 500 });
  });

  it('property: leadingCells cuts the first cells as plainCells splits them, the rest of the line one last cell', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', '.', '-', ' ', 'é'), maxLength: 4 });
    fc.assert(fc.property(fc.array(cell, { minLength: 0, maxLength: 12 }), fc.integer({ min: 1, max: 14 }), (cells, count) => {
      const line = cells.join(',');
      const all = plainCells(line);
      const want = all.length <= count ? all : [...all.slice(0, count), all.slice(count).join(',')];
      expect(leadingCells(line, count)).toEqual(want);
    }), { numRuns: 500 });
  });

  it('hand-worked: best row, row count and the values searched, quoted cells with commas and line breaks included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-headline-'));
    try {
      writeFileSync(join(dir, 'optimization_results.csv'), [
        'rank,evaluation,window,label,sharpe_ratio,total_return',
        '1,7,20,"a,b",1.5,0.25',
        '2,3,10,"two\nlines",1.25,0.5',
        '3,5,20,plain,,0.1',
        '',
      ].join('\n'));
      const html = await optimizationHeadline(dir);
      expect(html).toContain('rank 1 of 3');
      expect(html).toContain('<td>window</td><td>20</td><td class="text">10, 20</td>');
      expect(html).toContain('<td>label</td><td>a,b</td><td class="text">a,b, plain, two\nlines</td>');
      expect(html).toContain('1.50'); // the best Sharpe ratio
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('property: the same headline whatever the line ends (LF read whole; CRLF, a lone CR streamed as readline splits) and with or without a final line break', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-headline-ends-'));
    try {
      const cell = fc.oneof(fc.constantFrom('10', '20', '2.5', 'true', ''), fc.constantFrom('"a,b"', '"x\ny"', '"q""q"'));
      await fc.assert(fc.asyncProperty(fc.array(fc.tuple(cell, cell, fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 0, maxLength: 12 }),
        fc.boolean(), fc.boolean(), async (rows, blankLines, finalBreak) => {
          const lines = ['rank,evaluation,window,label,sharpe_ratio', ...rows.map(([a, b, s], i) => `${i + 1},${i + 1},${a},${b},${s}`)];
          if (blankLines) lines.splice(1, 0, '');
          const headline = async (eol: string) => {
            writeFileSync(join(dir, 'optimization_results.csv'), lines.join(eol) + (finalBreak ? eol : ''));
            return optimizationHeadline(dir);
          };
          const lf = await headline('\n');
          expect(await headline('\r\n')).toBe(lf.replace(/\r\n/g, '\n'));
          // Every line break a lone CR (readline ends lines there too): quoted breaks inside cells become CR as well.
          expect((await headline('\r')).replace(/\r/g, '\n')).toBe(lf);
        }), { numRuns: 150 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
