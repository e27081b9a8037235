/** BASE-QUOTE_funding.csv: timestamp,rate rows; malformed rows are errors naming the line. */
import { describe, expect, it } from 'vitest';
import { parseFundingCsv } from './csv-funding.js';

describe('parseFundingCsv', () => {
  it('reads epoch-ms and ISO timestamps with their rates', () => {
    const s = parseFundingCsv('timestamp,rate\n1672531200000,0.0001\n2023-01-01T08:00:00Z,-0.00005\n', 'f.csv');
    expect(Array.from(s.time)).toEqual([Date.UTC(2023, 0, 1), Date.UTC(2023, 0, 1, 8)]);
    expect(Array.from(s.rate)).toEqual([0.0001, -0.00005]);
  });

  it('rejects a missing header, a bad rate, a percent-looking rate and time going backwards', () => {
    expect(() => parseFundingCsv('time,funding\n1,0.1\n', 'f.csv')).toThrow(/timestamp and rate/);
    expect(() => parseFundingCsv('timestamp,rate\n1672531200000,abc\n', 'f.csv')).toThrow(/line 2: rate "abc"/);
    expect(() => parseFundingCsv('timestamp,rate\n1672531200000,1.5\n', 'f.csv')).toThrow(/not a fraction/);
    expect(() => parseFundingCsv('timestamp,rate\n1672531200000,0.1\n1672531200000,0.1\n', 'f.csv')).toThrow(/line 3: timestamps must be strictly increasing/);
  });
});
