/**
 * Risk indicators recorded as events, the durable trail playbooks act on. Each episode is recorded once: one
 * detractor response, one renewal date at risk; conditions that persist day after day (score_drop,
 * became_critical, usage_drop) are recorded again for an account only after a 30-day cooldown.
 */
import type { Database } from '../db/database.js';
import { sql } from '../db/sql.js';
import { addDays } from '../metrics/period.js';
import type { RiskIndicator, RiskKind } from './risk-indicators.js';

export const COOLDOWN_DAYS = 30;
const COOLDOWN_KINDS: readonly RiskKind[] = ['score_drop', 'became_critical', 'usage_drop'];

export interface RiskEvent extends RiskIndicator {
  readonly id: string;
  readonly configVersion: string;
  /** ISO timestamp of when Keel recorded it. */
  readonly recordedAt: string;
}

export interface RecordedRisks {
  readonly recorded: RiskEvent[];
  /** The same episode was already recorded (e.g. the date was recorded before). */
  readonly alreadyRecorded: number;
  /** Left out because the account had the same kind of event in the cooldown before. */
  readonly inCooldown: number;
}

export const riskEventId = (r: RiskIndicator): string => `${r.kind}:${r.accountId}:${r.episode ?? r.asOf}`;

/** Records one date's indicators; safe to repeat (nothing is recorded twice). */
export async function recordRiskEvents(
  db: Database,
  indicators: readonly RiskIndicator[],
  configVersion: string,
): Promise<RecordedRisks> {
  if (indicators.length === 0) return { recorded: [], alreadyRecorded: 0, inCooldown: 0 };
  const recordedAt = new Date().toISOString();
  return db.transaction(async (tx) => {
    const ids = indicators.map(riskEventId);
    const existing = new Set(
      (
        await tx.query<{ id: string }>(
          sql`SELECT id FROM risk_events WHERE id IN (${sql.join(ids.map((id) => sql`${id}`))})`,
        )
      ).map((r) => r.id),
    );
    const dates = [...new Set(indicators.map((r) => r.asOf))].sort();
    const from = addDays(dates[0] ?? '', -COOLDOWN_DAYS);
    const recent = await tx.query<{ account_id: string; kind: string; as_of: unknown }>(sql`
      SELECT account_id, kind, CAST(as_of AS TEXT) AS as_of FROM risk_events
      WHERE kind IN (${sql.join(COOLDOWN_KINDS.map((k) => sql`${k}`))}) AND as_of >= CAST(${from} AS DATE)`);
    const cooling = (r: RiskIndicator) =>
      COOLDOWN_KINDS.includes(r.kind) &&
      recent.some(
        (e) =>
          e.account_id === r.accountId &&
          e.kind === r.kind &&
          String(e.as_of) < r.asOf &&
          String(e.as_of) >= addDays(r.asOf, -COOLDOWN_DAYS),
      );
    const recorded: RiskEvent[] = [];
    let alreadyRecorded = 0;
    let inCooldown = 0;
    for (const r of indicators) {
      const id = riskEventId(r);
      if (existing.has(id)) alreadyRecorded++;
      else if (cooling(r)) inCooldown++;
      else recorded.push({ ...r, id, configVersion, recordedAt });
    }
    for (const e of recorded) {
      await tx.exec(sql`
        INSERT INTO risk_events (id, account_id, kind, as_of, detail, config_version, recorded_at)
        VALUES (${e.id}, ${e.accountId}, ${e.kind}, CAST(${e.asOf} AS DATE), ${e.detail}, ${e.configVersion},
                CAST(${recordedAt.replace('T', ' ').replace('Z', '')} AS TIMESTAMP))`);
    }
    return { recorded, alreadyRecorded, inCooldown };
  });
}

export interface RiskEventFilter {
  readonly accountId?: string;
  /** YYYY-MM-DD, inclusive. */
  readonly since?: string;
  readonly kind?: RiskKind;
}

/** Recorded events, newest first. */
export async function listRiskEvents(db: Database, filter: RiskEventFilter = {}): Promise<RiskEvent[]> {
  const where = [
    sql`1 = 1`,
    ...(filter.accountId ? [sql`account_id = ${filter.accountId}`] : []),
    ...(filter.since ? [sql`as_of >= CAST(${filter.since} AS DATE)`] : []),
    ...(filter.kind ? [sql`kind = ${filter.kind}`] : []),
  ];
  const rows = await db.query<Record<string, unknown>>(sql`
    SELECT id, account_id, kind, CAST(as_of AS TEXT) AS as_of, detail, config_version, CAST(recorded_at AS TEXT) AS recorded_at
    FROM risk_events WHERE ${sql.join(where, ' AND ')}
    ORDER BY as_of DESC, account_id, kind, id`);
  return rows.map((r) => {
    // The table's CHECK constraint admits only RISK_KINDS.
    const kind = String(r.kind) as RiskKind;
    const id = String(r.id);
    const prefix = `${kind}:${String(r.account_id)}:`;
    const episode = id.slice(prefix.length);
    return {
      id,
      accountId: String(r.account_id),
      kind,
      asOf: String(r.as_of).slice(0, 10),
      detail: String(r.detail),
      ...(episode !== String(r.as_of).slice(0, 10) ? { episode } : {}),
      configVersion: String(r.config_version),
      recordedAt: String(r.recorded_at).replace(' ', 'T').slice(0, 19) + 'Z',
    };
  });
}
