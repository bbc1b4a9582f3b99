/**
 * One contender's HTTP server in its own process, so its CPU time and memory are its own: the bare endpoint
 * (node:http that reads, JSON-parses and discards each body — the ceiling) or `keel serve`'s server
 * (`startServer`, the whole app) on a fresh DuckDB file or PostgreSQL schema.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { pino } from 'pino';
import { createKey } from '../../src/access/api-keys.js';
import { startServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config/load-config.js';
import { openDatabase } from '../../src/db/open-database.js';
import { sql } from '../../src/db/sql.js';
import { peakRssMb } from '../import/instrument.js';
import { READY_PREFIX, RESULT_PREFIX, type ServerResult, type ServerTask } from './protocol.js';

const task = JSON.parse(process.argv[2] ?? '{}') as ServerTask;

async function bare(): Promise<{ url: string; stop: () => Promise<Partial<ServerResult>> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { batch?: unknown[] };
      const events = Array.isArray(body.batch) ? body.batch.length : 0;
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"success":true,"received":${events}}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve({}))),
  };
}

/** The same, through the HTTP stack Keel uses (Hono on @hono/node-server): what the framework alone costs. */
async function bareHono(): Promise<{ url: string; stop: () => Promise<Partial<ServerResult>> }> {
  const app = new Hono();
  app.post('/v1/batch', async (c) => {
    const body = (await c.req.json()) as { batch?: unknown[] };
    return c.json({ success: true, received: Array.isArray(body.batch) ? body.batch.length : 0 });
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve({}))),
  };
}

async function keel(): Promise<{
  url: string;
  writeKey: string;
  stop: () => Promise<Partial<ServerResult>>;
}> {
  if (task.dbPath) for (const f of [task.dbPath, `${task.dbPath}.wal`]) await rm(f, { force: true });
  const config = task.postgresUrl
    ? loadConfig({ databaseUrl: task.postgresUrl }, {})
    : loadConfig({ db: task.dbPath }, {});
  const db = await openDatabase(config);
  await db.migrate();
  const writeKey = (await createKey(db, { kind: 'write', name: 'bench' })).secret;
  const ctx = { config, db, close: () => db.close() };
  const server = await startServer({ ctx, logger: pino({ level: 'warn' }), port: 0, host: '127.0.0.1' });
  return {
    url: server.url,
    writeKey,
    stop: async () => {
      await server.close();
      const [counts] = await db.query<{ n: number; d: number }>(
        sql`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM usage_events`,
      );
      const [log] = await db.query<{ requests: number }>(
        sql`SELECT COUNT(*) AS requests FROM tracking_batches`,
      );
      await db.close();
      return {
        usageEvents: Number(counts?.n),
        distinctUsageIds: Number(counts?.d),
        requestsCommitted: Number(log?.requests),
      };
    },
  };
}

async function main(): Promise<void> {
  const started = process.cpuUsage();
  const server =
    task.contender === 'bare-endpoint'
      ? { ...(await bare()), writeKey: 'none' }
      : task.contender === 'bare-hono'
        ? { ...(await bareHono()), writeKey: 'none' }
        : await keel();
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ url: server.url, writeKey: server.writeKey })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === 'stop') break;
  const cpu = process.cpuUsage(started);
  const extra = await server.stop();
  const result: ServerResult = {
    contender: task.contender,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peakRssMb(),
    usageEvents: null,
    distinctUsageIds: null,
    requestsCommitted: null,
    ...extra,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`server child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
