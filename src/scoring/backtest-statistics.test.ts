import { describe, expect, it } from 'vitest';
import { aucLowScoreChurns, backtestStatistics, type Observation } from './backtest-statistics.js';

const obs = (score: number, churned: boolean): Observation => ({
  score,
  churned,
  band: score >= 70 ? 'healthy' : score >= 40 ? 'at_risk' : 'critical',
});

describe('back-test statistics', () => {
  it('computes AUC as the share of churner–stayer pairs where the churner scored lower, ties half', () => {
    // Churners 20, 50; stayers 50, 80, 90. Pairs: (20,50) 1, (20,80) 1, (20,90) 1, (50,50) ½, (50,80) 1, (50,90) 1 → 5.5 / 6.
    const data = [obs(20, true), obs(50, true), obs(50, false), obs(80, false), obs(90, false)];
    expect(aucLowScoreChurns(data)).toBeCloseTo(5.5 / 6, 12);
    expect(aucLowScoreChurns([obs(10, false), obs(20, false)])).toBeNull();
    // A score that ranks churners highest is the worst possible: AUC 0.
    expect(aucLowScoreChurns([obs(90, true), obs(10, false)])).toBe(0);
  });

  it('reports lift, churn per band and calibration buckets', () => {
    // 20 observations: scores 5, 10, …, 100; the two lowest and one at 75 churn.
    const data = Array.from({ length: 20 }, (_, i) => obs(5 * (i + 1), i < 2 || i === 14));
    const stats = backtestStatistics(data);
    expect(stats).toMatchObject({ observations: 20, churners: 3, churnRate: 0.15 });
    // Lowest tenth = scores 5 and 10, both churned: 1.0 / 0.15.
    expect(stats.topDecileLift).toBeCloseTo(1 / 0.15, 12);
    // Critical (< 40): 5…35 = 7 scores, 2 churned; at risk 40…65 = 6, none; healthy 70…100 = 7, one (75).
    expect(stats.byBand).toEqual([
      { band: 'healthy', observations: 7, churnRate: 1 / 7 },
      { band: 'at_risk', observations: 6, churnRate: 0 },
      { band: 'critical', observations: 7, churnRate: 2 / 7 },
    ]);
    expect(stats.calibration[0]).toEqual({ from: 0, to: 10, observations: 1, meanScore: 5, churnRate: 1 });
    expect(stats.calibration.at(-1)).toEqual({
      from: 90,
      to: 100,
      observations: 3,
      meanScore: 95,
      churnRate: 0,
    });
  });
});
