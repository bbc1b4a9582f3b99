/**
 * The benchmark's input: a canonical `usage_events.csv` and the `accounts.csv` its rows point at, generated
 * by DuckDB from `range()` and integer arithmetic only, so the same row count always yields the same bytes.
 * DuckDB's `COPY … (HEADER)` writes the CSV, quoting the JSON `properties` (commas, quotes) per RFC 4180.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbSession } from '../../src/db/duckdb/duckdb-database.js';
import { sql, type Sql } from '../../src/db/sql.js';

/** Bump when the generated content changes, so a cached dataset is regenerated. */
const GENERATOR_VERSION = 1;
export const ACCOUNTS = 5_000;
/** Users per account: 5,000 × 8 = 40,000 user ids. */
const USERS_PER_ACCOUNT = 8;
const FIRST_DAY = '2023-07-01';
/** 24 months from FIRST_DAY (2023-07-01 to 2025-06-30), in seconds. */
const SPAN_SECONDS = 731 * 86_400;

/** Event names with their feature and relative frequency; expanded into a weighted wheel in SQL. */
const EVENTS: readonly { name: string; feature: string | null; weight: number }[] = [
  { name: 'page_view', feature: null, weight: 10 },
  { name: 'api_call', feature: 'api', weight: 6 },
  { name: 'login', feature: null, weight: 4 },
  { name: 'search', feature: 'search', weight: 3 },
  { name: 'report_viewed', feature: 'reports', weight: 3 },
  { name: 'dashboard_viewed', feature: 'dashboards', weight: 3 },
  { name: 'report_exported', feature: 'exports', weight: 1 },
  { name: 'dashboard_created', feature: 'dashboards', weight: 1 },
  { name: 'dashboard_shared', feature: 'collaboration', weight: 1 },
  { name: 'alert_configured', feature: 'alerts', weight: 1 },
  { name: 'integration_connected', feature: 'integrations', weight: 1 },
  { name: 'file_uploaded', feature: 'files', weight: 1 },
  { name: 'invite_sent', feature: 'collaboration', weight: 1 },
  { name: 'seat_added', feature: 'admin', weight: 1 },
  { name: 'settings_changed', feature: 'admin', weight: 1 },
];

export interface Dataset {
  readonly dir: string;
  readonly eventsCsv: string;
  readonly accountsCsv: string;
  readonly rows: number;
  readonly accounts: number;
  readonly eventsBytes: number;
}

interface Manifest {
  readonly generator: number;
  readonly rows: number;
  readonly eventsBytes: number;
}

function textList(values: readonly (string | null)[]): Sql {
  return sql`[${sql.join(values.map((v) => (v === null ? sql`NULL` : sql.literal(v))))}]`;
}

/**
 * `mix(x, salt)`: a deterministic scramble of a row number into [0, 2^31 - 1), by squaring modulo a prime.
 * Operands stay below 2^31, so products fit BIGINT and nothing depends on the platform or DuckDB's hash().
 */
async function defineMix(session: DuckDbSession): Promise<void> {
  await session.exec(sql`
    CREATE OR REPLACE TEMP MACRO mix1(x, salt) AS ((x % 2147483647) * (x % 2147483647) + salt) % 2147483647`);
  await session.exec(sql`
    CREATE OR REPLACE TEMP MACRO mix(x, salt) AS mix1(mix1(x * 48271 + salt, salt), salt * 7 + 1)`);
}

function eventsQuery(rows: number): Sql {
  const wheel = EVENTS.flatMap((e) => Array.from({ length: e.weight }, () => e));
  const n = sql.raw(String(rows)); // a validated integer from the command line
  return sql`
    WITH r AS (
      SELECT i, mix(i, 11) AS ha, mix(i, 23) AS he, mix(i, 37) AS hu, mix(i, 41) AS ht, mix(i, 53) AS hp
      FROM range(${n}) t(i)
    ), picked AS (
      SELECT i, hu, ht, hp,
        -- Squaring a uniform value skews activity: low-numbered accounts are the busy ones.
        CAST(floor(${sql.raw(String(ACCOUNTS))} * pow(ha / 2147483647.0, 2)) AS BIGINT) AS acc,
        CAST(he % ${sql.raw(String(wheel.length))} AS BIGINT) + 1 AS w,
        -- Roughly time-ordered, as exports are, with up to an hour of jitter either way.
        LEAST(GREATEST(i * ${sql.raw(String(SPAN_SECONDS))} // ${n} + ht % 7200 - 3600, 0), ${sql.raw(String(SPAN_SECONDS - 1))}) AS sec
      FROM r
    ), named AS (
      SELECT *, ${textList(wheel.map((e) => e.name))}[w] AS event, ${textList(wheel.map((e) => e.feature))}[w] AS feature
      FROM picked
    )
    SELECT
      'evt-' || lpad(CAST(i AS VARCHAR), 10, '0') AS id,
      'acc-' || lpad(CAST(acc AS VARCHAR), 5, '0') AS account_id,
      CASE WHEN event = 'api_call' THEN NULL
           ELSE 'usr-' || lpad(CAST(acc * ${sql.raw(String(USERS_PER_ACCOUNT))} + hu % ${sql.raw(String(USERS_PER_ACCOUNT))} AS VARCHAR), 6, '0') END AS user_id,
      event,
      feature,
      strftime(CAST(${sql.literal(FIRST_DAY)} AS TIMESTAMP) + to_seconds(sec), '%Y-%m-%dT%H:%M:%SZ') AS occurred_at,
      CASE WHEN hp % 10 = 0 THEN NULL ELSE CAST(json_merge_patch(
        json_object(
          'source', CASE WHEN event = 'api_call' THEN 'api' ELSE ['web', 'ios', 'android'][hp % 3 + 1] END,
          'duration_ms', hp % 30000,
          'path', '/' || COALESCE(feature, 'home') || '/' || (hp % 500)),
        -- One in seven carries a label with a comma and quotes, which the CSV must quote and escape.
        CASE WHEN hp % 7 = 0 THEN json_object('label', 'Q' || (hp % 4 + 1) || ' review, "draft"') ELSE '{}' END
      ) AS VARCHAR) END AS properties
    FROM named
    ORDER BY i`;
}

function accountsQuery(): Sql {
  return sql`
    SELECT
      'acc-' || lpad(CAST(a AS VARCHAR), 5, '0') AS id,
      'Customer ' || a || CASE WHEN a % 10 = 0 THEN ', Inc.' ELSE '' END AS name,
      ['enterprise', 'mid_market', 'smb', 'smb'][a % 4 + 1] AS segment,
      NULL AS touch_model,
      ['software', 'retail', 'finance', 'health', 'media'][a % 5 + 1] AS industry,
      ['emea', 'na', 'apac', 'latam'][a % 4 + 1] AS region,
      ['starter', 'growth', 'business'][a % 3 + 1] AS plan,
      NULL AS csm_id,
      NULL AS parent_id,
      10 + mix(a, 5) % 490 AS licensed_seats,
      strftime(TIMESTAMP '2021-01-01' + to_seconds(mix(a, 7) % (900 * 86400)), '%Y-%m-%dT%H:%M:%SZ') AS created_at
    FROM range(${sql.raw(String(ACCOUNTS))}) t(a)
    ORDER BY a`;
}

async function readManifest(path: string): Promise<Manifest | null> {
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) return null;
  const m = parsed as Partial<Manifest>;
  return typeof m.generator === 'number' && typeof m.rows === 'number' && typeof m.eventsBytes === 'number'
    ? { generator: m.generator, rows: m.rows, eventsBytes: m.eventsBytes }
    : null;
}

async function fileSize(path: string): Promise<number> {
  return existsSync(path) ? (await stat(path)).size : -1;
}

/** Writes the two CSV files under `dir`, or reuses them when a previous run generated the same dataset. */
export async function ensureDataset(
  dir: string,
  rows: number,
  log: (message: string) => void,
): Promise<Dataset> {
  await mkdir(dir, { recursive: true });
  const eventsCsv = join(dir, 'usage_events.csv');
  const accountsCsv = join(dir, 'accounts.csv');
  const manifestPath = join(dir, 'dataset.json');
  const manifest = await readManifest(manifestPath);
  const size = await fileSize(eventsCsv);
  const dataset = { dir, eventsCsv, accountsCsv, rows, accounts: ACCOUNTS };
  if (
    manifest?.generator === GENERATOR_VERSION &&
    manifest.rows === rows &&
    manifest.eventsBytes === size &&
    existsSync(accountsCsv)
  ) {
    log(`reusing ${eventsCsv} (${rows.toLocaleString('en-US')} rows, generator v${GENERATOR_VERSION})`);
    return { ...dataset, eventsBytes: size };
  }
  log(
    `generating ${rows.toLocaleString('en-US')} usage events and ${ACCOUNTS.toLocaleString('en-US')} accounts…`,
  );
  const started = performance.now();
  const session = await DuckDbSession.open({ path: ':memory:' });
  try {
    await defineMix(session);
    await session.exec(sql`COPY (${accountsQuery()}) TO ${sql.literal(accountsCsv)} (FORMAT csv, HEADER)`);
    await session.exec(sql`COPY (${eventsQuery(rows)}) TO ${sql.literal(eventsCsv)} (FORMAT csv, HEADER)`);
  } finally {
    session.close();
  }
  const eventsBytes = await fileSize(eventsCsv);
  const next: Manifest = { generator: GENERATOR_VERSION, rows, eventsBytes };
  await writeFile(manifestPath, `${JSON.stringify(next, null, 2)}\n`);
  const seconds = (performance.now() - started) / 1000;
  log(`generated ${(eventsBytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s`);
  return { ...dataset, eventsBytes };
}
