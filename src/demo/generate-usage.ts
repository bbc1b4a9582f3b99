/**
 * Product usage: sessions and feature events from an account's users (ids bounded by its licensed seats).
 * How many users are active, how often they come back and which features they touch all follow the
 * account's latent health, its onboarding progress and each user's own propensity, so seat utilisation,
 * usage trend and adoption breadth carry the health signal into the data.
 */

import { businessTime } from './account-profile.js';
import type { AccountContext } from './account-context.js';
import { DAY, formatTimestamp } from './calendar.js';
import type { Rng } from './random.js';
import { WeightedTable, sigmoid } from './random.js';
import { FEATURES } from './vocabulary.js';

const USAGE = {
  /** Logit of a user being active in a month at average health and propensity. */
  activeLogit: -0.1,
  healthOnActivity: 1.4,
  propensityOnActivity: 0.9,
  /** Sessions beyond the first per active user and month. */
  extraSessions: 0.4,
  /** Feature events per session beyond the first. */
  extraEventsPerSession: 0.6,
  healthOnUptake: 1.2,
} as const;

const CORE_BIT: readonly number[] = (() => {
  let next = 0;
  return FEATURES.map((f) => (f.core ? 1 << next++ : 0));
})();

const PLATFORMS = ['web', 'web', 'web', 'desktop', 'mobile'] as const;

export interface UsageSummary {
  readonly events: number;
  readonly activeUsers: number;
  readonly coreFeatures: number;
}

interface PendingEvent {
  readonly t: number;
  readonly user: number;
  /** Index into FEATURES, or -1 for a session start. */
  readonly feature: number;
  readonly platform: string;
}

/** Usage ramps up over onboarding and stays shallow until the account reaches first value. */
export function adoptionRamp(ctx: AccountContext, atSec: number): number {
  if (ctx.profile.preWindow && atSec - ctx.tenureStartSec > 365 * DAY)
    return ctx.firstValueSec === null ? 0.7 : 1;
  const days = (atSec - ctx.tenureStartSec) / DAY;
  const ramp = Math.min(1, 0.35 + 0.65 * (days / 45));
  const reachedValue = ctx.firstValueSec !== null && ctx.firstValueSec <= atSec;
  return reachedValue ? ramp : Math.min(ramp, 0.6);
}

export function generateUsage(
  ctx: AccountContext,
  fromSec: number,
  toSec: number,
  stepSeconds: number,
  seats: number,
): UsageSummary {
  const span = toSec - fromSec;
  if (span <= 0 || seats <= 0) return { events: 0, activeUsers: 0, coreFeatures: 0 };
  const { profile, world } = ctx;
  const rng = ctx.rng.usage;
  while (ctx.userPropensity.length < seats) ctx.userPropensity.push(rng.normal());
  const share = Math.min(1, span / stepSeconds);
  const ramp = adoptionRamp(ctx, fromSec + span / 2);
  const h = ctx.health;

  const inUse: number[] = [];
  for (let i = 0; i < FEATURES.length; i++) {
    const f = FEATURES[i];
    const threshold = profile.featureThresholds[i] ?? 1;
    if (f && threshold < sigmoid(f.uptake + USAGE.healthOnUptake * h + 2 * Math.log(ramp))) inUse.push(i);
  }
  const featureTable =
    inUse.length > 0
      ? new WeightedTable(
          inUse,
          inUse.map((i) => FEATURES[i]?.weight ?? 0),
        )
      : null;

  const pending: PendingEvent[] = [];
  let activeUsers = 0;
  const activityScale = ramp * Math.sqrt(share);
  for (let user = 0; user < seats; user++) {
    const z = ctx.userPropensity[user] ?? 0;
    const p =
      sigmoid(USAGE.activeLogit + USAGE.healthOnActivity * h + USAGE.propensityOnActivity * z) *
      activityScale;
    if (!rng.bernoulli(p)) continue;
    activeUsers++;
    const sessions = 1 + rng.poisson(USAGE.extraSessions * Math.exp(0.3 * h + 0.3 * z) * share);
    for (let s = 0; s < sessions; s++) {
      let t = businessTime(rng, fromSec, toSec, profile.utcOffsetHours);
      const platform = rng.pick(PLATFORMS);
      pending.push({ t, user, feature: -1, platform });
      if (!featureTable) continue;
      const count = 1 + rng.poisson(USAGE.extraEventsPerSession * Math.exp(0.25 * h));
      for (let e = 0; e < count; e++) {
        t += rng.int(15, 420);
        if (t >= toSec) break;
        pending.push({ t, user, feature: featureTable.pick(rng), platform });
      }
    }
  }

  pending.sort((a, b) => a.t - b.t);
  let coreFeatures = 0;
  const accountNumber = profile.id.slice(4);
  for (const ev of pending) {
    const feature = ev.feature >= 0 ? FEATURES[ev.feature] : undefined;
    const event = feature ? rng.pick(feature.events) : 'session_started';
    if (feature) coreFeatures |= CORE_BIT[ev.feature] ?? 0;
    world.sink.row('usage_events', {
      id: world.ids.next('evt', 9),
      account_id: profile.id,
      user_id: `usr-${accountNumber}-${String(ev.user + 1).padStart(4, '0')}`,
      event,
      feature: feature ? feature.key : null,
      occurred_at: formatTimestamp(ev.t),
      properties: eventProperties(rng, event, ev.platform),
    });
  }
  return { events: pending.length, activeUsers, coreFeatures };
}

function eventProperties(rng: Rng, event: string, platform: string): string | null {
  switch (event) {
    case 'session_started':
      return JSON.stringify({ platform });
    case 'report_run':
      return JSON.stringify({
        rows: Math.round(rng.lognormal(800, 1.2)),
        duration_ms: Math.round(rng.lognormal(900, 0.8)),
      });
    case 'dashboard_viewed':
      return JSON.stringify({ widgets: rng.int(2, 14) });
    case 'report_exported':
    case 'export_run':
      return JSON.stringify({ format: rng.pick(['csv', 'xlsx', 'pdf']) });
    case 'api_request':
      return JSON.stringify({
        endpoint: rng.pick(['/v1/reports', '/v1/dashboards', '/v1/metrics']),
        status: rng.bernoulli(0.97) ? 200 : 429,
      });
    case 'source_synced':
      return JSON.stringify({ records: Math.round(rng.lognormal(5000, 1.5)), ok: rng.bernoulli(0.96) });
    default:
      return rng.bernoulli(0.5) ? null : JSON.stringify({ platform });
  }
}
