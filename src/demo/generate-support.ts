/**
 * Support tickets with the conversation that explains their numbers: the first public agent message is
 * the ticket's first_response_at, agent_replies counts public agent messages, reopens and escalations
 * appear as messages and notes, and tickets still in flight at the end of the history are left open,
 * pending or on hold. First-response times follow the seed report's channel benchmarks (chat minutes,
 * email hours), slowed down in the company's occasional crunch months. Slow first answers, reopens and
 * poor CSAT/CES are recorded as bad experiences: churn signals and a drag on health.
 */

import { businessTime } from './account-profile.js';
import type { AccountContext } from './account-context.js';
import { DAY, HOUR, MINUTE, formatTimestamp, isWeekend } from './calendar.js';
import { teamForChannel, type Agent, type KbArticle } from './company.js';
import { clamp, type Rng } from './random.js';
import type { TICKET_STATUSES } from '../domain/canonical-tables.js';
import {
  AGENT_REPLIES,
  AUTO_CLOSE_NOTE,
  BOT_GREETING,
  CES_COMMENTS,
  CSAT_COMMENTS,
  CUSTOMER_FOLLOWUPS,
  INTERNAL_NOTES,
  TICKET_CATEGORIES,
  ticketDescription,
  type Channel,
  type ContactRole,
  type Segment,
  type TicketCategory,
} from './vocabulary.js';

const TICKETS_PER_MONTH: Readonly<Record<Segment, { rate: number; medianSeats: number }>> = {
  enterprise: { rate: 3.5, medianSeats: 110 },
  mid_market: { rate: 1.6, medianSeats: 40 },
  smb: { rate: 0.5, medianSeats: 7 },
};

const CHANNELS: readonly Channel[] = ['email', 'chat', 'phone', 'social', 'web', 'other'];
const CHANNEL_MIX: Readonly<Record<Segment, readonly number[]>> = {
  enterprise: [42, 18, 16, 1, 18, 5],
  mid_market: [40, 26, 8, 2, 20, 4],
  smb: [34, 36, 3, 5, 20, 2],
};

type TicketStatus = (typeof TICKET_STATUSES)[number];
type Priority = 'low' | 'normal' | 'high' | 'urgent';
const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
const PRIORITY_MIX: Readonly<Record<Segment, readonly number[]>> = {
  enterprise: [10, 50, 28, 12],
  mid_market: [15, 55, 22, 8],
  smb: [20, 58, 17, 5],
};
const PRIORITY_SPEED: Readonly<Record<Priority, number>> = { low: 1.3, normal: 1, high: 0.6, urgent: 0.35 };

interface ChannelTiming {
  /** Median minutes to the first agent reply, and the spread of its logarithm. */
  readonly frtMedian: number;
  readonly frtSigma: number;
  /** First-response target in minutes (seed benchmarks); slower than 4× counts as a bad experience. */
  readonly target: number;
  readonly agentGap: number;
  readonly customerGap: number;
  /** Chance the first reply settles the ticket. */
  readonly singleReply: number;
}

const TIMING: Readonly<Record<Channel, ChannelTiming>> = {
  email: { frtMedian: 180, frtSigma: 1.0, target: 240, agentGap: 240, customerGap: 180, singleReply: 0.82 },
  chat: { frtMedian: 2.5, frtSigma: 0.8, target: 5, agentGap: 2, customerGap: 1.5, singleReply: 0.88 },
  phone: { frtMedian: 1.2, frtSigma: 0.6, target: 3, agentGap: 90, customerGap: 120, singleReply: 0.9 },
  social: { frtMedian: 40, frtSigma: 0.9, target: 60, agentGap: 60, customerGap: 90, singleReply: 0.82 },
  web: { frtMedian: 220, frtSigma: 1.0, target: 240, agentGap: 240, customerGap: 200, singleReply: 0.8 },
  other: { frtMedian: 360, frtSigma: 1.1, target: 480, agentGap: 300, customerGap: 240, singleReply: 0.78 },
};

/** Minutes of agent work per message, by channel. */
const HANDLE_MINUTES: Readonly<Record<Channel, readonly [number, number]>> = {
  email: [4, 15],
  chat: [4, 10],
  phone: [5, 15],
  social: [3, 8],
  web: [4, 15],
  other: [4, 12],
};

const SELF_SERVE_CATEGORIES = new Set(['how_to', 'account_access', 'integration', 'billing', 'data_import']);

interface Message {
  readonly t: number;
  readonly author: 'customer' | 'agent' | 'bot' | 'system';
  readonly agent: Agent | null;
  readonly isPublic: boolean;
  readonly body: string;
}

export function generateTickets(
  ctx: AccountContext,
  fromSec: number,
  toSec: number,
  stepSeconds: number,
  seats: number,
  step: number,
): number {
  const span = toSec - fromSec;
  if (span <= 0) return 0;
  const rng = ctx.rng.support;
  const { segment } = ctx.profile;
  const volume = TICKETS_PER_MONTH[segment];
  const onboarding = fromSec - ctx.tenureStartSec < 60 * DAY ? 1.6 : 1;
  const lambda =
    volume.rate *
    (span / stepSeconds) *
    Math.pow(seats / volume.medianSeats, 0.3) *
    (1 + 0.35 * Math.max(0, -ctx.health)) *
    onboarding;
  const count = rng.poisson(lambda);
  let bad = 0;
  for (let i = 0; i < count; i++) bad += generateTicket(ctx, rng, fromSec, toSec, step);
  return bad;
}

function generateTicket(ctx: AccountContext, rng: Rng, fromSec: number, toSec: number, step: number): number {
  const { world, profile } = ctx;
  const { sink, ids, timeline } = world;
  const endSec = timeline.endSec;
  const created = businessTime(rng, fromSec, toSec, profile.utcOffsetHours);
  const channel = rng.weighted(CHANNELS, CHANNEL_MIX[profile.segment]);
  const priority = rng.weighted(PRIORITIES, PRIORITY_MIX[profile.segment]);
  const category = pickCategory(rng, created - ctx.tenureStartSec < 60 * DAY);
  const contact = pickContact(ctx, rng, created, category.key);
  const timing = TIMING[channel];
  const crunch = (world.supportCrunch[step] ?? 1) ** (channel === 'phone' ? 0.5 : 1);
  const team = world.roster.support[teamForChannel(channel)];
  const assignee = rng.pick(team);
  const id = ids.next('tkt', 6);
  const description = ticketDescription(rng, category.key, contact?.firstName ?? 'Alex');

  const messages: Message[] = [
    { t: created, author: 'customer', agent: null, isPublic: true, body: description },
  ];
  const say = (
    t: number,
    author: Message['author'],
    agent: Agent | null,
    body: string,
    isPublic = true,
  ): number => {
    messages.push({ t, author, agent, isPublic, body });
    return t;
  };
  if (channel === 'chat') say(created + rng.int(1, 8), 'bot', null, BOT_GREETING);

  const article = rng.bernoulli(SELF_SERVE_CATEGORIES.has(category.key) ? 0.3 : 0.08)
    ? pickArticle(world.kbArticles, rng, category.key, created)
    : null;
  let resolved: number;
  let firstResponse: number | null = null;
  let escalatedAt: number | null = null;
  let reopenedAt: number | null = null;
  let tier2: Agent | null = null;
  const neverAnswered = channel !== 'chat' && channel !== 'phone' && rng.bernoulli(0.012);
  if (neverAnswered) {
    resolved = say(created + Math.floor(rng.uniform(2, 5) * DAY), 'system', null, AUTO_CLOSE_NOTE, false);
  } else {
    let start = created;
    if (
      (channel === 'email' || channel === 'web' || channel === 'other') &&
      isWeekend(Math.floor(created / DAY))
    ) {
      // Email queues are worked on weekdays: weekend tickets wait for Monday morning.
      let day = Math.floor(created / DAY) + 1;
      while (isWeekend(day)) day++;
      start = day * DAY + 13 * HOUR;
    }
    const frtMinutes = rng.lognormal(timing.frtMedian, timing.frtSigma) * PRIORITY_SPEED[priority] * crunch;
    firstResponse = say(
      Math.max(start + 10, start + Math.floor(frtMinutes * MINUTE)),
      'agent',
      assignee,
      rng.pick(AGENT_REPLIES),
    );
    let cursor = firstResponse;
    const escalate = rng.bernoulli(priority === 'urgent' ? 0.15 : category.key === 'bug' ? 0.1 : 0.04);
    if (escalate) {
      escalatedAt = say(
        cursor + Math.floor(rng.lognormal(45, 0.7) * MINUTE),
        'agent',
        assignee,
        INTERNAL_NOTES[1],
        false,
      );
      tier2 = rng.pick(world.roster.support.tier2);
      cursor = say(
        escalatedAt + Math.floor(rng.lognormal(6 * 60, 0.9) * crunch * MINUTE),
        'agent',
        tier2,
        rng.pick(AGENT_REPLIES),
      );
      if (rng.bernoulli(0.5)) {
        // Tier 2 needs an engineering fix: the ticket sits on hold for days.
        cursor = say(
          cursor + Math.floor(rng.lognormal(2 * 24 * 60, 0.9) * MINUTE),
          'agent',
          tier2,
          AGENT_REPLIES[4],
        );
      }
    }
    const replier = (): Agent => tier2 ?? assignee;
    const singleReply = timing.singleReply + (article ? 0.15 : 0) - (ctx.health < -0.5 ? 0.1 : 0);
    let rounds = 0;
    if (!rng.bernoulli(singleReply)) {
      rounds = 1;
      while (rounds < 5 && rng.bernoulli(0.4)) rounds++;
    }
    for (let r = 0; r < rounds; r++) {
      // Now and then the customer takes days to come back, which is what keeps tickets pending.
      const customerGap = rng.bernoulli(0.12)
        ? rng.lognormal(2 * 24 * 60, 0.8)
        : rng.lognormal(timing.customerGap, 0.9);
      cursor = say(cursor + Math.floor(customerGap * MINUTE), 'customer', null, rng.pick(CUSTOMER_FOLLOWUPS));
      cursor = say(
        cursor + Math.floor(rng.lognormal(timing.agentGap, 0.9) * crunch * MINUTE),
        'agent',
        replier(),
        rng.pick(AGENT_REPLIES),
      );
    }
    if (rng.bernoulli(0.15)) {
      say(
        Math.max(created + 1, cursor - rng.int(1, 600)),
        'agent',
        replier(),
        rng.pick(INTERNAL_NOTES),
        false,
      );
    }
    if (rng.bernoulli(category.needsWork)) {
      // The fix takes engineering time before the final answer.
      cursor = say(
        cursor + Math.floor(rng.lognormal(20 * 60, 1.0) * MINUTE),
        'agent',
        replier(),
        AGENT_REPLIES[4],
      );
    }
    resolved = cursor + rng.int(0, 300);
    const reopenChance = 0.04 + (ctx.health < -0.5 ? 0.06 : 0) + (category.key === 'bug' ? 0.04 : 0);
    if (rng.bernoulli(reopenChance)) {
      reopenedAt = say(
        resolved + Math.floor(rng.lognormal(20 * 60, 0.8) * MINUTE),
        'customer',
        null,
        CUSTOMER_FOLLOWUPS[5],
      );
      cursor = say(
        reopenedAt + Math.floor(rng.lognormal(timing.agentGap, 0.9) * crunch * MINUTE),
        'agent',
        replier(),
        rng.pick(AGENT_REPLIES),
      );
      resolved = cursor + rng.int(0, 300);
    }
  }
  // Solved tickets close automatically after four quiet days; never-answered ones are closed outright.
  const closed = neverAnswered ? resolved : resolved + 4 * DAY + rng.int(0, 6 * HOUR);

  // What the export sees: only what happened before the end of the history.
  messages.sort((a, b) => a.t - b.t);
  const visible = messages.filter((m) => m.t < endSec);
  let firstPublicAgent: number | null = null;
  let agentReplies = 0;
  let lastPublic: Message | null = null;
  for (const m of visible) {
    if (m.author === 'agent' && m.isPublic) {
      agentReplies++;
      firstPublicAgent ??= m.t;
    }
    if (m.isPublic && m.author !== 'bot') lastPublic = m;
  }
  const isResolved = resolved < endSec;
  const escalated = escalatedAt !== null && escalatedAt < endSec;
  const owner = escalated && tier2 ? tier2 : assignee;
  let status: TicketStatus;
  if (isResolved) status = closed < endSec ? 'closed' : 'solved';
  else if (firstPublicAgent === null) status = 'new';
  else if (escalated) status = 'on_hold';
  else status = lastPublic?.author === 'customer' ? 'open' : 'pending';

  sink.row('tickets', {
    id,
    account_id: profile.id,
    contact_id: contact?.id ?? null,
    channel,
    priority,
    status,
    category: category.key,
    subject: rng.pick(category.subjects),
    description,
    created_at: formatTimestamp(created),
    first_response_at: firstPublicAgent === null ? null : formatTimestamp(firstPublicAgent),
    resolved_at: isResolved ? formatTimestamp(resolved) : null,
    closed_at: isResolved && closed < endSec ? formatTimestamp(closed) : null,
    reopens: reopenedAt !== null && reopenedAt < endSec ? '1' : '0',
    agent_replies: String(agentReplies),
    escalated: String(escalated),
    assignee_id: owner.id,
    team: owner.team,
  });
  const [handleLo, handleHi] = HANDLE_MINUTES[channel];
  for (const m of visible) {
    sink.row('ticket_messages', {
      id: ids.next('msg', 7),
      ticket_id: id,
      author_type: m.author,
      author_id: m.author === 'customer' ? (contact?.id ?? null) : (m.agent?.id ?? null),
      created_at: formatTimestamp(m.t),
      body: m.body,
      public: String(m.isPublic),
    });
    if (m.agent) {
      const minutes = m.isPublic ? rng.uniform(handleLo, handleHi) * (m.agent.team === 'Tier 2' ? 2 : 1) : 2;
      world.agentLoad.add(m.agent, m.t, Math.round(minutes * MINUTE));
    }
  }
  world.costs.add('support', Math.floor(created / DAY), 3.5);

  if (article && firstResponse !== null && firstResponse < endSec) {
    sink.row('ticket_articles', {
      ticket_id: id,
      article_id: article.id,
      linked_at: formatTimestamp(firstResponse),
    });
  }

  let bad = 0;
  const badAt = (t: number | null): void => {
    if (t !== null && t < endSec) {
      ctx.history.recordBadExperience(t);
      bad++;
    }
  };
  const slowFirstResponse = firstResponse !== null && firstResponse - created > 4 * timing.target * MINUTE;
  if (slowFirstResponse) badAt(firstResponse);
  badAt(reopenedAt);

  if (isResolved && !neverAnswered) {
    const experience: TicketExperience = {
      slowFirstResponse,
      reopened: reopenedAt !== null,
      escalated,
      extraReplies: Math.min(3, Math.max(0, agentReplies - 1)),
      article: article !== null,
    };
    for (const t of writeTicketSurveys(ctx, rng, experience, contact?.id ?? null, id, resolved)) badAt(t);
  }
  return bad;
}

interface TicketExperience {
  readonly slowFirstResponse: boolean;
  readonly reopened: boolean;
  readonly escalated: boolean;
  /** Agent replies beyond the first, capped at 3. */
  readonly extraReplies: number;
  readonly article: boolean;
}

/** CSAT (1–5) and CES (1–7, lower is better) answers to a solved ticket; returns when poor answers arrived. */
function writeTicketSurveys(
  ctx: AccountContext,
  rng: Rng,
  x: TicketExperience,
  contactId: string | null,
  ticketId: string,
  resolvedSec: number,
): number[] {
  const endSec = ctx.world.timeline.endSec;
  const poor: number[] = [];
  if (rng.bernoulli(0.25)) {
    const responded = resolvedSec + Math.floor(rng.lognormal(3 * 60, 1.0) * MINUTE);
    if (responded < endSec) {
      const raw =
        4.55 +
        0.45 * ctx.health -
        0.9 * Number(x.slowFirstResponse) -
        1.1 * Number(x.reopened) -
        0.4 * Number(x.escalated) -
        0.2 * x.extraReplies +
        (x.article ? 0.2 : 0) +
        rng.normal(0, 0.75);
      const score = clamp(Math.round(raw), 1, 5);
      const comments = score <= 3 ? CSAT_COMMENTS.bad : CSAT_COMMENTS.good;
      writeSurvey(ctx, rng, 'csat', score, contactId, ticketId, responded, comments);
      if (score <= 2) poor.push(responded);
    }
  }
  if (rng.bernoulli(0.07)) {
    const responded = resolvedSec + Math.floor(rng.lognormal(5 * 60, 1.0) * MINUTE);
    if (responded < endSec) {
      const raw =
        2.3 -
        0.5 * ctx.health +
        1.2 * Number(x.reopened) +
        0.4 * x.extraReplies +
        0.8 * Number(x.slowFirstResponse) +
        (x.article ? -0.3 : 0) +
        rng.normal(0, 1.0);
      const score = clamp(Math.round(raw), 1, 7);
      writeSurvey(
        ctx,
        rng,
        'ces',
        score,
        contactId,
        ticketId,
        responded,
        score >= 5 ? CES_COMMENTS.hard : CES_COMMENTS.easy,
      );
      if (score >= 6) poor.push(responded);
    }
  }
  return poor;
}

function writeSurvey(
  ctx: AccountContext,
  rng: Rng,
  kind: 'csat' | 'ces',
  score: number,
  contactId: string | null,
  ticketId: string,
  respondedSec: number,
  comments: readonly string[],
): void {
  ctx.world.sink.row('surveys', {
    id: ctx.world.ids.next('srv', 6),
    kind,
    score: String(score),
    account_id: ctx.profile.id,
    contact_id: contactId,
    ticket_id: ticketId,
    comment: rng.bernoulli(0.4) ? rng.pick(comments) : null,
    responded_at: formatTimestamp(respondedSec),
  });
}

function pickCategory(rng: Rng, onboarding: boolean): TicketCategory {
  const weights = TICKET_CATEGORIES.map((c) =>
    onboarding && (c.key === 'how_to' || c.key === 'data_import' || c.key === 'integration')
      ? c.weight * 1.8
      : c.weight,
  );
  return rng.weighted(TICKET_CATEGORIES, weights);
}

const REQUESTER_WEIGHT: Readonly<Record<ContactRole, number>> = {
  champion: 3,
  admin: 3,
  user: 2,
  billing: 0.5,
  executive: 0.3,
  other: 1,
};

function pickContact(
  ctx: AccountContext,
  rng: Rng,
  atSec: number,
  category: string,
): AccountContext['contacts'][number] | null {
  const known = ctx.contacts.filter((c) => c.createdSec <= atSec);
  const pool = known.length > 0 ? known : ctx.contacts.slice(0, 1);
  if (pool.length === 0) return null;
  return rng.weighted(
    pool,
    pool.map((c) => (category === 'billing' && c.role === 'billing' ? 6 : REQUESTER_WEIGHT[c.role])),
  );
}

function pickArticle(
  articles: readonly KbArticle[],
  rng: Rng,
  category: string,
  atSec: number,
): KbArticle | null {
  const candidates = articles.filter((a) => a.category === category && a.createdSec <= atSec);
  return candidates.length > 0 ? rng.pick(candidates) : null;
}
