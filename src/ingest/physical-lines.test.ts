import { describe, expect, it } from 'vitest';
import { LineMap } from './physical-lines.js';

describe('LineMap', () => {
  it('maps rows straight to lines when nothing spans lines or was refused', () => {
    const map = new LineMap({ headerLines: 1, refused: [], multiLine: [] });
    expect(map.lineOfRow(0)).toBe(2);
    expect(map.lineOfRow(9)).toBe(11);
  });

  it('skips refused records and counts line breaks inside quoted fields', () => {
    // File: 1 header; 2 row0; 3-5 row1 (two breaks); 6 refused record 4; 7 row2; 8-9 refused record 6 (one break); 10 row3.
    const map = new LineMap({
      headerLines: 1,
      refused: [
        { record: 4, breaks: 0 },
        { record: 6, breaks: 1 },
      ],
      multiLine: [{ row: 1, breaks: 2 }],
    });
    expect([0, 1, 2, 3].map((r) => map.lineOfRow(r))).toEqual([2, 3, 7, 10]);
    expect(map.lineOfRecord(4)).toBe(6);
    expect(map.lineOfRecord(6)).toBe(8);
  });

  it('numbers headerless formats from line 1', () => {
    expect(new LineMap({ headerLines: 0, refused: [], multiLine: [] }).lineOfRow(0)).toBe(1);
  });
});
