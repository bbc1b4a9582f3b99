/**
 * Which account each user belongs to and which accounts exist, as this process last read or wrote them, so a
 * batch of events from known users needs no lookup query. Only positive facts are cached: a user without an
 * account is always looked up again (another process may have grouped them).
 */
import type { PendingMark } from '../db/usage-facts.js';

/** What one transaction read or wrote; the cache takes it only after that transaction committed. */
export class Learned {
  readonly memberships = new Map<string, string>();
  readonly accounts = new Set<string>();
  /** The usage-facts mark the transaction wrote (db/usage-facts.ts), if any. */
  usageMark: PendingMark | null = null;
}

export class AttributionCache {
  private readonly members = new Map<string, { account: string; at: number }>();
  private readonly accountIds = new Set<string>();

  /**
   * `ttlMs` bounds how stale a membership may be when another process (a second server on the same
   * PostgreSQL) moves a user to another account; this process's own group calls update the cache at once.
   */
  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 200_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  membership(identity: string): string | undefined {
    const hit = this.members.get(identity);
    return hit && this.now() - hit.at < this.ttlMs ? hit.account : undefined;
  }

  /** Accounts are never deleted by Keel, so a known account stays known. */
  hasAccount(id: string): boolean {
    return this.accountIds.has(id);
  }

  learn(learned: Learned): void {
    if (this.members.size + learned.memberships.size > this.maxEntries) this.members.clear();
    if (this.accountIds.size + learned.accounts.size > this.maxEntries) this.accountIds.clear();
    const at = this.now();
    for (const [identity, account] of learned.memberships) this.members.set(identity, { account, at });
    for (const id of learned.accounts) this.accountIds.add(id);
  }
}
