/**
 * The Segment Tracking API wire format (reference Part A1–A3) as zod schemas: request bodies, and one schema
 * per message type. The OpenAPI document publishes these same schemas for the /v1 routes.
 */
import { z } from 'zod';

/** Request and event size limits of the Segment API (Part A4), in bytes. */
export const LIMITS = {
  /** One event, and a whole request to a single-event endpoint. */
  eventBytes: 32 * 1024,
  /** One /v1/batch request. */
  batchBytes: 500 * 1024,
  batchEvents: 2_500,
  messageIdChars: 100,
} as const;

export const MESSAGE_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

// Many senders use numeric database ids; Segment accepts them, so they are taken and stored as text.
const IdValue = z.union([z.string(), z.number()]);
const Dictionary = z.record(z.string(), z.unknown());
const Timestamp = z.string().describe('ISO 8601; without an offset it is UTC');

const common = {
  messageId: z
    .string()
    .min(1)
    .max(LIMITS.messageIdChars)
    .optional()
    .describe('unique per message; a retry with the same messageId is stored once. Assigned when absent'),
  userId: IdValue.nullish(),
  anonymousId: IdValue.nullish(),
  timestamp: Timestamp.optional().describe('when the event happened (client clock); default: receipt'),
  originalTimestamp: Timestamp.optional(),
  sentAt: Timestamp.optional().describe('client clock at send time; corrects clock skew'),
  context: Dictionary.optional().describe('context.groupId attributes the event to that account'),
  integrations: Dictionary.optional(),
};

export const TrackMessage = z.looseObject({
  type: z.literal('track'),
  ...common,
  event: z.string().min(1),
  properties: Dictionary.nullish(),
});
export const PageMessage = z.looseObject({
  type: z.literal('page'),
  ...common,
  name: z.string().nullish(),
  category: z.string().nullish(),
  properties: Dictionary.nullish(),
});
export const ScreenMessage = z.looseObject({
  type: z.literal('screen'),
  ...common,
  name: z.string().nullish(),
  category: z.string().nullish(),
  properties: Dictionary.nullish(),
});
export const IdentifyMessage = z.looseObject({
  type: z.literal('identify'),
  ...common,
  traits: Dictionary.nullish(),
});
export const GroupMessage = z.looseObject({
  type: z.literal('group'),
  ...common,
  groupId: IdValue,
  traits: Dictionary.nullish(),
});
export const AliasMessage = z.looseObject({
  type: z.literal('alias'),
  ...common,
  previousId: IdValue,
  userId: IdValue,
});

export const Message = z.discriminatedUnion('type', [
  TrackMessage,
  PageMessage,
  ScreenMessage,
  IdentifyMessage,
  GroupMessage,
  AliasMessage,
]);
export type Message = z.infer<typeof Message>;

/** What every request body may carry besides its events (auth form 1 and 3: the write key in the body). */
const envelope = {
  writeKey: z.string().optional().describe('the write key, when not sent as HTTP Basic username'),
  sentAt: Timestamp.optional(),
  context: Dictionary.optional().describe('merged into every event’s context (the event’s keys win)'),
  integrations: Dictionary.optional(),
};

export const BatchBody = z.looseObject({
  ...envelope,
  batch: z
    .array(z.unknown())
    .describe(`up to ${LIMITS.batchEvents} events, each with a \`type\`; invalid ones are logged, not fatal`),
});
export type BatchBody = z.infer<typeof BatchBody>;

/** A single-event request: the event's own fields plus the envelope's. */
export const EnvelopeBody = z.looseObject(envelope);

/** Why an event was not accepted: stable codes for the ingestion log, with a human detail beside them. */
export const INVALID_REASONS = [
  'not_an_object',
  'too_large',
  'unknown_type',
  'no_user_anon_id',
  'missing_event',
  'missing_group_id',
  'missing_previous_id',
  'bad_message_id',
  'bad_timestamp',
  'bad_field',
  'unsupported_text',
] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];
