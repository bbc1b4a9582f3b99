/**
 * Rows that are valid but implausible (DESIGN §10) load; they are counted and shown with examples in the
 * import summary so users can trust or fix their data. Each check is declared once, as data.
 */
import { CANONICAL_TABLES, type TableName } from '../domain/canonical-tables.js';
import type { Staging } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';

export interface PlausibilityCheck {
  readonly table: TableName;
  readonly id: string;
  readonly message: string;
  /** Condition over the staged row's canonical columns; true = implausible. */
  readonly when: Sql;
}

const ORDERED_CHECKS: PlausibilityCheck[] = [
  {
    table: 'tickets',
    id: 'resolved_before_created',
    message: 'resolved before it was created',
    when: sql`resolved_at < created_at`,
  },
  {
    table: 'tickets',
    id: 'responded_before_created',
    message: 'first response before it was created',
    when: sql`first_response_at < created_at`,
  },
  {
    table: 'tickets',
    id: 'resolved_before_response',
    message: 'resolved before the first response',
    when: sql`resolved_at < first_response_at`,
  },
  {
    table: 'tickets',
    id: 'closed_before_created',
    message: 'closed before it was created',
    when: sql`closed_at < created_at`,
  },
  {
    table: 'subscriptions',
    id: 'ends_before_start',
    message: 'ends on or before it starts (no MRR counted)',
    when: sql`ended_at <= started_at`,
  },
  {
    table: 'trials',
    id: 'converted_before_start',
    message: 'converted before the trial started',
    when: sql`converted_at < started_at`,
  },
  {
    table: 'leads',
    id: 'qualified_before_created',
    message: 'qualified before it was created',
    when: sql`qualified_at < created_at`,
  },
  {
    table: 'agent_activity',
    id: 'handle_exceeds_available',
    message: 'handle time exceeds available time',
    when: sql`handle_seconds > available_seconds`,
  },
];

/** Every timestamp or date column more than a day after `now` is "in the future". */
function futureChecks(now: string): PlausibilityCheck[] {
  return CANONICAL_TABLES.flatMap((t) =>
    t.columns
      .filter(
        (c) =>
          c.type === 'timestamp' ||
          (c.type === 'date' && !['renewal_date', 'ended_at', 'close_date'].includes(c.name)),
      )
      .map((c) => ({
        table: t.name,
        id: `${c.name}_in_future`,
        message: `${c.name} is in the future`,
        when: sql`${sql.ident(c.name)} > CAST(${now} AS TIMESTAMP) + INTERVAL 1 DAY`,
      })),
  );
}

export interface PlausibilityWarning {
  readonly table: TableName;
  readonly check: string;
  readonly message: string;
  readonly rows: number;
  /** Keys of up to three example rows. */
  readonly examples: string[];
}

/** Checks that compare a row with the rest of its table (`from`, the staged rows). */
function relativeChecks(from: Sql): PlausibilityCheck[] {
  return [
    {
      table: 'subscriptions',
      id: 'mrr_outlier',
      message: 'MRR is over 100× the median subscription (cents for dollars? annual for monthly?)',
      when: sql`mrr > 100 * (SELECT median(mrr) FROM ${from} WHERE mrr > 0)`,
    },
  ];
}

/** The checks that apply to a table; their conditions are counted in the same scan that counts keys. */
export function plausibilityChecks(table: TableName, from: Sql, now: Date): PlausibilityCheck[] {
  const stamp = now.toISOString().replace('T', ' ').replace('Z', '');
  return [...ORDERED_CHECKS, ...relativeChecks(from), ...futureChecks(stamp)].filter(
    (c) => c.table === table,
  );
}

/** Up to three example keys of rows in `from` that fail `check`. */
export async function plausibilityExamples(
  staging: Staging,
  from: Sql,
  key: readonly string[],
  check: PlausibilityCheck,
): Promise<string[]> {
  const k = sql`concat_ws(' / ', ${sql.join(key.map((c) => sql`CAST(${sql.ident(c)} AS VARCHAR)`))})`;
  const rows = await staging.run<{ k: string }>(
    sql`SELECT ${k} AS k FROM ${from} WHERE ${check.when} ORDER BY k LIMIT 3`,
  );
  return rows.map((r) => r.k);
}
