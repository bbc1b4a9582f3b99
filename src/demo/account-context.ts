/**
 * The mutable state of one account while its history is simulated, shared by the usage, support and
 * engagement generators. It lives only while that account is generated.
 */

import type { AccountProfile, Contact } from './account-profile.js';
import type { World } from './company.js';
import type { Rng } from './random.js';
import type { SignalHistory } from './signals.js';

export interface AccountStreams {
  readonly life: Rng;
  readonly usage: Rng;
  readonly support: Rng;
  readonly engagement: Rng;
}

export interface AccountContext {
  readonly world: World;
  readonly profile: AccountProfile;
  readonly rng: AccountStreams;
  readonly history: SignalHistory;
  readonly contacts: Contact[];
  readonly contactEmails: Set<string>;
  /** Latent health: drives behaviour, never read by churn decisions. */
  health: number;
  /** When the first-value milestone was reached (null: never); usage stays shallow before it. */
  firstValueSec: number | null;
  /** Start of the current paying tenure. */
  tenureStartSec: number;
  /** Per-user engagement propensity; its length is the number of user ids ever issued. */
  readonly userPropensity: number[];
}
