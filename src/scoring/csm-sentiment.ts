/**
 * CSM sentiment: the CSM's own red / yellow / green read of an account (Gainsight's "CSM sentiment"), entered
 * through the CLI or the API and kept with its time, author and note. The csm_sentiment health measure reads
 * the latest rating of the last 90 days; sentiment mined from text can later feed the same measure.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { AppError } from '../domain/errors.js';

export const RATINGS = ['green', 'yellow', 'red'] as const;
export type Rating = (typeof RATINGS)[number];
/** The measure's raw value per rating: a scale from 0 (red) to 1 (green). */
export const RATING_VALUE: Readonly<Record<Rating, number>> = { green: 1, yellow: 0.5, red: 0 };
export const isRating = (v: string): v is Rating => (RATINGS as readonly string[]).includes(v);

export interface SentimentEntry {
  readonly id: string;
  readonly accountId: string;
  readonly rating: Rating;
  /** ISO timestamp. */
  readonly ratedAt: string;
  readonly author: string | null;
  readonly note: string | null;
}

export async function recordSentiment(
  db: Queryable,
  entry: {
    accountId: string;
    rating: Rating;
    ratedAt?: string;
    author?: string | null;
    note?: string | null;
  },
): Promise<SentimentEntry> {
  const [account] = await db.query<{ id: string }>(
    sql`SELECT id FROM accounts WHERE id = ${entry.accountId}`,
  );
  if (!account) throw new AppError('not_found', `no account ${entry.accountId}`);
  const ratedAt = entry.ratedAt ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(ratedAt)))
    throw new AppError('usage', `not a time: ${JSON.stringify(ratedAt)}`);
  const stored = new Date(ratedAt).toISOString();
  const row: SentimentEntry = {
    id: randomUUID(),
    accountId: entry.accountId,
    rating: entry.rating,
    ratedAt: stored,
    author: entry.author ?? null,
    note: entry.note ?? null,
  };
  await db.exec(sql`
    INSERT INTO csm_sentiment (id, account_id, rating, rated_at, author, note)
    VALUES (${row.id}, ${row.accountId}, ${row.rating}, CAST(${stored.replace('T', ' ').replace('Z', '')} AS TIMESTAMP),
            ${row.author}, ${row.note})`);
  return row;
}

/** An account's ratings, newest first. */
export async function listSentiment(db: Queryable, accountId: string): Promise<SentimentEntry[]> {
  const rows = await db.query<Record<string, unknown>>(sql`
    SELECT id, account_id, rating, CAST(rated_at AS TEXT) AS rated_at, author, note FROM csm_sentiment
    WHERE account_id = ${accountId} ORDER BY rated_at DESC, id DESC`);
  return rows.map((r) => ({
    id: String(r.id),
    accountId: String(r.account_id),
    // The table's CHECK constraint admits only RATINGS.
    rating: String(r.rating) as Rating,
    ratedAt: `${String(r.rated_at).replace(' ', 'T').slice(0, 19)}Z`,
    author: r.author === null || r.author === undefined ? null : String(r.author),
    note: r.note === null || r.note === undefined ? null : String(r.note),
  }));
}
