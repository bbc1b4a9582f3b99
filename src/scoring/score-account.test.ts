import { describe, expect, it } from 'vitest';
import { HealthConfigSchema, type HealthConfig, type Scorecard } from './scorecard-schema.js';
import { bandOf, chooseScorecard, scaleScore, scoreAccount } from './score-account.js';

const BANDS = { healthy: 70, atRisk: 40 };
const identity = { worst: 0, best: 100 };

function card(weights: Record<string, number>): Scorecard {
  return {
    id: 'test',
    name: 'Test',
    measures: Object.entries(weights).map(([measure, weight]) => ({ measure, weight, scale: identity })),
  };
}

describe('health score arithmetic', () => {
  it('weights measure scores: 20/15/22 with 47/59/21 → 2287 / 57 = 40.12', () => {
    const result = scoreAccount(
      card({ a: 20, b: 15, c: 22 }),
      { a: 47, b: 59, c: 21 },
      { bands: BANDS, coverageFloor: 0.5 },
    );
    expect(result.score).toBeCloseTo(2287 / 57, 10);
    expect(result.score?.toFixed(2)).toBe('40.12');
    expect(result.band).toBe('at_risk');
    expect(result.coverage).toBe(1);
    // Each contribution is score × weight / 57, and they add up to the score.
    const expected = [(47 * 20) / 57, (59 * 15) / 57, (21 * 22) / 57];
    result.contributions.forEach((c, i) => expect(c.contribution).toBeCloseTo(expected[i] ?? NaN, 10));
  });

  it('drops NA measures and re-normalises the rest: 40/25/–/15 with 80/60/NA/40 → 5300 / 80', () => {
    const result = scoreAccount(
      card({ usage: 40, support: 25, sentiment: 20, exec: 15 }),
      { usage: 80, support: 60, sentiment: null, exec: 40 },
      { bands: BANDS, coverageFloor: 0.5 },
    );
    expect(result.score).toBeCloseTo(66.25, 10);
    expect(result.coverage).toBeCloseTo(0.8, 10);
    expect(result.contributions[2]).toMatchObject({
      measure: 'sentiment',
      raw: null,
      score: null,
      effectiveWeight: 0,
    });
    expect(result.contributions[0]?.effectiveWeight).toBeCloseTo(0.5, 10);
  });

  it('is NA below the coverage floor', () => {
    const result = scoreAccount(
      card({ usage: 40, support: 25, sentiment: 20, exec: 15 }),
      { exec: 90 },
      { bands: BANDS, coverageFloor: 0.5 },
    );
    expect(result).toMatchObject({ score: null, band: null });
    expect(result.coverage).toBeCloseTo(0.15, 10);
    expect(scoreAccount(card({ a: 1 }), {}, { bands: BANDS, coverageFloor: 0 }).score).toBeNull();
  });

  it('puts band edges in the upper band', () => {
    expect(bandOf(70, BANDS)).toBe('healthy');
    expect(bandOf(69.999, BANDS)).toBe('at_risk');
    expect(bandOf(40, BANDS)).toBe('at_risk');
    expect(bandOf(39.999, BANDS)).toBe('critical');
  });

  it('scales linearly, clamped, in either direction', () => {
    expect(scaleScore(0.5, { worst: 2, best: 0 })).toBe(75); // tickets per seat: fewer is better
    expect(scaleScore(3, { worst: 2, best: 0 })).toBe(0);
    expect(scaleScore(-1, { worst: 2, best: 0 })).toBe(100);
    expect(scaleScore(0.3, { worst: 0.1, best: 0.5 })).toBeCloseTo(50, 10);
  });
});

describe('scorecard configuration', () => {
  const config: HealthConfig = HealthConfigSchema.parse({
    version: 't1',
    bands: BANDS,
    coverageFloor: 0.5,
    scorecards: [
      {
        id: 'onboarding',
        name: 'Onboarding',
        when: { stage: ['onboarding'] },
        measures: [{ measure: 'm', weight: 1, scale: identity }],
      },
      {
        id: 'high_touch',
        name: 'High touch',
        when: { touchModel: ['high'] },
        measures: [{ measure: 'm', weight: 1, scale: identity }],
      },
      { id: 'default', name: 'Default', measures: [{ measure: 'm', weight: 1, scale: identity }] },
    ],
  });

  it('chooses the first matching scorecard, else the default', () => {
    expect(chooseScorecard(config, { stage: 'onboarding', touchModel: 'high' }).id).toBe('onboarding');
    expect(chooseScorecard(config, { stage: 'retention', touchModel: 'high' }).id).toBe('high_touch');
    expect(chooseScorecard(config, { stage: 'retention', touchModel: 'tech' }).id).toBe('default');
    expect(chooseScorecard(config, { stage: null, touchModel: null }).id).toBe('default');
  });

  it('refuses a configuration without a default, with bad weights or bands', () => {
    const bad = (patch: object) => HealthConfigSchema.safeParse({ ...config, ...patch }).success;
    expect(bad({ scorecards: config.scorecards.slice(0, 2) })).toBe(false);
    expect(bad({ bands: { healthy: 40, atRisk: 70 } })).toBe(false);
    expect(
      bad({
        scorecards: [{ id: 'default', name: 'D', measures: [{ measure: 'm', weight: -1, scale: identity }] }],
      }),
    ).toBe(false);
    expect(bad({})).toBe(true);
  });
});
