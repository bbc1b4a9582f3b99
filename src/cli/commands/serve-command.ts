/**
 * `keel serve [--port P] [--host H] [--demo] [--feature-map FILE] [--tracking-rate N [--tracking-burst B]]`: the
 * web dashboard, the HTTP API and the tracking API on this workspace. With
 * --demo an empty workspace gets the demo company, and a fresh admin key is printed, along with a dashboard
 * link that carries it in the URL fragment (which browsers never send to a server, so it stays out of logs).
 * SIGINT/SIGTERM drain requests in flight before the workspace closes.
 */
import { pino } from 'pino';
import { createKey, listKeys, revokeKey } from '../../access/api-keys.js';
import { startServer } from '../../api/server.js';
import { webDistAvailable } from '../../api/web-app.js';
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { loadFeatureMap } from '../../tracking/feature-map.js';
import { DEFAULT_RATE_LIMIT } from '../../tracking/token-bucket.js';
import { prepareDemoWorkspace } from '../../workspace/prepare-demo.js';
import { EXIT_OK, printLine, progressLine } from '../output.js';
import { demoSettings } from './demo-command.js';

export const DEMO_KEY_NAME = 'demo (keel serve --demo)';

export interface ServeCommandOptions {
  readonly port?: string;
  readonly host?: string;
  readonly demo?: boolean;
}

export async function serveCommand(ctx: Context, options: ServeCommandOptions): Promise<number> {
  const port = Number(options.port ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AppError('usage', '--port must be a whole number from 0 to 65535');
  const host = options.host ?? '127.0.0.1';
  const { rateLimit } = ctx.config.tracking;
  // Read before anything else happens, so a bad map stops the start with its file and key named.
  const featureMap = ctx.config.tracking.featureMap
    ? await loadFeatureMap(ctx.config.tracking.featureMap)
    : undefined;
  await ctx.db.migrate();
  let demoKey: string | null = null;
  if (options.demo) {
    const progress = progressLine(true);
    const loaded = await prepareDemoWorkspace(ctx.db, ctx.config, demoSettings({}), (m) =>
      progress.update(m),
    );
    progress.done();
    if (loaded) printLine(`Loaded the demo company into ${ctx.db.description}.`);
    // One demo key at a time: the previous run's key stops working.
    for (const k of await listKeys(ctx.db))
      if (k.name === DEMO_KEY_NAME && k.revokedAt === null) await revokeKey(ctx.db, k.id);
    demoKey = (await createKey(ctx.db, { kind: 'api', role: 'admin', name: DEMO_KEY_NAME })).secret;
  }
  const logger = pino({ level: 'info' }, pino.destination(2));
  const server = await startServer({
    ctx,
    logger,
    port,
    host,
    tracking: { ...(rateLimit ? { rateLimit } : {}), ...(featureMap ? { featureMap } : {}) },
  });
  printLine(`Keel is serving ${ctx.db.description}`);
  if (!webDistAvailable())
    printLine(`  dashboard  not built: run \`npm run build\`, then reload ${server.url}/`);
  else if (demoKey) printLine(`  dashboard  ${server.url}/#key=${demoKey}   (opens signed in)`);
  else printLine(`  dashboard  ${server.url}/   (sign in with an API key)`);
  printLine(`  API docs   ${server.url}/docs   (OpenAPI: ${server.url}/openapi.json)`);
  const limit = rateLimit ?? DEFAULT_RATE_LIMIT;
  printLine(
    `  tracking   ${server.url}/v1/batch   (Segment-compatible; write keys from \`keel keys create --write\`; ` +
      `${limit.perSecond.toLocaleString('en-US')} requests/s per key, bursts of ${limit.burst.toLocaleString('en-US')})`,
  );
  if (featureMap) {
    const n = Object.keys(featureMap).length;
    printLine(
      `  features   ${n} event name${n === 1 ? '' : 's'} mapped to features from ${ctx.config.tracking.featureMap}`,
    );
  }
  if (demoKey) printLine(`  admin key  ${demoKey}   (demo mode; a new one each start)`);
  else printLine('  API keys   `keel keys create --role viewer|csm|manager|admin`');
  printLine('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) process.exit(130); // a second Ctrl+C does not wait
      stopping = true;
      logger.info({ signal }, 'shutting down: draining requests in flight');
      server.close().then(resolve, (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return EXIT_OK;
}
