import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { groupBatches, post, runLoad } from './tracking/load.js';
const contender = process.argv[2] ?? 'keel-duckdb';
const prof = process.argv[3] === 'prof';
const task = contender === 'keel-duckdb' ? { contender, dbPath: '/tmp/prof/keel.duckdb' } : { contender };
const child = spawn(
  process.execPath,
  [
    ...process.execArgv,
    ...(prof ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
    'bench/tracking/server-child.ts',
    JSON.stringify(task),
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
let out = '';
const ready = await new Promise<{ url: string; writeKey: string }>((res) =>
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    const l = out.split('\n').find((x) => x.startsWith('READY '));
    if (l) res(JSON.parse(l.slice(6)));
  }),
);
const runId = randomBytes(4).toString('hex');
if (contender.startsWith('keel'))
  for (const b of groupBatches(runId, 1000, 100)) await post(ready.url, ready.writeKey, b);
const r = await runLoad({
  url: ready.url,
  writeKey: ready.writeKey,
  connections: 8,
  batchSize: 100,
  warmupSeconds: 3,
  seconds: Number(process.env.SECS ?? 15),
  runId,
  users: 1000,
});
console.log(
  JSON.stringify({ eps: Math.round(r.eventsPerSecond), p50: r.p50Ms, p99: r.p99Ms, statuses: r.statuses }),
);
child.stdin!.end('stop\n');
await new Promise((r) => child.on('close', r));
console.log(out.split('\n').find((l) => l.startsWith('BENCH_RESULT')));
