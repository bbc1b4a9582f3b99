/**
 * The demo generator is checked against the canonical contract and against the seed report's
 * expectations, never against numbers copied from its own output: files are parsed back with a small
 * RFC 4180 reader written here, independently of Keel's CSV encoder.
 */

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CANONICAL_TABLES,
  TABLE_NAMES,
  columnNames,
  type ColumnSpec,
  type TableName,
} from '../domain/canonical-tables.js';
import { generateDemo, type DemoOptions } from './generate-demo.js';

type Cell = string | null;

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; an empty unquoted field is NULL. */
function parseCsv(text: string): Cell[][] {
  const rows: Cell[][] = [];
  if (text.length === 0) return rows;
  let row: Cell[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    let value: Cell;
    if (text[i] === '"') {
      let buf = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        buf += text.slice(i, q);
        if (text[q + 1] === '"') {
          buf += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = buf;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n') j++;
      if (text.slice(i, j).includes('"')) throw new Error(`stray quote at offset ${i}`);
      value = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    const c = text[i];
    i++;
    if (c === '\n') {
      rows.push(row);
      row = [];
      if (i >= n) return rows;
    } else if (c !== ',') {
      throw new Error(`unexpected ${JSON.stringify(c)} after a field at offset ${i - 1}`);
    }
  }
}

interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly Cell[][];
  get(row: readonly Cell[], column: string): Cell;
}

async function readTable(dir: string, table: TableName): Promise<Table> {
  const parsed = parseCsv(await readFile(path.join(dir, `${table}.csv`), 'utf8'));
  const [header, ...rows] = parsed;
  if (!header) throw new Error(`${table}.csv is empty`);
  const columns = header.map((h) => h ?? '');
  const index = new Map(columns.map((c, i) => [c, i]));
  return {
    columns,
    rows,
    get(row, column) {
      const i = index.get(column);
      if (i === undefined) throw new Error(`${table} has no column ${column}`);
      return row[i] ?? null;
    },
  };
}

async function readAll(
  dir: string,
  tables: readonly TableName[] = TABLE_NAMES,
): Promise<Map<TableName, Table>> {
  const out = new Map<TableName, Table>();
  for (const t of tables) out.set(t, await readTable(dir, t));
  return out;
}

function must(tables: Map<TableName, Table>, name: TableName): Table {
  const t = tables.get(name);
  if (!t) throw new Error(`missing ${name}`);
  return t;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^-?\d+(\.\d{1,2})?$/;
const INT = /^-?\d+$/;

function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

const ms = (text: string): number => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
const DAY_MS = 86_400_000;

let workDir = '';
const run = async (name: string, options: Omit<DemoOptions, 'outDir'>): Promise<string> => {
  const outDir = path.join(workDir, name);
  await generateDemo({ ...options, outDir });
  return outDir;
};

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'keel-demo-test-'));
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('generateDemo: files and determinism', () => {
  it('writes byte-identical files for the same options and different files for another seed', async () => {
    const options = { accounts: 40, months: 12, seed: 7, end: '2024-03-01' };
    const a = await run('same-a', options);
    const b = await run('same-b', options);
    const c = await run('other-seed', { ...options, seed: 8 });
    let differs = 0;
    for (const table of TABLE_NAMES) {
      const [fa, fb, fc] = await Promise.all([a, b, c].map((d) => readFile(path.join(d, `${table}.csv`))));
      expect(fa?.equals(fb ?? Buffer.alloc(0)), `${table}.csv differs between identical runs`).toBe(true);
      if (!fa?.equals(fc ?? Buffer.alloc(0))) differs++;
    }
    expect(differs).toBeGreaterThan(10);
  });

  it('writes all 18 tables with the canonical header, even tables without rows', async () => {
    const dir = await run('tiny', { accounts: 1, months: 1, seed: 3, end: '2025-01-15' });
    expect((await readdir(dir)).sort()).toEqual(TABLE_NAMES.map((t) => `${t}.csv`).sort());
    for (const table of TABLE_NAMES) {
      const first = (await readFile(path.join(dir, `${table}.csv`), 'utf8')).split('\n')[0];
      expect(first, table).toBe(columnNames(table).join(','));
    }
  });

  it('reports each file with its row count and calls onProgress once per account', async () => {
    const seen: number[] = [];
    const outDir = path.join(workDir, 'progress');
    const result = await generateDemo({
      accounts: 5,
      months: 3,
      seed: 1,
      end: '2025-01-01',
      outDir,
      onProgress: (done) => seen.push(done),
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(result.files.map((f) => f.table).sort()).toEqual([...TABLE_NAMES].sort());
    for (const file of result.files) {
      const table = await readTable(outDir, file.table);
      expect(table.rows.length, file.table).toBe(file.rows);
      expect(file.path).toBe(path.join(outDir, `${file.table}.csv`));
    }
  });

  it('rejects invalid options with a clear error', async () => {
    const ok = {
      accounts: 10,
      months: 12,
      seed: 1,
      end: '2025-01-01',
      outDir: path.join(workDir, 'invalid'),
    };
    await expect(generateDemo({ ...ok, accounts: 0 })).rejects.toThrow(/accounts/);
    await expect(generateDemo({ ...ok, accounts: 2.5 })).rejects.toThrow(/accounts/);
    await expect(generateDemo({ ...ok, months: 0 })).rejects.toThrow(/months/);
    await expect(generateDemo({ ...ok, months: 121 })).rejects.toThrow(/months/);
    await expect(generateDemo({ ...ok, seed: Number.NaN })).rejects.toThrow(/seed/);
    await expect(generateDemo({ ...ok, end: '2025-02-30' })).rejects.toThrow(/end/);
    await expect(generateDemo({ ...ok, end: '01/02/2025' })).rejects.toThrow(/end/);
    await expect(generateDemo({ ...ok, end: '3100-01-01' })).rejects.toThrow(/end/);
    await expect(generateDemo({ ...ok, outDir: '' })).rejects.toThrow(/outDir/);
  });
});

describe('generateDemo: contract rules on a small company', () => {
  const END = '2024-03-01';
  let tables = new Map<TableName, Table>();

  beforeAll(async () => {
    const dir = await run('contract', { accounts: 120, months: 12, seed: 11, end: END });
    tables = await readAll(dir);
  });

  /** Every rule broken, with where; checking millions of cells one `expect` at a time is too slow. */
  function cellProblem(
    col: ColumnSpec,
    v: string,
    row: readonly Cell[],
    table: Table,
    endMs: number,
  ): string | null {
    switch (col.type) {
      case 'enum':
        if (!col.values?.includes(v)) return 'not an allowed value';
        break;
      case 'int':
        if (!INT.test(v)) return 'not an integer';
        if (col.min !== undefined && Number(v) < col.min) return `below ${col.min}`;
        break;
      case 'decimal':
        if (!MONEY.test(v)) return 'not a number with at most 2 decimals';
        if (col.min !== undefined && Number(v) < col.min) return `below ${col.min}`;
        break;
      case 'bool':
        if (v !== 'true' && v !== 'false') return 'not true/false';
        break;
      case 'date':
        if (!isRealDate(v)) return 'not a real YYYY-MM-DD date';
        if (col.firstOfMonth && !v.endsWith('-01')) return 'not the first of a month';
        break;
      case 'timestamp':
        if (!TIMESTAMP.test(v) || !isRealDate(v.slice(0, 10))) return 'not YYYY-MM-DDTHH:MM:SSZ';
        if (ms(v) >= endMs) return 'at or after the end of the history';
        break;
      case 'json':
        try {
          if (JSON.stringify(JSON.parse(v)) !== v) return 'not compact JSON';
        } catch {
          return 'not JSON';
        }
        break;
      case 'text':
        if (v.length === 0) return 'empty string instead of NULL';
        break;
    }
    if (col.rangeBy) {
      const range = col.rangeBy.ranges[table.get(row, col.rangeBy.column) ?? ''];
      if (!range || Number(v) < range[0] || Number(v) > range[1]) return 'outside the range for its kind';
    }
    return null;
  }

  it('satisfies every declared type, enum, range and required rule, with no timestamp at or after the end', () => {
    const endMs = ms(END);
    const problems: string[] = [];
    for (const spec of CANONICAL_TABLES) {
      const table = must(tables, spec.name);
      expect(table.columns).toEqual(columnNames(spec.name));
      for (const [r, row] of table.rows.entries()) {
        if (row.length !== spec.columns.length)
          problems.push(`${spec.name} row ${r + 1}: ${row.length} fields`);
        for (const col of spec.columns) {
          const v = table.get(row, col.name);
          const problem =
            v === null
              ? col.required
                ? 'required but empty'
                : null
              : cellProblem(col, v, row, table, endMs);
          if (problem)
            problems.push(`${spec.name} row ${r + 1} ${col.name}=${JSON.stringify(v)}: ${problem}`);
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('keeps keys unique and every reference resolvable', () => {
    const problems: string[] = [];
    const keys = new Map<TableName, Set<string>>();
    for (const spec of CANONICAL_TABLES) {
      const table = must(tables, spec.name);
      const seen = new Set<string>();
      for (const row of table.rows) {
        const key = spec.key.map((k) => table.get(row, k) ?? '').join('\u0000');
        if (seen.has(key)) problems.push(`${spec.name}: duplicate key ${key}`);
        seen.add(key);
      }
      keys.set(spec.name, seen);
    }
    const check = (from: string, value: Cell, target: TableName): void => {
      if (value !== null && !keys.get(target)?.has(value))
        problems.push(`${from} → ${target}: ${value} does not exist`);
    };
    for (const spec of CANONICAL_TABLES) {
      const table = must(tables, spec.name);
      for (const col of spec.columns) {
        if (!col.references) continue;
        for (const row of table.rows)
          check(`${spec.name}.${col.name}`, table.get(row, col.name), col.references);
      }
    }
    // Columns the contract does not mark: interaction authors are agents, message authors contacts or agents.
    const interactions = must(tables, 'interactions');
    for (const row of interactions.rows)
      check('interactions.author_id', interactions.get(row, 'author_id'), 'agents');
    const messages = must(tables, 'ticket_messages');
    for (const row of messages.rows) {
      const type = messages.get(row, 'author_type');
      const author = messages.get(row, 'author_id');
      if (type === 'agent') check('ticket_messages.author_id', author ?? '(empty)', 'agents');
      if (type === 'customer') check('ticket_messages.author_id', author, 'contacts');
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('creates accounts before their first subscription and keeps subscription lines well formed', () => {
    const accounts = must(tables, 'accounts');
    const subs = must(tables, 'subscriptions');
    const firstStart = new Map<string, number>();
    for (const row of subs.rows) {
      const account = subs.get(row, 'account_id') ?? '';
      const started = ms(subs.get(row, 'started_at') ?? '');
      const ended = subs.get(row, 'ended_at');
      if (ended !== null) {
        expect(ms(ended)).toBeGreaterThan(started);
        expect(ms(ended)).toBeLessThan(ms(END));
      }
      if (subs.get(row, 'churn_type') !== null) expect(ended).not.toBeNull();
      expect(started).toBeLessThan(ms(END));
      firstStart.set(account, Math.min(firstStart.get(account) ?? Infinity, started));
    }
    expect(firstStart.size).toBe(accounts.rows.length);
    for (const row of accounts.rows) {
      const id = accounts.get(row, 'id') ?? '';
      expect(ms(accounts.get(row, 'created_at') ?? ''), id).toBeLessThan(firstStart.get(id) ?? -Infinity);
      expect(accounts.get(row, 'touch_model'), id).not.toBeNull();
    }
  });

  it('derives first_response_at and agent_replies from the messages written for each ticket', () => {
    const tickets = must(tables, 'tickets');
    const messages = must(tables, 'ticket_messages');
    const perTicket = new Map<string, { first: number | null; replies: number; earliest: number }>();
    for (const row of messages.rows) {
      const ticket = messages.get(row, 'ticket_id') ?? '';
      const t = ms(messages.get(row, 'created_at') ?? '');
      const entry = perTicket.get(ticket) ?? { first: null, replies: 0, earliest: Infinity };
      entry.earliest = Math.min(entry.earliest, t);
      if (messages.get(row, 'author_type') === 'agent' && messages.get(row, 'public') === 'true') {
        entry.replies++;
        entry.first = entry.first === null ? t : Math.min(entry.first, t);
      }
      perTicket.set(ticket, entry);
    }
    const statuses = new Set<string>();
    for (const row of tickets.rows) {
      const id = tickets.get(row, 'id') ?? '';
      const created = ms(tickets.get(row, 'created_at') ?? '');
      const m = perTicket.get(id);
      expect(m, id).toBeDefined();
      expect(m?.earliest, id).toBe(created);
      const first = tickets.get(row, 'first_response_at');
      expect(first === null ? null : ms(first), id).toBe(m?.first ?? null);
      expect(Number(tickets.get(row, 'agent_replies')), id).toBe(m?.replies);
      const resolved = tickets.get(row, 'resolved_at');
      const status = tickets.get(row, 'status') ?? '';
      statuses.add(status);
      if (resolved !== null) {
        expect(ms(resolved), id).toBeGreaterThanOrEqual(first === null ? created : ms(first));
        expect(['solved', 'closed'], id).toContain(status);
      } else {
        expect(['new', 'open', 'pending', 'on_hold'], id).toContain(status);
      }
    }
    expect(statuses.has('closed')).toBe(true);
  });

  it('issues usage user ids only up to the seats an account ever licensed', () => {
    const subs = must(tables, 'subscriptions');
    const maxSeats = new Map<string, number>();
    for (const row of subs.rows) {
      const a = subs.get(row, 'account_id') ?? '';
      maxSeats.set(a, Math.max(maxSeats.get(a) ?? 0, Number(subs.get(row, 'seats') ?? 0)));
    }
    const users = new Map<string, Set<string>>();
    const events = must(tables, 'usage_events');
    for (const row of events.rows) {
      const a = events.get(row, 'account_id') ?? '';
      const set = users.get(a) ?? new Set<string>();
      set.add(events.get(row, 'user_id') ?? '');
      users.set(a, set);
    }
    expect(users.size).toBeGreaterThan(0);
    for (const [a, set] of users) expect(set.size, a).toBeLessThanOrEqual(maxSeats.get(a) ?? 0);
  });

  it('writes free text the way real exports look: commas, quotes and line breaks in descriptions', () => {
    const tickets = must(tables, 'tickets');
    const descriptions = tickets.rows.map((r) => tickets.get(r, 'description') ?? '');
    expect(descriptions.some((d) => d.includes('\n'))).toBe(true);
    expect(descriptions.some((d) => d.includes('"'))).toBe(true);
    expect(descriptions.some((d) => d.includes(','))).toBe(true);
  });
});

describe('generateDemo: a learnable default-sized company (500 accounts, 24 months)', () => {
  const END = '2025-07-01';
  let tables = new Map<TableName, Table>();
  let firstChurn = new Map<string, number>();
  let stillActive = new Set<string>();
  let firstStart = new Map<string, number>();

  /** Account MRR on a day, by the contract's rule: lines with started_at ≤ d < ended_at. */
  const mrrOn = (lines: readonly { start: number; end: number; mrr: number }[], day: number): number =>
    lines.reduce((sum, l) => (l.start <= day && day < l.end ? sum + l.mrr : sum), 0);
  let linesByAccount = new Map<string, { start: number; end: number; mrr: number }[]>();

  beforeAll(async () => {
    const dir = await run('default', { accounts: 500, months: 24, seed: 2024, end: END });
    tables = await readAll(dir);
    const subs = must(tables, 'subscriptions');
    firstChurn = new Map();
    stillActive = new Set();
    firstStart = new Map();
    linesByAccount = new Map();
    for (const row of subs.rows) {
      const a = subs.get(row, 'account_id') ?? '';
      const start = ms(subs.get(row, 'started_at') ?? '');
      const ended = subs.get(row, 'ended_at');
      const end = ended === null ? Infinity : ms(ended);
      const list = linesByAccount.get(a) ?? [];
      list.push({ start, end, mrr: Number(subs.get(row, 'mrr')) });
      linesByAccount.set(a, list);
      firstStart.set(a, Math.min(firstStart.get(a) ?? Infinity, start));
      if (ended === null) stillActive.add(a);
      if (subs.get(row, 'churn_type') !== null)
        firstChurn.set(a, Math.min(firstChurn.get(a) ?? Infinity, end));
    }
  });

  it('produces a default-sized event volume and uses every column somewhere', () => {
    const events = must(tables, 'usage_events').rows.length;
    expect(events).toBeGreaterThan(300_000);
    expect(events).toBeLessThan(600_000);
    for (const spec of CANONICAL_TABLES) {
      const table = must(tables, spec.name);
      expect(table.rows.length, spec.name).toBeGreaterThan(0);
      for (const col of spec.columns) {
        expect(
          table.rows.some((r) => table.get(r, col.name) !== null),
          `${spec.name}.${col.name} is never filled`,
        ).toBe(true);
      }
    }
  });

  it('orders monthly logo churn smb > mid_market > enterprise, within 1–3.5% a month overall', () => {
    const accounts = must(tables, 'accounts');
    const historyStart = Date.UTC(2023, 6, 1);
    const monthStarts: number[] = [];
    for (let m = 0; m <= 24; m++) monthStarts.push(Date.UTC(2023, 6 + m, 1));
    const active: Record<string, number> = {};
    const churned: Record<string, number> = {};
    for (const row of accounts.rows) {
      const id = accounts.get(row, 'id') ?? '';
      const segment = accounts.get(row, 'segment') ?? '';
      const lines = linesByAccount.get(id) ?? [];
      for (let m = 0; m + 1 < monthStarts.length; m++) {
        const s = mrrOn(lines, monthStarts[m] ?? historyStart);
        const e = mrrOn(lines, monthStarts[m + 1] ?? historyStart);
        if (s > 0) {
          active[segment] = (active[segment] ?? 0) + 1;
          if (e === 0) churned[segment] = (churned[segment] ?? 0) + 1;
        }
      }
    }
    const rate = (s: string): number => (churned[s] ?? 0) / (active[s] ?? 1);
    expect(rate('smb')).toBeGreaterThan(rate('mid_market'));
    expect(rate('mid_market')).toBeGreaterThan(rate('enterprise'));
    const overall =
      Object.values(churned).reduce((a, b) => a + b, 0) / Object.values(active).reduce((a, b) => a + b, 0);
    expect(overall).toBeGreaterThan(0.01);
    expect(overall).toBeLessThan(0.035);
  });

  it('shows lower usage before churn than in active accounts over a comparable window', () => {
    const accounts = must(tables, 'accounts');
    const seats = new Map(
      accounts.rows.map((r) => [accounts.get(r, 'id') ?? '', Number(accounts.get(r, 'licensed_seats'))]),
    );
    const window = 90 * DAY_MS;
    const historyStart = Date.UTC(2023, 6, 1);
    const endMs = ms(END);
    // Which window each account is judged on: the 90 days before its first churn, or the last 90 days.
    const windows = new Map<string, { from: number; to: number; churned: boolean }>();
    for (const [a, churnAt] of firstChurn) {
      const from = churnAt - window;
      if (from >= historyStart && from >= (firstStart.get(a) ?? Infinity))
        windows.set(a, { from, to: churnAt, churned: true });
    }
    for (const a of stillActive) {
      if (firstChurn.has(a) || (firstStart.get(a) ?? Infinity) > endMs - window) continue;
      windows.set(a, { from: endMs - window, to: endMs, churned: false });
    }
    const counts = new Map<string, number>();
    const events = must(tables, 'usage_events');
    for (const row of events.rows) {
      const a = events.get(row, 'account_id') ?? '';
      const w = windows.get(a);
      if (!w) continue;
      const t = ms(events.get(row, 'occurred_at') ?? '');
      if (t >= w.from && t < w.to) counts.set(a, (counts.get(a) ?? 0) + 1);
    }
    const perSeat = (churned: boolean): number[] =>
      [...windows]
        .filter(([, w]) => w.churned === churned)
        .map(([a]) => (counts.get(a) ?? 0) / Math.max(1, seats.get(a) ?? 1))
        .sort((x, y) => x - y);
    const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)] ?? Number.NaN;
    const churners = perSeat(true);
    const actives = perSeat(false);
    expect(churners.length).toBeGreaterThan(40);
    expect(actives.length).toBeGreaterThan(100);
    expect(median(churners)).toBeLessThan(0.75 * median(actives));
  });

  it('makes detractor NPS answers more common among accounts that later churn', () => {
    const surveys = must(tables, 'surveys');
    const tally = { churners: [0, 0], others: [0, 0] };
    for (const row of surveys.rows) {
      if (surveys.get(row, 'kind') !== 'nps') continue;
      const a = surveys.get(row, 'account_id') ?? '';
      const churnAt = firstChurn.get(a);
      const detractor = Number(surveys.get(row, 'score')) <= 6 ? 1 : 0;
      if (churnAt === undefined) {
        tally.others[0] = (tally.others[0] ?? 0) + detractor;
        tally.others[1] = (tally.others[1] ?? 0) + 1;
      } else if (ms(surveys.get(row, 'responded_at') ?? '') < churnAt) {
        tally.churners[0] = (tally.churners[0] ?? 0) + detractor;
        tally.churners[1] = (tally.churners[1] ?? 0) + 1;
      }
    }
    const share = ([d, n]: number[]): number => (d ?? 0) / Math.max(1, n ?? 0);
    expect(tally.churners[1]).toBeGreaterThan(100);
    expect(share(tally.churners)).toBeGreaterThan(1.5 * share(tally.others));
  });

  it('concentrates voluntary churn on renewal dates and stops usage while an account is not paying', () => {
    const subs = must(tables, 'subscriptions');
    const accounts = must(tables, 'accounts');
    const segment = new Map(accounts.rows.map((r) => [accounts.get(r, 'id'), accounts.get(r, 'segment')]));
    // Enterprise and mid-market accounts mostly sign annual contracts. Without a renewal effect a contract
    // would end on its renewal date about 1 day in 365 (1 in 30 for the few monthly ones): well under 5%.
    const voluntary = subs.rows.filter(
      (r) =>
        subs.get(r, 'churn_type') === 'voluntary' &&
        subs.get(r, 'seats') !== null &&
        segment.get(subs.get(r, 'account_id')) !== 'smb',
    );
    const onRenewal = voluntary.filter((r) => subs.get(r, 'ended_at') === subs.get(r, 'renewal_date')).length;
    expect(voluntary.length).toBeGreaterThan(15);
    expect(onRenewal / voluntary.length).toBeGreaterThan(0.15);

    const reactivated = [...firstChurn].filter(([a, churnAt]) =>
      (linesByAccount.get(a) ?? []).some((l) => l.start > churnAt),
    );
    expect(reactivated.length).toBeGreaterThan(0);

    const events = must(tables, 'usage_events');
    let unpaid = 0;
    for (const row of events.rows) {
      const day = ms((events.get(row, 'occurred_at') ?? '').slice(0, 10));
      if (mrrOn(linesByAccount.get(events.get(row, 'account_id') ?? '') ?? [], day) === 0) unpaid++;
    }
    expect(unpaid).toBe(0);
  });

  it('lands support and funnel numbers in the seed report’s benchmark ranges', () => {
    const tickets = must(tables, 'tickets');
    const frt: Record<string, number[]> = {};
    for (const row of tickets.rows) {
      const first = tickets.get(row, 'first_response_at');
      if (first === null) continue;
      const minutes = (ms(first) - ms(tickets.get(row, 'created_at') ?? '')) / 60_000;
      (frt[tickets.get(row, 'channel') ?? ''] ??= []).push(minutes);
    }
    const median = (xs: number[] = []): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    expect(median(frt['chat'])).toBeLessThan(5);
    expect(median(frt['email'])).toBeGreaterThan(60);
    expect(median(frt['email'])).toBeLessThan(12 * 60);

    const trials = must(tables, 'trials');
    const decided = trials.rows.filter(
      (r) => trials.get(r, 'converted_at') !== null || trials.get(r, 'ended_at') !== null,
    );
    const converted = decided.filter((r) => trials.get(r, 'converted_at') !== null).length / decided.length;
    expect(converted).toBeGreaterThan(0.2);
    expect(converted).toBeLessThan(0.3);

    const surveys = must(tables, 'surveys');
    const csat = surveys.rows
      .filter((r) => surveys.get(r, 'kind') === 'csat')
      .map((r) => Number(surveys.get(r, 'score')));
    expect(csat.filter((s) => s >= 4).length / csat.length).toBeGreaterThan(0.7);
  });
});
