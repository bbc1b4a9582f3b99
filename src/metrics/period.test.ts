import { describe, expect, it } from 'vitest';
import { addMonths, lastCompleteMonth, monthsOf, parsePeriod } from './period.js';

describe('periods', () => {
  it('parses months, quarters and years as half-open ranges', () => {
    expect(parsePeriod('2025-06')).toEqual({ label: '2025-06', start: '2025-06-01', end: '2025-07-01' });
    expect(parsePeriod('2025-Q4')).toEqual({ label: '2025-Q4', start: '2025-10-01', end: '2026-01-01' });
    expect(parsePeriod('2024')).toEqual({ label: '2024', start: '2024-01-01', end: '2025-01-01' });
    expect(parsePeriod('2025-13')).toBeNull();
    expect(parsePeriod('June')).toBeNull();
  });

  it('steps months across year ends both ways', () => {
    expect(addMonths('2025-11-17', 2)).toBe('2026-01-01');
    expect(addMonths('2025-01-01', -12)).toBe('2024-01-01');
    expect(addMonths('2025-03-01', -3)).toBe('2024-12-01');
    expect(monthsOf(parsePeriod('2025-Q1')!).map(([s]) => s)).toEqual([
      '2025-01-01',
      '2025-02-01',
      '2025-03-01',
    ]);
  });

  it('defaults to the last complete month before the latest data', () => {
    expect(lastCompleteMonth('2026-12-03T10:00:00Z')).toEqual({
      label: '2026-11',
      start: '2026-11-01',
      end: '2026-12-01',
    });
  });
});
