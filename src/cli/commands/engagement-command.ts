/** `keel engagement [--as-of DATE] [--account ID] [--top N] [--json]` — a thin adapter over engagementScores. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import {
  ENGAGEMENT_COMPONENTS,
  engagementScores,
  SESSION_GAP_MINUTES,
  type AccountEngagement,
  type EngagementComponentId,
  type EngagementReport,
} from '../../metrics/engagement-score.js';
import { resolveAsOf } from '../as-of.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export interface EngagementCommandOptions {
  readonly asOf?: string;
  readonly account?: string;
  readonly top?: string;
  readonly json?: boolean;
}

const fixed = (v: number | null, digits = 1) => (v === null ? 'NA' : v.toFixed(digits));
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** A component's raw value in its own terms, with its 0–100 score in brackets. */
function cell(account: AccountEngagement, id: EngagementComponentId): string {
  const c = account.components.find((x) => x.id === id);
  if (!c || c.raw === null) return 'NA';
  const raw =
    id === 'feature_breadth' || id === 'feature_depth' ? `${(c.raw * 100).toFixed(0)}%` : c.raw.toFixed(1);
  return `${raw} (${fixed(c.score, 0)})`;
}

function explainAccount(report: EngagementReport, a: AccountEngagement): void {
  printLine(
    `${a.accountId}${a.name ? ` (${a.name})` : ''} on ${report.asOf}: engagement ${fixed(a.score)} of 100, usage in [${report.window.start}, ${report.window.end})`,
  );
  printLine(
    `${a.events} events, ${a.activeUsers} active users, ${a.userDays} user-days, ${a.sessions} sessions (mean ${fixed(a.meanSessionMinutes)} min), ${a.featuresUsed} of ${a.catalogFeatures} features\n`,
  );
  printLine(
    formatTable(
      ['component', 'raw', 'worst → best', 'score', 'weight', 'share', 'points'],
      ENGAGEMENT_COMPONENTS.map((spec) => {
        const c = a.components.find((x) => x.id === spec.id);
        const raw = c?.raw ?? null;
        return [
          spec.id,
          raw === null ? 'NA' : `${fixed(raw, 3)} ${spec.unit}`,
          `${spec.worst} → ${spec.best}`,
          fixed(c?.score ?? null),
          spec.weight,
          `${((c?.effectiveWeight ?? 0) * 100).toFixed(1)}%`,
          c?.score === null || c?.score === undefined ? 'NA' : (c.score * c.effectiveWeight).toFixed(2),
        ];
      }),
    ),
  );
  printLine(
    '\nscore = Σ points = Σ component score × weight / Σ weights of components with data (NA components drop out).\n',
  );
  for (const spec of ENGAGEMENT_COMPONENTS) printLine(`${spec.id}: ${spec.definition}; ${spec.anchors}`);
}

const BUCKETS = [
  [0, 20],
  [20, 40],
  [40, 60],
  [60, 80],
  [80, 100],
] as const;

function summarise(report: EngagementReport, top: number): void {
  const scored = report.accounts.filter((a) => a.score !== null);
  const scores = scored.map((a) => a.score ?? 0);
  printLine(
    `Engagement on ${report.asOf} (usage in [${report.window.start}, ${report.window.end})): ${report.accounts.length} paying accounts, ${scored.length} scored — mean ${fixed(mean(scores))}, median ${fixed(median(scores))}\n`,
  );
  printLine(
    formatTable(
      ['score', 'accounts', 'share'],
      [
        ...BUCKETS.map(([lo, hi]) => {
          const count = scores.filter((s) => s >= lo && (hi === 100 ? s <= hi : s < hi)).length;
          return [
            `${lo}–${hi}`,
            count,
            scores.length ? `${((100 * count) / scores.length).toFixed(1)}%` : '',
          ];
        }),
        ['NA', report.accounts.length - scored.length, ''],
      ],
    ),
  );
  printLine();
  printLine(
    formatTable(
      ['component', 'weight', 'worst → best', 'mean score', 'definition'],
      ENGAGEMENT_COMPONENTS.map((spec) => {
        const values = report.accounts
          .map((a) => a.components.find((c) => c.id === spec.id)?.score ?? null)
          .filter((v): v is number => v !== null);
        return [
          spec.id,
          spec.weight,
          `${spec.worst} → ${spec.best} ${spec.unit}`,
          fixed(mean(values)),
          spec.definition,
        ];
      }),
    ),
  );
  const lowest = [...scored].sort((a, b) => (a.score ?? 0) - (b.score ?? 0)).slice(0, top);
  printLine(`\nLowest engaged (${lowest.length} of ${scored.length}); components as raw (score):\n`);
  printLine(
    formatTable(
      ['account', 'name', 'score', 'days/user', 'events/session', 'breadth', 'depth', 'users', 'events'],
      lowest.map((a) => [
        a.accountId,
        a.name ?? '',
        fixed(a.score),
        cell(a, 'login_frequency'),
        cell(a, 'session_depth'),
        cell(a, 'feature_breadth'),
        cell(a, 'feature_depth'),
        a.activeUsers,
        a.events,
      ]),
    ),
  );
  printLine(
    `\nSessions split where a user's events are more than ${SESSION_GAP_MINUTES} minutes apart. \`keel engagement --account ID\` explains one score; anchors and weights: src/metrics/engagement-score.ts.`,
  );
}

export async function engagementCommand(ctx: Context, options: EngagementCommandOptions): Promise<number> {
  await ctx.db.migrate();
  const top = Number(options.top ?? 10);
  if (!Number.isInteger(top) || top < 1) throw new AppError('usage', '--top must be a whole number ≥ 1');
  const asOf = await resolveAsOf(ctx, options.asOf);
  const report = await engagementScores(ctx.db, asOf);
  const accounts = options.account
    ? report.accounts.filter((a) => a.accountId === options.account)
    : report.accounts;
  if (options.account && accounts.length === 0) {
    throw new AppError('not_found', `account ${options.account} does not exist or was not paying on ${asOf}`);
  }
  if (options.json) {
    printJson({ asOf, window: report.window, components: ENGAGEMENT_COMPONENTS, accounts });
    return EXIT_OK;
  }
  const one = accounts[0];
  if (options.account && one) explainAccount(report, one);
  else summarise(report, top);
  return EXIT_OK;
}
