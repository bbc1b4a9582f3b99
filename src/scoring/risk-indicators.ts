/**
 * Risk indicators as of a date, the events playbooks act on:
 *   score_drop        the health score fell by 15 points or more since 30 days before
 *   became_critical   the band is critical now and was not 30 days before
 *   usage_drop        usage events in the last 7 days are more than 30 % below the 7 days before
 *   detractor         an NPS response of 0–6 in the last 7 days
 *   renewal_at_risk   an active line renews within 90 days while the account is at risk or critical
 * Scores "30 days before" are computed with the same scorecards, so the comparison is like for like.
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { addDays } from '../metrics/period.js';
import { computeHealth } from './compute-health.js';
import type { HealthConfig } from './scorecard-schema.js';

export const RISK_KINDS = [
  'score_drop',
  'became_critical',
  'usage_drop',
  'detractor',
  'renewal_at_risk',
] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

export interface RiskIndicator {
  readonly accountId: string;
  readonly kind: RiskKind;
  readonly asOf: string;
  /** What triggered it, in words a CSM can act on. */
  readonly detail: string;
  /** What makes two days' indicators the same episode: the NPS response, the renewal date; else none. */
  readonly episode?: string;
}

export async function riskIndicators(
  db: Queryable,
  config: HealthConfig,
  asOf: string,
): Promise<RiskIndicator[]> {
  const monthAgo = addDays(asOf, -30);
  const [now, before] = [await computeHealth(db, config, asOf), await computeHealth(db, config, monthAgo)];
  const previous = new Map(before.map((r) => [r.accountId, r]));
  const out: RiskIndicator[] = [];
  for (const r of now) {
    const p = previous.get(r.accountId);
    if (r.score !== null && p?.score !== null && p?.score !== undefined && p.score - r.score >= 15) {
      out.push({
        accountId: r.accountId,
        kind: 'score_drop',
        asOf,
        detail: `health ${p.score.toFixed(1)} → ${r.score.toFixed(1)} in 30 days`,
      });
    }
    if (r.band === 'critical' && p && p.band !== 'critical') {
      out.push({
        accountId: r.accountId,
        kind: 'became_critical',
        asOf,
        detail: `band ${p.band ?? 'NA'} → critical`,
      });
    }
  }
  const d = sql`CAST(${asOf} AS TIMESTAMP)`;
  const weekAgo = sql`CAST(${addDays(asOf, -7)} AS TIMESTAMP)`;
  const twoWeeksAgo = sql`CAST(${addDays(asOf, -14)} AS TIMESTAMP)`;
  const usage = await db.query<{ account_id: string; this_week: number; last_week: number }>(sql`
    SELECT account_id, COUNT(*) FILTER (WHERE occurred_at >= ${weekAgo}) AS this_week, COUNT(*) FILTER (WHERE occurred_at < ${weekAgo}) AS last_week
    FROM usage_events WHERE occurred_at >= ${twoWeeksAgo} AND occurred_at < ${d} GROUP BY account_id ORDER BY account_id`);
  for (const u of usage) {
    const [thisWeek, lastWeek] = [Number(u.this_week), Number(u.last_week)];
    if (lastWeek > 0 && thisWeek < 0.7 * lastWeek) {
      out.push({
        accountId: u.account_id,
        kind: 'usage_drop',
        asOf,
        detail: `usage events ${lastWeek} → ${thisWeek} week over week`,
      });
    }
  }
  const detractors = await db.query<{ account_id: string; score: number; id: string }>(sql`
    SELECT account_id, score, id FROM surveys
    WHERE kind = 'nps' AND score <= 6 AND account_id IS NOT NULL AND responded_at >= ${weekAgo} AND responded_at < ${d}
    ORDER BY account_id, id`);
  for (const s of detractors) {
    out.push({
      accountId: s.account_id,
      kind: 'detractor',
      asOf,
      detail: `NPS ${s.score} (response ${s.id})`,
      episode: s.id,
    });
  }
  const renewals = new Map(
    (
      await db.query<{ account_id: string; renewal: unknown }>(sql`
        SELECT account_id, MIN(renewal_date) AS renewal FROM subscriptions
        WHERE started_at <= CAST(${asOf} AS DATE) AND (ended_at IS NULL OR ended_at > CAST(${asOf} AS DATE))
          AND renewal_date >= CAST(${asOf} AS DATE) AND renewal_date <= CAST(${addDays(asOf, 90)} AS DATE)
        GROUP BY account_id`)
    ).map((r) => [
      r.account_id,
      (r.renewal instanceof Date ? r.renewal.toISOString() : String(r.renewal)).slice(0, 10),
    ]),
  );
  for (const r of now) {
    const renewal = renewals.get(r.accountId);
    if (renewal && (r.band === 'at_risk' || r.band === 'critical')) {
      out.push({
        accountId: r.accountId,
        kind: 'renewal_at_risk',
        asOf,
        detail: `renews ${renewal} while ${r.band} (${r.score?.toFixed(1)})`,
        episode: renewal,
      });
    }
  }
  return out.sort((a, b) =>
    a.accountId < b.accountId
      ? -1
      : a.accountId > b.accountId
        ? 1
        : RISK_KINDS.indexOf(a.kind) - RISK_KINDS.indexOf(b.kind),
  );
}
