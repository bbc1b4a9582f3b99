/**
 * The relationship side: CSM touchpoints (cadence by touch model, QBRs for high- and low-touch books,
 * executive presence) and quarterly NPS waves with comments. Healthier accounts hold their QBRs and bring
 * executives; unhealthy ones skip them and answer NPS as detractors — the observable traces of health.
 */

import { businessTime } from './account-profile.js';
import type { AccountContext } from './account-context.js';
import { formatTimestamp } from './calendar.js';
import { clamp, sigmoid } from './random.js';
import { INTERACTION_TEXTS, NPS_COMMENTS, type ContactRole, type TouchModel } from './vocabulary.js';

type InteractionKind = 'meeting' | 'call' | 'email' | 'qbr' | 'note' | 'event';

const CADENCE: Readonly<
  Record<
    TouchModel,
    {
      perMonth: number;
      kinds: readonly InteractionKind[];
      weights: readonly number[];
      qbrEvery: number | null;
    }
  >
> = {
  high: { perMonth: 3.5, kinds: ['meeting', 'call', 'email', 'note'], weights: [3, 3, 3, 1], qbrEvery: 3 },
  low: { perMonth: 1, kinds: ['call', 'email', 'note', 'meeting'], weights: [3, 5, 2, 1], qbrEvery: 6 },
  tech: { perMonth: 0.3, kinds: ['email', 'event', 'note'], weights: [6, 3, 1], qbrEvery: null },
};

const NPS_RESPONDENTS: ReadonlySet<ContactRole> = new Set(['executive', 'champion', 'admin', 'user']);

export interface EngagementSummary {
  readonly executiveTouches: number;
  readonly qbrHeld: boolean;
}

export function generateInteractions(
  ctx: AccountContext,
  fromSec: number,
  toSec: number,
  stepSeconds: number,
  step: number,
  usageDeclining: boolean,
): EngagementSummary {
  const span = toSec - fromSec;
  if (span <= 0) return { executiveTouches: 0, qbrHeld: false };
  const { profile } = ctx;
  const rng = ctx.rng.engagement;
  const cadence = CADENCE[profile.touch];
  const h = ctx.health;
  const e = profile.executivePropensity;
  let executiveTouches = 0;
  let qbrHeld = false;

  const write = (
    kind: InteractionKind,
    withExecutive: boolean,
    text?: { subject: string; body: string },
  ): void => {
    const t = businessTime(rng, fromSec, toSec, profile.utcOffsetHours);
    const { subject, body } = text ?? rng.pick(INTERACTION_TEXTS[kind] ?? []);
    // Tech-touch accounts without a CSM get automated campaigns: no author.
    ctx.world.sink.row('interactions', {
      id: ctx.world.ids.next('int', 6),
      account_id: profile.id,
      kind,
      occurred_at: formatTimestamp(t),
      author_id: profile.csm?.id ?? null,
      with_executive: String(withExecutive),
      subject,
      body,
    });
    if (withExecutive) {
      executiveTouches++;
      if (ctx.history.lastExecutiveSec === null || t > ctx.history.lastExecutiveSec)
        ctx.history.lastExecutiveSec = t;
    }
  };

  const count = rng.poisson(cadence.perMonth * (span / stepSeconds));
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted(cadence.kinds, cadence.weights);
    const live = kind === 'meeting' || kind === 'call';
    write(kind, live && rng.bernoulli(sigmoid(-2.2 + 0.8 * h + 0.8 * e)));
  }
  if (cadence.qbrEvery !== null && (step + profile.qbrPhase) % cadence.qbrEvery === 0) {
    if (rng.bernoulli(sigmoid(1 + 1.2 * h))) {
      qbrHeld = true;
      write('qbr', rng.bernoulli(sigmoid(0.2 + h + e)));
    }
  }
  if (usageDeclining && profile.touch !== 'tech' && profile.csm !== null && rng.bernoulli(0.6)) {
    const followUp = INTERACTION_TEXTS['call']?.[1];
    write('call', false, followUp);
  }
  return { executiveTouches, qbrHeld };
}

/** A quarterly NPS wave: each eligible contact answers with some probability; scores follow health. */
export function generateNps(ctx: AccountContext, fromSec: number, toSec: number, step: number): void {
  if (toSec <= fromSec || (step + ctx.profile.npsPhase) % 3 !== 0) return;
  const rng = ctx.rng.engagement;
  const { profile, world } = ctx;
  let sum = 0;
  let n = 0;
  let last = 0;
  for (const contact of ctx.contacts) {
    if (!NPS_RESPONDENTS.has(contact.role) || contact.createdSec >= toSec) continue;
    if (!rng.bernoulli(profile.segment === 'smb' ? 0.4 : 0.3)) continue;
    const t = businessTime(rng, Math.max(fromSec, contact.createdSec), toSec, profile.utcOffsetHours);
    const score = clamp(Math.round(8.4 + 1.5 * ctx.health + rng.normal(0, 1.4)), 0, 10);
    const bucket =
      score <= 6 ? NPS_COMMENTS.detractor : score <= 8 ? NPS_COMMENTS.passive : NPS_COMMENTS.promoter;
    world.sink.row('surveys', {
      id: world.ids.next('srv', 6),
      kind: 'nps',
      score: String(score),
      account_id: profile.id,
      contact_id: contact.id,
      ticket_id: null,
      comment: rng.bernoulli(0.55) ? rng.pick(bucket) : null,
      responded_at: formatTimestamp(t),
    });
    sum += score;
    n++;
    last = Math.max(last, t);
  }
  if (n > 0) ctx.history.lastNps = { score: sum / n, sec: last };
}
