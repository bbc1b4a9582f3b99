/**
 * Versioned migrations: `migrations/<engine>/NNNN_name.sql`, applied in order, each in a transaction and
 * recorded in `keel_migrations`, so `keel init` is idempotent and an upgraded Keel migrates an old workspace.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Queryable } from './database.js';
import { sql } from './sql.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface MigrationTarget extends Queryable {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** Splits a migration file into statements; migrations hold plain DDL without semicolons in literals. */
function statements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

export async function runMigrations(db: MigrationTarget, engine: 'duckdb' | 'postgres'): Promise<string[]> {
  await db.exec(
    sql`CREATE TABLE IF NOT EXISTS keel_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`,
  );
  const done = new Set(
    (await db.query<{ version: number }>(sql`SELECT version FROM keel_migrations`)).map((r) =>
      Number(r.version),
    ),
  );
  const dir = `${MIGRATIONS_DIR}${engine}/`;
  const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = Number(file.slice(0, 4));
    if (done.has(version)) continue;
    const text = await readFile(dir + file, 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of statements(text)) await tx.exec(sql.raw(statement)); // migration files are code
      await tx.exec(
        sql`INSERT INTO keel_migrations (version, name, applied_at) VALUES (${version}, ${file}, CURRENT_TIMESTAMP)`,
      );
    });
    applied.push(file);
  }
  return applied;
}
