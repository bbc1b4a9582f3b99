import { describe, expect, it } from 'vitest';
import { bandsFor, BENCHMARKS, grade } from './benchmarks.js';

describe('benchmark grading', () => {
  it('grades higher-, lower-is-better and target-range bands at their edges', () => {
    expect(grade(1.15, BENCHMARKS.nrr.bands)).toBe('excellent');
    expect(grade(1.149, BENCHMARKS.nrr.bands)).toBe('good');
    expect(grade(1.03, BENCHMARKS.nrr.bands)).toBe('good');
    expect(grade(0.95, BENCHMARKS.nrr.bands)).toBe('fair');
    expect(grade(0.89, BENCHMARKS.nrr.bands)).toBe('poor');
    expect(grade(240, BENCHMARKS.first_response_time_minutes.bands)).toBe('excellent');
    expect(grade(241, BENCHMARKS.first_response_time_minutes.bands)).toBe('good');
    expect(grade(2000, BENCHMARKS.first_response_time_minutes.bands)).toBe('poor');
    expect(grade(0.78, BENCHMARKS.agent_utilization.bands)).toBe('good');
    expect(grade(0.88, BENCHMARKS.agent_utilization.bands)).toBe('fair');
    expect(grade(0.95, BENCHMARKS.agent_utilization.bands)).toBe('poor');
  });

  it('uses a segment’s own bands where the seed gives them', () => {
    // 40 days to first value: poor for a simple product (> 30), good for enterprise (30–60).
    expect(grade(40, bandsFor(BENCHMARKS.time_to_first_value_days, null))).toBe('poor');
    expect(grade(40, bandsFor(BENCHMARKS.time_to_first_value_days, 'enterprise'))).toBe('good');
    // 4% annual churn: excellent overall (< 5%), fair for enterprise (1–2% is the norm), good for SMB.
    expect(grade(0.04, bandsFor(BENCHMARKS.logo_churn_rate_annual, null))).toBe('excellent');
    expect(grade(0.04, bandsFor(BENCHMARKS.logo_churn_rate_annual, 'enterprise'))).toBe('fair');
    expect(grade(0.04, bandsFor(BENCHMARKS.logo_churn_rate_annual, 'smb'))).toBe('good');
    expect(bandsFor(BENCHMARKS.logo_churn_rate_annual, 'mid_market')).toBe(
      BENCHMARKS.logo_churn_rate_annual.bands,
    );
  });
});
