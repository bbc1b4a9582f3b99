/**
 * CSM capacity: each CSM's book of paying accounts by touch model against the seed report's ranges (accounts
 * per CSM: high touch 15–50, low touch 50–100, tech touch 100–250), its ARR, and the accounts nobody owns.
 *
 * A mixed book is measured in "full books": load = Σ accounts of a touch model / that model's maximum, so 1.0
 * is a full book; it is overloaded above 1.0 and underloaded when Σ accounts / that model's minimum is below
 * 1.0 (fewer accounts than the smallest book the seed describes).
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';

export const CSM_RANGES = { high: [15, 50], low: [50, 100], tech: [100, 250] } as const;
export const CSM_RANGES_SOURCE = 'seed report (reference/seed-report.md) §Establish Clear Ownership';

type TouchModel = keyof typeof CSM_RANGES;

export interface CsmBook {
  readonly csmId: string;
  readonly name: string;
  readonly accounts: Record<TouchModel | 'unknown', number>;
  readonly arr: number;
  /** Share of a full book (1.0 = at the top of the ranges). */
  readonly load: number;
  readonly status: 'overloaded' | 'underloaded' | 'within range';
}

export interface CapacityReport {
  readonly asOf: string;
  readonly books: CsmBook[];
  readonly unassigned: { accounts: Record<TouchModel | 'unknown', number>; arr: number };
  readonly ranges: typeof CSM_RANGES;
  readonly source: string;
}

const empty = (): Record<TouchModel | 'unknown', number> => ({ high: 0, low: 0, tech: 0, unknown: 0 });

export async function csmCapacity(db: Queryable, asOf: string): Promise<CapacityReport> {
  const rows = await db.query<{
    csm_id: string | null;
    csm_name: string | null;
    touch_model: string | null;
    accounts: number;
    mrr: number;
  }>(sql`
    WITH paying AS (
      SELECT account_id, SUM(mrr) AS mrr FROM subscriptions
      WHERE started_at <= CAST(${asOf} AS DATE) AND (ended_at IS NULL OR ended_at > CAST(${asOf} AS DATE))
      GROUP BY account_id HAVING SUM(mrr) > 0)
    SELECT g.id AS csm_id, g.name AS csm_name, a.touch_model, COUNT(*) AS accounts, CAST(SUM(p.mrr) AS DOUBLE PRECISION) AS mrr
    FROM paying p JOIN accounts a ON a.id = p.account_id LEFT JOIN agents g ON g.id = a.csm_id
    GROUP BY g.id, g.name, a.touch_model`);
  const books = new Map<
    string,
    { name: string; accounts: Record<TouchModel | 'unknown', number>; mrr: number }
  >();
  const unassigned = { accounts: empty(), mrr: 0 };
  for (const r of rows) {
    const model = (r.touch_model && r.touch_model in CSM_RANGES ? r.touch_model : 'unknown') as
      TouchModel | 'unknown';
    const target =
      r.csm_id === null
        ? unassigned
        : (books.get(r.csm_id) ?? { name: r.csm_name ?? r.csm_id, accounts: empty(), mrr: 0 });
    target.accounts[model] += Number(r.accounts);
    target.mrr += Number(r.mrr);
    if (r.csm_id !== null)
      books.set(
        r.csm_id,
        target as { name: string; accounts: Record<TouchModel | 'unknown', number>; mrr: number },
      );
  }
  const result: CsmBook[] = [...books.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([csmId, b]) => {
      const models = Object.keys(CSM_RANGES) as TouchModel[];
      const load = models.reduce((sum, m) => sum + b.accounts[m] / CSM_RANGES[m][1], 0);
      const minimum = models.reduce((sum, m) => sum + b.accounts[m] / CSM_RANGES[m][0], 0);
      const status = load > 1 ? 'overloaded' : minimum < 1 ? 'underloaded' : 'within range';
      return { csmId, name: b.name, accounts: b.accounts, arr: 12 * b.mrr, load, status };
    });
  return {
    asOf,
    books: result,
    unassigned: { accounts: unassigned.accounts, arr: 12 * unassigned.mrr },
    ranges: CSM_RANGES,
    source: CSM_RANGES_SOURCE,
  };
}
