#!/usr/bin/env node
/**
 * `keel`: the command-line entry point. Parses arguments, loads the config once, builds the context and
 * hands over to a command; maps errors to the exit codes of DESIGN §5 (0 ok, 1 failure, 2 usage, 3 rejected).
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type ConfigFlags } from '../config/load-config.js';
import { createContext, type Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import type { AccountsCommandOptions } from './commands/accounts-command.js';
import type { TicketsCommandOptions } from './commands/tickets-command.js';
import { EXIT_BY_ERROR, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './output.js';

// Commands load on demand: `keel import` does not pay for the demo generator and vice versa.
const commands = {
  init: () => import('./commands/init-command.js'),
  import: () => import('./commands/import-command.js'),
  export: () => import('./commands/export-command.js'),
  demo: () => import('./commands/demo-command.js'),
  quickstart: () => import('./commands/quickstart-command.js'),
  metrics: () => import('./commands/metrics-command.js'),
  retention: () => import('./commands/retention-command.js'),
  cohorts: () => import('./commands/cohorts-command.js'),
  health: () => import('./commands/health-command.js'),
  capacity: () => import('./commands/capacity-command.js'),
  lifecycle: () => import('./commands/lifecycle-command.js'),
  engagement: () => import('./commands/engagement-command.js'),
  maturity: () => import('./commands/maturity-command.js'),
  retentionAccounts: () => import('./commands/retention-accounts-command.js'),
  serve: () => import('./commands/serve-command.js'),
  keys: () => import('./commands/keys-command.js'),
  sentiment: () => import('./commands/sentiment-command.js'),
  accounts: () => import('./commands/accounts-command.js'),
  tickets: () => import('./commands/tickets-command.js'),
};

interface GlobalOptions extends ConfigFlags {
  readonly json?: boolean;
}

async function withContext(flags: ConfigFlags, run: (ctx: Context) => Promise<number>): Promise<number> {
  const ctx = await createContext(loadConfig(flags));
  try {
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('keel')
    .description('Keel: customer-success and support analytics on your own data')
    .option('--db <path>', 'DuckDB workspace file (default ./keel-data/keel.duckdb, or $KEEL_DB)')
    .option('--database-url <url>', 'PostgreSQL URL instead of DuckDB (or $KEEL_DATABASE_URL)')
    .option('--json', 'machine-readable output')
    .option('--scorecards <file>', 'health scorecards file (default: the shipped scorecards/default.json)')
    .showHelpAfterError()
    .exitOverride();
  const globals = (cmd: Command) => cmd.optsWithGlobals<GlobalOptions>();

  program
    .command('init')
    .description('create or migrate the workspace (idempotent)')
    .action(async (_o, cmd: Command) => {
      const { initCommand } = await commands.init();
      setExit(await withContext(globals(cmd), (ctx) => initCommand(ctx, globals(cmd))));
    });

  program
    .command('import')
    .description('import canonical files: folders of <table>.csv|jsonl|parquet, or single files')
    .argument('<paths...>', 'files or folders')
    .option('--strict', 'load nothing if any row is rejected (exit code 3)')
    .option('--rejects <file>', 'where rejected rows are written (default ./keel-rejects-<time>.csv)')
    .option('--map <file>', 'JSON mapping of source files/columns/values to the canonical tables')
    .action(async (paths: string[], _o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { strict?: boolean; rejects?: string; map?: string };
      const { importCommand } = await commands.import();
      setExit(await withContext(o, (ctx) => importCommand(ctx, paths, o)));
    });

  program
    .command('export')
    .description('write every canonical table to DIR')
    .argument('<dir>', 'output folder')
    .option('--format <format>', 'csv or parquet', 'csv')
    .action(async (dir: string, _o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { format?: string };
      const { exportCommand } = await commands.export();
      setExit(await withContext(o, (ctx) => exportCommand(ctx, dir, o)));
    });

  program
    .command('demo')
    .description('generate a realistic synthetic SaaS company; load it, or write its files with --out')
    .option('--accounts <n>', 'number of accounts', '500')
    .option('--months <m>', 'months of history', '24')
    .option('--seed <s>', 'random seed; the same seed and end date give identical data', '1')
    .option('--end <date>', 'history ends the day before DATE (default: today, UTC)')
    .option('--out <dir>', 'write canonical CSV files here instead of loading the workspace')
    .option('--replace', 'empty a workspace that already holds data before loading the demo')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { out?: string };
      const { demoCommand } = await commands.demo();
      setExit(o.out ? await demoCommand(null, o) : await withContext(o, (ctx) => demoCommand(ctx, o)));
    });

  program
    .command('metrics')
    .description('compute the metric catalog for a period, graded against benchmarks')
    .option('--period <period>', 'YYYY-MM, YYYY-Qn or YYYY (default: the last complete month in the data)')
    .option('--by <dimension>', 'also per segment, touch_model, region, plan, csm or channel')
    .option('--explain <id>', 'print one metric’s definition, SQL and benchmark source')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { period?: string; explain?: string; by?: string };
      const { metricsCommand } = await commands.metrics();
      setExit(await withContext(o, (ctx) => metricsCommand(ctx, o)));
    });

  const health = program
    .command('health')
    .description('health scores of paying accounts with per-measure explanations')
    .option(
      '--as-of <date>',
      'score as of this date, YYYY-MM-DD (default: the end of the last complete month)',
    )
    .option('--account <id>', 'explain one account’s score measure by measure')
    .option('--top <n>', 'how many of the lowest scores to list (default 20)')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string; account?: string; top?: string };
      const { healthCommand } = await commands.health();
      setExit(await withContext(o, (ctx) => healthCommand(ctx, o)));
    });
  health
    .command('record')
    .description(
      'record health scores (history) for a date or a range; same version replaces, a new one adds',
    )
    .option('--from <date>', 'first as-of date (default: --to)')
    .option('--to <date>', 'last as-of date (default: the end of the last complete month)')
    .option('--every <unit>', 'day or month (default month)')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { from?: string; to?: string; every?: string };
      const { healthRecordCommand } = await commands.health();
      setExit(await withContext(o, (ctx) => healthRecordCommand(ctx, o)));
    });
  health
    .command('history')
    .description('recorded scores of one account over time, per scorecard version, with what moved most')
    .option('--account <id>', 'the account')
    .option('--version <v>', 'one scorecard version only')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { account?: string; version?: string };
      const { healthHistoryCommand } = await commands.health();
      setExit(await withContext(o, (ctx) => healthHistoryCommand(ctx, o)));
    });
  health
    .command('risks')
    .description(
      'risk indicators: score drops, new critical bands, usage drops, detractors, renewals at risk',
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: the end of the last complete month)')
    .option('--record', 'record them as risk events for playbooks (each episode once)')
    .option('--from <date>', 'with --record: every day from this date to --as-of')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string; record?: boolean; from?: string };
      const { healthRisksCommand } = await commands.health();
      setExit(await withContext(o, (ctx) => healthRisksCommand(ctx, o)));
    });
  health
    .command('events')
    .description('recorded risk events, newest first')
    .option('--account <id>', 'one account')
    .option('--since <date>', 'events on or after this date')
    .option('--kind <kind>', 'score_drop, became_critical, usage_drop, detractor or renewal_at_risk')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { account?: string; since?: string; kind?: string };
      const { healthEventsCommand } = await commands.health();
      setExit(await withContext(o, (ctx) => healthEventsCommand(ctx, o)));
    });
  health
    .command('backtest')
    .description('score past months and measure how well the scores predicted churn (AUC, lift, calibration)')
    .option('--horizon <days>', 'churn observed within this many days after each score (default 90)')
    .option('--months <n>', 'monthly as-of dates to score (default 12)')
    .option('--churn <label>', 'voluntary (default: failed-payment churn left out) or all')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { horizon?: string; months?: string; churn?: string };
      const { healthBacktestCommand } = await commands.health();
      setExit(await withContext(o, (ctx) => healthBacktestCommand(ctx, o)));
    });

  program
    .command('lifecycle')
    .description('each account’s lifecycle stage and since when, by documented rules; counts per stage')
    .option('--as-of <date>', 'YYYY-MM-DD (default: the end of the last complete month)')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string };
      const { lifecycleCommand } = await commands.lifecycle();
      setExit(await withContext(o, (ctx) => lifecycleCommand(ctx, o)));
    });

  program
    .command('capacity')
    .description(
      'CSM books by touch model against the seed ranges: load, overloaded and underloaded, unassigned',
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: the end of the last complete month)')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string };
      const { capacityCommand } = await commands.capacity();
      setExit(await withContext(o, (ctx) => capacityCommand(ctx, o)));
    });

  program
    .command('accounts')
    .description(
      'accounts with ARR, renewal, stage, health band and 30-day trend, open tickets, last seen; filter, sort, page, CSV',
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: the end of the last complete month)')
    .option('--segment <list>', 'enterprise, mid_market, smb (comma-separated)')
    .option('--csm <ids>', 'CSM agent ids (comma-separated)')
    .option('--band <list>', 'healthy, at_risk, critical, unscored (comma-separated)')
    .option('--stage <list>', 'lifecycle stages (comma-separated)')
    .option('--touch-model <list>', 'high, low, tech (comma-separated)')
    .option('--renewal-within <days>', 'next renewal within this many days')
    .option('--search <text>', 'name or id contains this text (case-insensitive, literal)')
    .option(
      '--sort <column>',
      'name (default), arr, score, band, trend, renewal_date, last_seen, open_tickets, …',
    )
    .option('--desc', 'sort descending')
    .option('--limit <n>', 'rows to show (default 50, at most 500)')
    .option('--offset <n>', 'rows to skip')
    .option('--csv', 'every matching account as CSV')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & AccountsCommandOptions;
      const { accountsCommand } = await commands.accounts();
      setExit(await withContext(o, (ctx) => accountsCommand(ctx, o)));
    });

  program
    .command('account')
    .description(
      'one account on a date: profile, revenue, health, usage, tickets, surveys, timeline, contacts, risks',
    )
    .argument('<id>', 'the account id')
    .option('--as-of <date>', 'YYYY-MM-DD (default: the end of the last complete month)')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string };
      const { accountCommand } = await commands.accounts();
      setExit(await withContext(o, (ctx) => accountCommand(ctx, id, o)));
    });

  program
    .command('tickets')
    .description('tickets with response and resolution times and CSAT; filter, sort, page')
    .option('--status <list>', 'new, open, pending, on_hold, solved, closed (comma-separated)')
    .option('--channel <list>', 'email, chat, phone, social, web, other (comma-separated)')
    .option('--priority <list>', 'low, normal, high, urgent (comma-separated)')
    .option('--account <id>', 'one account')
    .option('--agent <id>', 'the assigned agent')
    .option('--since <date>', 'created on or after this date')
    .option(
      '--sort <column>',
      'created_at (default, newest first), priority, status, resolution_hours, csat, …',
    )
    .option('--desc', 'sort descending')
    .option('--limit <n>', 'rows to show (default 50, at most 500)')
    .option('--offset <n>', 'rows to skip')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & TicketsCommandOptions;
      const { ticketsCommand } = await commands.tickets();
      setExit(await withContext(o, (ctx) => ticketsCommand(ctx, o)));
    });

  program
    .command('ticket')
    .description(
      'one ticket with its case context: messages, customer, case counts, earlier tickets, CSAT, suggested articles',
    )
    .argument('<id>', 'the ticket id')
    .option('--as-of <date>', 'date of the customer figures (default: the day after the newest ticket)')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string };
      const { ticketCommand } = await commands.tickets();
      setExit(await withContext(o, (ctx) => ticketCommand(ctx, id, o)));
    });

  program
    .command('maturity')
    .description(
      'customer-success maturity phase 1–4 from evidence in the data, NRR against the phase benchmarks, what the next phase needs',
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: the end of the last complete month)')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string };
      const { maturityCommand } = await commands.maturity();
      setExit(await withContext(o, (ctx) => maturityCommand(ctx, o)));
    });

  program
    .command('engagement')
    .description(
      'engagement score 0–100 of paying accounts: login frequency, session depth, feature breadth and depth (30 days)',
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: the end of the last complete month)')
    .option('--account <id>', 'explain one account’s score component by component')
    .option('--top <n>', 'how many of the lowest scores to list (default 10)')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { asOf?: string; account?: string; top?: string };
      const { engagementCommand } = await commands.engagement();
      setExit(await withContext(o, (ctx) => engagementCommand(ctx, o)));
    });

  program
    .command('cohorts')
    .description('logo and MRR retention of monthly cohorts by first paid month')
    .option('--through <month>', 'last cohort month, YYYY-MM (default: the last complete month in the data)')
    .option('--months <n>', 'how many cohort months', '12')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { through?: string; months?: string };
      const { cohortsCommand } = await commands.cohorts();
      setExit(await withContext(o, (ctx) => cohortsCommand(ctx, o)));
    });

  const retention = program
    .command('retention')
    .description('cohort retention models (shifted-beta-geometric)');
  retention
    .command('accounts')
    .description("fit the workspace's monthly cohorts and value each paying account (DERL × MRR × margin)")
    .option(
      '--through <month>',
      'last month observed, YYYY-MM (default: the last complete month in the data)',
    )
    .option(
      '--months <n>',
      'cohort months to look back (default 24; accounts already paying when the data starts would bias the fit)',
    )
    .option('--discount <d>', 'annual discount rate, as a fraction (default 0.10)')
    .option('--top <n>', 'accounts to list (default 20; --json lists all)')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & {
        through?: string;
        months?: string;
        discount?: string;
        top?: string;
      };
      const { retentionAccountsCommand } = await commands.retentionAccounts();
      setExit(await withContext(o, (ctx) => retentionAccountsCommand(ctx, o)));
    });
  retention
    .command('fit')
    .description(
      "fit the shifted-beta-geometric model to one cohort's survivor counts; project retention, DEL, DERL",
    )
    .requiredOption(
      '--survival <counts>',
      'customers active at the start and after each renewal, e.g. 1000,631,468',
    )
    .option('--discount <d>', 'discount rate per period for DEL/DERL, as a fraction (default 0.10)')
    .option('--horizon <periods>', 'last period to project (default: max(12, 2 x observed periods))')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { survival: string; discount?: string; horizon?: string };
      const { retentionFitCommand } = await commands.retention();
      setExit(await retentionFitCommand(o));
    });

  program
    .command('quickstart')
    .description('create the workspace with the demo company if it is empty, and print a summary')
    .action(async (_o, cmd: Command) => {
      const { quickstartCommand } = await commands.quickstart();
      setExit(await withContext(globals(cmd), (ctx) => quickstartCommand(ctx)));
    });

  program
    .command('serve')
    .description('serve the HTTP API, its docs (/docs) and the dashboard on this workspace')
    .option('--port <port>', 'TCP port (default 3000; 0 picks a free one)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--demo', 'load the demo company into an empty workspace and print a fresh admin key')
    .option(
      '--feature-map <file>',
      'JSON of tracked event (or page/screen) name → feature key, for events without properties.feature (or $KEEL_FEATURE_MAP)',
    )
    .option(
      '--tracking-rate <n>',
      'tracking requests per second per write key before 429 (default 1000, or $KEEL_TRACKING_RATE)',
    )
    .option(
      '--tracking-burst <n>',
      'requests a write key may send at once after being idle (default twice the rate, or $KEEL_TRACKING_BURST)',
    )
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { port?: string; host?: string; demo?: boolean };
      const { serveCommand } = await commands.serve();
      setExit(await withContext(o, (ctx) => serveCommand(ctx, o)));
    });

  program
    .command('sentiment')
    .description('record the CSM’s red / yellow / green read of an account, or list its ratings')
    .argument('<account>', 'the account id')
    .argument('[rating]', 'green, yellow or red; without it, the account’s ratings are listed')
    .option('--note <text>', 'why')
    .option('--author <name>', 'who rated it')
    .action(async (account: string, rating: string | undefined, _o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { note?: string; author?: string };
      const { sentimentCommand } = await commands.sentiment();
      setExit(await withContext(o, (ctx) => sentimentCommand(ctx, account, rating, o)));
    });

  const keys = program.command('keys').description('API keys (with roles) and ingestion write keys');
  keys
    .command('create')
    .description('create a key; its secret is printed once and only its hash is stored')
    .option('--role <role>', 'viewer, csm, manager or admin (API key)')
    .option('--write', 'an ingestion write key for the Segment-compatible /v1 endpoints')
    .option('--name <name>', 'a label, e.g. who or what uses it')
    .action(async (_o, cmd: Command) => {
      const o = globals(cmd) as GlobalOptions & { role?: string; write?: boolean; name?: string };
      const { keysCreateCommand } = await commands.keys();
      setExit(await withContext(o, (ctx) => keysCreateCommand(ctx, o)));
    });
  keys
    .command('list')
    .description('every key (never the secrets)')
    .action(async (_o, cmd: Command) => {
      const { keysListCommand } = await commands.keys();
      setExit(await withContext(globals(cmd), (ctx) => keysListCommand(ctx, globals(cmd))));
    });
  keys
    .command('revoke')
    .description('revoke a key by id')
    .argument('<id>', 'the key id (keel keys list)')
    .action(async (id: string, _o, cmd: Command) => {
      const { keysRevokeCommand } = await commands.keys();
      setExit(await withContext(globals(cmd), (ctx) => keysRevokeCommand(ctx, id, globals(cmd))));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => (code = c));
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
        ? EXIT_OK
        : EXIT_USAGE;
    }
    const exit =
      error instanceof AppError
        ? EXIT_BY_ERROR[error.code]
        : error instanceof ConfigError
          ? EXIT_USAGE
          : EXIT_FAILURE;
    const message = error instanceof Error ? error.message : String(error);
    if (json)
      process.stdout.write(
        JSON.stringify({ error: { code: error instanceof AppError ? error.code : 'internal', message } }) +
          '\n',
      );
    process.stderr.write(`keel: ${message}\n`);
    return exit;
  }
}

// `keel … | head` closes the pipe early; that is the reader's choice, not a failure worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
