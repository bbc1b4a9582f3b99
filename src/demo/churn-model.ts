/**
 * Why demo accounts churn. Each month an active account's voluntary-churn probability is a logistic
 * function of signals a CS team can observe in the exported data as of the start of that month — never of
 * the account's latent health, which only moves the observables — plus noise. Health scores and churn
 * models built on the canonical tables can therefore learn the drivers below, but not perfectly.
 *
 * | driver                  | observed as (at the start of month m)                                                   | direction  | odds ratio        |
 * |-------------------------|-----------------------------------------------------------------------------------------|------------|-------------------|
 * | lowSeatUtilization      | monthly active users / licensed seats in the last full month, per 10 points below 50%  | risk       | 1.30 per 10 pts   |
 * | usageDecline            | usage events last month vs the mean of the 3 months before, per halving (0–3)           | risk       | 1.80 per halving  |
 * | narrowAdoption          | share of core features with no events in the last 3 months (0–1)                        | risk       | 2.50 at 100%      |
 * | badSupportExperiences   | last 3 months: first responses slower than 4× the channel target, reopens, CSAT ≤ 2,    | risk       | 1.30 each (≤ 4)   |
 * |                         | CES ≥ 6 (each counted in the month it became visible)                                   |            |                   |
 * | npsDetractor            | the latest NPS wave in the last 12 months averaged below 6.5 (detractor range)          | risk       | 2.40              |
 * | npsPromoter             | the latest NPS wave in the last 12 months averaged 8.5 or more (promoter range)         | protective | 0.60              |
 * | noExecutiveEngagement   | high/low-touch account with 6 observed months and no executive interaction in them     | risk       | 1.80              |
 * | onboardingIncomplete    | 90+ days after the first start with a required milestone still open                     | risk       | 2.00              |
 * | renewal month           | an annual contract's renewal date falls in the month (vs monthly billing)               | risk       | 4.00              |
 * | annual mid-term         | any other month of an annual contract (vs monthly billing)                              | protective | 0.25              |
 *
 * Noise: a per-account frailty ~ N(0, 0.35) and a monthly shock ~ N(0, 0.5) on the logit. Intercepts are per
 * segment, calibrated so monthly logo churn lands near 0.5% enterprise, 1.5% mid-market and 3% SMB
 * (seed report: enterprise lowest, SMB highest, ~1–3.5% monthly overall).
 * Involuntary churn (failed payments) is a separate, signal-free monthly hazard, mostly for card-billed
 * monthly plans; those accounts often come back within weeks.
 */

import { sigmoid } from './random.js';
import type { Segment } from './vocabulary.js';

/** Observable churn signals of one account at the start of one month; 0 means "no evidence". */
export interface ChurnSignals {
  readonly lowSeatUtilization: number;
  readonly usageDecline: number;
  readonly narrowAdoption: number;
  readonly badSupportExperiences: number;
  readonly npsDetractor: number;
  readonly npsPromoter: number;
  readonly noExecutiveEngagement: number;
  readonly onboardingIncomplete: number;
}

export interface ChurnDriver {
  readonly oddsRatio: number;
  readonly per: string;
}

export const CHURN_DRIVERS = {
  lowSeatUtilization: { oddsRatio: 1.3, per: '10 points of monthly active seats below 50%' },
  usageDecline: { oddsRatio: 1.8, per: 'halving of last month’s events vs the 3 months before (0–3)' },
  narrowAdoption: { oddsRatio: 2.5, per: 'share of core features unused in the last 3 months (0–1)' },
  badSupportExperiences: { oddsRatio: 1.3, per: 'bad support experience in the last 3 months (capped at 4)' },
  npsDetractor: { oddsRatio: 2.4, per: 'latest NPS wave averaged below 6.5' },
  npsPromoter: { oddsRatio: 0.6, per: 'latest NPS wave averaged 8.5 or more' },
  noExecutiveEngagement: {
    oddsRatio: 1.8,
    per: 'no executive interaction in 6 observed months (high/low touch)',
  },
  onboardingIncomplete: { oddsRatio: 2.0, per: 'required onboarding milestone open 90+ days after start' },
} as const satisfies Readonly<Record<keyof ChurnSignals, ChurnDriver>>;

export type ContractTiming = 'monthly' | 'renewal' | 'mid_term';

export const CONTRACT_TIMING_ODDS: Readonly<Record<ContractTiming, number>> = {
  monthly: 1,
  renewal: 4,
  mid_term: 0.25,
};

/** Monthly voluntary-churn log-odds for an account with no risk signals, billed monthly. */
export const BASE_CHURN_LOGIT: Readonly<Record<Segment, number>> = {
  enterprise: -7.4,
  mid_market: -5.5,
  smb: -4.95,
};

export const CHURN_NOISE = { accountFrailtySd: 0.35, monthlySd: 0.5 } as const;

/** Failed-payment churn per month, by billing: card-billed monthly plans fail far more often than invoices. */
export const INVOLUNTARY_CHURN_RATE: Readonly<
  Record<Segment, Readonly<Record<'monthly' | 'annual', number>>>
> = {
  enterprise: { monthly: 0.003, annual: 0.0005 },
  mid_market: { monthly: 0.008, annual: 0.0015 },
  smb: { monthly: 0.012, annual: 0.003 },
};

export function churnLogit(signals: ChurnSignals, segment: Segment, timing: ContractTiming): number {
  let logit = BASE_CHURN_LOGIT[segment] + Math.log(CONTRACT_TIMING_ODDS[timing]);
  for (const key of Object.keys(CHURN_DRIVERS) as (keyof ChurnSignals)[]) {
    logit += Math.log(CHURN_DRIVERS[key].oddsRatio) * signals[key];
  }
  return logit;
}

/** `noise` is the account's frailty plus this month's shock, both on the logit scale. */
export function voluntaryChurnProbability(
  signals: ChurnSignals,
  segment: Segment,
  timing: ContractTiming,
  noise: number,
): number {
  return sigmoid(churnLogit(signals, segment, timing) + noise);
}
