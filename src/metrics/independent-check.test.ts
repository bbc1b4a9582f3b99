/**
 * The metrics against a second implementation: a demo company is exported to CSV, and the bridge, NRR, GRR,
 * logo churn, FRT by channel, resolution time, FCR, backlog, CSAT, NPS and MAU rate are recomputed here in
 * plain TypeScript from those files (parsed with csv-parse, not Keel's importer), then compared with
 * computeMetrics on both engines.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { exportTables } from '../export/export-tables.js';
import { percentileCont } from '../test-support/percentile.js';
import { describeEachBackend } from '../test-support/backends.js';
import { loadDemo } from '../workspace/load-demo.js';
import { computeMetrics } from './compute-metrics.js';
import { parsePeriod } from './period.js';

type Rec = Record<string, string>;

function read(dir: string, table: string): Rec[] {
  return parse(readFileSync(join(dir, `${table}.csv`), 'utf8'), { columns: true }) as Rec[];
}

const ms = (t: string) => Date.parse(t);
const inRange = (t: string, start: string, end: string) => t !== '' && ms(t) >= ms(start) && ms(t) < ms(end);

function independent(dir: string, start: string, end: string) {
  const subs = read(dir, 'subscriptions');
  const accountIds = [...new Set(subs.map((s) => s.account_id ?? ''))];
  // MRR on a day: lines with started_at ≤ day < ended_at (dates compare as strings).
  const mrrAt = (account: string, day: string) =>
    subs
      .filter(
        (s) =>
          s.account_id === account &&
          (s.started_at ?? '') <= day &&
          (!s.ended_at || (s.ended_at ?? '') > day),
      )
      .reduce((sum, s) => sum + Number(s.mrr), 0);
  const firstPaid = new Map<string, string>();
  for (const s of subs) {
    if (Number(s.mrr) <= 0) continue;
    const prev = firstPaid.get(s.account_id ?? '');
    if (!prev || (s.started_at ?? '') < prev) firstPaid.set(s.account_id ?? '', s.started_at ?? '');
  }
  const bridge = { new: 0, reactivation: 0, expansion: 0, contraction: 0, churned: 0 };
  for (const a of accountIds) {
    const s = mrrAt(a, start);
    const e = mrrAt(a, end);
    if (s === 0 && e > 0) {
      if ((firstPaid.get(a) ?? '') >= start) bridge.new += e;
      else bridge.reactivation += e;
    } else if (s > 0 && e === 0) bridge.churned += s;
    else if (e > s && s > 0) bridge.expansion += e - s;
    else if (s > e && e > 0) bridge.contraction += s - e;
  }
  const yearAgo = `${Number(start.slice(0, 4)) - 1}${end.slice(4)}`;
  let base = 0;
  let after = 0;
  let capped = 0;
  let activeStart = 0;
  let churnedLogos = 0;
  for (const a of accountIds) {
    const b = mrrAt(a, yearAgo);
    const e = mrrAt(a, end);
    if (b > 0) {
      base += b;
      after += e;
      capped += Math.min(b, e);
    }
    if (mrrAt(a, start) > 0) {
      activeStart++;
      if (e === 0) churnedLogos++;
    }
  }

  const tickets = read(dir, 'tickets');
  const minutes = (a: string, b: string) => (ms(b) - ms(a)) / 60_000;
  const created = tickets.filter((t) => inRange(t.created_at ?? '', start, end));
  const answered = created.filter((t) => t.first_response_at);
  const frtByChannel: Record<string, number> = {};
  for (const channel of new Set(answered.map((t) => t.channel ?? ''))) {
    frtByChannel[channel] = percentileCont(
      answered
        .filter((t) => t.channel === channel)
        .map((t) => minutes(t.created_at ?? '', t.first_response_at ?? '')),
      0.5,
    );
  }
  const resolved = tickets.filter((t) => inRange(t.resolved_at ?? '', start, end));
  const fcrBase = resolved.filter((t) => t.agent_replies !== '');
  const backlog = tickets.filter((t) => {
    const done = t.resolved_at || t.closed_at || '';
    return ms(t.created_at ?? '') < ms(end) && (done === '' || ms(done) >= ms(end));
  });

  const surveys = read(dir, 'surveys').filter((s) => inRange(s.responded_at ?? '', start, end));
  const csat = surveys.filter((s) => s.kind === 'csat');
  const nps = surveys.filter((s) => s.kind === 'nps');

  const accounts = read(dir, 'accounts');
  const seatAccounts = accounts.filter(
    (a) => Number(a.licensed_seats || 0) > 0 && mrrAt(a.id ?? '', end) > 0,
  );
  const seatIds = new Set(seatAccounts.map((a) => a.id));
  const windowStart = new Date(ms(`${end}T00:00:00Z`) - 30 * 86_400_000).toISOString();
  const users = new Set(
    read(dir, 'usage_events')
      .filter(
        (u) =>
          u.user_id &&
          seatIds.has(u.account_id) &&
          inRange(u.occurred_at ?? '', windowStart, `${end}T00:00:00Z`),
      )
      .map((u) => `${u.account_id}\u0000${u.user_id}`),
  );

  return {
    new_mrr: bridge.new,
    reactivation_mrr: bridge.reactivation,
    expansion_mrr: bridge.expansion,
    contraction_mrr: bridge.contraction,
    churned_mrr: bridge.churned,
    mrr: accountIds.reduce((sum, a) => sum + mrrAt(a, end), 0),
    nrr: after / base,
    grr: capped / base,
    logo_churn_rate: churnedLogos / activeStart,
    first_response_time_minutes: percentileCont(
      answered.map((t) => minutes(t.created_at ?? '', t.first_response_at ?? '')),
      0.5,
    ),
    frtByChannel,
    resolution_time_hours: percentileCont(
      resolved.map((t) => minutes(t.created_at ?? '', t.resolved_at ?? '') / 60),
      0.5,
    ),
    first_contact_resolution_rate:
      fcrBase.filter((t) => Number(t.agent_replies) <= 1 && Number(t.reopens || 0) === 0).length /
      fcrBase.length,
    backlog: backlog.length,
    csat: csat.filter((s) => Number(s.score) >= 4).length / csat.length,
    nps:
      (100 *
        (nps.filter((s) => Number(s.score) >= 9).length - nps.filter((s) => Number(s.score) <= 6).length)) /
      nps.length,
    monthly_active_user_rate: users.size / seatAccounts.reduce((sum, a) => sum + Number(a.licensed_seats), 0),
  };
}

describeEachBackend('metrics against an independent computation on exported demo data', (ctx) => {
  it('agree for the bridge, retention, support, survey and adoption metrics', async () => {
    await loadDemo(ctx.db, { accounts: 150, months: 15, seed: 11, end: '2025-07-01' });
    const dir = join(ctx.dir, 'export');
    await exportTables(ctx.db, { dir, format: 'csv' });
    const expected = independent(dir, '2025-06-01', '2025-07-01');
    const report = await computeMetrics(ctx.db, { period: parsePeriod('2025-06')! });
    const got = Object.fromEntries(report.metrics.map((m) => [m.id, m]));
    for (const [id, value] of Object.entries(expected)) {
      if (id === 'frtByChannel') continue;
      expect(Number.isFinite(value), `${id} must be computable on this demo`).toBe(true);
      expect(got[id]?.value, id).toBeCloseTo(value as number, 6);
    }
    const channels = got.first_response_time_minutes?.breakdown as Record<string, { value: number }>;
    expect(Object.keys(channels).sort()).toEqual(Object.keys(expected.frtByChannel).sort());
    for (const [channel, value] of Object.entries(expected.frtByChannel)) {
      expect(channels[channel]?.value, channel).toBeCloseTo(value, 6);
    }
  });
});
