/**
 * Usage facts: usage_events re-keyed for analysis (migration 0007). Grouping millions of events by string ids
 * is what made the usage metrics slow; the facts hold the same events as integer keys in time order, so a
 * month's MAU, stickiness, adoption and engagement group integers and read only that month's rows.
 *
 * usage_events stays the source of truth. Each write to it marks the facts dirty from the earliest event time
 * it touched, in the writing transaction (`markUsageFactsDirty`); readers call `ensureUsageFacts` first,
 * which rebuilds the facts from that time on. A reader never sees facts older than the events it could read.
 */
import { AppError } from '../domain/errors.js';
import type { Database, Queryable } from './database.js';
import { sql, type Sql } from './sql.js';

/** "Everything": the dirty mark of a change whose earliest time is not known (an update of existing rows). */
export const ALL_TIME = '0001-01-01 00:00:00';

/**
 * Marks the facts dirty from `from` (a SQL timestamp expression, or ALL_TIME) unless they already are from
 * earlier. Run it in the transaction that writes usage_events, so the mark commits with the rows.
 */
export async function markUsageFactsDirty(tx: Queryable, from: Sql | string): Promise<void> {
  const at = typeof from === 'string' ? sql`CAST(${from} AS TIMESTAMP)` : from;
  await tx.exec(sql`
    UPDATE usage_facts_state SET dirty_from = CASE
      WHEN dirty_from IS NULL OR ${at} < dirty_from THEN ${at} ELSE dirty_from END
    WHERE id = 1`);
}

/**
 * What readers of the facts call first: refreshes them when usage changed. Only a `Database` can refresh (a
 * transaction); a bare connection gets an error if the facts are out of date.
 */
export async function ensureUsageFacts(db: Queryable): Promise<void> {
  if (isDatabase(db)) {
    await refreshUsageFacts(db);
    return;
  }
  const [state] = await db.query<{ dirty: boolean }>(
    sql`SELECT dirty_from IS NOT NULL AS dirty FROM usage_facts_state WHERE id = 1`,
  );
  if (state?.dirty)
    throw new AppError('database', 'the usage facts are out of date and this connection cannot refresh them');
}

const isDatabase = (db: Queryable): db is Database =>
  typeof (db as Partial<Database>).transaction === 'function';

/** Refreshes begun per database in this process: a mark remembered before one began may have been cleared. */
const refreshes = new WeakMap<Database, number>();

/** A mark written in a transaction, to remember once that transaction committed. */
export interface PendingMark {
  readonly from: string;
  readonly refreshes: number;
}

/**
 * Marking for a steady writer (the tracking endpoint, one transaction per group of requests): on an exclusive
 * writer, a mark this process committed, with no refresh begun since, still holds, so a later write from a
 * time at or after it needs no second UPDATE of the state row — the tracking commit's hot path. Elsewhere it
 * always marks.
 */
export class UsageFactsMarker {
  private known: PendingMark | null = null;

  constructor(private readonly db: Database) {}

  /** In the writing transaction: marks the facts dirty from `earliest` unless that is known to hold already. */
  async mark(tx: Queryable, earliest: string): Promise<PendingMark | null> {
    const now = refreshes.get(this.db) ?? 0;
    const known = this.known;
    if (this.db.exclusiveWriter && known && known.refreshes === now && known.from <= earliest) return null;
    await markUsageFactsDirty(tx, earliest);
    return { from: earliest, refreshes: now };
  }

  /** After the transaction that wrote `mark` committed. */
  committed(mark: PendingMark | null): void {
    if (mark === null || (refreshes.get(this.db) ?? 0) !== mark.refreshes) return;
    const known = this.known;
    if (!known || known.refreshes !== mark.refreshes || mark.from < known.from) this.known = mark;
  }
}

export interface UsageFactsRefresh {
  /** The time the rebuild started from, or null when the facts were current. */
  readonly from: string | null;
  /** Fact rows written. */
  readonly rows: number;
}

/**
 * Brings the facts up to date with usage_events: deletes the facts at or after the dirty mark, adds keys for
 * accounts, users and features not seen before, and re-derives those facts in time order. A no-op (one small
 * read) when nothing changed. Concurrent refreshes are safe: the state row is locked first, and a refresh
 * that finds it clean after the lock does nothing.
 */
export async function refreshUsageFacts(db: Database): Promise<UsageFactsRefresh> {
  const [state] = await db.query<{ dirty: boolean }>(
    sql`SELECT dirty_from IS NOT NULL AS dirty FROM usage_facts_state WHERE id = 1`,
  );
  if (!state?.dirty) return { from: null, rows: 0 };
  return db.transaction(async (tx) => {
    refreshes.set(db, (refreshes.get(db) ?? 0) + 1); // marks remembered before now may be cleared below
    // Taking the row lock (PostgreSQL) before reading the mark: a second refresher waits here, then finds it clean.
    const [locked] = await tx.query<{ from: string | null }>(sql`
      UPDATE usage_facts_state SET dirty_from = dirty_from WHERE id = 1
      RETURNING CAST(dirty_from AS TEXT) AS "from"`);
    const from = locked?.from ?? null;
    if (from === null) return { from: null, rows: 0 };
    const since = sql`CAST(${from} AS TIMESTAMP)`;
    const changed = sql`(SELECT * FROM usage_events WHERE occurred_at >= ${since})`;
    await tx.exec(sql`DELETE FROM usage_facts WHERE occurred_at >= ${since}`);
    await tx.exec(sql`
      INSERT INTO usage_fact_accounts (account_key, account_id)
      SELECT (SELECT COALESCE(MAX(account_key), 0) FROM usage_fact_accounts) + CAST(row_number() OVER (ORDER BY account_id) AS INTEGER), account_id
      FROM (SELECT DISTINCT account_id FROM ${changed} e) n
      WHERE NOT EXISTS (SELECT 1 FROM usage_fact_accounts k WHERE k.account_id = n.account_id)`);
    await tx.exec(sql`
      INSERT INTO usage_fact_users (user_key, account_id, user_id)
      SELECT (SELECT COALESCE(MAX(user_key), 0) FROM usage_fact_users) + CAST(row_number() OVER (ORDER BY account_id, user_id) AS INTEGER), account_id, user_id
      FROM (SELECT DISTINCT account_id, user_id FROM ${changed} e WHERE user_id IS NOT NULL) n
      WHERE NOT EXISTS (SELECT 1 FROM usage_fact_users k WHERE k.account_id = n.account_id AND k.user_id = n.user_id)`);
    await tx.exec(sql`
      INSERT INTO usage_fact_features (feature_key, feature)
      SELECT (SELECT COALESCE(MAX(feature_key), 0) FROM usage_fact_features) + CAST(row_number() OVER (ORDER BY feature) AS INTEGER), feature
      FROM (SELECT DISTINCT feature FROM ${changed} e WHERE feature IS NOT NULL) n
      WHERE NOT EXISTS (SELECT 1 FROM usage_fact_features k WHERE k.feature = n.feature)`);
    // Each event carries its previous events — the user's, the user's of its feature, the account's of its
    // feature: within the changed rows by LAG, for the first changed one the last fact before the mark.
    const before = (keys: string, where: string) => sql`
      SELECT ${sql.raw(keys)}, MAX(occurred_at) AS last_at FROM usage_facts
      WHERE occurred_at < ${since} AND ${sql.raw(where)} GROUP BY ${sql.raw(keys)}`;
    await tx.exec(sql`
      INSERT INTO usage_facts
        (account_key, user_key, feature_key, occurred_at, prev_at, prev_user_feature_at, prev_account_feature_at)
      WITH fresh AS (
        SELECT a.account_key, u.user_key, f.feature_key, e.occurred_at
        FROM ${changed} e
        JOIN usage_fact_accounts a ON a.account_id = e.account_id
        LEFT JOIN usage_fact_users u ON u.account_id = e.account_id AND u.user_id = e.user_id
        LEFT JOIN usage_fact_features f ON f.feature = e.feature),
      by_user AS (${before('user_key', 'user_key IN (SELECT user_key FROM fresh)')}),
      by_user_feature AS (${before('user_key, feature_key', 'feature_key IS NOT NULL AND user_key IN (SELECT user_key FROM fresh)')}),
      by_account_feature AS (${before('account_key, feature_key', 'feature_key IS NOT NULL AND account_key IN (SELECT account_key FROM fresh)')}),
      x AS (
        SELECT fresh.*,
               LAG(occurred_at) OVER (PARTITION BY user_key ORDER BY occurred_at) AS p_u,
               LAG(occurred_at) OVER (PARTITION BY user_key, feature_key ORDER BY occurred_at) AS p_uf,
               LAG(occurred_at) OVER (PARTITION BY account_key, feature_key ORDER BY occurred_at) AS p_af
        FROM fresh)
      SELECT x.account_key, x.user_key, x.feature_key, x.occurred_at,
             CASE WHEN x.user_key IS NOT NULL THEN COALESCE(x.p_u, bu.last_at) END,
             CASE WHEN x.user_key IS NOT NULL AND x.feature_key IS NOT NULL THEN COALESCE(x.p_uf, buf.last_at) END,
             CASE WHEN x.feature_key IS NOT NULL THEN COALESCE(x.p_af, baf.last_at) END
      FROM x
      LEFT JOIN by_user bu ON bu.user_key = x.user_key
      LEFT JOIN by_user_feature buf ON buf.user_key = x.user_key AND buf.feature_key = x.feature_key
      LEFT JOIN by_account_feature baf ON baf.account_key = x.account_key AND baf.feature_key = x.feature_key
      ORDER BY x.occurred_at`);
    const [inserted] = await tx.query<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM usage_facts WHERE occurred_at >= ${since}`,
    );
    await tx.exec(
      sql`UPDATE usage_facts_state SET dirty_from = NULL, refreshed_at = CURRENT_TIMESTAMP WHERE id = 1`,
    );
    return { from, rows: Number(inserted?.n ?? 0) };
  });
}
