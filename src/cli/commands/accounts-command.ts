/** `keel accounts …` and `keel account ID` — thin adapters over the accounts list and the account 360. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { loadHealthConfig } from '../../scoring/compute-health.js';
import { account360, type Account360 } from '../../workspace/account-360.js';
import {
  accountRows,
  accountsCsv,
  listAccounts,
  parseAccountFilter,
  parseAccountSort,
  type AccountFilter,
  type RawAccountFilter,
  TREND_DEAD_BAND,
  TREND_LOOKBACK_DAYS,
  type Trend,
} from '../../workspace/account-list.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export interface AccountsCommandOptions {
  readonly asOf?: string;
  readonly segment?: string;
  readonly csm?: string;
  readonly band?: string;
  readonly stage?: string;
  readonly touchModel?: string;
  readonly renewalWithin?: string;
  readonly search?: string;
  readonly sort?: string;
  readonly desc?: boolean;
  readonly limit?: string;
  readonly offset?: string;
  readonly csv?: boolean;
  readonly json?: boolean;
}

const FLAGS: Record<keyof RawAccountFilter, string> = {
  segment: '--segment',
  csm: '--csm',
  band: '--band',
  stage: '--stage',
  touchModel: '--touch-model',
  renewalWithinDays: '--renewal-within',
  search: '--search',
};

const money = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
const fixed = (v: number | null, digits = 1) => (v === null ? '' : v.toFixed(digits));
const ARROWS = { up: '↑', down: '↓', flat: '→' } as const;
export const trendText = (t: Trend) =>
  t.direction === null || t.delta === null
    ? ''
    : `${ARROWS[t.direction]} ${t.delta > 0 ? '+' : ''}${t.delta.toFixed(1)}`;

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new AppError('usage', `${flag} must be a whole number ≥ ${min}`);
  return n;
}

function describeFilter(filter: AccountFilter): string {
  const parts = Object.entries(filter).map(([k, v]) =>
    k === 'renewalWithinDays'
      ? `renewal within ${String(v)} days`
      : k === 'search'
        ? `search ${JSON.stringify(v)}`
        : `${k} ${Array.isArray(v) ? v.join(',') : String(v)}`,
  );
  return parts.length ? ` (${parts.join('; ')})` : '';
}

export async function accountsCommand(ctx: Context, options: AccountsCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const asOf = await resolveAsOf(ctx, options.asOf);
  const filter = parseAccountFilter(
    {
      segment: options.segment,
      csm: options.csm,
      band: options.band,
      stage: options.stage,
      touchModel: options.touchModel,
      renewalWithinDays: options.renewalWithin,
      search: options.search,
    },
    (p) => FLAGS[p],
  );
  const sort = parseAccountSort(options.sort, '--sort');
  const order = options.desc ? 'desc' : 'asc';
  const config = await loadHealthConfig(ctx.config.scorecards);
  if (options.csv) {
    process.stdout.write(accountsCsv(await accountRows(ctx.db, config, { asOf, filter, sort, order })));
    return EXIT_OK;
  }
  const page = await listAccounts(ctx.db, config, {
    asOf,
    filter,
    ...(sort ? { sort } : {}),
    order,
    limit: wholeNumber(options.limit, '--limit', 1) ?? 50,
    offset: wholeNumber(options.offset, '--offset', 0) ?? 0,
  });
  if (options.json) {
    printJson(page);
    return EXIT_OK;
  }
  const shown = page.accounts.length;
  printLine(
    `Accounts on ${asOf}${describeFilter(filter)}: ${page.total} match` +
      (shown ? `, showing ${page.offset + 1}–${page.offset + shown}` : '') +
      `, sorted by ${page.sort} ${page.order}\n`,
  );
  if (shown === 0) return EXIT_OK;
  printLine(
    formatTable(
      [
        'id',
        'name',
        'segment',
        'csm',
        'ARR',
        'renewal',
        'stage',
        'score',
        'band',
        'trend',
        'open',
        'last seen',
      ],
      page.accounts.map((a) => [
        a.id,
        a.name.length > 28 ? `${a.name.slice(0, 27)}…` : a.name,
        a.segment ?? '',
        a.csm?.name ?? a.csm?.id ?? '',
        Math.round(a.arr),
        a.renewalDate ?? '',
        a.stage,
        fixed(a.score),
        a.band ?? '',
        trendText(a.trend),
        a.openTickets,
        a.lastSeen?.slice(0, 10) ?? '',
      ]),
    ),
  );
  printLine(
    `\ntrend: score now vs ${TREND_LOOKBACK_DAYS} days before (→ within ±${TREND_DEAD_BAND} points). ` +
      (page.total > page.offset + shown ? '--limit/--offset page on; ' : '') +
      '--csv exports every match; `keel account ID` shows one account.',
  );
  return EXIT_OK;
}

const SPARK = '▁▂▃▄▅▆▇█';
/** A one-line bar chart of a series (the 26 usage weeks). */
function sparkline(values: readonly number[]): string {
  const max = Math.max(...values, 0);
  return values.map((v) => (max === 0 ? ' ' : (SPARK[Math.round((v / max) * 7)] ?? ' '))).join('');
}

export async function accountCommand(
  ctx: Context,
  accountId: string,
  options: { asOf?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const asOf = await resolveAsOf(ctx, options.asOf);
  const view = await account360(ctx.db, await loadHealthConfig(ctx.config.scorecards), accountId, asOf);
  if (!view) throw new AppError('not_found', `no account ${JSON.stringify(accountId)}`);
  if (options.json) {
    printJson(view);
    return EXIT_OK;
  }
  printAccount(view);
  return EXIT_OK;
}

function printAccount(v: Account360): void {
  const p = v.profile;
  const describe = [
    p.segment,
    p.touchModel && `${p.touchModel} touch`,
    p.region,
    p.industry,
    p.plan && `plan ${p.plan}`,
  ].filter(Boolean);
  printLine(`${p.id}  ${p.name}`);
  printLine(
    `${describe.join(', ')}; CSM ${p.csm ? (p.csm.name ?? p.csm.id) : 'none'}; seats ${p.licensedSeats ?? '—'} licensed, ${p.subscribedSeats ?? '—'} subscribed; customer since ${p.createdAt.slice(0, 10)}`,
  );
  printLine(`as of ${v.asOf}: ${v.lifecycle.stage} since ${v.lifecycle.since}\n`);

  const r = v.revenue;
  const live = r.subscriptions.filter((s) => s.live).length;
  printLine(
    `Revenue   MRR ${money(r.mrr)}, ARR ${money(r.arr)}${r.nextRenewal ? `, renews ${r.nextRenewal}` : ''}; ${live} live line(s) of ${r.subscriptions.length}`,
  );
  const first = r.mrrHistory[0];
  const last = r.mrrHistory.at(-1);
  if (first && last)
    printLine(
      `          month-end MRR ${first.monthEnd.slice(0, 7)} ${money(first.mrr)} → ${last.monthEnd.slice(0, 7)} ${money(last.mrr)}  ${sparkline(r.mrrHistory.map((m) => m.mrr))}`,
    );

  const h = v.health.current;
  if (!h) printLine('Health    not scored (not paying on the date)');
  else {
    const prev = h.previous;
    printLine(
      `Health    ${fixed(h.score)} ${h.band ?? 'NA'} (${h.scorecard}, coverage ${(h.coverage * 100).toFixed(0)}%)` +
        (prev ? `; ${prev.asOf}: ${fixed(prev.score)} ${prev.band ?? 'NA'} (${prev.source})` : ''),
    );
    const weakest = [...h.contributions]
      .filter((c) => c.score !== null)
      .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
      .slice(0, 3)
      .map((c) => `${c.measure} ${fixed(c.score, 0)}`);
    if (weakest.length) printLine(`          weakest: ${weakest.join(', ')}`);
    const moves = h.moves
      .filter((m) => Math.abs(m.delta) >= 0.05)
      .slice(0, 3)
      .map((m) => `${m.measure} ${m.delta > 0 ? '+' : ''}${m.delta.toFixed(1)}`);
    if (moves.length) printLine(`          moved: ${moves.join(', ')}`);
  }
  if (v.health.history.length)
    printLine(
      `          ${v.health.history.length} recorded score(s) (keel health history --account ${p.id})`,
    );

  const u = v.usage;
  const weeks = u.weekly;
  printLine(
    `Usage     last seen ${u.lastSeen?.slice(0, 10) ?? 'never'}; weekly events ${weeks[0]?.weekStart ?? ''}…  ${sparkline(weeks.map((w) => w.events))}  last week ${weeks.at(-1)?.events ?? 0} events, ${weeks.at(-1)?.activeUsers ?? 0} users`,
  );
  const core = u.features.filter((f) => f.core);
  const usedCore = core.filter((f) => f.users30 > 0);
  printLine(
    `          core features used in 30 days: ${usedCore.length} of ${core.length}` +
      (usedCore.length ? ` (${usedCore.map((f) => `${f.key} ${f.users30}u`).join(', ')})` : ''),
  );

  const t = v.tickets;
  printLine(`\nTickets   ${t.total} before the date, ${t.open} open`);
  if (t.recent.length)
    printLine(
      formatTable(
        ['id', 'created', 'status', 'priority', 'channel', 'subject', 'FRT min', 'res h', 'CSAT'],
        t.recent
          .slice(0, 5)
          .map((k) => [
            k.id,
            k.createdAt.slice(0, 10),
            k.status,
            k.priority ?? '',
            k.channel,
            (k.subject ?? '').slice(0, 40),
            k.firstResponseMinutes,
            k.resolutionHours,
            k.csat,
          ]),
      ),
    );

  const latest = (kind: 'nps' | 'csat' | 'ces') => v.surveys.filter((s) => s.kind === kind);
  const nps = latest('nps');
  const csat = latest('csat');
  printLine(
    `\nSurveys   ${v.surveys.length} responses; latest NPS ${nps[0] ? `${nps[0].score} (${nps[0].respondedAt.slice(0, 10)})` : '—'}; latest CSAT ${csat[0] ? `${csat[0].score} (${csat[0].respondedAt.slice(0, 10)})` : '—'}`,
  );
  const comment = v.surveys.find((s) => s.comment);
  if (comment) printLine(`          “${comment.comment}” (${comment.kind} ${comment.score})`);

  printLine(`\nTimeline  ${v.interactions.length} interaction(s)`);
  for (const i of v.interactions.slice(0, 5))
    printLine(
      `  ${i.occurredAt.slice(0, 10)}  ${i.kind.padEnd(7)} ${i.withExecutive ? 'exec ' : '     '}${i.subject ?? ''}${i.author ? ` — ${i.author.name ?? i.author.id}` : ''}`,
    );

  const execs = v.contacts.filter((c) => c.executive);
  printLine(
    `\nContacts  ${v.contacts.length}; executives: ${execs.length ? execs.map((c) => `${c.name ?? c.id}${c.title ? ` (${c.title})` : ''}`).join(', ') : 'none'}`,
  );
  printLine(
    `Risks     ${
      v.riskEvents.length
        ? v.riskEvents
            .slice(0, 3)
            .map((e) => `${e.asOf} ${e.kind}: ${e.detail}`)
            .join('; ')
        : 'no recorded risk events'
    }`,
  );
  printLine('\n--json prints everything (MRR history, weekly usage, features, tickets, surveys, contacts).');
}
