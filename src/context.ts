/**
 * Composition root: the one place that turns a Config into concrete adapters. The CLI (and later the HTTP
 * API) get everything they use from here.
 */
import type { Config } from './config/load-config.js';
import type { Database } from './db/database.js';
import { openDatabase } from './db/open-database.js';

export interface Context {
  readonly config: Config;
  readonly db: Database;
  close(): Promise<void>;
}

export async function createContext(config: Config): Promise<Context> {
  const db = await openDatabase(config);
  return { config, db, close: () => db.close() };
}
