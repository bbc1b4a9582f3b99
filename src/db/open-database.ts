/** The one place that chooses a storage engine. */
import type { Config } from '../config/load-config.js';
import type { Database } from './database.js';
import { openDuckDb } from './duckdb/duckdb-database.js';
import { openPostgres } from './postgres/postgres-database.js';

export async function openDatabase(config: Config): Promise<Database> {
  const { database, memoryLimit } = config;
  switch (database.kind) {
    case 'duckdb':
      return openDuckDb({ path: database.path, ...(memoryLimit ? { memoryLimit } : {}) });
    case 'postgres':
      return openPostgres({ url: database.url, ...(memoryLimit ? { stagingMemoryLimit: memoryLimit } : {}) });
  }
}
