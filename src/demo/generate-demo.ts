/**
 * Entry point of the synthetic demo company (DESIGN §9): writes one `<table>.csv` per canonical table,
 * deterministic for (accounts, months, seed, end), streaming account by account so that memory does not
 * grow with the number of events.
 */

import { parseIsoDate, Timeline } from './calendar.js';
import { createWorld, writeAgentActivity, writeCosts } from './company.js';
import { CsvSink } from './csv-sink.js';
import { generateAccount } from './generate-accounts.js';
import type { TableName } from '../domain/canonical-tables.js';

export interface DemoOptions {
  accounts: number;
  months: number;
  seed: number;
  /** `YYYY-MM-DD`; the history ends the day before (exclusive). */
  end: string;
  outDir: string;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  files: { table: TableName; path: string; rows: number }[];
}

export const MAX_MONTHS = 120;
const EARLIEST_END = parseIsoDateOrThrow('1990-01-01');
const LATEST_END = parseIsoDateOrThrow('2999-12-31');

export async function generateDemo(options: DemoOptions): Promise<DemoResult> {
  const endDay = validate(options);
  const timeline = new Timeline(endDay, options.months);
  const sink = await CsvSink.open(options.outDir);
  try {
    const world = createWorld(options.seed, options.accounts, timeline, sink);
    for (let i = 0; i < options.accounts; i++) {
      await generateAccount(world, i);
      options.onProgress?.(i + 1, options.accounts);
    }
    await writeAgentActivity(world);
    writeCosts(world);
    return { files: await sink.close() };
  } catch (error) {
    sink.abort();
    throw error;
  }
}

function validate(options: DemoOptions): number {
  const { accounts, months, seed, end, outDir } = options;
  if (!Number.isInteger(accounts) || accounts < 1) {
    throw new Error(`demo: accounts must be a whole number of at least 1 (got ${String(accounts)})`);
  }
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) {
    throw new Error(`demo: months must be a whole number from 1 to ${MAX_MONTHS} (got ${String(months)})`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`demo: seed must be a whole number (got ${String(seed)})`);
  const endDay = typeof end === 'string' ? parseIsoDate(end) : null;
  if (endDay === null) {
    throw new Error(`demo: end must be a real date written YYYY-MM-DD (got ${JSON.stringify(end)})`);
  }
  // Keeps every written date, including renewals a year past the end, a plain 4-digit-year date.
  if (endDay < EARLIEST_END || endDay > LATEST_END) {
    throw new Error(`demo: end must be between 1990-01-01 and 2999-12-31 (got ${end})`);
  }
  if (typeof outDir !== 'string' || outDir.trim() === '') {
    throw new Error('demo: outDir must be a directory path');
  }
  return endDay;
}

function parseIsoDateOrThrow(text: string): number {
  const day = parseIsoDate(text);
  if (day === null) throw new Error(`not a date: ${text}`);
  return day;
}
