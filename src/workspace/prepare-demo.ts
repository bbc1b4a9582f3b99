/**
 * What `keel quickstart` and `keel serve --demo` do to an empty workspace: load the demo company, record a
 * year of monthly health scores (history charts, maturity's "health scoring in use") and the last 30 days of
 * risk events, so every view has something real to show. A workspace that holds data is left alone.
 */
import type { Config } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import { countRows } from '../db/table-rows.js';
import { defaultPeriod } from '../metrics/compute-metrics.js';
import { addDays, addMonths } from '../metrics/period.js';
import { loadHealthConfig } from '../scoring/compute-health.js';
import { recordDates, recordHealth } from '../scoring/record-health.js';
import { recordRiskEvents } from '../scoring/risk-events.js';
import { riskIndicators } from '../scoring/risk-indicators.js';
import { loadDemo } from './load-demo.js';

export const DEMO_HISTORY_MONTHS = 12;
export const DEMO_RISK_DAYS = 30;

export interface DemoSettings {
  readonly accounts: number;
  readonly months: number;
  readonly seed: number;
  readonly end: string;
}

/** True when the demo was loaded now; false when the workspace already held data. */
export async function prepareDemoWorkspace(
  db: Database,
  config: Config,
  settings: DemoSettings,
  onProgress?: (message: string) => void,
): Promise<boolean> {
  await db.migrate();
  if ((await countRows(db)).some((c) => c.rows > 0)) return false;
  await loadDemo(db, { ...settings, ...(onProgress ? { onProgress } : {}) });
  const health = await loadHealthConfig(config.scorecards);
  const end = (await defaultPeriod(db)).end;
  await recordHealth(
    db,
    health,
    recordDates(addMonths(end, -(DEMO_HISTORY_MONTHS - 1)), end, 'month'),
    onProgress,
  );
  for (const day of recordDates(addDays(end, -(DEMO_RISK_DAYS - 1)), end, 'day')) {
    onProgress?.(`risk indicators ${day}`);
    await recordRiskEvents(db, await riskIndicators(db, health, day), health.version);
  }
  return true;
}
