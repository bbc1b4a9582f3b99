/**
 * The load generator: N connections, each sending one /v1/batch request at a time (as one analytics-node
 * process would), batches of B `track` events shaped like the ones analytics-node 3.x sends, each event with a
 * messageId of its own. Throughput and latency count only requests completed inside the measured window.
 */

export interface LoadOptions {
  readonly url: string;
  readonly writeKey: string;
  readonly connections: number;
  readonly batchSize: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** Makes every run's messageIds unique. */
  readonly runId: string;
  readonly users: number;
}

export interface LoadResult {
  readonly seconds: number;
  readonly requests: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Every request answered 200, warm-up included: the events the server acknowledged. */
  readonly acknowledgedEvents: number;
  readonly statuses: Record<string, number>;
  readonly bodyBytes: number;
  /** This process's CPU (building bodies, fetch, HTTP) per 1,000 events acknowledged after the warm-up. */
  readonly loadCpuMsPer1kEvents: number;
}

const FEATURES = ['dashboards', 'reports', 'alerts', 'exports', 'integrations'] as const;
const EVENTS = [
  'dashboard_viewed',
  'report_run',
  'alert_created',
  'export_started',
  'integration_synced',
] as const;

/** The group calls that tie every bench user to one of `accounts` accounts, so events go straight to usage_events. */
export function groupBatches(runId: string, users: number, accounts: number, perBatch = 100): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < users; start += perBatch) {
    const batch = [];
    for (let u = start; u < Math.min(users, start + perBatch); u++)
      batch.push({
        type: 'group',
        messageId: `${runId}-group-${u}`,
        userId: `user-${u}`,
        groupId: `acct-${u % accounts}`,
        traits: { name: `Account ${u % accounts}`, plan: 'pro', segment: 'mid_market' },
      });
    bodies.push(JSON.stringify({ batch }));
  }
  return bodies;
}

export function batchBody(
  o: Pick<LoadOptions, 'batchSize' | 'runId' | 'users' | 'writeKey'>,
  seq: number,
): string {
  const now = new Date().toISOString();
  const parts: string[] = [];
  for (let i = 0; i < o.batchSize; i++) {
    const n = seq * o.batchSize + i;
    const k = n % FEATURES.length;
    parts.push(
      `{"type":"track","messageId":"${o.runId}-${n}","userId":"user-${n % o.users}","event":"${EVENTS[k]}",` +
        `"timestamp":"${now}","properties":{"feature":"${FEATURES[k]}","plan":"pro","value":${n % 100},"path":"/app/${n % 50}"},` +
        `"integrations":{},"context":{"library":{"name":"@segment/analytics-node","version":"3.1.0"}},` +
        `"_metadata":{"nodeVersion":"20.20.2","jsRuntime":"node"}}`,
    );
  }
  // analytics-node 3.x sends the write key both as Basic username and in the body.
  return `{"batch":[${parts.join(',')}],"writeKey":"${o.writeKey}","sentAt":"${now}"}`;
}

export async function post(url: string, writeKey: string, body: string): Promise<number> {
  const response = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const windowStart = started + o.warmupSeconds * 1000;
  const windowEnd = windowStart + o.seconds * 1000;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let events = 0;
  let acknowledgedEvents = 0;
  let next = 0;
  let bodyBytes = 0;
  // The generator's own CPU, from the end of the warm-up to the end: it shares the machine with the server.
  let cpuAtWindow: NodeJS.CpuUsage | null = null;
  let eventsAfterWindow = 0;
  const mark = setTimeout(() => (cpuAtWindow = process.cpuUsage()), o.warmupSeconds * 1000);
  const worker = async () => {
    while (performance.now() < windowEnd) {
      const body = batchBody(o, next++);
      bodyBytes = body.length;
      const t0 = performance.now();
      let status: number;
      try {
        status = await post(o.url, o.writeKey, body);
      } catch {
        status = -1; // a network error
      }
      const t1 = performance.now();
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) acknowledgedEvents += o.batchSize;
      if (status === 200 && cpuAtWindow !== null) eventsAfterWindow += o.batchSize;
      if (t1 >= windowStart && t1 <= windowEnd && status === 200) {
        events += o.batchSize;
        latencies.push(t1 - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  clearTimeout(mark);
  const cpu = process.cpuUsage(cpuAtWindow ?? undefined);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    seconds: o.seconds,
    requests: latencies.length,
    events,
    eventsPerSecond: events / o.seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    meanMs: latencies.reduce((s, v) => s + v, 0) / Math.max(1, latencies.length),
    acknowledgedEvents,
    statuses,
    bodyBytes,
    loadCpuMsPer1kEvents: (cpu.user + cpu.system) / Math.max(1, eventsAfterWindow),
  };
}
