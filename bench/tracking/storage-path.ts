/**
 * Keel's tracking path without HTTP, in this process: the same bodies the load generator sends are parsed,
 * normalised (Tracker.prepare) and stored through the group committer, C submitters at a time as the C
 * connections would, on a fresh DuckDB file. What it costs per event bounds what the server can reach: the
 * server does all of this plus HTTP.
 */
import { rm } from 'node:fs/promises';
import { createKey } from '../../src/access/api-keys.js';
import { loadConfig } from '../../src/config/load-config.js';
import { openDatabase } from '../../src/db/open-database.js';
import { Tracker } from '../../src/tracking/tracker.js';
import { batchBody, groupBatches } from './load.js';

export interface StoragePathResult {
  readonly events: number;
  readonly eventsPerSecond: number;
  /** Process CPU (Node and DuckDB's threads) per event, in µs, while measuring. */
  readonly cpuUsPerEvent: number;
  /** Time on the calling thread per event, in µs: JSON.parse of the bodies, and normalising their events. */
  readonly parseUsPerEvent: number;
  readonly prepareUsPerEvent: number;
}

export async function measureStoragePath(o: {
  readonly dbPath: string;
  readonly connections: number;
  readonly batchSize: number;
  readonly users: number;
  readonly accounts: number;
  /** Bodies in all, shared out among the submitters; the first tenth of each one's warms up, uncounted. */
  readonly bodies: number;
}): Promise<StoragePathResult> {
  for (const f of [o.dbPath, `${o.dbPath}.wal`]) await rm(f, { force: true });
  const db = await openDatabase(loadConfig({ db: o.dbPath }, {}));
  try {
    await db.migrate();
    const { key, secret } = await createKey(db, { kind: 'write', name: 'bench' });
    const tracker = new Tracker(db);
    const request = (body: string) => ({
      writeKeyId: key.id,
      endpoint: '/v1/batch',
      receivedAt: new Date(),
      body: JSON.parse(body) as Record<string, unknown>,
    });
    for (const body of groupBatches('sp', o.users, o.accounts))
      await tracker.store(tracker.prepare(request(body)));
    // Bodies are built before timing: building them is the load generator's work, not Keel's.
    const load = { batchSize: o.batchSize, runId: 'sp', users: o.users, writeKey: secret };
    // A fixed number in all, so more submitters do not mean more memory held (and more GC) while timing.
    const perSubmitter = Math.max(20, Math.ceil(o.bodies / o.connections));
    let seq = 0;
    const bodies = Array.from({ length: o.connections }, () =>
      Array.from({ length: perSubmitter }, () => batchBody(load, seq++)),
    );
    const warmup = Math.floor(perSubmitter / 10);
    const submitter = async (mine: readonly string[], from: number, to: number, clock: Clock) => {
      for (let i = from; i < to; i++) {
        const t0 = performance.now();
        const req = request(mine[i] as string);
        const t1 = performance.now();
        const submission = tracker.prepare(req);
        clock.parse += t1 - t0;
        clock.prepare += performance.now() - t1;
        await tracker.store(submission);
      }
    };
    const run = (from: number, to: number, clock: Clock) =>
      Promise.all(bodies.map((mine) => submitter(mine, from, to, clock)));
    await run(0, warmup, { parse: 0, prepare: 0 });
    const clock = { parse: 0, prepare: 0 };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(warmup, perSubmitter, clock);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const events = o.connections * (perSubmitter - warmup) * o.batchSize;
    return {
      events,
      eventsPerSecond: events / seconds,
      cpuUsPerEvent: (cpu.user + cpu.system) / events,
      parseUsPerEvent: (clock.parse * 1000) / events,
      prepareUsPerEvent: (clock.prepare * 1000) / events,
    };
  } finally {
    await db.close();
    for (const f of [o.dbPath, `${o.dbPath}.wal`]) await rm(f, { force: true });
  }
}

interface Clock {
  parse: number;
  prepare: number;
}
