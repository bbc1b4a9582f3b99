import { describe, expect, it } from 'vitest';
import { encodeCsvField, encodeCsvRow, unguardFormula } from './csv-encoding.js';

describe('CSV encoding', () => {
  it('quotes per RFC 4180 and tells NULL from the empty string', () => {
    expect(encodeCsvRow(['a', 'b,c', 'say "hi"', 'two\nlines', null, ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,""\n',
    );
    expect(encodeCsvField(' padded')).toBe('" padded"');
  });

  it('guards formula triggers reversibly', () => {
    const cases: [string, string][] = [
      ['=1+1', "'=1+1"],
      ['+49 30 1234', "'+49 30 1234"],
      ['-x', "'-x"],
      ['@cmd', "'@cmd"],
      ["'=already", "''=already"],
      ['plain', 'plain'],
      ["'quoted", "'quoted"],
    ];
    for (const [value, guarded] of cases) {
      expect(encodeCsvField(value, true)).toBe(guarded);
      expect(unguardFormula(guarded)).toBe(value);
    }
  });
});
