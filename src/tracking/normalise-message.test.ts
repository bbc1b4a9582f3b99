import { describe, expect, it } from 'vitest';
import { PageMessage, ScreenMessage, TrackMessage } from './message-schemas.js';
import {
  normaliseEvent,
  parseTimestamp,
  usageShapeOk,
  type Envelope,
  type NormalisedMessage,
} from './normalise-message.js';

const receivedAt = new Date('2025-03-01T12:00:10.000Z');
const env: Envelope = { receivedAt };

function ok(raw: unknown, envelope: Envelope = env): NormalisedMessage {
  const r = normaliseEvent(raw, 0, envelope);
  if (!r.ok) throw new Error(`expected valid, got ${r.invalid.reason}: ${r.invalid.detail}`);
  return r.message;
}

function reason(raw: unknown, envelope: Envelope = env): string {
  const r = normaliseEvent(raw, 3, envelope);
  if (r.ok) throw new Error('expected invalid');
  expect(r.invalid.position).toBe(3);
  return r.invalid.reason;
}

const track = { type: 'track', userId: 'u1', event: 'report_run', messageId: 'm1' };

describe('occurred_at', () => {
  it('is the client timestamp when no sentAt came with it, in UTC whatever offset it was written with', () => {
    expect(ok({ ...track, timestamp: '2025-03-01T10:20:30.456Z' }).occurredAt).toBe(
      '2025-03-01 10:20:30.456',
    );
    expect(ok({ ...track, timestamp: '2025-03-01T12:20:30+02:00' }).occurredAt).toBe(
      '2025-03-01 10:20:30.000',
    );
    expect(ok({ ...track, timestamp: '2025-03-01T05:20:30-0500' }).occurredAt).toBe(
      '2025-03-01 10:20:30.000',
    );
    // No offset: UTC, as the data contract says for every timestamp.
    expect(ok({ ...track, timestamp: '2025-03-01 10:20:30' }).occurredAt).toBe('2025-03-01 10:20:30.000');
    expect(ok({ ...track, originalTimestamp: '2025-03-01T10:20:30.000Z' }).occurredAt).toBe(
      '2025-03-01 10:20:30.000',
    );
  });

  it('is corrected for clock skew when sentAt is there: receivedAt − (sentAt − timestamp)', () => {
    // The client's clock says it sent at 12:00:05 an event from 11:59:00 (65 s earlier); the server received it
    // at 12:00:10, so the event happened at 11:59:05 by the server's clock.
    const skewed = { ...track, timestamp: '2025-03-01T11:59:00.000Z' };
    expect(ok({ ...skewed, sentAt: '2025-03-01T12:00:05.000Z' }).occurredAt).toBe('2025-03-01 11:59:05.000');
    // The batch's sentAt applies to every event in it.
    expect(ok(skewed, { ...env, sentAt: '2025-03-01T12:00:05.000Z' }).occurredAt).toBe(
      '2025-03-01 11:59:05.000',
    );
  });

  it('is the time of receipt when the event has no timestamp', () => {
    expect(ok(track).occurredAt).toBe('2025-03-01 12:00:10.000');
  });

  it('refuses times that are not ISO 8601 or do not exist', () => {
    expect(reason({ ...track, timestamp: 'yesterday' })).toBe('bad_timestamp');
    expect(reason({ ...track, timestamp: '2025-02-30T00:00:00.000Z' })).toBe('bad_timestamp');
    expect(reason({ ...track, timestamp: '2025-02-29' })).toBe('bad_timestamp'); // 2025 is no leap year
    expect(reason({ ...track, timestamp: 1740830400000 })).toBe('bad_timestamp');
    expect(reason({ ...track, timestamp: '2025-03-01T00:00:00Z', sentAt: 'soon' })).toBe('bad_timestamp');
  });

  it('parses the forms senders use', () => {
    expect(parseTimestamp('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp('2024-02-29T23:59:59.999999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseTimestamp('2024-03-01T01:00:00+01')).toBe(Date.UTC(2024, 2, 1, 0, 0, 0));
    expect(parseTimestamp('0000-01-01T00:00:00.000Z')).toBeNull();
    expect(parseTimestamp('2024-13-01')).toBeNull();
  });
});

describe('usage events', () => {
  it('take the feature from properties.feature, else from the event → feature map', () => {
    const m = ok({ ...track, properties: { feature: 'reports', rows: 12 } });
    expect(m).toMatchObject({
      kind: 'usage',
      type: 'track',
      userId: 'u1',
      anonymousId: null,
      messageId: 'm1',
      usage: { event: 'report_run', feature: 'reports', properties: { feature: 'reports', rows: 12 } },
    });
    const mapped = ok({ ...track, properties: {} }, { ...env, featureMap: { report_run: 'reporting' } });
    expect(mapped).toMatchObject({ usage: { event: 'report_run', feature: 'reporting', properties: null } });
    expect(ok({ ...track, event: 'other' }, { ...env, featureMap: { report_run: 'x' } })).toMatchObject({
      usage: { feature: null, properties: null },
    });
  });

  it('turn page and screen views into page_viewed / screen_viewed with the name kept in properties', () => {
    const page = ok(
      {
        type: 'page',
        anonymousId: 'a1',
        name: 'Pricing',
        category: 'Docs',
        properties: { path: '/pricing' },
      },
      { ...env, featureMap: { Pricing: 'billing' } },
    );
    expect(page).toMatchObject({
      kind: 'usage',
      userId: null,
      anonymousId: 'a1',
      usage: {
        event: 'page_viewed',
        feature: 'billing',
        properties: { path: '/pricing', name: 'Pricing', category: 'Docs' },
      },
    });
    expect(ok({ type: 'screen', userId: 'u1', name: 'Home' })).toMatchObject({
      usage: { event: 'screen_viewed', feature: null, properties: { name: 'Home' } },
    });
  });

  it('take context.groupId from the event, else from the batch', () => {
    const batch = { ...env, context: { groupId: 'acme' } };
    expect(ok(track, batch)).toMatchObject({ contextGroupId: 'acme' });
    expect(ok({ ...track, context: { groupId: 'beta' } }, batch)).toMatchObject({ contextGroupId: 'beta' });
    expect(ok(track)).toMatchObject({ contextGroupId: null });
  });

  it('accept numeric ids as text and assign a messageId when there is none', () => {
    const m = ok({ type: 'track', userId: 42, event: 'e' });
    expect(m.userId).toBe('42');
    expect(m.messageId).toMatch(/^keel-[0-9a-f-]{36}$/);
  });
});

describe('identify and group', () => {
  it('identify traits become contact fields; is_executive or role executive marks an executive', () => {
    const m = ok({
      type: 'identify',
      userId: 'u1',
      timestamp: '2025-01-02T03:04:05.000Z',
      traits: {
        email: 'ann@acme.test',
        firstName: 'Ann',
        lastName: 'Lee',
        title: 'VP Ops',
        is_executive: true,
      },
    });
    expect(m).toMatchObject({
      kind: 'contact',
      contact: {
        email: 'ann@acme.test',
        name: 'Ann Lee',
        title: 'VP Ops',
        role: 'executive',
        createdAt: '2025-01-02 03:04:05.000',
      },
    });
    const roles = ['Champion', 'CEO', undefined].map((role) => {
      const c = ok({ type: 'identify', userId: 'u', traits: { role, createdAt: '2024-05-06' } });
      return c.kind === 'contact' ? [c.contact.role, c.contact.createdAt] : null;
    });
    expect(roles).toEqual([
      ['champion', '2024-05-06 00:00:00.000'],
      ['other', '2024-05-06 00:00:00.000'],
      [null, '2024-05-06 00:00:00.000'],
    ]);
  });

  it('group traits become account fields; values outside the contract are left out', () => {
    const m = ok({
      type: 'group',
      userId: 'u1',
      groupId: 7,
      timestamp: '2025-01-02T00:00:00.000Z',
      traits: {
        name: 'Acme',
        segment: 'Mid-Market',
        seats: 25,
        plan: 'pro',
        touchModel: 'HIGH',
        industry: 'Retail',
      },
    });
    expect(m).toMatchObject({
      kind: 'group',
      groupId: '7',
      account: {
        name: 'Acme',
        segment: 'mid_market',
        touchModel: 'high',
        industry: 'Retail',
        region: null,
        plan: 'pro',
        licensedSeats: 25,
        createdAt: '2025-01-02 00:00:00.000',
      },
    });
    const odd = ok({
      type: 'group',
      groupId: 'g',
      traits: { segment: 'huge', seats: -1, touch_model: 'none' },
    });
    expect(odd).toMatchObject({
      account: { segment: null, licensedSeats: null, touchModel: null, name: null },
    });
  });
});

describe('invalid events', () => {
  it('get a reason code for each way an event can be wrong', () => {
    expect(reason(42)).toBe('not_an_object');
    expect(reason(null)).toBe('not_an_object');
    expect(reason([track])).toBe('not_an_object');
    expect(reason({ ...track, type: 'purchase' })).toBe('unknown_type');
    expect(reason({ userId: 'u1', event: 'e' })).toBe('unknown_type');
    expect(reason({ type: 'track', userId: 'u1' })).toBe('missing_event');
    expect(reason({ ...track, event: '' })).toBe('missing_event');
    expect(reason({ ...track, event: 42 })).toBe('bad_field');
    expect(reason({ type: 'track', event: 'e' })).toBe('no_user_anon_id');
    expect(reason({ type: 'track', event: 'e', userId: '', anonymousId: null })).toBe('no_user_anon_id');
    expect(reason({ type: 'group', userId: 'u1' })).toBe('missing_group_id');
    expect(reason({ type: 'group', userId: 'u1', groupId: '' })).toBe('missing_group_id');
    expect(reason({ type: 'alias', userId: 'u1' })).toBe('missing_previous_id');
    expect(reason({ type: 'alias', previousId: 'a1' })).toBe('no_user_anon_id');
    expect(reason({ ...track, messageId: 'x'.repeat(101) })).toBe('bad_message_id');
    expect(reason({ ...track, properties: 'not a dictionary' })).toBe('bad_field');
    expect(reason({ type: 'identify', userId: 'u1', traits: [1, 2] })).toBe('bad_field');
  });

  it('over 32 KB is too_large, and the log keeps the first 32 KB of it', () => {
    const r = normaliseEvent({ ...track, properties: { blob: 'x'.repeat(33 * 1024) } }, 0, env);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.invalid).toMatchObject({ reason: 'too_large', messageId: 'm1', type: 'track' });
    expect(r.invalid.raw.length).toBe(32 * 1024);
    // Just under the limit is fine: 32,768 bytes of JSON in all.
    const frame = JSON.stringify({ ...track, properties: { blob: '' } }).length;
    expect(ok({ ...track, properties: { blob: 'x'.repeat(32 * 1024 - frame) } }).kind).toBe('usage');
  });

  it('refuses text the databases cannot store and nesting deeper than 64 levels', () => {
    expect(reason({ ...track, properties: { a: 'nul\u0000here' } })).toBe('unsupported_text');
    expect(reason({ ...track, properties: { a: 'half \ud83d a pair' } })).toBe('unsupported_text');
    // A whole pair, and a backslash followed by "u0000" as plain text, are fine.
    expect(ok({ ...track, properties: { a: 'ok \ud83d\ude00', b: '\\u0000' } }).kind).toBe('usage');
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(reason({ ...track, properties: { deep } })).toBe('bad_field');
    let fine: unknown = 1;
    for (let i = 0; i < 60; i++) fine = { a: fine };
    expect(ok({ ...track, properties: { fine } }).kind).toBe('usage');
  });
});

describe('the plain checks of the usage types', () => {
  // Every field the track/page/screen schemas declare, each with values of every JSON kind and the edges of
  // its limits; one field varied at a time on an otherwise valid event of each type.
  const values: unknown[] = [
    undefined,
    null,
    '',
    'x',
    'x'.repeat(100),
    'x'.repeat(101),
    0,
    1.5,
    true,
    {},
    { a: 1 },
    [],
  ];
  const fields = [
    'messageId',
    'userId',
    'anonymousId',
    'timestamp',
    'originalTimestamp',
    'sentAt',
    'context',
    'integrations',
    'event',
    'properties',
    'name',
    'category',
  ];
  const bases = {
    track: { type: 'track', userId: 'u1', event: 'report_run', messageId: 'm1' },
    page: { type: 'page', anonymousId: 'a1', name: 'Home', messageId: 'm2' },
    screen: { type: 'screen', userId: 7, messageId: 'm3' },
  } as const;

  it('give the zod schema’s verdict on every field and value', () => {
    let compared = 0;
    let refused = 0;
    for (const [type, base] of Object.entries(bases) as [keyof typeof bases, Record<string, unknown>][]) {
      const schema = { track: TrackMessage, page: PageMessage, screen: ScreenMessage }[type];
      for (const field of fields)
        for (const value of values) {
          const event: Record<string, unknown> = { ...base, [field]: value };
          if (value === undefined) delete event[field];
          expect(usageShapeOk(event, type), `${type}.${field} = ${JSON.stringify(value)}`).toBe(
            schema.safeParse(event).success,
          );
          compared++;
          if (!schema.safeParse(event).success) refused++;
        }
    }
    // 3 types × 12 fields × 12 values; both verdicts occur often, so the comparison can fail either way.
    expect(compared).toBe(432);
    expect(refused).toBeGreaterThan(100);
    expect(compared - refused).toBeGreaterThan(100);
  });
});
