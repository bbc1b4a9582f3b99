/** `keel sentiment ACCOUNT [green|yellow|red] [--note TEXT] [--author NAME]`: record or list CSM sentiment. */
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { isRating, listSentiment, RATINGS, recordSentiment } from '../../scoring/csm-sentiment.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export async function sentimentCommand(
  ctx: Context,
  accountId: string,
  rating: string | undefined,
  options: { note?: string; author?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  if (rating !== undefined) {
    if (!isRating(rating)) throw new AppError('usage', `the rating must be one of ${RATINGS.join(', ')}`);
    const entry = await recordSentiment(ctx.db, {
      accountId,
      rating,
      author: options.author ?? null,
      note: options.note ?? null,
    });
    if (options.json) printJson(entry);
    else
      printLine(`${accountId}: ${rating} recorded at ${entry.ratedAt} (the csm_sentiment measure reads it)`);
    return EXIT_OK;
  }
  const ratings = await listSentiment(ctx.db, accountId);
  if (options.json) {
    printJson({ accountId, ratings });
    return EXIT_OK;
  }
  if (ratings.length === 0) {
    printLine(`no CSM sentiment for ${accountId} (record one: keel sentiment ${accountId} green|yellow|red)`);
    return EXIT_OK;
  }
  printLine(
    formatTable(
      ['rated at', 'rating', 'author', 'note'],
      ratings.map((r) => [r.ratedAt, r.rating, r.author ?? '', r.note ?? '']),
    ),
  );
  return EXIT_OK;
}
