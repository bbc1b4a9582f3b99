/**
 * One account's life over the history, a month at a time. At the start of each month the account's
 * observable signals decide (with noise) whether it churns, renews, expands or contracts; then the month's
 * usage, tickets, touchpoints and surveys are written; then its latent health drifts, pulled down by bad
 * support experiences and lost champions, up by executive engagement. Churned accounts go quiet and some
 * come back. Only per-account state is held, and the sink is drained after every month.
 */

import {
  businessTime,
  createContact,
  planOf,
  sampleProfile,
  writeAcquisition,
  writeInitialContacts,
  writeMilestones,
  type AccountProfile,
} from './account-profile.js';
import type { AccountContext } from './account-context.js';
import { DAY, formatDate, formatTimestamp } from './calendar.js';
import {
  CHURN_NOISE,
  INVOLUNTARY_CHURN_RATE,
  voluntaryChurnProbability,
  type ChurnSignals,
  type ContractTiming,
} from './churn-model.js';
import { STREAM, type World } from './company.js';
import { generateInteractions, generateNps } from './generate-engagement.js';
import { generateTickets } from './generate-support.js';
import { generateUsage } from './generate-usage.js';
import { Rng, mixSeed, sigmoid } from './random.js';
import { SignalHistory, observeSignals } from './signals.js';
import { SubscriptionBook, planMrr, roundMoney, type ChurnType } from './subscriptions.js';
import { ADD_ONS, OPEN_STAGES, PLAN_LADDER, type Segment } from './vocabulary.js';

/** Monthly expansion log-odds at 55% seat utilisation; fuller seats and promoters expand more. */
const EXPANSION_LOGIT: Readonly<Record<Segment, number>> = { enterprise: -3.0, mid_market: -3.4, smb: -4.2 };
/** Monthly contraction log-odds at 35% seat utilisation. */
const CONTRACTION_LOGIT: Readonly<Record<Segment, number>> = {
  enterprise: -4.5,
  mid_market: -4.5,
  smb: -4.9,
};

const HEALTH_DRIFT = {
  reversion: 0.12,
  volatility: 0.28,
  perBadExperience: -0.1,
  perExecutiveTouch: 0.05,
  qbr: 0.05,
  championLoss: { monthly: 0.025, effect: -0.9 },
  newSponsor: { monthly: 0.02, effect: 0.5 },
} as const;

/** Failed payments are usually fixed within weeks; a deliberate leaver rarely returns. */
const REACTIVATION = { afterInvoluntary: 0.35, involuntaryWindowDays: 100, afterVoluntary: 0.006 } as const;

type Status = 'active' | 'churned';

export async function generateAccount(world: World, index: number): Promise<void> {
  const root = new Rng(mixSeed(world.seed, STREAM.account, index));
  const setup = root.fork(1);
  const streams = {
    life: root.fork(2),
    usage: root.fork(3),
    support: root.fork(4),
    engagement: root.fork(5),
  };
  const profile = sampleProfile(world, setup, index);
  const firstPlan = planOf(profile, profile.planIndex);
  const firstMrr = planMrr(firstPlan, profile.seats);
  const createdSec = writeAcquisition(world, setup, profile, firstMrr);
  const contactEmails = new Set<string>();
  const contacts = writeInitialContacts(world, setup, profile, createdSec, contactEmails);
  const history = new SignalHistory(world.timeline, profile.acquiredDay * DAY);
  const { firstValueSec } = writeMilestones(world, setup, profile, history);
  const ctx: AccountContext = {
    world,
    profile,
    rng: streams,
    history,
    contacts,
    contactEmails,
    health: profile.initialHealth,
    firstValueSec,
    tenureStartSec: profile.acquiredDay * DAY,
    userPropensity: [],
  };
  const simulation = new AccountSimulation(ctx, firstMrr);
  await simulation.run();
  simulation.finish(createdSec);
}

class AccountSimulation {
  private readonly book: SubscriptionBook;
  private readonly rng: Rng;
  private status: Status = 'active';
  private planIndex: number;
  private seats: number;
  private churnedDay = 0;
  private churnType: ChurnType = 'voluntary';

  constructor(
    private readonly ctx: AccountContext,
    firstMrr: number,
  ) {
    const { profile, world } = ctx;
    this.rng = ctx.rng.life;
    this.book = new SubscriptionBook(world.ids);
    this.planIndex = profile.planIndex;
    this.seats = profile.seats;
    this.book.begin(
      profile.acquiredDay,
      profile.term,
      planOf(profile, this.planIndex).name,
      this.seats,
      firstMrr,
    );
    if (profile.segment === 'enterprise' && this.rng.bernoulli(0.2)) {
      this.book.addOn(profile.acquiredDay, 'Add-on: Premium Support', firstMrr * 0.12);
    }
    if (profile.acquiredDay >= world.timeline.startDay) {
      // Sales and marketing spend behind this customer: a CAC paid back in 12–18 months of gross margin.
      world.costs.add('acquisition', profile.acquiredDay, firstMrr * 0.78 * this.rng.uniform(12, 18));
    }
  }

  private get profile(): AccountProfile {
    return this.ctx.profile;
  }

  async run(): Promise<void> {
    const { world, history, profile } = this.ctx;
    const tl = world.timeline;
    const firstStep = profile.preWindow ? 0 : tl.stepOfSec(profile.acquiredDay * DAY);
    // A new account's first decision waits for one month of data; accounts already customers decide at once.
    let decideFrom = profile.preWindow ? 0 : firstStep + 1;
    for (let k = firstStep; k < tl.months; k++) {
      const stepStart = tl.stepStartDay(k);
      const stepEnd = tl.stepStartDay(k + 1);
      const stepSeconds = (stepEnd - stepStart) * DAY;
      let activeFrom = Math.max(stepStart, Math.floor(this.ctx.tenureStartSec / DAY));
      let activeTo = stepEnd;
      let signals: ChurnSignals | null = null;
      let churn: { day: number; type: ChurnType } | null = null;
      let usageSeats = this.seats;

      if (this.status === 'churned') {
        const day = this.maybeReactivate(stepStart, stepEnd);
        if (day === null) continue;
        activeFrom = day;
        usageSeats = this.seats;
        decideFrom = k + 1;
      } else if (k >= decideFrom) {
        signals = observeSignals(
          history,
          k,
          stepStart * DAY,
          this.ctx.tenureStartSec,
          tl.startSec,
          profile.touch,
        );
        const utilization = history.seatUtilization(k);
        const term = this.book.contractTerm;
        const renewalDay = term === 'annual' ? this.book.nextRenewalDay(stepStart) : null;
        const renewalInStep = renewalDay !== null && renewalDay < stepEnd;
        const timing: ContractTiming =
          term === 'monthly' ? 'monthly' : renewalInStep ? 'renewal' : 'mid_term';
        const earliest = Math.max(stepStart, this.book.lastStartDay() + 1);
        if (earliest < stepEnd) {
          const noise = profile.frailty + this.rng.normal(0, CHURN_NOISE.monthlySd);
          if (this.rng.bernoulli(voluntaryChurnProbability(signals, profile.segment, timing, noise))) {
            const atRenewal = renewalInStep && renewalDay !== null && renewalDay >= earliest;
            churn = { day: atRenewal ? renewalDay : this.rng.int(earliest, stepEnd - 1), type: 'voluntary' };
          } else if (this.rng.bernoulli(INVOLUNTARY_CHURN_RATE[profile.segment][term])) {
            churn = { day: this.rng.int(earliest, stepEnd - 1), type: 'involuntary' };
          }
        }
        if (churn) {
          activeTo = churn.day;
        } else {
          const seatsBefore = this.seats;
          if (renewalInStep && renewalDay !== null) this.renew(renewalDay, utilization);
          this.expandOrContract(stepStart, stepEnd, signals, utilization, timing);
          usageSeats = Math.min(seatsBefore, this.seats);
        }
      }

      const fromSec = activeFrom * DAY;
      const toSec = activeTo * DAY;
      const usage = generateUsage(this.ctx, fromSec, toSec, stepSeconds, usageSeats);
      history.recordUsage(k, usage, usageSeats, activeFrom === stepStart && activeTo === stepEnd);
      const bad = generateTickets(this.ctx, fromSec, toSec, stepSeconds, usageSeats, k);
      const engagement = generateInteractions(
        this.ctx,
        fromSec,
        toSec,
        stepSeconds,
        k,
        (signals?.usageDecline ?? 0) >= 1,
      );
      generateNps(this.ctx, fromSec, toSec, k);
      if (churn) this.churn(churn.day, churn.type);
      this.driftHealth(bad, engagement.executiveTouches, engagement.qbrHeld, stepEnd);
      if (world.sink.needsDrain) await world.sink.drain();
    }
  }

  finish(createdSec: number): void {
    const { world, profile } = this.ctx;
    const tl = world.timeline;
    if (this.status === 'active' && this.book.contractTerm === 'annual') {
      // The renewal being worked when the history ends.
      const renewal = this.book.nextRenewalDay(tl.endDay);
      const opened = businessTime(
        this.rng,
        (renewal - 100) * DAY,
        (renewal - 80) * DAY,
        profile.utcOffsetHours,
      );
      if (opened < tl.endSec && opened > this.ctx.tenureStartSec) {
        this.opportunity('renewal', this.book.mrr() * 12, opened, renewal, 'open');
      }
    }
    this.book.write(world.sink, profile.id, tl.endDay);
    world.sink.row('accounts', {
      id: profile.id,
      name: profile.name,
      segment: profile.segment,
      touch_model: profile.touch,
      industry: profile.industry,
      region: profile.region,
      plan: planOf(profile, this.planIndex).name,
      csm_id: profile.csm?.id ?? null,
      parent_id: profile.parentId,
      licensed_seats: String(this.seats),
      created_at: formatTimestamp(createdSec),
    });
  }

  /** At renewal the contract is right-sized: few active seats shrink it, full seats grow it. */
  private renew(renewalDay: number, utilization: number | null): void {
    const { profile } = this.ctx;
    if (renewalDay > this.book.lastStartDay()) {
      if (utilization !== null && utilization < 0.35 && this.rng.bernoulli(0.5)) {
        this.setSeats(renewalDay, Math.ceil(this.seats * Math.max(0.55, utilization * 1.6)));
      } else if (utilization !== null && utilization > 0.8 && this.rng.bernoulli(0.35)) {
        this.expandSeats(renewalDay, this.rng.uniform(1.1, 1.4));
      }
    }
    const opened = businessTime(
      this.rng,
      (renewalDay - 100) * DAY,
      (renewalDay - 80) * DAY,
      profile.utcOffsetHours,
    );
    if (opened > this.ctx.tenureStartSec)
      this.opportunity('renewal', this.book.mrr() * 12, opened, renewalDay, 'won');
  }

  private expandOrContract(
    stepStart: number,
    stepEnd: number,
    signals: ChurnSignals,
    utilization: number | null,
    timing: ContractTiming,
  ): void {
    const { profile, world } = this.ctx;
    const earliest = Math.max(stepStart, this.book.lastStartDay() + 1);
    if (earliest >= stepEnd) return;
    const used = utilization ?? 0.45;
    const troubled = Math.min(2, signals.badSupportExperiences);
    const expandP = sigmoid(
      EXPANSION_LOGIT[profile.segment] + 3 * (used - 0.55) + 0.6 * signals.npsPromoter - 0.3 * troubled,
    );
    if (this.rng.bernoulli(expandP)) {
      const day = this.rng.int(earliest, stepEnd - 1);
      const before = this.book.mrr();
      const ladder = PLAN_LADDER[profile.segment];
      const owned = new Set(this.book.openLines().map((l) => l.plan));
      const addOn = ADD_ONS.find((a) => !owned.has(a.name));
      const r = this.rng.next();
      if (r < 0.6 || (!addOn && this.planIndex + 1 >= ladder.length)) {
        this.expandSeats(day, this.rng.uniform(1.1, 1.5));
      } else if ((r < 0.85 && addOn) || this.planIndex + 1 >= ladder.length) {
        const chosen = addOn ?? ADD_ONS[0];
        const base = this.book.baseLine?.mrr ?? before;
        this.book.addOn(day, chosen.name, base * chosen.share * this.rng.uniform(0.8, 1.2));
      } else {
        this.planIndex++;
        const plan = planOf(profile, this.planIndex);
        this.book.changeBase(day, plan.name, this.seats, planMrr(plan, this.seats));
      }
      const gained = roundMoney(this.book.mrr() - before);
      if (gained > 0) {
        const opened = businessTime(this.rng, (day - 60) * DAY, (day - 14) * DAY, profile.utcOffsetHours);
        this.opportunity('expansion', gained * 12, opened, day, 'won');
        world.costs.add('expansion', day, gained * 12 * 0.1);
      }
      return;
    }
    if (used > 0.6 && this.rng.bernoulli(0.04)) {
      // Upsell conversations that did not (yet) close.
      const opened = businessTime(this.rng, stepStart * DAY, stepEnd * DAY, profile.utcOffsetHours);
      const closeDay = Math.floor(opened / DAY) + this.rng.int(20, 60);
      const amount = (this.book.baseLine?.mrr ?? 0) * 12 * this.rng.uniform(0.1, 0.3);
      this.opportunity(
        'expansion',
        amount,
        opened,
        closeDay,
        closeDay < world.timeline.endDay ? 'lost' : 'open',
      );
    }
    const contractP =
      sigmoid(CONTRACTION_LOGIT[profile.segment] + 4 * (0.35 - used) + 0.3 * troubled) *
      (timing === 'mid_term' ? 0.3 : 1);
    if (this.rng.bernoulli(contractP)) {
      const day = this.rng.int(earliest, stepEnd - 1);
      const addOnLine = this.book.openLines().find((l) => l.addOn);
      if (addOnLine) this.book.end(addOnLine, day);
      else if (timing === 'monthly') this.setSeats(day, Math.ceil(this.seats * this.rng.uniform(0.6, 0.9)));
    }
  }

  private expandSeats(day: number, factor: number): void {
    this.setSeats(day, Math.ceil(this.seats * factor));
  }

  private setSeats(day: number, seats: number): void {
    const next = Math.max(1, seats);
    if (next === this.seats) return;
    const plan = planOf(this.profile, this.planIndex);
    this.seats = next;
    this.book.changeBase(day, plan.name, next, planMrr(plan, next));
  }

  private churn(day: number, type: ChurnType): void {
    const { profile, world } = this.ctx;
    const tl = world.timeline;
    if (this.book.contractTerm === 'annual') {
      const renewal = this.book.nextRenewalDay(day);
      const opened = businessTime(
        this.rng,
        (renewal - 100) * DAY,
        (renewal - 80) * DAY,
        profile.utcOffsetHours,
      );
      if (opened < day * DAY && opened > this.ctx.tenureStartSec)
        this.opportunity('renewal', this.book.mrr() * 12, opened, day, 'lost');
    }
    const lostArr = this.book.mrr() * 12;
    this.book.churn(day, type);
    this.status = 'churned';
    this.churnedDay = day;
    this.churnType = type;
    if (type === 'voluntary' && this.rng.bernoulli(0.3)) {
      const opened = businessTime(this.rng, (day + 45) * DAY, (day + 150) * DAY, profile.utcOffsetHours);
      const closeDay = Math.floor(opened / DAY) + this.rng.int(20, 60);
      if (opened < tl.endSec)
        this.opportunity(
          'new_business',
          lostArr * 0.8,
          opened,
          closeDay,
          closeDay < tl.endDay ? 'lost' : 'open',
        );
    }
  }

  /** Returns the reactivation day when the account comes back in this step. */
  private maybeReactivate(stepStart: number, stepEnd: number): number | null {
    const { profile } = this.ctx;
    const since = stepStart - this.churnedDay;
    const p =
      this.churnType === 'involuntary'
        ? since <= REACTIVATION.involuntaryWindowDays
          ? REACTIVATION.afterInvoluntary
          : REACTIVATION.afterVoluntary
        : REACTIVATION.afterVoluntary;
    if (!this.rng.bernoulli(p)) return null;
    const earliest = Math.max(stepStart, this.churnedDay + (this.churnType === 'involuntary' ? 5 : 60));
    if (earliest >= stepEnd) return null;
    const day = this.rng.int(earliest, stepEnd - 1);
    if (this.churnType === 'voluntary')
      this.seats = Math.max(1, Math.round(this.seats * this.rng.uniform(0.6, 1)));
    const plan = planOf(profile, this.planIndex);
    const mrr = planMrr(plan, this.seats);
    this.book.begin(day, this.book.contractTerm, plan.name, this.seats, mrr);
    this.status = 'active';
    this.ctx.tenureStartSec = day * DAY;
    this.ctx.health = this.rng.normal(profile.healthMean, 0.4);
    if (this.churnType === 'voluntary') {
      const opened = businessTime(this.rng, (day - 60) * DAY, (day - 20) * DAY, profile.utcOffsetHours);
      this.opportunity('new_business', mrr * 12, opened, day, 'won');
    }
    return day;
  }

  private driftHealth(bad: number, executiveTouches: number, qbrHeld: boolean, stepEnd: number): void {
    const { ctx, rng } = this;
    const { profile, world } = ctx;
    ctx.health +=
      HEALTH_DRIFT.reversion * (profile.healthMean - ctx.health) +
      rng.normal(0, HEALTH_DRIFT.volatility) +
      HEALTH_DRIFT.perBadExperience * bad +
      HEALTH_DRIFT.perExecutiveTouch * Math.min(2, executiveTouches) +
      (qbrHeld ? HEALTH_DRIFT.qbr : 0);
    if (rng.bernoulli(HEALTH_DRIFT.championLoss.monthly)) {
      // The champion leaves; a successor shows up in the CRM a few weeks later.
      ctx.health += HEALTH_DRIFT.championLoss.effect;
      const successor = (stepEnd + rng.int(14, 60)) * DAY + rng.int(13, 20) * 3600;
      if (successor < world.timeline.endSec) {
        ctx.contacts.push(createContact(world, rng, profile, 'champion', successor, ctx.contactEmails));
      }
    }
    if (rng.bernoulli(HEALTH_DRIFT.newSponsor.monthly)) ctx.health += HEALTH_DRIFT.newSponsor.effect;
  }

  private opportunity(
    kind: 'new_business' | 'renewal' | 'expansion',
    amount: number,
    createdSec: number,
    closeDay: number,
    status: 'won' | 'lost' | 'open',
  ): void {
    const { world, profile } = this.ctx;
    if (createdSec >= world.timeline.endSec) return;
    world.sink.row('opportunities', {
      id: world.ids.next('opp', 6),
      account_id: profile.id,
      kind,
      amount: Math.max(0, amount).toFixed(2),
      stage: status === 'won' ? 'Closed Won' : status === 'lost' ? 'Closed Lost' : this.rng.pick(OPEN_STAGES),
      created_at: formatTimestamp(createdSec),
      close_date: formatDate(closeDay),
      status,
    });
  }
}
