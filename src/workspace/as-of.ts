/** The as-of date of point-in-time views (CLI `--as-of`, API `asOf`): validated, defaulting to the end of the last complete month. */
import type { Queryable } from '../db/database.js';
import { AppError } from '../domain/errors.js';
import { defaultPeriod } from '../metrics/compute-metrics.js';

export async function resolveAsOfDate(
  db: Queryable,
  asOf: string | undefined,
  name = 'as-of',
): Promise<string> {
  if (asOf === undefined) return (await defaultPeriod(db)).end;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new AppError('usage', `${name} must be a date YYYY-MM-DD, not ${JSON.stringify(asOf)}`);
  }
  return asOf;
}
