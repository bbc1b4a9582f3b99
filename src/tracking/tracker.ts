/**
 * The tracking use case the HTTP routes call: turn a request's events into a submission (each event valid
 * and normalised, or invalid with a reason) and store it through the group committer.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { recordRejected, type Outcome, type Submission } from './apply-submissions.js';
import { GroupCommitter, type GroupCommitOptions } from './group-commit.js';
import type { MessageType } from './message-schemas.js';
import { isRecord, normaliseEvent, type FeatureMap, type InvalidEvent } from './normalise-message.js';
import type { NormalisedMessage } from './normalise-message.js';

export interface TrackerOptions extends GroupCommitOptions {
  readonly featureMap?: FeatureMap;
}

export interface TrackingRequest {
  readonly writeKeyId: string;
  /** `/v1/batch`, `/v1/track`, … (logged). */
  readonly endpoint: string;
  readonly receivedAt: Date;
  /** The parsed JSON body. */
  readonly body: Record<string, unknown>;
  /** For single-event endpoints: the type the path implies. Absent: the body is a batch. */
  readonly type?: MessageType;
}

export class Tracker {
  readonly committer: GroupCommitter;

  constructor(
    private readonly db: Database,
    private readonly options: TrackerOptions = {},
  ) {
    this.committer = new GroupCommitter(db, options);
  }

  prepare(request: TrackingRequest): Submission {
    const { body } = request;
    // The write key never reaches the log: an invalid event is stored as sent, minus that field.
    const events: unknown[] = request.type
      ? [{ ...body, type: request.type, writeKey: undefined }]
      : Array.isArray(body.batch)
        ? body.batch.map((e: unknown) => (isRecord(e) && 'writeKey' in e ? { ...e, writeKey: undefined } : e))
        : [];
    const envelope = {
      context: isRecord(body.context) ? body.context : undefined,
      sentAt: body.sentAt,
      receivedAt: request.receivedAt,
      featureMap: this.options.featureMap,
    };
    const messages: NormalisedMessage[] = [];
    const invalid: InvalidEvent[] = [];
    events.forEach((event, position) => {
      const result = normaliseEvent(event, position, envelope);
      if (result.ok) messages.push(result.message);
      else invalid.push(result.invalid);
    });
    return {
      batchId: randomUUID(),
      writeKeyId: request.writeKeyId,
      endpoint: request.endpoint,
      receivedAt: request.receivedAt,
      received: events.length,
      messages,
      invalid,
    };
  }

  /** Resolves after the request's events are committed. */
  store(submission: Submission): Promise<Outcome> {
    return this.committer.submit(submission);
  }

  /** Logs a request refused as a whole (400) for a known write key. */
  async reject(
    r: Omit<TrackingRequest, 'body' | 'type'> & { received: number; error: string },
  ): Promise<void> {
    await recordRejected(this.db, { ...r, batchId: randomUUID() });
  }
}
