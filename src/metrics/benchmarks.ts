/**
 * The benchmark catalog: the seed report's published figures as tier bands, with their sources. Where the
 * seed gives one figure and a tier needs a second threshold, the choice is Keel's and the note says so.
 */

export type Tier = 'poor' | 'fair' | 'good' | 'excellent';

/** Thresholds in the metric's own unit. `higher`: value ≥ excellent → excellent, ≥ good → good, ≥ fair → fair. */
export type Bands =
  | {
      readonly kind: 'higher' | 'lower';
      readonly excellent: number;
      readonly good: number;
      readonly fair: number;
    }
  /** A target range: inside `good` is good, inside `fair` fair, elsewhere poor (utilisation: too high is bad too). */
  | {
      readonly kind: 'range';
      readonly good: readonly [number, number];
      readonly fair: readonly [number, number];
    };

export interface Benchmark {
  readonly bands: Bands;
  readonly note: string;
  readonly source: string;
  /** Bands for one segment where the seed distinguishes; used when metrics are cut by segment. */
  readonly bySegment?: Readonly<Partial<Record<'enterprise' | 'mid_market' | 'smb', Bands>>>;
}

const SEED = 'seed report (reference/seed-report.md)';

export const BENCHMARKS = {
  nrr: {
    bands: { kind: 'higher', excellent: 1.15, good: 1.03, fair: 0.9 },
    note: 'top quartile 115–120%, good 103–110%; ~90% is the "Reactive" maturity phase (fair floor: Keel’s choice)',
    source: `${SEED} §Retention, citing saas-capital.com, fullview.io, highalpha.com`,
  },
  grr: {
    bands: { kind: 'higher', excellent: 0.98, good: 0.92, fair: 0.85 },
    note: 'median 92%, top performers 98% (fair floor 85%: Keel’s choice)',
    source: `${SEED} §Retention, citing gainsight.com, saas-capital.com`,
  },
  logo_churn_rate: {
    bands: { kind: 'lower', excellent: 0.0043, good: 0.02, fair: 0.035 },
    note: 'monthly: < 5% a year (≈ 0.43%/month) excellent; industry average 3.5%/month (good ≤ 2%: Keel’s choice)',
    source: `${SEED} §Customer Churn Rate, citing poweredbysearch.com, vitally.io`,
  },
  csat: {
    bands: { kind: 'higher', excellent: 0.9, good: 0.8, fair: 0.7 },
    note: 'above 80% high-performing, 90%+ exceptional (fair floor 70%: Keel’s choice)',
    source: `${SEED} §CSAT, citing suptask.com, g2.com`,
  },
  support_csat: {
    bands: { kind: 'higher', excellent: 0.9, good: 0.8, fair: 0.7 },
    note: 'maintain 80%+ for support interactions (excellent 90%, fair 70%: Keel’s choice)',
    source: `${SEED} §Support CSAT, citing suptask.com, g2.com`,
  },
  nps: {
    bands: { kind: 'higher', excellent: 50, good: 30, fair: 0 },
    note: '30+ good, 50+ excellent (below 0: more detractors than promoters)',
    source: `${SEED} §NPS, citing devrev.ai`,
  },
  first_response_time_minutes: {
    bands: { kind: 'lower', excellent: 240, good: 720, fair: 1440 },
    note: 'email: < 4 h excellent, 12–24 h acceptable; chat 3–5 min, phone 3 min, social 60 min (see channel breakdown)',
    source: `${SEED} §First Response Time, citing alexanderjarvis.com, crisp.chat, geckoboard.com`,
  },
  resolution_time_hours: {
    bands: { kind: 'lower', excellent: 4, good: 11.4, fair: 24 },
    note: 'B2B SaaS average 11.4 h, 24 h target for standard issues (excellent ≤ 4 h: Keel’s choice)',
    source: `${SEED} §Average Resolution Time, citing getmonetizely.com`,
  },
  first_contact_resolution_rate: {
    bands: { kind: 'higher', excellent: 0.8, good: 0.7, fair: 0.65 },
    note: 'industry average 65–70%, top performers 80%+',
    source: `${SEED} §First Contact Resolution, citing happyfox.com, invgate.com`,
  },
  agent_utilization: {
    bands: { kind: 'range', good: [0.7, 0.85], fair: [0.6, 0.9] },
    note: 'target 70–85% to balance efficiency with quality and wellbeing (fair margins: Keel’s choice)',
    source: `${SEED} §Agent Utilization Rate, citing invgate.com`,
  },
  expansion_revenue_share: {
    bands: { kind: 'higher', excellent: 0.2, good: 0.1, fair: 0.05 },
    note: '20–30% best-in-class (40–50% above $50M ARR); good and fair floors are Keel’s choice',
    source: `${SEED} §Expansion Revenue`,
  },
  trial_conversion_rate: {
    bands: { kind: 'higher', excellent: 0.3, good: 0.2, fair: 0.1 },
    note: 'SaaS trial-to-paid 20–30% (fair floor 10%: Keel’s choice)',
    source: `${SEED} §Trial-to-Paid Conversion Rate`,
  },
  cac_payback_months: {
    bands: { kind: 'lower', excellent: 12, good: 18, fair: 24 },
    note: 'target 12–18 months (fair ceiling 24: Keel’s choice)',
    source: `${SEED} §Customer Acquisition Cost (CAC)`,
  },
  logo_churn_rate_annual: {
    bands: { kind: 'lower', excellent: 0.05, good: 0.1, fair: 0.2 },
    bySegment: {
      enterprise: { kind: 'lower', excellent: 0.01, good: 0.02, fair: 0.05 },
      smb: { kind: 'lower', excellent: 0.03, good: 0.05, fair: 0.1 },
    },
    note: 'annual churn below 5% excellent; enterprise 1–2%, SMB 3–5%, applied to those slices of --by segment (the other ceilings: Keel’s choice)',
    source: `${SEED} §Customer Churn Rate, citing poweredbysearch.com, vitally.io`,
  },
  monthly_active_user_rate: {
    bands: { kind: 'higher', excellent: 0.6, good: 0.4, fair: 0.25 },
    note: '≥ 40% of licensed seats active (excellent and fair: Keel’s choice)',
    source: `${SEED} §Product Usage Rate`,
  },
  core_feature_adoption_rate: {
    bands: { kind: 'higher', excellent: 0.8, good: 0.6, fair: 0.4 },
    note: '≥ 60% for core features (excellent and fair: Keel’s choice)',
    source: `${SEED} §Feature Adoption Rate`,
  },
  time_to_first_value_days: {
    bands: { kind: 'lower', excellent: 3, good: 7, fair: 30 },
    bySegment: { enterprise: { kind: 'lower', excellent: 30, good: 60, fair: 90 } },
    note: 'simple products 3–7 days; enterprise 30–90 days (the enterprise scale applies to the enterprise slice of --by segment)',
    source: `${SEED} §Time to First Value (TTFV)`,
  },
  onboarding_completion_rate: {
    bands: { kind: 'higher', excellent: 0.8, good: 0.7, fair: 0.5 },
    note: 'best-in-class 70–80% (fair floor 50%: Keel’s choice)',
    source: `${SEED} §Onboarding Completion Rate`,
  },
  time_to_onboard_days: {
    bands: { kind: 'lower', excellent: 14, good: 30, fair: 60 },
    note: '≤ 30 days for mid-market (excellent and fair: Keel’s choice)',
    source: `${SEED} §Time to Onboard (TTO)`,
  },
  product_setup_score: {
    bands: { kind: 'higher', excellent: 0.95, good: 0.8, fair: 0.6 },
    note: '≥ 80% of required setup steps done (excellent and fair: Keel’s choice)',
    source: `${SEED} §Product Setup Score`,
  },
  ltv_to_cac: {
    bands: { kind: 'higher', excellent: 5, good: 3, fair: 1 },
    note: '3:1–5:1 healthy; below 1 each customer costs more than it returns',
    source: `${SEED} §Customer Lifetime Value (CLV)`,
  },
} as const satisfies Record<string, Benchmark>;

/** The bands that apply to a value: a segment's own where the seed gives them, else the general ones. */
export function bandsFor(benchmark: Benchmark, segment: string | null): Bands {
  const own =
    segment === 'enterprise' || segment === 'mid_market' || segment === 'smb'
      ? benchmark.bySegment?.[segment]
      : undefined;
  return own ?? benchmark.bands;
}

export type BenchmarkId = keyof typeof BENCHMARKS;

/** What the seed report says about metrics it gives no graded benchmark for: shown with tier null. */
export const CONTEXT_NOTES: Readonly<Record<string, string>> = {
  voluntary_churn_rate: 'industry average 2.6% a month (context, not graded)',
  involuntary_churn_rate: 'industry average 0.8% a month (context, not graded)',
  ticket_volume: 'the average IT support team handles 492 tickets a month; watch the trend, not the level',
  backlog: 'a growing backlog signals capacity constraints; watch the trend, not the level',
  ces: 'lower is better (1 = least effort)',
};

export const NO_BENCHMARK = 'the seed report gives no benchmark for this metric';
export const SEED_SOURCE = SEED;

/** First-response targets per channel (minutes), for grading the channel breakdown. */
export const FRT_CHANNEL_BANDS: Readonly<Record<string, Bands>> = {
  chat: { kind: 'lower', excellent: 3, good: 5, fair: 10 },
  phone: { kind: 'lower', excellent: 1, good: 3, fair: 10 },
  social: { kind: 'lower', excellent: 30, good: 60, fair: 240 },
  email: BENCHMARKS.first_response_time_minutes.bands,
  web: BENCHMARKS.first_response_time_minutes.bands,
};

export function grade(value: number, bands: Bands): Tier {
  switch (bands.kind) {
    case 'higher':
      return value >= bands.excellent
        ? 'excellent'
        : value >= bands.good
          ? 'good'
          : value >= bands.fair
            ? 'fair'
            : 'poor';
    case 'lower':
      return value <= bands.excellent
        ? 'excellent'
        : value <= bands.good
          ? 'good'
          : value <= bands.fair
            ? 'fair'
            : 'poor';
    case 'range': {
      const within = ([lo, hi]: readonly [number, number]) => value >= lo && value <= hi;
      return within(bands.good) ? 'good' : within(bands.fair) ? 'fair' : 'poor';
    }
  }
}
