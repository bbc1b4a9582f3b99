/**
 * Who an account is and how it arrived: segment, size, plan, CSM, latent health, its contacts, how it was
 * acquired (lead, trial, sales opportunity) and its onboarding milestones. Everything here is decided once
 * per account from the account's own random stream.
 */

import { DAY, HOUR, MINUTE, addMonths, formatDate, formatTimestamp, isWeekend } from './calendar.js';
import { CHURN_NOISE } from './churn-model.js';
import type { Agent, World } from './company.js';
import type { Rng } from './random.js';
import { clamp, sigmoid } from './random.js';
import type { SignalHistory } from './signals.js';
import type { Term } from './subscriptions.js';
import {
  CONTACT_TITLES,
  FEATURES,
  FIRST_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  LEAD_SOURCES,
  LEAD_SOURCE_WEIGHTS,
  MILESTONES,
  PLAN_LADDER,
  REGIONS,
  TRIAL_SOURCES,
  TRIAL_SOURCE_WEIGHTS,
  companyName,
  slug,
  type ContactRole,
  type Plan,
  type Segment,
  type TouchModel,
} from './vocabulary.js';

export interface AccountProfile {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly segment: Segment;
  readonly touch: TouchModel;
  readonly industry: string;
  readonly region: string;
  readonly utcOffsetHours: number;
  readonly planIndex: number;
  readonly seats: number;
  readonly term: Term;
  readonly acquiredDay: number;
  readonly preWindow: boolean;
  readonly csm: Agent | null;
  readonly parentId: string | null;
  /** Long-run mean of the latent health the account drifts around. */
  readonly healthMean: number;
  readonly initialHealth: number;
  readonly frailty: number;
  /** How readily the account's executives show up (latent). */
  readonly executivePropensity: number;
  /** Per feature, the account's uptake threshold: lower means the feature is adopted sooner. */
  readonly featureThresholds: readonly number[];
  readonly npsPhase: number;
  readonly qbrPhase: number;
}

export interface Contact {
  readonly id: string;
  readonly firstName: string;
  readonly role: ContactRole;
  readonly createdSec: number;
}

export const SEGMENT_MIX: Readonly<Record<Segment, number>> = { enterprise: 0.1, mid_market: 0.3, smb: 0.6 };

const SEATS: Readonly<Record<Segment, { median: number; sigma: number; min: number }>> = {
  enterprise: { median: 110, sigma: 0.4, min: 50 },
  mid_market: { median: 40, sigma: 0.5, min: 10 },
  smb: { median: 7, sigma: 0.55, min: 1 },
};

const HEALTH_MEAN: Readonly<Record<Segment, number>> = { enterprise: 0.35, mid_market: 0.15, smb: 0 };

const ANNUAL_SHARE: Readonly<Record<Segment, number>> = { enterprise: 1, mid_market: 0.8, smb: 0.3 };

/** Share of accounts that were already customers when the history starts. */
const PRE_WINDOW_SHARE = 0.4;

/** Onboarding: median days to complete everything, and the target plan the CSM commits to. */
const ONBOARDING_DAYS: Readonly<Record<Segment, { median: number; target: number }>> = {
  enterprise: { median: 75, target: 90 },
  mid_market: { median: 35, target: 45 },
  smb: { median: 10, target: 14 },
};

export function planOf(profile: { segment: Segment }, planIndex: number): Plan {
  const ladder = PLAN_LADDER[profile.segment];
  const plan = ladder[Math.min(planIndex, ladder.length - 1)];
  if (!plan) throw new Error(`no plan for ${profile.segment}`);
  return plan;
}

/** An instant in [from, to) in the account's working hours (around 13:00 local, weekends rarer). */
export function businessTime(rng: Rng, fromSec: number, toSec: number, utcOffsetHours: number): number {
  const span = toSec - fromSec;
  if (span <= 0) return fromSec;
  let fallback = fromSec + Math.floor(rng.next() * span);
  for (let attempt = 0; attempt < 6; attempt++) {
    const guess = fromSec + Math.floor(rng.next() * span);
    const day = Math.floor(guess / DAY);
    if (isWeekend(day) && rng.next() > 0.2) continue;
    const localHour = clamp(rng.normal(13, 2.6), 6, 22.5);
    const t = day * DAY + Math.floor((localHour - utcOffsetHours) * HOUR) + rng.int(0, 59);
    if (t >= fromSec && t < toSec) return t;
    fallback = guess;
  }
  return fallback;
}

export function sampleProfile(world: World, rng: Rng, index: number): AccountProfile {
  const { timeline } = world;
  const segment = rng.weighted<Segment>(
    ['enterprise', 'mid_market', 'smb'],
    [SEGMENT_MIX.enterprise, SEGMENT_MIX.mid_market, SEGMENT_MIX.smb],
  );
  const touch: TouchModel =
    segment === 'enterprise'
      ? rng.weighted<TouchModel>(['high', 'low'], [0.9, 0.1])
      : segment === 'mid_market'
        ? rng.weighted<TouchModel>(['low', 'high', 'tech'], [0.8, 0.1, 0.1])
        : rng.weighted<TouchModel>(['tech', 'low'], [0.9, 0.1]);
  const industry = rng.weighted(
    INDUSTRIES,
    INDUSTRIES.map((i) => i.weight),
  );
  const region = rng.weighted(
    REGIONS,
    REGIONS.map((r) => r.weight),
  );
  const seatSpec = SEATS[segment];
  const seats = Math.max(seatSpec.min, Math.round(rng.lognormal(seatSpec.median, seatSpec.sigma)));
  const planIndex = rng.bernoulli(0.3) ? 1 : 0;
  const term: Term = rng.bernoulli(ANNUAL_SHARE[segment]) ? 'annual' : 'monthly';
  const preWindow = rng.bernoulli(PRE_WINDOW_SHARE);
  const acquiredDay = preWindow
    ? addMonths(timeline.startDay, -rng.int(1, 36)) + rng.int(0, 27)
    : acquiredInWindow(rng, timeline.startDay, timeline.endDay);
  const name = companyName(rng, industry.nouns);
  const id = `acc-${String(index + 1).padStart(5, '0')}`;

  const pool = world.roster.csms[touch];
  let csm: Agent | null = null;
  if (!(touch === 'tech' && rng.bernoulli(0.12)) && pool.length > 0) {
    csm = pool[world.csmCursor[touch] % pool.length] ?? null;
    world.csmCursor[touch]++;
  }
  let parentId: string | null = null;
  if (segment !== 'smb' && world.enterpriseAccountIds.length > 0 && rng.bernoulli(0.05)) {
    parentId = rng.pick(world.enterpriseAccountIds);
  }
  if (segment === 'enterprise') world.enterpriseAccountIds.push(id);

  const healthMean = rng.normal(HEALTH_MEAN[segment], 0.55) + (preWindow ? 0.15 : 0);
  return {
    index,
    id,
    name,
    domain: `${slug(name.replace(/,? (Inc\.|Ltd|GmbH|LLC|AG|BV)$/, ''))}.example`,
    segment,
    touch,
    industry: industry.name,
    region: region.name,
    utcOffsetHours: region.utcOffsetHours,
    planIndex,
    seats,
    term,
    acquiredDay,
    preWindow,
    csm,
    parentId,
    healthMean,
    initialHealth: rng.normal(healthMean, 0.5),
    frailty: rng.normal(0, CHURN_NOISE.accountFrailtySd),
    executivePropensity: rng.normal(0, 1),
    featureThresholds: FEATURES.map(() => rng.next()),
    npsPhase: rng.int(0, 2),
    qbrPhase: rng.int(0, 5),
  };
}

/** New customers arrive faster over time (the company grows ~4% a month, at most 8× over the history). */
function acquiredInWindow(rng: Rng, startDay: number, endDay: number): number {
  const span = endDay - startDay;
  const growth = Math.min(Math.log(1.04) / 30, Math.log(8) / span);
  const t = Math.log(1 + rng.next() * (Math.exp(growth * span) - 1)) / growth;
  return Math.min(endDay - 1, startDay + Math.floor(t));
}

/**
 * The funnel that produced the account: a qualified lead, then a trial (self-serve) or a sales opportunity,
 * plus the leads and trials of the same campaign that did not convert. Returns the account's created_at.
 */
export function writeAcquisition(world: World, rng: Rng, profile: AccountProfile, firstMrr: number): number {
  const { sink, ids, timeline } = world;
  const startSec = profile.acquiredDay * DAY;
  const salesLed = rng.bernoulli(
    profile.segment === 'enterprise' ? 1 : profile.segment === 'mid_market' ? 0.6 : 0.1,
  );
  const trialLed = !salesLed && rng.bernoulli(0.85);
  let createdSec: number;
  if (salesLed) {
    const cycleDays = profile.segment === 'enterprise' ? rng.uniform(60, 160) : rng.uniform(25, 90);
    createdSec = businessTime(
      rng,
      startSec - Math.floor(cycleDays * DAY),
      startSec - Math.floor((cycleDays - 3) * DAY),
      profile.utcOffsetHours,
    );
    sink.row('opportunities', {
      id: ids.next('opp', 6),
      account_id: profile.id,
      kind: 'new_business',
      amount: (firstMrr * 12).toFixed(2),
      stage: 'Closed Won',
      created_at: formatTimestamp(createdSec),
      close_date: formatDate(profile.acquiredDay),
      status: 'won',
    });
  } else if (trialLed) {
    const trialDays = rng.int(12, 21);
    createdSec = businessTime(
      rng,
      startSec - trialDays * DAY,
      startSec - (trialDays - 1) * DAY,
      profile.utcOffsetHours,
    );
    const convertedSec = businessTime(rng, startSec - 2 * DAY, startSec - 1, profile.utcOffsetHours);
    sink.row('trials', {
      id: ids.next('trl', 6),
      account_id: profile.id,
      started_at: formatTimestamp(createdSec),
      ended_at: formatTimestamp(convertedSec),
      converted_at: formatTimestamp(convertedSec),
      source: rng.weighted(TRIAL_SOURCES, TRIAL_SOURCE_WEIGHTS),
    });
    // Trials that did not convert: geometric with mean 3, so about a quarter of trials convert.
    while (rng.bernoulli(0.75)) {
      const started = businessTime(rng, startSec - 60 * DAY, startSec + 30 * DAY, profile.utcOffsetHours);
      if (started >= timeline.endSec) continue;
      const ended = started + rng.int(14, 21) * DAY;
      sink.row('trials', {
        id: ids.next('trl', 6),
        account_id: null,
        started_at: formatTimestamp(started),
        ended_at: ended < timeline.endSec ? formatTimestamp(ended) : null,
        converted_at: null,
        source: rng.weighted(TRIAL_SOURCES, TRIAL_SOURCE_WEIGHTS),
      });
    }
  } else {
    createdSec = businessTime(rng, startSec - 5 * DAY, startSec - DAY, profile.utcOffsetHours);
  }

  const leadSec = createdSec - Math.floor(rng.uniform(3, 40) * DAY);
  sink.row('leads', {
    id: ids.next('lead', 6),
    created_at: formatTimestamp(leadSec),
    qualified_at: formatTimestamp(leadSec + Math.floor(rng.uniform(0.2, 3) * DAY)),
    source: rng.weighted(LEAD_SOURCES, LEAD_SOURCE_WEIGHTS),
    account_id: profile.id,
  });
  const extraLeads = rng.poisson(2.5);
  for (let i = 0; i < extraLeads; i++) {
    const created = businessTime(rng, startSec - 150 * DAY, startSec + 30 * DAY, profile.utcOffsetHours);
    if (created >= timeline.endSec) continue;
    const qualified = rng.bernoulli(0.3) ? created + Math.floor(rng.uniform(0.5, 10) * DAY) : null;
    sink.row('leads', {
      id: ids.next('lead', 6),
      created_at: formatTimestamp(created),
      qualified_at: qualified !== null && qualified < timeline.endSec ? formatTimestamp(qualified) : null,
      source: rng.weighted(LEAD_SOURCES, LEAD_SOURCE_WEIGHTS),
      account_id: null,
    });
  }
  return createdSec;
}

const CONTACT_COUNT: Readonly<Record<Segment, readonly [number, number]>> = {
  enterprise: [5, 10],
  mid_market: [3, 6],
  smb: [1, 3],
};

const ROLE_ORDER: Readonly<Record<Segment, readonly ContactRole[]>> = {
  enterprise: [
    'champion',
    'executive',
    'admin',
    'billing',
    'executive',
    'user',
    'user',
    'admin',
    'user',
    'other',
  ],
  mid_market: ['champion', 'executive', 'admin', 'billing', 'user', 'user'],
  smb: ['champion', 'billing', 'user'],
};

export function createContact(
  world: World,
  rng: Rng,
  profile: AccountProfile,
  role: ContactRole,
  createdSec: number,
  usedEmails: Set<string>,
): Contact {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  let local = slug(`${firstName}.${lastName}`).replace(/-/g, '.');
  if (usedEmails.has(local)) local = `${local}${usedEmails.size + 1}`;
  usedEmails.add(local);
  const contact: Contact = { id: world.ids.next('con', 6), firstName, role, createdSec };
  world.sink.row('contacts', {
    id: contact.id,
    account_id: profile.id,
    email: `${local}@${profile.domain}`,
    name: `${firstName} ${lastName}`,
    title: rng.pick(CONTACT_TITLES[role]),
    role,
    created_at: formatTimestamp(createdSec),
  });
  return contact;
}

export function writeInitialContacts(
  world: World,
  rng: Rng,
  profile: AccountProfile,
  accountCreatedSec: number,
  usedEmails: Set<string>,
): Contact[] {
  const [lo, hi] = CONTACT_COUNT[profile.segment];
  const count = rng.int(lo, hi);
  const roles = ROLE_ORDER[profile.segment];
  const contacts: Contact[] = [];
  for (let i = 0; i < count; i++) {
    let role: ContactRole = roles[i] ?? 'user';
    if (profile.segment === 'smb' && i === 0 && rng.bernoulli(0.3)) role = 'admin';
    if (profile.segment === 'smb' && i === 1 && rng.bernoulli(0.3)) role = 'executive';
    const created = Math.min(
      accountCreatedSec + Math.floor(rng.uniform(0, 20) * DAY),
      world.timeline.endSec - 1,
    );
    contacts.push(createContact(world, rng, profile, role, created, usedEmails));
  }
  return contacts;
}

/**
 * Onboarding milestones. Healthier accounts finish faster and more often; a required step that stalls
 * stalls every later required step, which is what "onboarding never completed" looks like in the data.
 */
export function writeMilestones(
  world: World,
  rng: Rng,
  profile: AccountProfile,
  history: SignalHistory,
): { firstValueSec: number | null } {
  const { sink, ids, timeline } = world;
  const startSec = profile.acquiredDay * DAY;
  const plan = ONBOARDING_DAYS[profile.segment];
  const h0 = profile.initialHealth;
  const totalDays = rng.lognormal(plan.median, 0.45) * Math.exp(-0.25 * h0);
  let requiredStalled = false;
  let requiredDone = startSec;
  let firstValueSec: number | null = null;
  let previous = startSec;
  for (const m of MILESTONES) {
    if (!m.offeredTo.includes(profile.segment)) continue;
    const required = m.requiredFor.includes(profile.segment);
    const completes = required
      ? !requiredStalled && rng.bernoulli(sigmoid(2.9 + 1.2 * h0))
      : rng.bernoulli(sigmoid(0.6 + h0));
    let completedSec: number | null = null;
    if (completes) {
      const offset = Math.max(0.1, m.share * totalDays * rng.uniform(0.85, 1.15)) * DAY;
      completedSec = Math.max(previous + 10 * MINUTE, startSec + Math.floor(offset));
      previous = completedSec;
      if (required) requiredDone = Math.max(requiredDone, completedSec);
      if (m.firstValue) firstValueSec = completedSec;
    } else if (required) {
      requiredStalled = true;
    }
    const dueSec = (profile.acquiredDay + Math.ceil(m.share * plan.target)) * DAY + 17 * HOUR;
    sink.row('milestones', {
      id: ids.next('mst', 6),
      account_id: profile.id,
      key: m.key,
      name: m.name,
      required: String(required),
      is_first_value: String(m.firstValue),
      // Timestamps never reach past the history: future due dates and completions are not known yet.
      due_at: dueSec < timeline.endSec ? formatTimestamp(dueSec) : null,
      completed_at:
        completedSec !== null && completedSec < timeline.endSec ? formatTimestamp(completedSec) : null,
    });
  }
  history.requiredOnboardingDoneSec = requiredStalled ? null : requiredDone;
  return { firstValueSec };
}
