/** What route modules receive from the app factory. */
import type { Logger } from 'pino';
import type { Context } from '../context.js';
import type { KeyVerifier } from './auth.js';

export interface ApiDeps {
  readonly ctx: Context;
  readonly verifier: KeyVerifier;
  readonly logger: Logger;
}
