/**
 * The values both contenders compute, under one set of keys, and the check that they agree. Keel's come from
 * its `MetricsReport` (metric values, their counts and breakdowns); the hand-written script's from the columns
 * of its result sets (a result set with a `channel` column is the FRT-by-channel one, one row per channel;
 * the others are one row each).
 */
import type { MetricsReport } from '../../src/metrics/compute-metrics.js';
import type { Values } from './protocol.js';

/** Keel metric id → key, for the single-valued metrics the script computes too. */
const KEEL_METRICS: Readonly<Record<string, string>> = {
  nrr: 'NRR',
  grr: 'GRR',
  mrr: 'MRR at the end',
  new_mrr: 'new MRR',
  expansion_mrr: 'expansion MRR',
  contraction_mrr: 'contraction MRR',
  churned_mrr: 'churned MRR',
  reactivation_mrr: 'reactivation MRR',
  monthly_active_user_rate: 'MAU rate',
  first_contact_resolution_rate: 'FCR',
  backlog: 'backlog',
};

const RETENTION_ACCOUNTS = 'NRR/GRR accounts (paying a year ago)';
const MAU_ACCOUNTS = 'MAU rate accounts (paying, with seats)';
const FCR_TICKETS = 'FCR tickets (resolved, replies known)';

/** The `n` behind a metric, where it is a count the script also has. */
const KEEL_COUNTS: Readonly<Record<string, string>> = {
  nrr: RETENTION_ACCOUNTS,
  monthly_active_user_rate: MAU_ACCOUNTS,
  first_contact_resolution_rate: FCR_TICKETS,
};

/** Keel's backlog breakdown bucket → key, and the script's column for it. */
const BACKLOG_BUCKETS: readonly (readonly [bucket: string, key: string, column: string])[] = [
  ['<1d', 'backlog < 1 day', 'backlog_under_1d'],
  ['1-3d', 'backlog 1–3 days', 'backlog_1_3d'],
  ['3-7d', 'backlog 3–7 days', 'backlog_3_7d'],
  ['7-30d', 'backlog 7–30 days', 'backlog_7_30d'],
  ['>30d', 'backlog > 30 days', 'backlog_over_30d'],
];

/** Script column → key. */
const SCRIPT_COLUMNS: Readonly<Record<string, string>> = {
  nrr: 'NRR',
  grr: 'GRR',
  retention_accounts: RETENTION_ACCOUNTS,
  end_mrr: 'MRR at the end',
  new_mrr: 'new MRR',
  expansion_mrr: 'expansion MRR',
  contraction_mrr: 'contraction MRR',
  churned_mrr: 'churned MRR',
  reactivation_mrr: 'reactivation MRR',
  mau_rate: 'MAU rate',
  mau_accounts: MAU_ACCOUNTS,
  fcr: 'FCR',
  fcr_tickets: FCR_TICKETS,
  backlog: 'backlog',
  ...Object.fromEntries(BACKLOG_BUCKETS.map(([, key, column]) => [column, key])),
};

const frtKey = (channel: string) => `FRT median, ${channel} (minutes)`;
const frtCountKey = (channel: string) => `FRT tickets, ${channel}`;

const toNumber = (v: unknown): number | null =>
  v === null || v === undefined ? null : typeof v === 'bigint' ? Number(v) : Number(v);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function keelValues(report: MetricsReport): Values {
  const out: Values = {};
  for (const m of report.metrics) {
    const key = KEEL_METRICS[m.id];
    if (key) out[key] = m.value;
    const countKey = KEEL_COUNTS[m.id];
    if (countKey) out[countKey] = m.n;
    if (m.id === 'backlog' && m.breakdown) {
      for (const [bucket, key] of BACKLOG_BUCKETS) out[key] = toNumber(m.breakdown[bucket]);
    }
    if (m.id === 'first_response_time_minutes' && m.breakdown) {
      for (const [channel, b] of Object.entries(m.breakdown)) {
        if (!isRecord(b)) continue;
        out[frtKey(channel)] = toNumber(b.value);
        out[frtCountKey(channel)] = toNumber(b.n);
      }
    }
  }
  return out;
}

export function scriptValues(resultSets: readonly Record<string, unknown>[][]): Values {
  const out: Values = {};
  for (const rows of resultSets) {
    for (const row of rows) {
      if ('channel' in row) {
        const channel = String(row.channel);
        out[frtKey(channel)] = toNumber(row.frt_median_minutes);
        out[frtCountKey(channel)] = toNumber(row.frt_tickets);
        continue;
      }
      for (const [column, value] of Object.entries(row)) {
        const key = SCRIPT_COLUMNS[column];
        if (key) out[key] = toNumber(value);
      }
    }
  }
  return out;
}

export interface Comparison {
  readonly key: string;
  readonly keel: number | null;
  readonly handwritten: number | null;
  /** |a − b| / max(|a|, |b|); 0 when both are equal (or both null), Infinity when only one has a value. */
  readonly relativeDifference: number;
  readonly agree: boolean;
}

export const TOLERANCE = 1e-6;

export function compareValues(keel: Values, handwritten: Values, tolerance = TOLERANCE): Comparison[] {
  const keys = [...new Set([...Object.keys(keel), ...Object.keys(handwritten)])];
  return keys.map((key) => {
    const a = keel[key] ?? null;
    const b = handwritten[key] ?? null;
    let relativeDifference: number;
    if (a === null || b === null) relativeDifference = a === b ? 0 : Number.POSITIVE_INFINITY;
    else if (a === b) relativeDifference = 0;
    else relativeDifference = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    return { key, keel: a, handwritten: b, relativeDifference, agree: relativeDifference <= tolerance };
  });
}
