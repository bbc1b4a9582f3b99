/** The `--as-of` date of the CLI's point-in-time commands: validated, defaulting to the end of the last complete month. */
import type { Context } from '../context.js';
import { AppError } from '../domain/errors.js';
import { defaultPeriod } from '../metrics/compute-metrics.js';

export async function resolveAsOf(ctx: Context, asOf: string | undefined): Promise<string> {
  if (asOf === undefined) return (await defaultPeriod(ctx.db)).end;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new AppError('usage', `--as-of must be a date YYYY-MM-DD, not ${JSON.stringify(asOf)}`);
  }
  return asOf;
}
