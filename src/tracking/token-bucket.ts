/**
 * Per-write-key rate limiting: a token bucket per key, refilled continuously. A request that finds no token
 * learns how many whole seconds until one is there, which becomes the 429's Retry-After.
 */

export interface RateLimit {
  /** Sustained requests per second per write key. */
  readonly perSecond: number;
  /** Requests a key may send at once after being idle. */
  readonly burst: number;
}

/**
 * Segment asks senders to stay under 1,000 requests per second per workspace (reference A4); a batch holds up
 * to 2,500 events, so this admits far more events than one Keel process can store.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 1_000, burst: 2_000 };

export type Take = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1))
      throw new Error('a rate limit needs perSecond > 0 and burst ≥ 1');
  }

  take(key: string): Take {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const seconds = (1 - bucket.tokens) / this.limit.perSecond;
    // Retry-After is whole seconds; rounding up never invites a retry that would be refused again.
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
  }
}
