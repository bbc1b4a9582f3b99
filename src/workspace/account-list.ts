/**
 * The accounts list behind `keel accounts` and GET /api/accounts(.csv): every account on a date with its ARR,
 * renewal, lifecycle stage, health, 30-day health trend, open tickets and last use — filtered, sorted and paged.
 */
import type { Database } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';
import { SEGMENTS, TOUCH_MODELS } from '../domain/canonical-tables.js';
import { encodeCsvRow } from '../domain/csv-encoding.js';
import { AppError } from '../domain/errors.js';
import { lifecycleStages, STAGES, type Stage } from '../metrics/lifecycle-stages.js';
import { addDays } from '../metrics/period.js';
import { computeHealth } from '../scoring/compute-health.js';
import type { Band } from '../scoring/score-account.js';
import type { HealthConfig } from '../scoring/scorecard-schema.js';

export const BANDS = ['healthy', 'at_risk', 'critical'] as const;
/** `unscored`: not paying on the date, or too little data for a score. */
export const BAND_FILTERS = [...BANDS, 'unscored'] as const;
export type BandFilter = (typeof BAND_FILTERS)[number];
export type Segment = (typeof SEGMENTS)[number];
export type TouchModel = (typeof TOUCH_MODELS)[number];

/** The trend compares today's score with the one this many days before. */
export const TREND_LOOKBACK_DAYS = 30;
/** Moves of at most this many points either way are "flat": day-to-day noise, not a trend. */
export const TREND_DEAD_BAND = 3;
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export interface Trend {
  /** The score TREND_LOOKBACK_DAYS before; null when the account was not scored then. */
  readonly previous: number | null;
  readonly delta: number | null;
  readonly direction: 'up' | 'down' | 'flat' | null;
}

export interface AccountListRow {
  readonly id: string;
  readonly name: string;
  readonly segment: string | null;
  readonly region: string | null;
  readonly plan: string | null;
  readonly touchModel: string | null;
  readonly csm: { readonly id: string; readonly name: string | null } | null;
  /** Σ MRR of the lines live on the date × 12. */
  readonly arr: number;
  readonly paying: boolean;
  /** The earliest renewal date on or after the date among the lines live on it. */
  readonly renewalDate: string | null;
  readonly stage: Stage;
  readonly stageSince: string;
  /** 0–100 with one decimal; null when not paying or below the coverage floor. */
  readonly score: number | null;
  readonly band: Band | null;
  readonly trend: Trend;
  readonly openTickets: number;
  /** ISO timestamp of the last usage event before the date. */
  readonly lastSeen: string | null;
}

export interface AccountFilter {
  readonly segment?: readonly Segment[];
  readonly csm?: readonly string[];
  readonly band?: readonly BandFilter[];
  readonly stage?: readonly Stage[];
  readonly touchModel?: readonly TouchModel[];
  /** Renewal date within [date, date + N days]. */
  readonly renewalWithinDays?: number;
  /** Case-insensitive substring of the name or the id, taken literally (no wildcards). */
  readonly search?: string;
}

type SortValue = string | number | null;
const BAND_RANK: Record<Band, number> = { critical: 0, at_risk: 1, healthy: 2 };

/** The sortable columns: a whitelist from column name to the value compared (nulls always sort last). */
export const ACCOUNT_SORTS = {
  id: (r) => r.id,
  name: (r) => r.name,
  segment: (r) => r.segment,
  region: (r) => r.region,
  plan: (r) => r.plan,
  touchModel: (r) => r.touchModel,
  csm: (r) => r.csm?.name ?? r.csm?.id ?? null,
  arr: (r) => r.arr,
  paying: (r) => (r.paying ? 1 : 0),
  renewalDate: (r) => r.renewalDate,
  // Lifecycle order, not alphabetical: acquisition … churned.
  stage: (r) => STAGES.indexOf(r.stage),
  score: (r) => r.score,
  // Worst first when ascending, like the score.
  band: (r) => (r.band ? BAND_RANK[r.band] : null),
  trend: (r) => r.trend.delta,
  openTickets: (r) => r.openTickets,
  lastSeen: (r) => r.lastSeen,
} as const satisfies Record<string, (r: AccountListRow) => SortValue>;
export type AccountSort = keyof typeof ACCOUNT_SORTS;
export const ACCOUNT_SORT_COLUMNS = Object.keys(ACCOUNT_SORTS) as AccountSort[];

export interface AccountListRequest {
  readonly asOf: string;
  readonly filter?: AccountFilter;
  readonly sort?: AccountSort;
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly offset?: number;
}

export interface AccountListPage {
  readonly asOf: string;
  /** Accounts matching the filter, before paging. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly sort: AccountSort;
  readonly order: 'asc' | 'desc';
  readonly accounts: AccountListRow[];
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const round2 = (v: number) => Math.round(v * 100) / 100;
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** `t.` columns of a ticket open at the instant: created before it and not yet resolved or closed. */
export function ticketOpenAt(instant: Sql): Sql {
  // Without a resolution timestamp only the current status can tell; a solved ticket then counts as closed.
  return sql`(t.created_at < ${instant} AND CASE WHEN COALESCE(t.resolved_at, t.closed_at) IS NULL
    THEN t.status NOT IN ('solved', 'closed') ELSE COALESCE(t.resolved_at, t.closed_at) >= ${instant} END)`;
}

/** Per account: MRR of the lines live on the date and their next renewal (a CTE body over `subscriptions`). */
export function liveRevenueSql(asOf: string): Sql {
  const d = sql`CAST(${asOf} AS DATE)`;
  const live = sql`started_at <= ${d} AND (ended_at IS NULL OR ended_at > ${d})`;
  return sql`SELECT account_id,
      CAST(SUM(CASE WHEN ${live} THEN mrr ELSE 0 END) AS DOUBLE PRECISION) AS mrr,
      MIN(renewal_date) FILTER (WHERE ${live} AND renewal_date >= ${d}) AS next_renewal
    FROM subscriptions GROUP BY account_id`;
}

/** Direction of a score change with the dead band; null when either score is missing. */
export function trendOf(now: number | null, previous: number | null): Trend {
  if (now === null || previous === null) return { previous, delta: null, direction: null };
  const delta = round1(now - previous);
  const direction = delta > TREND_DEAD_BAND ? 'up' : delta < -TREND_DEAD_BAND ? 'down' : 'flat';
  return { previous: round1(previous), delta, direction };
}

/** The filtered, sorted accounts, all of them (the CSV export); `listAccounts` pages this. */
export async function accountRows(
  db: Database,
  config: HealthConfig,
  request: Omit<AccountListRequest, 'limit' | 'offset'>,
): Promise<AccountListRow[]> {
  const { asOf } = request;
  const filter = request.filter ?? {};
  const ts = sql`CAST(${asOf} AS TIMESTAMP)`;
  const where: Sql[] = [sql`1 = 1`];
  const inList = (column: Sql, values: readonly string[] | undefined) => {
    if (values && values.length > 0)
      where.push(sql`${column} IN (${sql.join(values.map((v) => sql`${v}`))})`);
  };
  inList(sql`a.segment`, filter.segment);
  inList(sql`a.csm_id`, filter.csm);
  inList(sql`a.touch_model`, filter.touchModel);
  if (filter.renewalWithinDays !== undefined) {
    where.push(sql`s.next_renewal <= CAST(${addDays(asOf, filter.renewalWithinDays)} AS DATE)`);
  }
  const search = filter.search?.trim();
  if (search) {
    // strpos, not LIKE: the text is matched literally, so % and _ in a name are just characters.
    where.push(
      sql`(strpos(LOWER(a.name), LOWER(${search})) > 0 OR strpos(LOWER(a.id), LOWER(${search})) > 0)`,
    );
  }
  const rows = await db.query<Record<string, unknown>>(sql`
    WITH s AS (${liveRevenueSql(asOf)}),
    open_tickets AS (
      SELECT t.account_id, COUNT(*) AS n FROM tickets t
      WHERE t.account_id IS NOT NULL AND ${ticketOpenAt(ts)} GROUP BY t.account_id),
    seen AS (SELECT account_id, MAX(occurred_at) AS last_seen FROM usage_events WHERE occurred_at < ${ts} GROUP BY account_id)
    SELECT a.id, a.name, a.segment, a.region, a.plan, a.touch_model, a.csm_id, g.name AS csm_name,
           COALESCE(s.mrr, 0) AS mrr, CAST(s.next_renewal AS TEXT) AS next_renewal,
           COALESCE(o.n, 0) AS open_tickets, ${db.dialect.timestampText(sql`seen.last_seen`)} AS last_seen
    FROM accounts a
    LEFT JOIN agents g ON g.id = a.csm_id
    LEFT JOIN s ON s.account_id = a.id
    LEFT JOIN open_tickets o ON o.account_id = a.id
    LEFT JOIN seen ON seen.account_id = a.id
    WHERE ${sql.join(where, ' AND ')}`);
  if (rows.length === 0) return [];

  const [stages, now, before] = await Promise.all([
    lifecycleStages(db, asOf),
    computeHealth(db, config, asOf),
    computeHealth(db, config, addDays(asOf, -TREND_LOOKBACK_DAYS)),
  ]);
  const stageOf = new Map(stages.map((s) => [s.accountId, s]));
  const healthNow = new Map(now.map((h) => [h.accountId, h]));
  const scoreBefore = new Map(before.map((h) => [h.accountId, h.score]));

  const all = rows.map((r): AccountListRow => {
    const id = String(r.id);
    const health = healthNow.get(id);
    const stage = stageOf.get(id);
    const mrr = Number(r.mrr);
    return {
      id,
      name: String(r.name),
      segment: text(r.segment),
      region: text(r.region),
      plan: text(r.plan),
      touchModel: text(r.touch_model),
      csm:
        r.csm_id === null || r.csm_id === undefined ? null : { id: String(r.csm_id), name: text(r.csm_name) },
      arr: round2(mrr * 12),
      paying: mrr > 0,
      renewalDate: text(r.next_renewal),
      stage: stage?.stage ?? 'acquisition',
      stageSince: stage?.since ?? asOf,
      score: health?.score === null || health === undefined ? null : round1(health.score),
      band: health?.band ?? null,
      trend: trendOf(health?.score ?? null, scoreBefore.get(id) ?? null),
      openTickets: Number(r.open_tickets),
      lastSeen: text(r.last_seen),
    };
  });
  const bands = filter.band;
  const stagesWanted = filter.stage;
  const kept = all.filter(
    (r) =>
      (!bands?.length || bands.includes(r.band ?? 'unscored')) &&
      (!stagesWanted?.length || stagesWanted.includes(r.stage)),
  );
  return sortAccounts(kept, request.sort ?? 'name', request.order ?? 'asc');
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Sorts by one whitelisted column; nulls last in both directions, ties by id so pages are stable. */
export function sortAccounts(
  rows: readonly AccountListRow[],
  sort: AccountSort,
  order: 'asc' | 'desc',
): AccountListRow[] {
  const value = ACCOUNT_SORTS[sort];
  const sign = order === 'desc' ? -1 : 1;
  return [...rows].sort((x, y) => {
    const a = value(x);
    const b = value(y);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const c = compareValues(a, b);
      if (c !== 0) return sign * c;
    }
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
}

export async function listAccounts(
  db: Database,
  config: HealthConfig,
  request: AccountListRequest,
): Promise<AccountListPage> {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const offset = request.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new AppError('usage', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  if (!Number.isInteger(offset) || offset < 0)
    throw new AppError('usage', 'offset must be a whole number ≥ 0');
  const sort = request.sort ?? 'name';
  const order = request.order ?? 'asc';
  const rows = await accountRows(db, config, { ...request, sort, order });
  return {
    asOf: request.asOf,
    total: rows.length,
    offset,
    limit,
    sort,
    order,
    accounts: rows.slice(offset, offset + limit),
  };
}

export const ACCOUNT_CSV_HEADER = [
  'id',
  'name',
  'segment',
  'region',
  'plan',
  'touch_model',
  'csm_id',
  'csm_name',
  'arr',
  'paying',
  'renewal_date',
  'stage',
  'stage_since',
  'health_score',
  'health_band',
  'score_30d_before',
  'trend_delta',
  'trend',
  'open_tickets',
  'last_seen',
] as const;
// Free-text columns get the spreadsheet formula guard; numbers, dates and enums cannot start a formula.
const GUARDED = ACCOUNT_CSV_HEADER.map((h) =>
  ['id', 'name', 'region', 'plan', 'csm_id', 'csm_name'].includes(h),
);

/** The rows as CSV (header first), written by Keel's CSV rules with the formula guard on free text. */
export function accountsCsv(rows: readonly AccountListRow[]): string {
  const num = (v: number | null) => (v === null ? null : String(v));
  return (
    encodeCsvRow([...ACCOUNT_CSV_HEADER]) +
    rows
      .map((r) =>
        encodeCsvRow(
          [
            r.id,
            r.name,
            r.segment,
            r.region,
            r.plan,
            r.touchModel,
            r.csm?.id ?? null,
            r.csm?.name ?? null,
            String(r.arr),
            r.paying ? 'true' : 'false',
            r.renewalDate,
            r.stage,
            r.stageSince,
            num(r.score),
            r.band,
            num(r.trend.previous),
            num(r.trend.delta),
            r.trend.direction,
            String(r.openTickets),
            r.lastSeen,
          ],
          GUARDED,
        ),
      )
      .join('')
  );
}

/**
 * A comma-separated list of allowed values (CLI flags and API query parameters share it); `name` is how the
 * caller spells the parameter, so the error names what the user typed.
 */
export function parseList<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (bad.length > 0) {
    throw new AppError(
      'usage',
      `${name} must be one or more of ${allowed.join(', ')} (comma-separated), not ${JSON.stringify(bad.join(','))}`,
    );
  }
  return items as T[];
}

export interface RawAccountFilter {
  readonly segment?: string | undefined;
  readonly csm?: string | undefined;
  readonly band?: string | undefined;
  readonly stage?: string | undefined;
  readonly touchModel?: string | undefined;
  readonly renewalWithinDays?: string | undefined;
  readonly search?: string | undefined;
}

/** Text filters (query string or flags) → a checked AccountFilter; `nameOf` spells each parameter for errors. */
export function parseAccountFilter(
  raw: RawAccountFilter,
  nameOf: (param: keyof RawAccountFilter) => string = (p) => p,
): AccountFilter {
  let renewalWithinDays: number | undefined;
  if (raw.renewalWithinDays !== undefined && raw.renewalWithinDays !== '') {
    renewalWithinDays = Number(raw.renewalWithinDays);
    if (!/^\d+$/.test(raw.renewalWithinDays.trim()) || renewalWithinDays > 3650)
      throw new AppError(
        'usage',
        `${nameOf('renewalWithinDays')} must be a whole number of days from 0 to 3650`,
      );
  }
  const csm = raw.csm
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (raw.search !== undefined && raw.search.length > 200)
    throw new AppError('usage', `${nameOf('search')} must be at most 200 characters`);
  const filter: AccountFilter = {
    segment: parseList(raw.segment, SEGMENTS, nameOf('segment')),
    csm: csm?.length ? csm : undefined,
    band: parseList(raw.band, BAND_FILTERS, nameOf('band')),
    stage: parseList(raw.stage, STAGES, nameOf('stage')),
    touchModel: parseList(raw.touchModel, TOUCH_MODELS, nameOf('touchModel')),
    renewalWithinDays,
    search: raw.search?.trim() || undefined,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AccountFilter;
}

/** A sort column by its name (API: `renewalDate`; the CLI also accepts `renewal_date`). */
export function parseAccountSort(value: string | undefined, name = 'sort'): AccountSort | undefined {
  if (value === undefined) return undefined;
  const camel = value.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  if (!(ACCOUNT_SORT_COLUMNS as string[]).includes(camel))
    throw new AppError(
      'usage',
      `${name} must be one of ${ACCOUNT_SORT_COLUMNS.join(', ')}, not ${JSON.stringify(value)}`,
    );
  return camel as AccountSort;
}
