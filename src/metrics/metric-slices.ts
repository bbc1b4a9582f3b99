/**
 * `--by`: the catalog cut by an account attribute (segment, touch model, region, plan, CSM) or by ticket
 * channel. A slice narrows the tables a query reads (through `TableRef`), so every metric is computed by the
 * same SQL as the whole; metrics whose data cannot be cut that way (costs, leads, agents by segment) are left out.
 */
import { tableSpec, type TableName } from '../domain/canonical-tables.js';
import type { Queryable } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';
import { unscoped, type QueryId, type TableRef } from './metric-queries.js';

export const DIMENSIONS = ['segment', 'touch_model', 'region', 'plan', 'csm', 'channel'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type SliceKind = 'account' | 'channel';

const ACCOUNT_COLUMN: Record<Exclude<Dimension, 'channel'>, string> = {
  segment: 'segment',
  touch_model: 'touch_model',
  region: 'region',
  plan: 'plan',
  csm: 'csm_id',
};

export const kindOf = (d: Dimension): SliceKind => (d === 'channel' ? 'channel' : 'account');

/** The slice kinds each query family can be cut by. */
export const SLICEABLE: Record<QueryId, readonly SliceKind[]> = {
  mrr_bridge: ['account'],
  revenue_retention: ['account'],
  logo_churn: ['account'],
  churn_types: ['account'],
  unit_economics: ['account'],
  adoption: ['account'],
  onboarding: ['account'],
  surveys: ['account'],
  tickets_created: ['account', 'channel'],
  tickets_resolved: ['account', 'channel'],
  backlog: ['account', 'channel'],
  service_levels: ['account', 'channel'],
  agent_activity: ['channel'],
  acquisition: [],
  // Account-keyed usage; the feature catalog it divides by is the product's and no slice narrows it.
  engagement: ['account'],
};

const matches = (column: Sql, value: string | null) =>
  value === null ? sql`${column} IS NULL` : sql`${column} = ${value}`;

/**
 * Tables narrowed to one slice value; `null` is the slice of rows where the attribute is empty. `base` is
 * what is narrowed — the tables themselves, or another slice's view of them (a segment filter and a channel
 * slice together).
 */
export function sliceRef(dimension: Dimension, value: string | null, base: TableRef = unscoped): TableRef {
  const narrowed = (name: TableName, alias: string | undefined, where: Sql): Sql =>
    sql`(SELECT * FROM ${base(name)} WHERE ${where}) AS ${sql.ident(alias ?? name)}`;
  if (dimension === 'channel') {
    const ticketsInChannel = sql`SELECT id FROM tickets WHERE ${matches(sql`channel`, value)}`;
    return (name, alias) => {
      if (name === 'tickets' || name === 'agent_activity')
        return narrowed(name, alias, matches(sql`channel`, value));
      if (name === 'surveys' || name === 'ticket_articles')
        return narrowed(name, alias, sql`ticket_id IN (${ticketsInChannel})`);
      return base(name, alias);
    };
  }
  const column = sql.ident(ACCOUNT_COLUMN[dimension]);
  const accountsInSlice = sql`SELECT id FROM accounts WHERE ${matches(column, value)}`;
  return (name, alias) => {
    if (name === 'accounts') return narrowed(name, alias, matches(column, value));
    if (tableSpec(name).columns.some((c) => c.name === 'account_id')) {
      return narrowed(name, alias, sql`account_id IN (${accountsInSlice})`);
    }
    return base(name, alias);
  };
}

/** The values a dimension takes in the workspace, in byte order, the empty value last. */
export async function sliceValues(db: Queryable, dimension: Dimension): Promise<(string | null)[]> {
  const source =
    dimension === 'channel'
      ? sql`SELECT DISTINCT channel AS v FROM tickets`
      : sql`SELECT DISTINCT ${sql.ident(ACCOUNT_COLUMN[dimension])} AS v FROM accounts`;
  const rows = await db.query<{ v: string | null }>(source);
  const values = rows.map((r) => r.v).filter((v): v is string => v !== null);
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return rows.some((r) => r.v === null) ? [...values, null] : values;
}
