import { expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket.js';

it('admits a burst, then one request per 1/perSecond, and says how many whole seconds to wait', () => {
  let now = 0;
  const buckets = new TokenBuckets({ perSecond: 0.5, burst: 2 }, () => now);
  expect(buckets.take('k')).toEqual({ ok: true });
  expect(buckets.take('k')).toEqual({ ok: true });
  // Empty: a token takes 2 s at 0.5/s.
  expect(buckets.take('k')).toEqual({ ok: false, retryAfterSeconds: 2 });
  now = 1_500; // 0.75 of a token: 0.5 s short, which rounds up to 1
  expect(buckets.take('k')).toEqual({ ok: false, retryAfterSeconds: 1 });
  now = 2_000;
  expect(buckets.take('k')).toEqual({ ok: true });
  // Another key has its own bucket.
  expect(buckets.take('other')).toEqual({ ok: true });
  // Idle time refills up to the burst, not beyond it.
  now = 100_000;
  expect([buckets.take('k'), buckets.take('k'), buckets.take('k')].map((t) => t.ok)).toEqual([
    true,
    true,
    false,
  ]);
});
