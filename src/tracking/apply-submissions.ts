/**
 * Writes tracking requests to the workspace inside one transaction: messageId de-duplication per write key,
 * attribution of events to accounts (holding those of users not yet in one), the canonical rows, and the
 * ingestion log. Several requests can share the transaction (group commit); each gets its own counts.
 */
import type { JsonColumn, Queryable, Transaction } from '../db/database.js';
import { sql, type Sql } from '../db/sql.js';
import { markUsageFactsDirty, type UsageFactsMarker } from '../db/usage-facts.js';
import { AttributionCache, Learned } from './attribution-cache.js';
import type {
  AccountFields,
  ContactFields,
  InvalidEvent,
  NormalisedMessage,
  UsageFields,
} from './normalise-message.js';
import { sqlTime } from './normalise-message.js';

/** One HTTP request's worth of events, validated and normalised, from one write key. */
export interface Submission {
  readonly batchId: string;
  readonly writeKeyId: string;
  readonly endpoint: string;
  readonly receivedAt: Date;
  /** Events in the request, valid or not. */
  readonly received: number;
  readonly messages: readonly NormalisedMessage[];
  readonly invalid: readonly InvalidEvent[];
}

export interface Outcome {
  readonly batchId: string;
  readonly received: number;
  /** New valid messages stored (including held ones). */
  accepted: number;
  /** Valid messages whose messageId this write key had sent before (or twice in the request). */
  duplicates: number;
  invalid: number;
  /** Accepted events waiting in tracking_pending for their user's group call. */
  held: number;
  /** Events held by earlier requests that this request's group or alias calls moved into usage_events. */
  attributed: number;
}

// Every column of each table appended to, in declared order (migrations 0001 and 0005).
const MESSAGE_COLUMNS: readonly JsonColumn[] = [
  { name: 'write_key_id', type: 'text' },
  { name: 'message_id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'received_at', type: 'timestamp' },
];
const USAGE_COLUMNS: readonly JsonColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'user_id', type: 'text' },
  { name: 'event', type: 'text' },
  { name: 'feature', type: 'text' },
  { name: 'occurred_at', type: 'timestamp' },
  { name: 'properties', type: 'json' },
];
const BATCH_COLUMNS: readonly JsonColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'write_key_id', type: 'text' },
  { name: 'endpoint', type: 'text' },
  { name: 'received_at', type: 'timestamp' },
  ...['status', 'received', 'accepted', 'duplicates', 'invalid', 'held', 'attributed'].map(
    (name): JsonColumn => ({ name, type: 'integer' }),
  ),
  { name: 'error', type: 'text' },
];

/** Rows per statement: far below PostgreSQL's limits, large enough that a group is a few statements. */
const CHUNK = 2_000;

interface HeldEntry {
  readonly id: string;
  readonly writeKeyId: string;
  readonly messageId: string;
  readonly type: string;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** The account the event named in context.groupId (not yet known when it arrived). */
  readonly groupId: string | null;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly payload: { kind: 'usage'; usage: UsageFields } | { kind: 'contact'; contact: ContactFields };
  /** The submission that sent it, or -1 when an earlier transaction held it (a tracking_pending row). */
  readonly sub: number;
  done: boolean;
}

interface UsageRow {
  id: string;
  account_id: string;
  user_id: string | null;
  event: string;
  feature: string | null;
  occurred_at: string;
  properties: Readonly<Record<string, unknown>> | null;
}

interface ContactRow extends Omit<ContactFields, 'createdAt'> {
  id: string;
  account_id: string;
  created_at: string;
}

/** The usage_events id of a tracked event: unique per write key, as the de-duplication is. */
export const usageId = (writeKeyId: string, messageId: string): string => `${writeKeyId}:${messageId}`;

/**
 * `optimistic` records messageIds with a plain INSERT, which fails the transaction if any id was seen before;
 * `careful` uses ON CONFLICT DO NOTHING and counts those as duplicates. DuckDB's ON CONFLICT costs several
 * times a plain insert into the same index, and retries are rare, so callers try optimistic first.
 */
export type ClaimMode = 'optimistic' | 'careful';

/** A process's attribution cache and the transaction's notes for it (applied by the caller after commit). */
export interface CacheUse {
  readonly cache: AttributionCache;
  readonly learned: Learned;
  /** Marks the usage facts dirty; without one, every write marks them. */
  readonly marker?: UsageFactsMarker;
}

export async function applySubmissions(
  tx: Transaction,
  subs: readonly Submission[],
  mode: ClaimMode = 'careful',
  cacheUse: CacheUse = { cache: new AttributionCache(0), learned: new Learned() },
): Promise<Outcome[]> {
  const outcomes: Outcome[] = subs.map((s) => ({
    batchId: s.batchId,
    received: s.received,
    accepted: 0,
    duplicates: 0,
    invalid: s.invalid.length,
    held: 0,
    attributed: 0,
  }));
  const fresh = await claimMessageIds(tx, subs, outcomes, mode);
  const lookups = await lookUp(tx, fresh, cacheUse);
  const state = new Attribution(lookups, outcomes, cacheUse.learned);
  for (const { sub, message } of fresh) state.apply(subs[sub] as Submission, sub, message);
  const held = state.heldLocal.filter((h) => !h.done);
  for (const h of held) (outcomes[h.sub] as Outcome).held++;
  await write(tx, state, held, cacheUse);
  await writeLog(tx, subs, outcomes);
  return outcomes;
}

/** Records every messageId not seen before for its write key; the rest count as duplicates. */
async function claimMessageIds(
  tx: Transaction,
  subs: readonly Submission[],
  outcomes: Outcome[],
  mode: ClaimMode,
): Promise<{ sub: number; message: NormalisedMessage }[]> {
  const seen = new Set<string>();
  const candidates: { sub: number; message: NormalisedMessage }[] = [];
  subs.forEach((s, sub) => {
    for (const message of s.messages) {
      const key = usageId(s.writeKeyId, message.messageId);
      if (seen.has(key)) (outcomes[sub] as Outcome).duplicates++;
      else {
        seen.add(key);
        candidates.push({ sub, message });
      }
    }
  });
  const claimed = new Set<string>();
  const receivedAt = subs.map((s) => sqlTime(s.receivedAt.getTime()));
  if (mode === 'optimistic') {
    // A messageId seen before fails the append (primary key) and with it the transaction.
    await tx.append(
      'tracking_messages',
      MESSAGE_COLUMNS,
      candidates.map(({ sub, message }) => [
        (subs[sub] as Submission).writeKeyId,
        message.messageId,
        message.type,
        receivedAt[sub] as string,
      ]),
    );
    return candidates;
  }
  for (const chunk of chunks(candidates)) {
    const rows = chunk.map(({ sub, message }) => ({
      k: (subs[sub] as Submission).writeKeyId,
      m: message.messageId,
      t: message.type,
      r: receivedAt[sub],
    }));
    const inserted = await tx.query<{ write_key_id: string; message_id: string }>(sql`
      INSERT INTO tracking_messages (write_key_id, message_id, type, received_at)
      SELECT e.value ->> 'k', e.value ->> 'm', e.value ->> 't', CAST(e.value ->> 'r' AS TIMESTAMP)
      FROM ${jsonRows(rows)}
      ON CONFLICT DO NOTHING
      RETURNING write_key_id, message_id`);
    for (const r of inserted) claimed.add(usageId(r.write_key_id, r.message_id));
  }
  return candidates.filter(({ sub, message }) => {
    if (claimed.has(usageId((subs[sub] as Submission).writeKeyId, message.messageId))) return true;
    (outcomes[sub] as Outcome).duplicates++;
    return false;
  });
}

interface Lookups {
  readonly membership: Map<string, string>;
  readonly accounts: Set<string>;
  readonly links: Map<string, Set<string>>;
  readonly pending: HeldEntry[];
}

/** What the walk needs from the database: memberships, known accounts, alias links and held events. */
async function lookUp(
  tx: Queryable,
  fresh: readonly { message: NormalisedMessage }[],
  { cache, learned }: CacheUse,
): Promise<Lookups> {
  const identities = new Set<string>();
  const accountIds = new Set<string>();
  const linkIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const { message: m } of fresh) {
    for (const id of [m.userId, m.anonymousId]) if (id !== null) identities.add(id);
    if (m.kind === 'usage' || m.kind === 'contact') {
      if (m.contextGroupId !== null) accountIds.add(m.contextGroupId);
    } else if (m.kind === 'group') {
      accountIds.add(m.groupId);
      groupIds.add(m.groupId);
      for (const id of [m.userId, m.anonymousId]) if (id !== null) linkIds.add(id);
    } else {
      for (const id of [m.userId, m.previousId]) linkIds.add(id);
      identities.add(m.previousId);
    }
  }
  const links = new Map<string, Set<string>>();
  if (linkIds.size > 0) {
    const aliasRows = await tx.query<{ previous_id: string; user_id: string }>(sql`
      SELECT previous_id, user_id FROM tracking_aliases
      WHERE previous_id IN ${jsonValues(linkIds)} OR user_id IN ${jsonValues(linkIds)}`);
    for (const r of aliasRows) {
      link(links, r.previous_id, r.user_id);
      identities.add(r.previous_id);
      identities.add(r.user_id);
      linkIds.add(r.previous_id);
      linkIds.add(r.user_id);
    }
  }
  const membership = new Map<string, string>();
  const unknown: string[] = [];
  for (const id of identities) {
    const account = cache.membership(id);
    if (account === undefined) unknown.push(id);
    else membership.set(id, account);
  }
  if (unknown.length > 0) {
    const rows = await tx.query<{ identity: string; account_id: string }>(
      sql`SELECT identity, account_id FROM tracking_identities WHERE identity IN ${jsonValues(unknown)}`,
    );
    for (const r of rows) {
      membership.set(r.identity, r.account_id);
      learned.memberships.set(r.identity, r.account_id);
    }
  }
  const accounts = new Set<string>();
  const unknownAccounts: string[] = [];
  for (const id of accountIds) {
    if (cache.hasAccount(id)) accounts.add(id);
    else unknownAccounts.push(id);
  }
  if (unknownAccounts.length > 0) {
    const rows = await tx.query<{ id: string }>(
      sql`SELECT id FROM accounts WHERE id IN ${jsonValues(unknownAccounts)}`,
    );
    for (const r of rows) {
      accounts.add(r.id);
      learned.accounts.add(r.id);
    }
  }
  const pending: HeldEntry[] = [];
  if (linkIds.size > 0 || groupIds.size > 0) {
    const ids = jsonValues(linkIds.size > 0 ? linkIds : ['']);
    const rows = await tx.query<Record<string, string | null>>(sql`
      SELECT id, write_key_id, message_id, type, user_id, anonymous_id, group_id,
             CAST(occurred_at AS TEXT) AS occurred_at, CAST(received_at AS TEXT) AS received_at,
             CAST(payload AS TEXT) AS payload
      FROM tracking_pending
      WHERE user_id IN ${ids} OR anonymous_id IN ${ids}
         OR group_id IN ${jsonValues(groupIds.size > 0 ? groupIds : [''])}
      ORDER BY received_at, id`);
    for (const r of rows) {
      pending.push({
        id: String(r.id),
        writeKeyId: String(r.write_key_id),
        messageId: String(r.message_id),
        type: String(r.type),
        userId: r.user_id ?? null,
        anonymousId: r.anonymous_id ?? null,
        groupId: r.group_id ?? null,
        occurredAt: String(r.occurred_at),
        receivedAt: String(r.received_at),
        // Written by this module from a NormalisedMessage (see `write`).
        payload: JSON.parse(String(r.payload)) as HeldEntry['payload'],
        sub: -1,
        done: false,
      });
    }
  }
  return { membership, accounts, links, pending };
}

/**
 * Walks the group's new messages in arrival order, so a group call attributes only what came before it and
 * a user who moves to another account takes only later events along.
 */
class Attribution {
  readonly usage: UsageRow[] = [];
  readonly heldLocal: HeldEntry[] = [];
  readonly attributedIds: string[] = [];
  readonly contacts = new Map<string, ContactRow>();
  readonly accounts = new Map<string, { fields: AccountFields; known: boolean }>();
  readonly identities = new Map<string, string>();
  readonly aliases = new Map<string, { previousId: string; userId: string; at: string }>();

  private readonly receivedText = new Map<Submission, string>();

  constructor(
    private readonly db: Lookups,
    private readonly outcomes: Outcome[],
    private readonly learned: Learned,
  ) {}

  private receivedAt(sub: Submission): string {
    let text = this.receivedText.get(sub);
    if (text === undefined) this.receivedText.set(sub, (text = sqlTime(sub.receivedAt.getTime())));
    return text;
  }

  apply(sub: Submission, index: number, m: NormalisedMessage): void {
    const outcome = this.outcomes[index] as Outcome;
    outcome.accepted++;
    switch (m.kind) {
      case 'usage':
      case 'contact': {
        const account = this.resolve(m.contextGroupId, m.userId, m.anonymousId);
        const entry: HeldEntry = {
          id: usageId(sub.writeKeyId, m.messageId),
          writeKeyId: sub.writeKeyId,
          messageId: m.messageId,
          type: m.type,
          userId: m.userId,
          anonymousId: m.anonymousId,
          groupId: m.contextGroupId,
          occurredAt: m.occurredAt,
          receivedAt: this.receivedAt(sub),
          payload:
            m.kind === 'usage' ? { kind: 'usage', usage: m.usage } : { kind: 'contact', contact: m.contact },
          sub: index,
          done: false,
        };
        if (account === null) this.heldLocal.push(entry);
        else this.emit(entry, account, m.userId);
        return;
      }
      case 'group': {
        const existing = this.accounts.get(m.groupId);
        this.accounts.set(m.groupId, {
          fields: existing ? mergeAccount(existing.fields, m.account) : m.account,
          known: existing?.known ?? this.db.accounts.has(m.groupId),
        });
        this.learned.accounts.add(m.groupId);
        const ids = this.linked([m.userId, m.anonymousId]);
        for (const id of ids) this.setMembership(id, m.groupId);
        this.attribute(ids, m.groupId, m.groupId, m.userId, outcome);
        return;
      }
      case 'alias': {
        link(this.db.links, m.previousId, m.userId);
        this.aliases.set(`${m.previousId}\n${m.userId}`, {
          previousId: m.previousId,
          userId: m.userId,
          at: m.occurredAt,
        });
        const ids = this.linked([m.userId, m.previousId]);
        const account =
          this.db.membership.get(m.userId) ??
          this.db.membership.get(m.previousId) ??
          [...ids].map((id) => this.db.membership.get(id)).find((a) => a !== undefined);
        if (account === undefined) return;
        for (const id of ids) if (!this.db.membership.has(id)) this.setMembership(id, account);
        this.attribute(ids, null, account, m.userId, outcome);
        return;
      }
    }
  }

  private resolve(groupId: string | null, userId: string | null, anonymousId: string | null): string | null {
    if (groupId !== null) return this.accountKnown(groupId) ? groupId : null;
    return (
      (userId !== null ? this.db.membership.get(userId) : undefined) ??
      (anonymousId !== null ? this.db.membership.get(anonymousId) : undefined) ??
      null
    );
  }

  private accountKnown(id: string): boolean {
    return this.db.accounts.has(id) || this.accounts.has(id);
  }

  private setMembership(identity: string, account: string): void {
    this.db.membership.set(identity, account);
    this.identities.set(identity, account);
    this.learned.memberships.set(identity, account);
  }

  /** The ids and everything one alias away from them. */
  private linked(ids: readonly (string | null)[]): Set<string> {
    const out = new Set<string>();
    for (const id of ids) {
      if (id === null) continue;
      out.add(id);
      for (const other of this.db.links.get(id) ?? []) out.add(other);
    }
    return out;
  }

  /** Moves held events of these identities (or naming this group) into the account. */
  private attribute(
    ids: ReadonlySet<string>,
    groupId: string | null,
    account: string,
    userId: string | null,
    outcome: Outcome,
  ): void {
    const matches = (h: HeldEntry) =>
      !h.done &&
      (h.groupId !== null
        ? h.groupId === groupId
        : (h.userId !== null && ids.has(h.userId)) || (h.anonymousId !== null && ids.has(h.anonymousId)));
    for (const h of this.heldLocal) if (matches(h)) this.emit(h, h.groupId ?? account, userId);
    for (const h of this.db.pending) {
      if (!matches(h)) continue;
      this.emit(h, h.groupId ?? account, userId);
      this.attributedIds.push(h.id);
      outcome.attributed++;
    }
  }

  private emit(h: HeldEntry, account: string, knownUserId: string | null): void {
    h.done = true;
    // An anonymous event takes the user id of the call that tied it to an account, so one person is one user.
    const user = h.userId ?? knownUserId ?? h.anonymousId;
    if (h.payload.kind === 'usage') {
      const u = h.payload.usage;
      this.usage.push({
        id: h.id,
        account_id: account,
        user_id: user,
        event: u.event,
        feature: u.feature,
        occurred_at: h.occurredAt,
        properties: u.properties,
      });
      return;
    }
    const c = h.payload.contact;
    const id = user ?? h.id;
    const before = this.contacts.get(id);
    this.contacts.set(id, {
      id,
      account_id: account,
      email: c.email ?? before?.email ?? null,
      name: c.name ?? before?.name ?? null,
      title: c.title ?? before?.title ?? null,
      role: c.role ?? before?.role ?? null,
      created_at: before && before.created_at < c.createdAt ? before.created_at : c.createdAt,
    });
  }
}

function mergeAccount(a: AccountFields, b: AccountFields): AccountFields {
  return {
    name: b.name ?? a.name,
    segment: b.segment ?? a.segment,
    touchModel: b.touchModel ?? a.touchModel,
    industry: b.industry ?? a.industry,
    region: b.region ?? a.region,
    plan: b.plan ?? a.plan,
    licensedSeats: b.licensedSeats ?? a.licensedSeats,
    createdAt: a.createdAt < b.createdAt ? a.createdAt : b.createdAt,
  };
}

const TOUCH_BY_SEGMENT = { enterprise: 'high', mid_market: 'low', smb: 'tech' } as const;

async function write(
  tx: Transaction,
  state: Attribution,
  held: readonly HeldEntry[],
  { learned, marker }: CacheUse,
): Promise<void> {
  for (const chunk of chunks(state.attributedIds))
    await tx.exec(sql`DELETE FROM tracking_pending WHERE id IN ${jsonValues(chunk)}`);
  await tx.append(
    'usage_events',
    USAGE_COLUMNS,
    state.usage.map((r) => [
      r.id,
      r.account_id,
      r.user_id,
      r.event,
      r.feature,
      r.occurred_at,
      r.properties === null ? null : JSON.stringify(r.properties),
    ]),
  );
  if (state.usage.length > 0) {
    let earliest = (state.usage[0] as UsageRow).occurred_at;
    for (const r of state.usage) if (r.occurred_at < earliest) earliest = r.occurred_at;
    if (marker) learned.usageMark = await marker.mark(tx, earliest);
    else await markUsageFactsDirty(tx, earliest);
  }
  for (const chunk of chunks(held)) {
    await tx.exec(sql`
      INSERT INTO tracking_pending
        (id, write_key_id, message_id, type, user_id, anonymous_id, group_id, occurred_at, payload, received_at)
      SELECT e.value ->> 'id', e.value ->> 'writeKeyId', e.value ->> 'messageId', e.value ->> 'type',
             e.value ->> 'userId', e.value ->> 'anonymousId', e.value ->> 'groupId',
             CAST(e.value ->> 'occurredAt' AS TIMESTAMP), e.value -> 'payload',
             CAST(e.value ->> 'receivedAt' AS TIMESTAMP)
      FROM ${jsonRows(chunk)}`);
  }
  if (state.accounts.size > 0) await upsertAccounts(tx, state.accounts);
  if (state.contacts.size > 0) await upsertContacts(tx, [...state.contacts.values()]);
  if (state.identities.size > 0) {
    const rows = [...state.identities].map(([identity, account]) => ({ i: identity, a: account }));
    const now = sqlTime(Date.now());
    for (const chunk of chunks(rows)) {
      await tx.exec(sql`
        INSERT INTO tracking_identities (identity, account_id, updated_at)
        SELECT e.value ->> 'i', e.value ->> 'a', CAST(${now} AS TIMESTAMP) FROM ${jsonRows(chunk)}
        ON CONFLICT (identity) DO UPDATE SET account_id = excluded.account_id, updated_at = excluded.updated_at`);
    }
  }
  if (state.aliases.size > 0) {
    await tx.exec(sql`
      INSERT INTO tracking_aliases (previous_id, user_id, created_at)
      SELECT e.value ->> 'previousId', e.value ->> 'userId', CAST(e.value ->> 'at' AS TIMESTAMP)
      FROM ${jsonRows([...state.aliases.values()])}
      ON CONFLICT DO NOTHING`);
  }
}

/**
 * Group traits update the account they name (only the traits sent; touch_model follows a new segment only when
 * the account has none) or create it, with created_at from the traits' createdAt or the event's time.
 */
async function upsertAccounts(
  tx: Queryable,
  accounts: ReadonlyMap<string, { fields: AccountFields; known: boolean }>,
): Promise<void> {
  const rows = [...accounts].map(([id, { fields: f, known }]) => ({
    id,
    known,
    name: f.name,
    segment: f.segment,
    touch_model: f.touchModel,
    derived_touch: f.segment ? TOUCH_BY_SEGMENT[f.segment] : null,
    industry: f.industry,
    region: f.region,
    plan: f.plan,
    seats: f.licensedSeats,
    created_at: f.createdAt,
  }));
  const known = rows.filter((r) => r.known);
  const created = rows.filter((r) => !r.known);
  if (known.length > 0) {
    await tx.exec(sql`
      UPDATE accounts SET
        name = COALESCE(j.name, accounts.name),
        segment = COALESCE(j.segment, accounts.segment),
        touch_model = COALESCE(j.touch_model, accounts.touch_model, j.derived_touch),
        industry = COALESCE(j.industry, accounts.industry),
        region = COALESCE(j.region, accounts.region),
        plan = COALESCE(j.plan, accounts.plan),
        licensed_seats = COALESCE(j.seats, accounts.licensed_seats)
      FROM (SELECT e.value ->> 'id' AS id, e.value ->> 'name' AS name, e.value ->> 'segment' AS segment,
                   e.value ->> 'touch_model' AS touch_model, e.value ->> 'derived_touch' AS derived_touch,
                   e.value ->> 'industry' AS industry, e.value ->> 'region' AS region, e.value ->> 'plan' AS plan,
                   CAST(e.value ->> 'seats' AS INTEGER) AS seats
            FROM ${jsonRows(known)}) AS j
      WHERE accounts.id = j.id`);
  }
  if (created.length > 0) {
    await tx.exec(sql`
      INSERT INTO accounts (id, name, segment, touch_model, industry, region, plan, licensed_seats, created_at)
      SELECT e.value ->> 'id', COALESCE(e.value ->> 'name', e.value ->> 'id'), e.value ->> 'segment',
             COALESCE(e.value ->> 'touch_model', e.value ->> 'derived_touch'), e.value ->> 'industry',
             e.value ->> 'region', e.value ->> 'plan', CAST(e.value ->> 'seats' AS INTEGER),
             CAST(e.value ->> 'created_at' AS TIMESTAMP)
      FROM ${jsonRows(created)}`);
  }
}

/** identify traits fill a contact's columns; traits not sent keep the values the contact has. */
async function upsertContacts(tx: Queryable, contacts: readonly ContactRow[]): Promise<void> {
  const j = sql`(SELECT e.value ->> 'id' AS id, e.value ->> 'account_id' AS account_id,
                        e.value ->> 'email' AS email, e.value ->> 'name' AS name, e.value ->> 'title' AS title,
                        e.value ->> 'role' AS role, CAST(e.value ->> 'created_at' AS TIMESTAMP) AS created_at
                 FROM ${jsonRows(contacts)})`;
  await tx.exec(sql`
    UPDATE contacts SET
      account_id = j.account_id,
      email = COALESCE(j.email, contacts.email),
      name = COALESCE(j.name, contacts.name),
      title = COALESCE(j.title, contacts.title),
      role = COALESCE(j.role, contacts.role),
      created_at = COALESCE(contacts.created_at, j.created_at)
    FROM ${j} AS j
    WHERE contacts.id = j.id`);
  await tx.exec(sql`
    INSERT INTO contacts (id, account_id, email, name, title, role, created_at)
    SELECT j.id, j.account_id, j.email, j.name, j.title, j.role, j.created_at FROM ${j} AS j
    WHERE NOT EXISTS (SELECT 1 FROM contacts AS c WHERE c.id = j.id)`);
}

async function writeLog(
  tx: Transaction,
  subs: readonly Submission[],
  outcomes: readonly Outcome[],
): Promise<void> {
  await tx.append(
    'tracking_batches',
    BATCH_COLUMNS,
    subs.map((s, i) => {
      const o = outcomes[i] as Outcome;
      const at = sqlTime(s.receivedAt.getTime());
      return [
        s.batchId,
        s.writeKeyId,
        s.endpoint,
        at,
        200,
        o.received,
        o.accepted,
        o.duplicates,
        o.invalid,
        o.held,
        o.attributed,
        null,
      ];
    }),
  );
  const invalid = subs.flatMap((s) =>
    s.invalid.map((v) => ({
      ...v,
      batchId: s.batchId,
      k: s.writeKeyId,
      at: sqlTime(s.receivedAt.getTime()),
    })),
  );
  for (const chunk of chunks(invalid, 200)) {
    await tx.exec(sql`
      INSERT INTO tracking_invalid
        (batch_id, write_key_id, position, message_id, type, reason, detail, raw, received_at)
      SELECT e.value ->> 'batchId', e.value ->> 'k', CAST(e.value ->> 'position' AS INTEGER),
             e.value ->> 'messageId', e.value ->> 'type', e.value ->> 'reason', e.value ->> 'detail',
             e.value ->> 'raw', CAST(e.value ->> 'at' AS TIMESTAMP)
      FROM ${jsonRows(chunk)}`);
  }
}

/** A request that was refused as a whole (400) but whose write key is known: logged so the sender can see why. */
export async function recordRejected(
  db: Queryable,
  r: {
    batchId: string;
    writeKeyId: string;
    endpoint: string;
    receivedAt: Date;
    received: number;
    error: string;
  },
): Promise<void> {
  await db.exec(sql`
    INSERT INTO tracking_batches
      (id, write_key_id, endpoint, received_at, status, received, accepted, duplicates, invalid, held, attributed, error)
    VALUES (${r.batchId}, ${r.writeKeyId}, ${r.endpoint}, CAST(${sqlTime(r.receivedAt.getTime())} AS TIMESTAMP),
            400, ${r.received}, 0, 0, 0, 0, 0, ${r.error})`);
}

/** A JSON array bound as one parameter, as rows of a JSON column `e.value` (keel_json_rows, migration 0005). */
function jsonRows(rows: readonly unknown[]): Sql {
  return sql`keel_json_rows(CAST(${JSON.stringify(rows)} AS JSON)) AS e`;
}

/** A list of strings for `x IN (…)`, bound as one parameter. */
function jsonValues(values: Iterable<string>): Sql {
  const rows = [...values].map((v) => ({ v }));
  return sql`(SELECT e.value ->> 'v' FROM ${jsonRows(rows)})`;
}

function link(links: Map<string, Set<string>>, a: string, b: string): void {
  if (a === b) return;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const set = links.get(x) ?? new Set<string>();
    set.add(y);
    links.set(x, set);
  }
}

function* chunks<T>(items: readonly T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
