/**
 * The page at `/` when the web dashboard has not been built (no web/dist): how to build it, and where the API,
 * its docs and the CLI are meanwhile. web-app.ts decides which of the two `/` serves.
 */
import type { Env, Hono } from 'hono';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Keel</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1c2430; }
    code { background: #eef1f5; padding: 0.1rem 0.3rem; border-radius: 4px; }
    a { color: #1f5fbf; }
  </style>
</head>
<body>
  <h1>Keel</h1>
  <p>Customer-success and support analytics on your own data. This server answers the JSON API; the web
  dashboard has not been built in this checkout. Build it with <code>npm run build</code> (or
  <code>npm start</code>, which builds and serves) and reload this page.</p>
  <ul>
    <li><a href="/docs">API documentation</a> (try any route with an API key: <em>Authorize</em>, then <em>Try it out</em>)</li>
    <li><a href="/openapi.json">OpenAPI 3.1 document</a></li>
  </ul>
  <p>API keys: <code>npx keel keys create --role viewer|csm|manager|admin</code>. Every number is also on the
  command line: <code>npx keel metrics</code>, <code>npx keel health</code>, <code>npx keel --help</code>.</p>
</body>
</html>`;

export function registerHomePage<E extends Env>(app: Hono<E>): void {
  app.get('/', (c) => c.html(PAGE));
}
