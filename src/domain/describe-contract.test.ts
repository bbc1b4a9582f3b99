import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeContract } from './describe-contract.js';

it('docs/data-contract.md matches the declaration (run `npm run docs` after changing it)', () => {
  const committed = readFileSync(new URL('../../docs/data-contract.md', import.meta.url), 'utf8');
  expect(committed).toBe(describeContract());
  expect(committed).toContain('| **mrr** | number (4 decimals) | ≥ 0 |');
});
