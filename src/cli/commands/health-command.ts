/** `keel health [--as-of DATE] [--account ID] [--json]` — a thin adapter over computeHealth. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { defaultPeriod } from '../../metrics/compute-metrics.js';
import { backtestHealth, CHURN_LABELS, type ChurnLabel } from '../../scoring/backtest-health.js';
import { computeHealth, loadHealthConfig } from '../../scoring/compute-health.js';
import { explainHealth } from '../../scoring/explain-health.js';
import type { HealthConfig } from '../../scoring/scorecard-schema.js';
import { MEASURES, type MeasureId } from '../../scoring/measures.js';
import { healthHistory, recordDates, recordHealth } from '../../scoring/record-health.js';
import { RISK_KINDS, riskIndicators, type RiskKind } from '../../scoring/risk-indicators.js';
import { COOLDOWN_DAYS, listRiskEvents, recordRiskEvents } from '../../scoring/risk-events.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatTable, printJson, printLine, progressLine } from '../output.js';

export interface HealthCommandOptions {
  readonly asOf?: string;
  readonly account?: string;
  readonly top?: string;
  readonly json?: boolean;
}

const fixed = (v: number | null, digits = 1) => (v === null ? 'NA' : v.toFixed(digits));

export async function healthCommand(ctx: Context, options: HealthCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const top = Number(options.top ?? 20);
  if (!Number.isInteger(top) || top < 1) throw new AppError('usage', '--top must be a whole number ≥ 1');
  const asOf = await resolveAsOf(ctx, options.asOf);
  const config = await loadHealthConfig(ctx.config.scorecards);
  if (options.account) return explainAccount(ctx, config, options.account, asOf, options.json === true);
  const results = await computeHealth(ctx.db, config, asOf);
  if (options.json) {
    printJson({ asOf, configVersion: config.version, accounts: results });
    return EXIT_OK;
  }
  const count = (band: string | null) => results.filter((r) => r.band === band).length;
  printLine(
    `Health on ${asOf} (config ${config.version}): ${results.length} paying accounts — healthy ${count('healthy')}, at risk ${count('at_risk')}, critical ${count('critical')}, NA ${count(null)}\n`,
  );
  const worst = [...results]
    .filter((r) => r.score !== null)
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
    .slice(0, top);
  printLine(
    formatTable(
      ['account', 'score', 'band', 'coverage', 'scorecard', 'lowest measure'],
      worst.map((r) => {
        const low = [...r.contributions]
          .filter((c) => c.score !== null)
          .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))[0];
        return [
          r.accountId,
          fixed(r.score),
          r.band ?? 'NA',
          `${(r.coverage * 100).toFixed(0)}%`,
          r.scorecard,
          low ? `${low.measure} (${fixed(low.score)})` : '',
        ];
      }),
    ),
  );
  printLine('\n`keel health --account ID` explains one score measure by measure.');
  return EXIT_OK;
}

async function explainAccount(
  ctx: Context,
  config: HealthConfig,
  accountId: string,
  asOf: string,
  json: boolean,
): Promise<number> {
  const r = await explainHealth(ctx.db, config, accountId, asOf);
  if (!r) throw new AppError('not_found', `account ${accountId} does not exist or was not paying on ${asOf}`);
  if (json) {
    printJson(r);
    return EXIT_OK;
  }
  printLine(
    `${r.accountId} on ${asOf}: ${fixed(r.score)} (${r.band ?? 'NA'}), scorecard ${r.scorecard}, stage ${r.stage}, coverage ${(r.coverage * 100).toFixed(0)}%\n`,
  );
  printLine(
    formatTable(
      ['measure', 'raw', 'score', 'weight', 'share', 'points', 'definition'],
      r.contributions.map((c) => [
        c.measure,
        fixed(c.raw, 3),
        fixed(c.score),
        c.weight,
        `${(c.effectiveWeight * 100).toFixed(1)}%`,
        c.raw === null ? 'NA' : c.contribution.toFixed(2),
        MEASURES[c.measure as MeasureId] ?? '',
      ]),
    ),
  );
  printLine(
    '\nscore = Σ points = Σ measure score × weight / Σ weights of measures with data (NA measures drop out).',
  );
  const p = r.previous;
  if (!p) {
    printLine('\nNo earlier score to compare with (the account was not paying 30 days before).');
    return EXIT_OK;
  }
  printLine(
    `\nSince ${p.asOf} (${p.source === 'recorded' ? 'recorded score' : 'computed; no recorded score before'}): ${fixed(p.score)} (${p.band ?? 'NA'}) → ${fixed(r.score)}`,
  );
  printLine(
    formatTable(
      ['measure', 'raw then', 'raw now', 'points then', 'points now', 'change'],
      r.moves
        .filter((m) => Math.abs(m.delta) >= 0.005)
        .map((m) => [
          m.measure,
          fixed(m.rawBefore, 3),
          fixed(m.rawNow, 3),
          m.pointsBefore.toFixed(2),
          m.pointsNow.toFixed(2),
          `${m.delta >= 0 ? '+' : ''}${m.delta.toFixed(2)}`,
        ]),
    ),
  );
  return EXIT_OK;
}

export interface BacktestCommandOptions {
  readonly horizon?: string;
  readonly months?: string;
  readonly churn?: string;
  readonly json?: boolean;
}

export async function healthBacktestCommand(ctx: Context, options: BacktestCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const horizonDays = Number(options.horizon ?? 90);
  const months = Number(options.months ?? 12);
  if (!Number.isInteger(horizonDays) || horizonDays < 7 || horizonDays > 730) {
    throw new AppError('usage', '--horizon must be a whole number of days from 7 to 730');
  }
  if (!Number.isInteger(months) || months < 1 || months > 60)
    throw new AppError('usage', '--months must be from 1 to 60');
  const churn = options.churn ?? 'voluntary';
  if (!isChurnLabel(churn)) throw new AppError('usage', `--churn must be one of ${CHURN_LABELS.join(', ')}`);
  const report = await backtestHealth(ctx.db, await loadHealthConfig(ctx.config.scorecards), {
    horizonDays,
    months,
    churn,
  });
  if (options.json) {
    printJson(report);
    return EXIT_OK;
  }
  const pct = (v: number | null) => (v === null ? 'NA' : `${(v * 100).toFixed(1)}%`);
  printLine(
    `Back-test of scorecards ${report.configVersion}: ${report.observations.toLocaleString('en-US')} scores at ${report.asOfDates.length} monthly dates (${report.asOfDates[0] ?? '—'} … ${report.asOfDates.at(-1) ?? '—'}), churn within ${horizonDays} days\n`,
  );
  printLine(
    `AUC ${fixed(report.auc, 3)}   top-decile lift ${fixed(report.topDecileLift, 2)}×   churners ${report.churners} (${pct(report.churnRate)}, ${report.churn === 'all' ? 'every churn' : 'voluntary churn'})`,
  );
  printLine(
    report.churn === 'all'
      ? ''
      : `${report.excludedInvoluntary} scores of accounts lost to involuntary churn (failed payments) are left out; on every churn: AUC ${fixed(report.allChurn.auc, 3)} over ${report.allChurn.observations.toLocaleString('en-US')} scores, ${report.allChurn.churners} churners (--churn all)\n`,
  );
  printLine(
    formatTable(
      ['scorecard', 'scores', 'churners', 'AUC'],
      report.byScorecard.map((s) => [s.scorecard, s.observations, s.churners, fixed(s.auc, 3)]),
    ),
  );
  printLine('');
  printLine(
    formatTable(
      ['band', 'scores', 'churned within horizon'],
      report.byBand.map((b) => [b.band, b.observations, pct(b.churnRate)]),
    ),
  );
  printLine('');
  printLine(
    formatTable(
      ['score', 'scores', 'mean score', 'churn rate'],
      report.calibration.map((c) => [
        `${c.from}–${c.to}`,
        c.observations,
        c.meanScore.toFixed(1),
        pct(c.churnRate),
      ]),
    ),
  );
  return EXIT_OK;
}

export interface RecordCommandOptions {
  readonly from?: string;
  readonly to?: string;
  readonly every?: string;
  readonly json?: boolean;
}

const isDate = (v: string | undefined): v is string =>
  !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

export async function healthRecordCommand(ctx: Context, options: RecordCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const every = options.every ?? 'month';
  if (every !== 'day' && every !== 'month') throw new AppError('usage', '--every must be day or month');
  const to = options.to ?? (await defaultPeriod(ctx.db)).end;
  const from = options.from ?? to;
  if (!isDate(from) || !isDate(to) || from > to)
    throw new AppError('usage', '--from and --to must be dates YYYY-MM-DD, from ≤ to');
  const config = await loadHealthConfig(ctx.config.scorecards);
  const progress = progressLine(!options.json);
  const result = await recordHealth(ctx.db, config, recordDates(from, to, every), (m) => progress.update(m));
  progress.done();
  if (options.json) printJson({ configVersion: config.version, ...result });
  else
    printLine(
      `recorded ${result.rows.toLocaleString('en-US')} scores at ${result.dates} date(s) with scorecards ${config.version}`,
    );
  return EXIT_OK;
}

export async function healthHistoryCommand(
  ctx: Context,
  options: { account?: string; version?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  if (!options.account) throw new AppError('usage', 'give --account ID');
  const history = await healthHistory(ctx.db, options.account, options.version);
  if (options.json) {
    printJson({ account: options.account, history });
    return EXIT_OK;
  }
  if (history.length === 0) {
    printLine(`no recorded scores for ${options.account} (record some with \`keel health record\`)`);
    return EXIT_OK;
  }
  printLine(
    formatTable(
      ['as of', 'version', 'scorecard', 'score', 'band', 'coverage', 'moved most'],
      history.map((h) => [
        h.asOf,
        h.configVersion,
        h.scorecard,
        fixed(h.score),
        h.band ?? 'NA',
        `${(h.coverage * 100).toFixed(0)}%`,
        h.moved ? `${h.moved.measure} ${h.moved.points >= 0 ? '+' : ''}${h.moved.points.toFixed(1)}` : '',
      ]),
    ),
  );
  return EXIT_OK;
}

export interface RisksCommandOptions {
  readonly asOf?: string;
  readonly record?: boolean;
  readonly from?: string;
  readonly json?: boolean;
}

export async function healthRisksCommand(ctx: Context, options: RisksCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const asOf = await resolveAsOf(ctx, options.asOf);
  const config = await loadHealthConfig(ctx.config.scorecards);
  if (options.from && !options.record)
    throw new AppError('usage', '--from is for --record (a range of days)');
  if (options.record) {
    const from = options.from ? await resolveAsOf(ctx, options.from) : asOf;
    if (from > asOf) throw new AppError('usage', `--from ${from} is after --as-of ${asOf}`);
    const dates = recordDates(from, asOf, 'day');
    let recorded = 0;
    let already = 0;
    let cooling = 0;
    const progress = progressLine(!options.json);
    for (const [i, date] of dates.entries()) {
      progress.update(`risk indicators ${date} (${i + 1}/${dates.length})`);
      const r = await recordRiskEvents(ctx.db, await riskIndicators(ctx.db, config, date), config.version);
      recorded += r.recorded.length;
      already += r.alreadyRecorded;
      cooling += r.inCooldown;
    }
    progress.done();
    const summary = {
      from,
      to: asOf,
      days: dates.length,
      recorded,
      alreadyRecorded: already,
      inCooldown: cooling,
    };
    if (options.json) printJson(summary);
    else
      printLine(
        `recorded ${recorded} risk events for ${dates.length} day(s) ${from} … ${asOf}; ${already} already recorded, ${cooling} in the ${COOLDOWN_DAYS}-day cooldown (see \`keel health events\`)`,
      );
    return EXIT_OK;
  }
  const risks = await riskIndicators(ctx.db, config, asOf);
  if (options.json) {
    printJson({ asOf, risks });
    return EXIT_OK;
  }
  printLine(`Risk indicators on ${asOf}: ${risks.length}\n`);
  printLine(
    formatTable(
      ['account', 'indicator', 'detail'],
      risks.map((r) => [r.accountId, r.kind, r.detail]),
    ),
  );
  printLine('\n`--record` keeps them as risk events for playbooks (once per episode).');
  return EXIT_OK;
}

export async function healthEventsCommand(
  ctx: Context,
  options: { account?: string; since?: string; kind?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  const kind = options.kind;
  if (kind !== undefined && !isRiskKind(kind))
    throw new AppError('usage', `--kind must be one of ${RISK_KINDS.join(', ')}`);
  const since = options.since ? await resolveAsOf(ctx, options.since) : undefined;
  const events = await listRiskEvents(ctx.db, {
    ...(options.account ? { accountId: options.account } : {}),
    ...(since ? { since } : {}),
    ...(kind ? { kind } : {}),
  });
  if (options.json) {
    printJson({ events });
    return EXIT_OK;
  }
  if (events.length === 0) {
    printLine('no risk events recorded (record them with `keel health risks --record`)');
    return EXIT_OK;
  }
  printLine(
    formatTable(
      ['as of', 'account', 'event', 'detail', 'version'],
      events.map((e) => [e.asOf, e.accountId, e.kind, e.detail, e.configVersion]),
    ),
  );
  return EXIT_OK;
}

const isChurnLabel = (v: string): v is ChurnLabel => (CHURN_LABELS as readonly string[]).includes(v);
const isRiskKind = (v: string): v is RiskKind => (RISK_KINDS as readonly string[]).includes(v);
