import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB files and a shared PostgreSQL cluster: keep files in separate processes but do not oversubscribe 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
