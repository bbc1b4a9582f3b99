/**
 * Layer rules (see ARCHITECTURE.md). Imports point inward:
 *   domain ← config, db ← ingest, export, demo, metrics, access ← scoring ← workspace ← context ← cli, api
 * Each rule below forbids one outward edge; CI fails on any violation.
 */
const layer = (name) => `^src/${name}/`;
const forbid = (name, from, to) => ({ name, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    forbid('domain-is-pure', layer('domain'), '^src/(?!domain/)'),
    {
      name: 'domain-imports-only-zod',
      severity: 'error',
      from: { path: layer('domain') },
      to: { dependencyTypes: ['npm', 'core'], pathNot: '^node_modules/zod/' },
    },
    forbid('config-sees-domain-only', layer('config'), '^src/(?!(domain|config)/)'),
    forbid('db-sees-domain-and-config', layer('db'), '^src/(?!(domain|config|db)/)'),
    forbid('demo-sees-domain-only', layer('demo'), '^src/(?!(domain|demo)/)'),
    forbid('ingest-sees-domain-db', layer('ingest'), '^src/(?!(domain|db|ingest)/)'),
    forbid('export-sees-domain-db', layer('export'), '^src/(?!(domain|db|export)/)'),
    forbid('metrics-sees-domain-db', layer('metrics'), '^src/(?!(domain|db|metrics)/)'),
    forbid('access-sees-domain-db', layer('access'), '^src/(?!(domain|db|access)/)'),
    forbid('tracking-sees-domain-db', layer('tracking'), '^src/(?!(domain|db|tracking)/)'),
    forbid('scoring-sees-domain-db-metrics', layer('scoring'), '^src/(?!(domain|db|metrics|scoring)/)'),
    forbid('workspace-below-context', layer('workspace'), '^src/(cli|api|context\\.ts)'),
    forbid('context-below-surfaces', '^src/context\\.ts$', '^src/(cli|api)/'),
    // The one link: `keel serve` starts the API server.
    {
      name: 'cli-not-api',
      severity: 'error',
      from: { path: layer('cli'), pathNot: '^src/cli/commands/serve-command\\.ts$' },
      to: { path: layer('api') },
    },
    forbid('api-not-cli', layer('api'), layer('cli')),
    forbid('surfaces-use-context-not-adapters', '^src/(cli|api)/', '^src/db/(duckdb|postgres)/'),
    // The web app sees the API's response types (type-only imports of its schema modules) and pure domain
    // code, nothing else of the server: no server code can reach the browser bundle.
    forbid('web-sees-api-types-and-domain', '^web/', '^src/(?!(domain/|api/[a-z-]*schemas\\.ts$))'),
    {
      name: 'web-imports-api-types-only',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/api/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.test\\.ts$' },
  },
};
