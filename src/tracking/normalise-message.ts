/**
 * One Segment event as sent → a normalised message ready for the canonical tables, or an invalid event with a
 * reason code. Pure: no I/O, the clock comes in as `receivedAt`.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { SEGMENTS, TOUCH_MODELS } from '../domain/canonical-tables.js';
import {
  AliasMessage,
  GroupMessage,
  IdentifyMessage,
  LIMITS,
  MESSAGE_TYPES,
  PageMessage,
  ScreenMessage,
  TrackMessage,
  type InvalidReason,
  type MessageType,
} from './message-schemas.js';

export const CONTACT_ROLES = ['executive', 'champion', 'admin', 'user', 'billing', 'other'] as const;

/** Event name → feature key, for events that do not carry `properties.feature`. */
export type FeatureMap = Readonly<Record<string, string>>;

interface Base {
  readonly type: MessageType;
  readonly messageId: string;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** UTC, `YYYY-MM-DD HH:MM:SS.mmm` (what both engines cast to TIMESTAMP). */
  readonly occurredAt: string;
}

export interface UsageFields {
  readonly event: string;
  readonly feature: string | null;
  readonly properties: Readonly<Record<string, unknown>> | null;
}

export interface ContactFields {
  readonly email: string | null;
  readonly name: string | null;
  readonly title: string | null;
  readonly role: (typeof CONTACT_ROLES)[number] | null;
  readonly createdAt: string;
}

export interface AccountFields {
  readonly name: string | null;
  readonly segment: (typeof SEGMENTS)[number] | null;
  readonly touchModel: (typeof TOUCH_MODELS)[number] | null;
  readonly industry: string | null;
  readonly region: string | null;
  readonly plan: string | null;
  readonly licensedSeats: number | null;
  readonly createdAt: string;
}

export type NormalisedMessage =
  | (Base & { readonly kind: 'usage'; readonly contextGroupId: string | null; readonly usage: UsageFields })
  | (Base & {
      readonly kind: 'contact';
      readonly contextGroupId: string | null;
      readonly contact: ContactFields;
    })
  | (Base & { readonly kind: 'group'; readonly groupId: string; readonly account: AccountFields })
  | (Base & { readonly kind: 'alias'; readonly userId: string; readonly previousId: string });

export interface InvalidEvent {
  /** 0-based index in the request's batch (0 for single-event endpoints). */
  readonly position: number;
  readonly messageId: string | null;
  readonly type: string | null;
  readonly reason: InvalidReason;
  readonly detail: string;
  /** The event as sent, cut at 32 KB. */
  readonly raw: string;
}

export type Normalised = { ok: true; message: NormalisedMessage } | { ok: false; invalid: InvalidEvent };

/** What the request around an event contributes (the batch envelope's context, integrations and sentAt). */
export interface Envelope {
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  readonly sentAt?: unknown;
  readonly receivedAt: Date;
  readonly featureMap?: FeatureMap | undefined;
}

const SCHEMAS = {
  track: TrackMessage,
  page: PageMessage,
  screen: ScreenMessage,
  identify: IdentifyMessage,
  group: GroupMessage,
  alias: AliasMessage,
} as const;

const MAX_DEPTH = 64;

export function normaliseEvent(raw: unknown, position: number, envelope: Envelope): Normalised {
  const text = JSON.stringify(raw) ?? 'undefined';
  const invalid = (reason: InvalidReason, detail: string): Normalised => {
    const obj = isRecord(raw) ? raw : {};
    return {
      ok: false,
      invalid: {
        position,
        messageId: typeof obj.messageId === 'string' ? obj.messageId.slice(0, LIMITS.messageIdChars) : null,
        type: typeof obj.type === 'string' ? obj.type.slice(0, 40) : null,
        reason,
        detail,
        raw: text.length > LIMITS.eventBytes ? text.slice(0, LIMITS.eventBytes) : text,
      },
    };
  };
  if (!isRecord(raw)) return invalid('not_an_object', 'an event must be a JSON object');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.eventBytes)
    return invalid('too_large', `the event is ${bytes} bytes; the limit is ${LIMITS.eventBytes}`);
  // PostgreSQL's json cannot hold NUL or lone surrogates; refusing them here keeps a hostile event from
  // failing its whole batch with a 500 that the client would retry forever.
  if (UNSUPPORTED_TEXT.test(text))
    return invalid('unsupported_text', 'text holds a NUL character or an unpaired UTF-16 surrogate');
  if (nestingDepth(text) > MAX_DEPTH)
    return invalid('bad_field', `the event nests deeper than ${MAX_DEPTH} levels`);
  const type = raw.type;
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type))
    return invalid(
      'unknown_type',
      `type must be one of ${MESSAGE_TYPES.join(', ')}, not ${JSON.stringify(type ?? null)}`,
    );
  const plain = (type === 'track' || type === 'page' || type === 'screen') && usageShapeOk(raw, type);
  const parsed = plain ? undefined : (SCHEMAS[type as MessageType] as z.ZodType).safeParse(raw);
  if (parsed !== undefined && !parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const detail = `${issue?.path.join('.') || '(event)'}: ${issue?.message ?? 'invalid'}`;
    return invalid(reasonFor(type as MessageType, field, raw[field]), detail);
  }
  const m = raw; // validated above: the fields read below have the schema's types
  const userId = idText(m.userId);
  const anonymousId = idText(m.anonymousId);
  if (type !== 'group' && type !== 'alias' && userId === null && anonymousId === null)
    return invalid('no_user_anon_id', 'a userId or an anonymousId is required');

  const occurred = occurredAt(m, envelope);
  if (typeof occurred !== 'string') return invalid('bad_timestamp', occurred.error);
  const base = {
    type: type as MessageType,
    messageId: typeof m.messageId === 'string' ? m.messageId : `keel-${randomUUID()}`,
    userId,
    anonymousId,
    occurredAt: occurred,
  };
  // The batch's context is merged under the event's own: only groupId is read from it.
  const contextGroupId = idText(
    (isRecord(m.context) ? m.context.groupId : undefined) ?? envelope.context?.groupId,
  );
  const traits = isRecord(m.traits) ? m.traits : {};

  switch (type as MessageType) {
    case 'track':
      return usage(base, contextGroupId, String(m.event), m.properties, envelope.featureMap, String(m.event));
    case 'page':
    case 'screen': {
      const name = typeof m.name === 'string' ? m.name : null;
      const category = typeof m.category === 'string' ? m.category : null;
      const props = isRecord(m.properties) ? m.properties : {};
      const withName = {
        ...props,
        ...(name !== null && props.name === undefined ? { name } : {}),
        ...(category !== null && props.category === undefined ? { category } : {}),
      };
      return usage(base, contextGroupId, `${type}_viewed`, withName, envelope.featureMap, name);
    }
    case 'identify':
      return {
        ok: true,
        message: { ...base, kind: 'contact', contextGroupId, contact: contactFields(traits, occurred) },
      };
    case 'group': {
      const groupId = idText(m.groupId);
      if (groupId === null) return invalid('missing_group_id', 'groupId must not be empty');
      return {
        ok: true,
        message: { ...base, kind: 'group', groupId, account: accountFields(traits, occurred) },
      };
    }
    case 'alias': {
      const previousId = idText(m.previousId);
      if (previousId === null) return invalid('missing_previous_id', 'previousId must not be empty');
      if (userId === null) return invalid('no_user_anon_id', 'alias needs a userId');
      return { ok: true, message: { ...base, kind: 'alias', userId, previousId } };
    }
  }
}

/**
 * The usage types' schemas (message-schemas.ts) restated as plain checks for the hot path — most events are
 * track calls, and this is several times cheaper than a zod parse. An event that fails here still goes through
 * zod, which words the error; a test holds both to the same verdict on every field (normalise-message.test.ts).
 */
export function usageShapeOk(m: Record<string, unknown>, type: 'track' | 'page' | 'screen'): boolean {
  const id = m.messageId;
  if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > LIMITS.messageIdChars))
    return false;
  if (!nullishId(m.userId) || !nullishId(m.anonymousId)) return false;
  if (!optional(m.timestamp, isString) || !optional(m.originalTimestamp, isString)) return false;
  if (!optional(m.sentAt, isString) || !optional(m.context, isRecord) || !optional(m.integrations, isRecord))
    return false;
  if (!nullish(m.properties, isRecord)) return false;
  if (type === 'track') return typeof m.event === 'string' && m.event.length > 0;
  return nullish(m.name, isString) && nullish(m.category, isString);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const optional = (v: unknown, is: (v: unknown) => boolean) => v === undefined || is(v);
const nullish = (v: unknown, is: (v: unknown) => boolean) => v === undefined || v === null || is(v);
const nullishId = (v: unknown) =>
  v === undefined || v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function usage(
  base: Base,
  contextGroupId: string | null,
  event: string,
  properties: unknown,
  featureMap: FeatureMap | undefined,
  mapKey: string | null,
): Normalised {
  // properties are stored as sent, `feature` included: lossless, and no copy of every event's dictionary.
  let props: Record<string, unknown> | null = null;
  let feature: string | null = null;
  if (isRecord(properties)) {
    const named = properties.feature;
    if (typeof named === 'string' && named.length > 0) {
      feature = named;
      props = properties;
    } else if (!isEmpty(properties)) props = properties;
  }
  if (feature === null && mapKey !== null && featureMap && Object.hasOwn(featureMap, mapKey))
    feature = featureMap[mapKey] ?? null;
  const message: NormalisedMessage = {
    type: base.type,
    messageId: base.messageId,
    userId: base.userId,
    anonymousId: base.anonymousId,
    occurredAt: base.occurredAt,
    kind: 'usage',
    contextGroupId,
    usage: { event, feature, properties: props },
  };
  return { ok: true, message };
}

function contactFields(traits: Record<string, unknown>, occurred: string): ContactFields {
  const first = text(traits.firstName ?? traits.first_name);
  const last = text(traits.lastName ?? traits.last_name);
  const joined = [first, last].filter((s) => s !== null).join(' ');
  const role = text(traits.role)?.toLowerCase() ?? null;
  const executive = traits.is_executive === true || traits.isExecutive === true;
  return {
    email: text(traits.email),
    name: text(traits.name) ?? (joined.length > 0 ? joined : null),
    title: text(traits.title),
    role:
      role !== null
        ? (CONTACT_ROLES.find((r) => r === role) ?? (executive ? 'executive' : 'other'))
        : executive
          ? 'executive'
          : null,
    createdAt: traitTime(traits.createdAt ?? traits.created_at) ?? occurred,
  };
}

function accountFields(traits: Record<string, unknown>, occurred: string): AccountFields {
  const segmentText = text(traits.segment)
    ?.toLowerCase()
    .replace(/[\s-]+/g, '_');
  const touchText = text(traits.touch_model ?? traits.touchModel)?.toLowerCase();
  const seats = traits.licensed_seats ?? traits.licensedSeats ?? traits.seats;
  return {
    name: text(traits.name),
    segment: SEGMENTS.find((s) => s === segmentText) ?? null,
    touchModel: TOUCH_MODELS.find((t) => t === touchText) ?? null,
    industry: text(traits.industry),
    region: text(traits.region),
    plan: text(traits.plan),
    licensedSeats:
      typeof seats === 'number' && Number.isSafeInteger(seats) && seats >= 0 && seats <= 2_147_483_647
        ? seats
        : null,
    createdAt: traitTime(traits.createdAt ?? traits.created_at) ?? occurred,
  };
}

/**
 * occurred_at per the Segment spec: the client's timestamp, corrected for its clock skew when it also sent
 * sentAt (timestamp = receivedAt − (sentAt − originalTimestamp)); receipt time when it sent no timestamp.
 */
function occurredAt(m: Record<string, unknown>, envelope: Envelope): string | { error: string } {
  const originalText = m.timestamp ?? m.originalTimestamp;
  if (originalText === undefined || originalText === null) return sqlTime(envelope.receivedAt.getTime());
  const original = parseTimestamp(originalText);
  if (original === null)
    return { error: `timestamp ${JSON.stringify(originalText)} is not an ISO 8601 time` };
  const sentText = m.sentAt ?? envelope.sentAt;
  if (sentText === undefined || sentText === null)
    return CANONICAL.test(originalText as string)
      ? (originalText as string).replace('T', ' ').slice(0, -1)
      : sqlTime(original);
  const sent = parseSentAt(sentText);
  if (sent === null) return { error: `sentAt ${JSON.stringify(sentText)} is not an ISO 8601 time` };
  const corrected = envelope.receivedAt.getTime() - (sent - original);
  if (!inRange(corrected)) return { error: 'timestamp corrected by sentAt falls outside years 1–9999' };
  return sqlTime(corrected);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

// Every event of a batch shares the batch's sentAt: parse it once, not once per event.
let lastSentAt: { text: unknown; ms: number | null } = { text: undefined, ms: null };
function parseSentAt(text: unknown): number | null {
  if (text !== lastSentAt.text) lastSentAt = { text, ms: parseTimestamp(text) };
  return lastSentAt.ms;
}

/** What Date#toJSON writes, and so what most senders send: parsed without the general path. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Milliseconds since the epoch of an ISO 8601 time (UTC when it has no offset), or null. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  if (CANONICAL.test(value)) {
    const t = Date.parse(value);
    // Date.parse rolls 2025-02-31 over into March: the day of month tells. MIN_TIME rules out year 0000.
    return !Number.isNaN(t) && t >= MIN_TIME && new Date(t).getUTCDate() === Number(value.slice(8, 10))
      ? t
      : null;
  }
  const p = ISO.exec(value.trim());
  if (!p) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = p;
  const ms = frac.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : normaliseOffset(zone);
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(t) || !inRange(t) || Number(y) === 0) return null;
  // Date.parse rolls 2025-02-31 over into March; a real date survives the round trip.
  const shift = offset === 'Z' ? 0 : offsetMinutes(offset);
  return new Date(t + shift * 60_000).toISOString().slice(0, 10) === `${y}-${mo}-${d}` ? t : null;
}

function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

const MIN_TIME = new Date('0001-01-01T00:00:00Z').getTime();
const MAX_TIME = new Date('9999-12-31T23:59:59.999Z').getTime();
const inRange = (t: number) => t >= MIN_TIME && t <= MAX_TIME;

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, which both engines cast to TIMESTAMP. */
export function sqlTime(ms: number): string {
  // Events of one batch mostly share a time (to the millisecond): remember the last one formatted.
  if (ms === lastSqlTime.ms) return lastSqlTime.text;
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, -1)}`;
  lastSqlTime = { ms, text };
  return text;
}
let lastSqlTime = { ms: Number.NaN, text: '' };

function traitTime(value: unknown): string | null {
  const t = parseTimestamp(value);
  return t === null ? null : sqlTime(t);
}

function reasonFor(type: MessageType, field: string, value: unknown): InvalidReason {
  const missing = value === undefined || value === null || value === '';
  if (field === 'event') return missing ? 'missing_event' : 'bad_field';
  if (field === 'groupId') return missing ? 'missing_group_id' : 'bad_field';
  if (field === 'previousId') return missing ? 'missing_previous_id' : 'bad_field';
  if (field === 'userId' && type === 'alias' && missing) return 'no_user_anon_id';
  if (field === 'messageId') return 'bad_message_id';
  if (field === 'timestamp' || field === 'originalTimestamp' || field === 'sentAt') return 'bad_timestamp';
  return 'bad_field';
}

function idText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;
}

function isEmpty(obj: Readonly<Record<string, unknown>>): boolean {
  for (const _ in obj) return false;
  return true;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// An escaped NUL or lone surrogate in JSON.stringify output, not preceded by an escaping backslash.
const UNSUPPORTED_TEXT = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
function nestingDepth(json: string): number {
  // Most events open fewer brackets than the limit in all: counting them is several times cheaper than the walk.
  let opened = 0;
  for (let i = json.indexOf('{'); i !== -1; i = json.indexOf('{', i + 1)) opened++;
  for (let i = json.indexOf('['); i !== -1; i = json.indexOf('[', i + 1)) opened++;
  if (opened <= MAX_DEPTH) return opened;
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
