/** The `--as-of` date of the CLI's point-in-time commands (workspace/as-of.ts). */
import type { Context } from '../context.js';
import { resolveAsOfDate } from '../workspace/as-of.js';

export const resolveAsOf = (ctx: Context, asOf: string | undefined): Promise<string> =>
  resolveAsOfDate(ctx.db, asOf, '--as-of');
