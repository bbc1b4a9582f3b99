/**
 * Group commit: requests that arrive while a transaction is committing wait and then share the next one, so
 * the cost of a commit (a WAL flush) is paid once per group, not per request. Each request's promise settles
 * only after the transaction holding its events has committed — the HTTP 200 is never ahead of the disk.
 */
import type { Database } from '../db/database.js';
import { applySubmissions, type Outcome, type Submission } from './apply-submissions.js';
import { UsageFactsMarker } from '../db/usage-facts.js';
import { AttributionCache, Learned } from './attribution-cache.js';

export interface GroupCommitOptions {
  /** A group stops growing at this many events (one request may exceed it on its own). */
  readonly maxEventsPerGroup?: number;
}

interface Waiting {
  readonly submission: Submission;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

export interface GroupCommitStats {
  transactions: number;
  requests: number;
  /** Groups that failed as a whole and were retried one request per transaction. */
  splits: number;
  /** Groups whose optimistic messageId claim hit an id seen before and ran again with ON CONFLICT. */
  carefulRetries: number;
}

export class GroupCommitter {
  private readonly queue: Waiting[] = [];
  private running = false;
  private readonly maxEvents: number;
  readonly stats: GroupCommitStats = { transactions: 0, requests: 0, splits: 0, carefulRetries: 0 };
  private readonly cache = new AttributionCache();
  private readonly marker: UsageFactsMarker;

  constructor(
    private readonly db: Database,
    options: GroupCommitOptions = {},
  ) {
    this.maxEvents = options.maxEventsPerGroup ?? 10_000;
    this.marker = new UsageFactsMarker(db);
  }

  /** Resolves once the submission is committed; rejects if its own transaction failed. */
  submit(submission: Submission): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ submission, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.commit(this.take());
    } finally {
      this.running = false;
    }
  }

  private take(): Waiting[] {
    const group: Waiting[] = [];
    let events = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as Waiting;
      const size = next.submission.messages.length + next.submission.invalid.length;
      if (group.length > 0 && events + size > this.maxEvents) break;
      group.push(next);
      this.queue.shift();
      events += size;
    }
    return group;
  }

  private async commit(group: readonly Waiting[]): Promise<void> {
    try {
      const outcomes = await this.run(group.map((w) => w.submission));
      group.forEach((w, i) => w.resolve(outcomes[i] as Outcome));
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // One request's data may be what failed: retry each alone, so the others still commit.
      this.stats.splits++;
      for (const w of group) {
        try {
          const [outcome] = await this.run([w.submission]);
          w.resolve(outcome as Outcome);
        } catch (own) {
          w.reject(own);
        }
      }
    }
  }

  /**
   * The optimistic claim fails its transaction when a messageId was seen before (a retried batch); the careful
   * one then runs in a fresh transaction and counts the duplicates. Either way nothing is half-written.
   */
  private async run(submissions: readonly Submission[]): Promise<Outcome[]> {
    let learned = new Learned();
    let outcomes: Outcome[];
    try {
      outcomes = await this.db.transaction((tx) =>
        applySubmissions(tx, submissions, 'optimistic', { cache: this.cache, learned, marker: this.marker }),
      );
    } catch {
      this.stats.carefulRetries++;
      learned = new Learned(); // what the rolled-back attempt read or wrote is not known to be true
      outcomes = await this.db.transaction((tx) =>
        applySubmissions(tx, submissions, 'careful', { cache: this.cache, learned, marker: this.marker }),
      );
    }
    this.cache.learn(learned);
    this.marker.committed(learned.usageMark);
    this.stats.transactions++;
    this.stats.requests += submissions.length;
    return outcomes;
  }
}
