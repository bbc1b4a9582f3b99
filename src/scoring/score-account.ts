/**
 * The health-score arithmetic, pure: measure raw values → per-measure scores → a weighted 0–100 score with
 * its coverage and band, explained measure by measure so a user can redo the sum by hand.
 */
import type { HealthConfig, Scale, Scorecard } from './scorecard-schema.js';

export type Band = 'healthy' | 'at_risk' | 'critical';

export interface Contribution {
  readonly measure: string;
  /** The measure's raw value; null when the account has no data for it (NA). */
  readonly raw: number | null;
  readonly score: number | null;
  readonly weight: number;
  /** Weight after NA measures dropped out, as a share of 1. */
  readonly effectiveWeight: number;
  /** score × effective weight: the points this measure adds to the total. */
  readonly contribution: number;
}

export interface AccountScore {
  readonly scorecard: string;
  /** 0–100, or null when coverage is below the floor. */
  readonly score: number | null;
  readonly band: Band | null;
  /** Share of the scorecard's weight whose measures had data. */
  readonly coverage: number;
  readonly contributions: Contribution[];
}

/** Linear from `worst` (0) to `best` (100), clamped. */
export function scaleScore(raw: number, scale: Scale): number {
  const t = (raw - scale.worst) / (scale.best - scale.worst);
  return 100 * Math.min(1, Math.max(0, t));
}

export function bandOf(score: number, bands: HealthConfig['bands']): Band {
  return score >= bands.healthy ? 'healthy' : score >= bands.atRisk ? 'at_risk' : 'critical';
}

export function scoreAccount(
  scorecard: Scorecard,
  raw: Readonly<Record<string, number | null | undefined>>,
  config: Pick<HealthConfig, 'bands' | 'coverageFloor'>,
): AccountScore {
  const total = scorecard.measures.reduce((sum, m) => sum + m.weight, 0);
  const present = scorecard.measures.filter((m) => raw[m.measure] !== null && raw[m.measure] !== undefined);
  const presentWeight = present.reduce((sum, m) => sum + m.weight, 0);
  const coverage = total > 0 ? presentWeight / total : 0;
  const contributions = scorecard.measures.map((m): Contribution => {
    const value = raw[m.measure];
    if (value === null || value === undefined) {
      return {
        measure: m.measure,
        raw: null,
        score: null,
        weight: m.weight,
        effectiveWeight: 0,
        contribution: 0,
      };
    }
    const score = scaleScore(value, m.scale);
    const effectiveWeight = m.weight / presentWeight;
    return {
      measure: m.measure,
      raw: value,
      score,
      weight: m.weight,
      effectiveWeight,
      contribution: score * effectiveWeight,
    };
  });
  if (presentWeight === 0 || coverage < config.coverageFloor) {
    return { scorecard: scorecard.id, score: null, band: null, coverage, contributions };
  }
  const score = contributions.reduce((sum, c) => sum + c.contribution, 0);
  return { scorecard: scorecard.id, score, band: bandOf(score, config.bands), coverage, contributions };
}

/** The first scorecard whose conditions the account meets; the config guarantees a default. */
export function chooseScorecard(
  config: HealthConfig,
  account: { stage: string | null; touchModel: string | null },
): Scorecard {
  const match = config.scorecards.find(
    (s) =>
      (!s.when?.stage ||
        (account.stage !== null && (s.when.stage as readonly string[]).includes(account.stage))) &&
      (!s.when?.touchModel ||
        (account.touchModel !== null &&
          (s.when.touchModel as readonly string[]).includes(account.touchModel))),
  );
  const fallback = config.scorecards.find((s) => !s.when);
  if (!match && !fallback) throw new Error('health config has no default scorecard');
  return (match ?? fallback) as Scorecard;
}
