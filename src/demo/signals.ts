/**
 * What a CS team could see about one account, month by month, recorded from the rows the generator writes
 * (usage, tickets, surveys, interactions, milestones). The churn and expansion decisions read only this,
 * and only what happened before the month being decided.
 */

import type { ChurnSignals } from './churn-model.js';
import { DAY, type Timeline } from './calendar.js';
import { FEATURES, type TouchModel } from './vocabulary.js';

export const CORE_FEATURE_COUNT = FEATURES.filter((f) => f.core).length;

export class SignalHistory {
  readonly events: Float64Array;
  readonly activeUsers: Float64Array;
  readonly seats: Float64Array;
  /** 1 when the account was paying for the whole step, so its usage is comparable month to month. */
  readonly fullStep: Uint8Array;
  /** Bit i set when the i-th core feature had events in the step. */
  readonly coreFeatures: Uint32Array;
  /** Bad support experiences, bucketed by the step in which they became visible. */
  readonly badExperiences: Float64Array;
  lastNps: { readonly score: number; readonly sec: number } | null = null;
  lastExecutiveSec: number | null = null;
  /** When every required onboarding milestone was done; null if that never happens. */
  requiredOnboardingDoneSec: number | null = null;

  constructor(
    private readonly timeline: Timeline,
    readonly onboardingStartSec: number,
  ) {
    const n = timeline.months;
    this.events = new Float64Array(n);
    this.activeUsers = new Float64Array(n);
    this.seats = new Float64Array(n);
    this.fullStep = new Uint8Array(n);
    this.coreFeatures = new Uint32Array(n);
    this.badExperiences = new Float64Array(n);
  }

  recordUsage(
    step: number,
    usage: { events: number; activeUsers: number; coreFeatures: number },
    seats: number,
    full: boolean,
  ): void {
    this.events[step] = usage.events;
    this.activeUsers[step] = usage.activeUsers;
    this.coreFeatures[step] = usage.coreFeatures;
    this.seats[step] = seats;
    this.fullStep[step] = full ? 1 : 0;
  }

  recordBadExperience(sec: number): void {
    const step = this.timeline.stepOfSec(sec);
    if (step >= 0 && step < this.timeline.months)
      this.badExperiences[step] = (this.badExperiences[step] ?? 0) + 1;
  }

  /** Monthly active seats share in the last full step before `step`, or null when there is none. */
  seatUtilization(step: number): number | null {
    const j = step - 1;
    if (j < 0 || this.fullStep[j] !== 1) return null;
    const seats = this.seats[j] ?? 0;
    return seats > 0 ? (this.activeUsers[j] ?? 0) / seats : null;
  }
}

/** The signals for deciding step `step`, from data strictly before its start. */
export function observeSignals(
  history: SignalHistory,
  step: number,
  stepStartSec: number,
  tenureStartSec: number,
  historyStartSec: number,
  touch: TouchModel,
): ChurnSignals {
  const utilization = history.seatUtilization(step);
  const lowSeatUtilization = utilization === null ? 0 : Math.max(0, 0.5 - utilization) * 10;

  let usageDecline = 0;
  const last = step - 1;
  if (last >= 0 && history.fullStep[last] === 1) {
    let sum = 0;
    let n = 0;
    for (let j = step - 4; j <= step - 2; j++) {
      if (j >= 0 && history.fullStep[j] === 1) {
        sum += history.events[j] ?? 0;
        n++;
      }
    }
    if (n >= 2) {
      const ratio = ((history.events[last] ?? 0) + 1) / (sum / n + 1);
      usageDecline = Math.min(3, Math.max(0, -Math.log2(ratio)));
    }
  }

  let narrowAdoption = 0;
  let mask = 0;
  let observed = false;
  let bad = 0;
  for (let j = Math.max(0, step - 3); j < step; j++) {
    if (history.fullStep[j] === 1) observed = true;
    mask |= history.coreFeatures[j] ?? 0;
    bad += history.badExperiences[j] ?? 0;
  }
  if (observed) narrowAdoption = 1 - popcount(mask) / CORE_FEATURE_COUNT;

  const nps = history.lastNps;
  const npsRecent = nps !== null && stepStartSec - nps.sec < 365 * DAY;
  const npsDetractor = npsRecent && nps.score < 6.5 ? 1 : 0;
  const npsPromoter = npsRecent && nps.score >= 8.5 ? 1 : 0;

  // Only judge executive engagement once six months of the relationship are visible in the data.
  const observedSince = Math.max(tenureStartSec, historyStartSec);
  const execWindowStart = stepStartSec - 182 * DAY;
  const noExecutiveEngagement =
    touch !== 'tech' &&
    observedSince <= execWindowStart &&
    (history.lastExecutiveSec === null || history.lastExecutiveSec < execWindowStart)
      ? 1
      : 0;

  const done = history.requiredOnboardingDoneSec;
  const onboardingIncomplete =
    stepStartSec - history.onboardingStartSec >= 90 * DAY && (done === null || done >= stepStartSec) ? 1 : 0;

  return {
    lowSeatUtilization,
    usageDecline,
    narrowAdoption,
    badSupportExperiences: Math.min(4, bad),
    npsDetractor,
    npsPromoter,
    noExecutiveEngagement,
    onboardingIncomplete,
  };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}
