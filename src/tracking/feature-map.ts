/**
 * The event → feature map (`keel serve --feature-map FILE`): which product feature a tracked event counts
 * toward when it does not name one in `properties.feature`. Keys are track event names and page/screen names.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError, jsonFileProblem } from '../domain/errors.js';
import type { FeatureMap } from './normalise-message.js';

const FeatureMapSchema = z.record(
  z.string().min(1),
  z.string({ error: 'the feature must be text' }).trim().min(1, { error: 'the feature cannot be empty' }),
);

export async function loadFeatureMap(path: string): Promise<FeatureMap> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new AppError('usage', `feature map ${path} ${jsonFileProblem(error)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new AppError(
      'usage',
      `feature map ${path} must be one JSON object of event name → feature key, e.g. {"Report Run": "reports"}`,
    );
  const parsed = FeatureMapSchema.safeParse(raw);
  if (!parsed.success) {
    // The only rule on keys is that they are not empty; zod reports a key's failure only as "invalid key".
    const issues = parsed.error.issues.map(
      (i) =>
        `${JSON.stringify(String(i.path[0] ?? ''))}: ${i.code === 'invalid_key' ? 'an event name cannot be empty' : i.message}`,
    );
    throw new AppError('usage', `feature map ${path} is invalid: ${issues.join('; ')}`);
  }
  return Object.freeze(parsed.data);
}
