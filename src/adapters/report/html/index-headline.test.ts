import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../csv/read-csv.js';
import { optimizationHeadline, plainCells } from './index-headline.js';

describe('optimization headline', () => {
  it('property: a line without quotes or CR splits into the cells parseCsvRows reads', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '1', '.', '-', ' ', '_', 'é'), maxLength: 6 });
    fc.assert(fc.property(fc.array(cell, { minLength: 0, maxLength: 12 }), (cells) => {
      const line = cells.join(',');
      expect(plainCells(line)).toEqual(parseCsvRows(line)[0] ?? []);
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
});
