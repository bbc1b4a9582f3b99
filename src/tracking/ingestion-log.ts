/**
 * The ingestion log read back: per write key, what arrived and what became of it (accepted, duplicate, held,
 * attributed, invalid with reasons), the most recent requests and invalid events, and what is still held.
 */
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { sql } from '../db/sql.js';
import { INVALID_REASONS, MESSAGE_TYPES } from './message-schemas.js';

const Counts = {
  received: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  invalid: z.number().int(),
  held: z.number().int(),
  attributed: z.number().int(),
};
const Reasons = z.array(z.object({ reason: z.enum(INVALID_REASONS), count: z.number().int() }));

export const IngestionReportSchema = z.object({
  since: z.string().describe('the totals and lists cover requests received from this time on'),
  keys: z.array(
    z.object({
      writeKeyId: z.string(),
      requests: z.number().int(),
      rejectedRequests: z.number().int().describe('refused as a whole with 400 (malformed or oversize)'),
      ...Counts,
      invalidReasons: Reasons,
      lastReceivedAt: z.string().nullable(),
    }),
  ),
  pending: z.object({
    total: z.number().int().describe('events held now, whatever their age, waiting for a group call'),
    byKey: z.array(
      z.object({
        writeKeyId: z.string(),
        type: z.enum(MESSAGE_TYPES),
        count: z.number().int(),
        oldestReceivedAt: z.string(),
      }),
    ),
  }),
  recentBatches: z.array(
    z.object({
      id: z.string(),
      writeKeyId: z.string(),
      endpoint: z.string(),
      receivedAt: z.string(),
      status: z.number().int(),
      ...Counts,
      invalidReasons: Reasons,
      error: z.string().nullable(),
    }),
  ),
  recentInvalid: z.array(
    z.object({
      batchId: z.string(),
      writeKeyId: z.string(),
      position: z.number().int(),
      messageId: z.string().nullable(),
      type: z.string().nullable(),
      reason: z.enum(INVALID_REASONS),
      detail: z.string(),
      receivedAt: z.string(),
      excerpt: z.string().describe('the event as sent, first 500 characters'),
    }),
  ),
});
export type IngestionReport = z.infer<typeof IngestionReportSchema>;

export interface ReportOptions {
  /** UTC `YYYY-MM-DD HH:MM:SS`; totals and lists start here. */
  readonly since: string;
  readonly writeKeyId?: string | undefined;
  /** How many recent batches and invalid events to list. */
  readonly limit: number;
}

export async function ingestionReport(db: Database, options: ReportOptions): Promise<IngestionReport> {
  const ts = db.dialect.timestampText;
  const since = sql`CAST(${options.since} AS TIMESTAMP)`;
  const key = options.writeKeyId === undefined ? sql`` : sql`AND write_key_id = ${options.writeKeyId}`;
  const n = (v: unknown) => Number(v ?? 0);
  const reason = (v: unknown) => z.enum(INVALID_REASONS).parse(v);

  const totals = await db.query(sql`
    SELECT write_key_id, COUNT(*) AS requests, SUM(CASE WHEN status = 400 THEN 1 ELSE 0 END) AS rejected,
           SUM(received) AS received, SUM(accepted) AS accepted, SUM(duplicates) AS duplicates,
           SUM(invalid) AS invalid, SUM(held) AS held, SUM(attributed) AS attributed,
           ${ts(sql`MAX(received_at)`)} AS last_received_at
    FROM tracking_batches WHERE received_at >= ${since} ${key}
    GROUP BY write_key_id ORDER BY write_key_id`);
  const reasonRows = await db.query(sql`
    SELECT write_key_id, reason, COUNT(*) AS n FROM tracking_invalid
    WHERE received_at >= ${since} ${key}
    GROUP BY write_key_id, reason ORDER BY write_key_id, n DESC, reason`);
  const pendingRows = await db.query(sql`
    SELECT write_key_id, type, COUNT(*) AS n, ${ts(sql`MIN(received_at)`)} AS oldest
    FROM tracking_pending WHERE 1 = 1 ${key} GROUP BY write_key_id, type ORDER BY write_key_id, type`);
  const batches = await db.query(sql`
    SELECT id, write_key_id, endpoint, ${ts(sql`received_at`)} AS received_at, status, received, accepted,
           duplicates, invalid, held, attributed, error
    FROM tracking_batches WHERE received_at >= ${since} ${key}
    ORDER BY received_at DESC, id LIMIT ${options.limit}`);
  const batchReasons = batches.length
    ? await db.query(sql`
        SELECT batch_id, reason, COUNT(*) AS n FROM tracking_invalid
        WHERE batch_id IN (${sql.join(batches.map((b) => sql`${String(b.id)}`))})
        GROUP BY batch_id, reason ORDER BY batch_id, n DESC, reason`)
    : [];
  const invalid = await db.query(sql`
    SELECT batch_id, write_key_id, position, message_id, type, reason, detail,
           ${ts(sql`received_at`)} AS received_at, SUBSTRING(raw, 1, 500) AS excerpt
    FROM tracking_invalid WHERE received_at >= ${since} ${key}
    ORDER BY received_at DESC, batch_id, position LIMIT ${options.limit}`);

  const reasonsOf = (rows: typeof reasonRows, column: string, id: unknown) =>
    rows.filter((r) => r[column] === id).map((r) => ({ reason: reason(r.reason), count: n(r.n) }));
  const counts = (r: Record<string, unknown>) => ({
    received: n(r.received),
    accepted: n(r.accepted),
    duplicates: n(r.duplicates),
    invalid: n(r.invalid),
    held: n(r.held),
    attributed: n(r.attributed),
  });
  return {
    since: `${options.since.replace(' ', 'T')}Z`,
    keys: totals.map((r) => ({
      writeKeyId: String(r.write_key_id),
      requests: n(r.requests),
      rejectedRequests: n(r.rejected),
      ...counts(r),
      invalidReasons: reasonsOf(reasonRows, 'write_key_id', r.write_key_id),
      lastReceivedAt: r.last_received_at === null ? null : String(r.last_received_at),
    })),
    pending: {
      total: pendingRows.reduce((sum, r) => sum + n(r.n), 0),
      byKey: pendingRows.map((r) => ({
        writeKeyId: String(r.write_key_id),
        type: z.enum(MESSAGE_TYPES).parse(r.type),
        count: n(r.n),
        oldestReceivedAt: String(r.oldest),
      })),
    },
    recentBatches: batches.map((r) => ({
      id: String(r.id),
      writeKeyId: String(r.write_key_id),
      endpoint: String(r.endpoint),
      receivedAt: String(r.received_at),
      status: n(r.status),
      ...counts(r),
      invalidReasons: reasonsOf(batchReasons, 'batch_id', r.id),
      error: r.error === null || r.error === undefined ? null : String(r.error),
    })),
    recentInvalid: invalid.map((r) => ({
      batchId: String(r.batch_id),
      writeKeyId: String(r.write_key_id),
      position: n(r.position),
      messageId: r.message_id === null ? null : String(r.message_id),
      type: r.type === null ? null : String(r.type),
      reason: reason(r.reason),
      detail: String(r.detail),
      receivedAt: String(r.received_at),
      excerpt: String(r.excerpt),
    })),
  };
}
