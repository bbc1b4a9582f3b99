/**
 * Runs the app on Node's HTTP server. Closing stops new connections and waits for requests in flight, so a
 * graceful shutdown never cuts off a response (or an event batch) halfway.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions } from './app.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export function startServer(
  options: AppOptions & { readonly port: number; readonly host: string },
): Promise<RunningServer> {
  const app = createApp(options);
  return new Promise((resolve, reject) => {
    const server: ServerType = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host },
      (info) => {
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () => new Promise<void>((done, fail) => server.close((err) => (err ? fail(err) : done()))),
        });
      },
    );
    server.once('error', reject);
  });
}
