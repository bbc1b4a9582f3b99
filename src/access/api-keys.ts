/**
 * API keys (for people and programs, with a role) and ingestion write keys (for Segment-style senders): random
 * secrets shown once at creation and stored only as SHA-256 hashes. The secrets carry 192 random bits, so a
 * fast hash is enough; a slow password hash would only slow every request.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';

/** Ascending privilege: each role can do what the ones before it can. */
export const ROLES = ['viewer', 'csm', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const KEY_KINDS = ['api', 'write'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export interface KeyRecord {
  readonly id: string;
  readonly kind: KeyKind;
  /** Null for write keys, which can only send events. */
  readonly role: Role | null;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
export const roleAtLeast = (role: Role, least: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(least);

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
const timestamp = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

export async function createKey(
  db: Queryable,
  spec: { kind: 'api'; role: Role; name?: string } | { kind: 'write'; name?: string },
): Promise<{ key: KeyRecord; secret: string }> {
  const id = randomBytes(6).toString('hex');
  // The id is part of the secret so a key found in a log can be traced to its record (and revoked).
  const secret = `keel_${spec.kind === 'api' ? 'api' : 'wk'}_${id}_${randomBytes(24).toString('base64url')}`;
  const role = spec.kind === 'api' ? spec.role : null;
  const name = spec.name ?? (spec.kind === 'api' ? `${spec.role} key` : 'write key');
  const createdAt = timestamp();
  await db.exec(sql`
    INSERT INTO api_keys (id, kind, role, name, hash, created_at)
    VALUES (${id}, ${spec.kind}, ${role}, ${name}, ${hashOf(secret)}, CAST(${createdAt} AS TIMESTAMP))`);
  return { key: { id, kind: spec.kind, role, name, createdAt: iso(createdAt), revokedAt: null }, secret };
}

/** The live (not revoked) key with this secret, or null. */
export async function verifyKey(db: Queryable, secret: string): Promise<KeyRecord | null> {
  if (!/^keel_(api|wk)_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/.test(secret)) return null;
  const [row] = await db.query<Record<string, unknown>>(
    sql`SELECT ${COLUMNS} FROM api_keys WHERE hash = ${hashOf(secret)} AND revoked_at IS NULL`,
  );
  return row ? toRecord(row) : null;
}

export async function listKeys(db: Queryable): Promise<KeyRecord[]> {
  return (
    await db.query<Record<string, unknown>>(sql`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`)
  ).map(toRecord);
}

/** Revokes a key; false when no live key has that id. */
export async function revokeKey(db: Queryable, id: string): Promise<boolean> {
  const [live] = await db.query<{ id: string }>(
    sql`SELECT id FROM api_keys WHERE id = ${id} AND revoked_at IS NULL`,
  );
  if (!live) return false;
  await db.exec(sql`UPDATE api_keys SET revoked_at = CAST(${timestamp()} AS TIMESTAMP) WHERE id = ${id}`);
  return true;
}

const COLUMNS = sql.raw(
  'id, kind, role, name, CAST(created_at AS TEXT) AS created_at, CAST(revoked_at AS TEXT) AS revoked_at',
);

function iso(text: string): string {
  return `${text.replace(' ', 'T').slice(0, 19)}Z`;
}

function toRecord(r: Record<string, unknown>): KeyRecord {
  const role = r.role === null || r.role === undefined ? null : String(r.role);
  return {
    id: String(r.id),
    // The table's CHECK constraints admit only these kinds and roles.
    kind: String(r.kind) as KeyKind,
    role: role !== null && isRole(role) ? role : null,
    name: String(r.name),
    createdAt: iso(String(r.created_at)),
    revokedAt: r.revoked_at === null || r.revoked_at === undefined ? null : iso(String(r.revoked_at)),
  };
}
