/**
 * The metric catalog (DESIGN §6), declared once as data: each metric names its stage, unit, direction, the
 * query family it is read from (metric-queries.ts), how its value follows from that row, and its benchmark.
 * The CLI, the API and scoring all read these declarations; nothing else defines a metric.
 */
import type { BenchmarkId } from './benchmarks.js';
import { ENGAGEMENT_COMPONENTS, ENGAGEMENT_WINDOW_DAYS } from './engagement-score.js';
import type { QueryId } from './metric-queries.js';

/**
 * Where a metric's row comes from: a SQL query family, or `health`, which the caller supplies (health scores
 * live in the scoring layer, above this one): `{ healthy, scored }` for the period's end.
 */
export type SourceId = QueryId | 'health';

export type Stage = 'acquisition' | 'onboarding' | 'adoption' | 'retention' | 'advocacy' | 'support';
/** `ratio` is a fraction 0–1 (a rate); `multiple` is an unbounded ratio such as the quick ratio. */
export type Unit =
  'ratio' | 'multiple' | 'currency' | 'count' | 'minutes' | 'hours' | 'days' | 'months' | 'points';

type QueryRow = Readonly<Record<string, unknown>>;

/** What a metric may read besides its own query's row: other families' rows (listed in `also`) and assumptions. */
export interface MetricInputs {
  row(query: SourceId): QueryRow;
  /** Gross margin (0–1) from the config, for unit economics. */
  readonly grossMargin: number;
}

/** A computed value, or null with the reason it cannot be computed (a zero denominator, no data). */
export type MetricValue = { value: number; n: number } | { value: null; n: number; reason: string };

export interface MetricDefinition {
  readonly id: string;
  readonly name: string;
  readonly stage: Stage;
  readonly unit: Unit;
  readonly direction: 'higher' | 'lower' | 'neutral';
  /** The definition in words, as `keel metrics --explain` prints it. */
  readonly definition: string;
  readonly query: SourceId;
  /** Further query families the computation reads through `inputs.row`. */
  readonly also?: readonly SourceId[];
  readonly compute: (row: QueryRow, inputs: MetricInputs) => MetricValue;
  readonly benchmark?: BenchmarkId;
}

const n = (row: QueryRow, key: string): number => Number(row[key] ?? 0);

/** `count` is the number of observations behind the ratio (accounts, responses); the denominator by default. */
function ratio(num: number, den: number, what: string, count = den): MetricValue {
  return den > 0
    ? { value: num / den, n: count }
    : { value: null, n: count, reason: `no ${what} in the period` };
}

function measured(value: unknown, count: number, what: string): MetricValue {
  return value === null || value === undefined || count === 0
    ? { value: null, n: 0, reason: `no ${what} in the period` }
    : { value: Number(value), n: count };
}

const bridgeAmount = (id: string, name: string, column: string, definition: string): MetricDefinition => ({
  id,
  name,
  stage: 'retention',
  unit: 'currency',
  direction: id === 'contraction_mrr' || id === 'churned_mrr' ? 'lower' : 'higher',
  definition,
  query: 'mrr_bridge',
  compute: (row) => ({ value: n(row, column), n: 1 }),
});

const CORE: readonly MetricDefinition[] = [
  {
    id: 'mrr',
    name: 'Monthly recurring revenue',
    stage: 'retention',
    unit: 'currency',
    direction: 'higher',
    definition: 'Σ over accounts of MRR on the day the period ends (lines with started_at ≤ day < ended_at).',
    query: 'mrr_bridge',
    compute: (row) => ({ value: n(row, 'end_mrr'), n: 1 }),
  },
  {
    id: 'arr',
    name: 'Annual recurring revenue',
    stage: 'retention',
    unit: 'currency',
    direction: 'higher',
    definition: '12 × MRR at the end of the period.',
    query: 'mrr_bridge',
    compute: (row) => ({ value: 12 * n(row, 'end_mrr'), n: 1 }),
  },
  bridgeAmount(
    'new_mrr',
    'New MRR',
    'new_mrr',
    'MRR of accounts paying for the first time, summed over the period’s months.',
  ),
  bridgeAmount(
    'expansion_mrr',
    'Expansion MRR',
    'expansion_mrr',
    'Month-over-month MRR increases of paying accounts.',
  ),
  bridgeAmount(
    'contraction_mrr',
    'Contraction MRR',
    'contraction_mrr',
    'Month-over-month MRR decreases of accounts still paying.',
  ),
  bridgeAmount(
    'churned_mrr',
    'Churned MRR',
    'churned_mrr',
    'MRR at month start of accounts paying nothing a month later.',
  ),
  bridgeAmount(
    'reactivation_mrr',
    'Reactivation MRR',
    'reactivation_mrr',
    'MRR of accounts paying again after having paid before.',
  ),
  {
    id: 'nrr',
    name: 'Net revenue retention',
    stage: 'retention',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Trailing 12 months: Σ MRR(end) / Σ MRR(end − 12 months), over accounts active 12 months before the end.',
    query: 'revenue_retention',
    compute: (row) =>
      ratio(
        n(row, 'end_mrr'),
        n(row, 'base_mrr'),
        'accounts active 12 months before the end',
        n(row, 'accounts'),
      ),
    benchmark: 'nrr',
  },
  {
    id: 'grr',
    name: 'Gross revenue retention',
    stage: 'retention',
    unit: 'ratio',
    direction: 'higher',
    definition: 'As NRR, with each account’s MRR at the end capped at its MRR 12 months earlier.',
    query: 'revenue_retention',
    compute: (row) =>
      ratio(
        n(row, 'capped_mrr'),
        n(row, 'base_mrr'),
        'accounts active 12 months before the end',
        n(row, 'accounts'),
      ),
    benchmark: 'grr',
  },
  {
    id: 'logo_churn_rate',
    name: 'Logo churn rate',
    stage: 'retention',
    unit: 'ratio',
    direction: 'lower',
    definition: 'Accounts active at the period start and not at its end / accounts active at the start.',
    query: 'logo_churn',
    compute: (row) => ratio(n(row, 'churned'), n(row, 'active_start'), 'accounts active at the start'),
    benchmark: 'logo_churn_rate',
  },
  {
    id: 'revenue_churn_rate',
    name: 'Revenue churn rate',
    stage: 'retention',
    unit: 'ratio',
    direction: 'lower',
    definition: '(churned + contraction MRR) / MRR at the period start.',
    query: 'mrr_bridge',
    compute: (row) =>
      ratio(n(row, 'churned_mrr') + n(row, 'contraction_mrr'), n(row, 'start_mrr'), 'MRR at the start', 1),
  },
  {
    id: 'expansion_revenue_share',
    name: 'Expansion revenue share',
    stage: 'advocacy',
    unit: 'ratio',
    direction: 'higher',
    definition: 'Expansion MRR / (new + expansion MRR) in the period.',
    query: 'mrr_bridge',
    compute: (row) =>
      ratio(n(row, 'expansion_mrr'), n(row, 'new_mrr') + n(row, 'expansion_mrr'), 'new or expansion MRR', 1),
    benchmark: 'expansion_revenue_share',
  },
  {
    id: 'quick_ratio',
    name: 'SaaS quick ratio',
    stage: 'advocacy',
    unit: 'multiple',
    direction: 'higher',
    definition:
      '(new + expansion + reactivation MRR) / (churned + contraction MRR); null when nothing was lost.',
    query: 'mrr_bridge',
    compute: (row) =>
      ratio(
        n(row, 'new_mrr') + n(row, 'expansion_mrr') + n(row, 'reactivation_mrr'),
        n(row, 'churned_mrr') + n(row, 'contraction_mrr'),
        'churned or contraction MRR',
        1,
      ),
  },
  {
    id: 'csat',
    name: 'Customer satisfaction (CSAT)',
    stage: 'retention',
    unit: 'ratio',
    direction: 'higher',
    definition: 'CSAT responses in the period scoring 4–5 / all CSAT responses.',
    query: 'surveys',
    compute: (row) => ratio(n(row, 'csat_hits'), n(row, 'csat_n'), 'CSAT responses'),
    benchmark: 'csat',
  },
  {
    id: 'nps',
    name: 'Net promoter score',
    stage: 'advocacy',
    unit: 'points',
    direction: 'higher',
    definition: 'NPS responses in the period: % scoring 9–10 minus % scoring 0–6, in points (−100…100).',
    query: 'surveys',
    compute: (row) => {
      const r = ratio(n(row, 'promoters') - n(row, 'detractors'), n(row, 'nps_n'), 'NPS responses');
      return r.value === null ? r : { value: 100 * r.value, n: r.n };
    },
    benchmark: 'nps',
  },
  {
    id: 'first_response_time_minutes',
    name: 'First response time (median)',
    stage: 'support',
    unit: 'minutes',
    direction: 'lower',
    definition:
      'Tickets created in the period with a first response: median minutes from creation to first public agent reply.',
    query: 'tickets_created',
    compute: (row) => measured(row.frt_median, n(row, 'responded'), 'answered tickets'),
    benchmark: 'first_response_time_minutes',
  },
  {
    id: 'first_response_time_minutes_p90',
    name: 'First response time (90th percentile)',
    stage: 'support',
    unit: 'minutes',
    direction: 'lower',
    definition: 'As first_response_time_minutes, 90th percentile.',
    query: 'tickets_created',
    compute: (row) => measured(row.frt_p90, n(row, 'responded'), 'answered tickets'),
  },
  {
    id: 'resolution_time_hours',
    name: 'Resolution time (median)',
    stage: 'support',
    unit: 'hours',
    direction: 'lower',
    definition: 'Tickets resolved in the period: median hours from creation to resolution.',
    query: 'tickets_resolved',
    compute: (row) => measured(row.hours_median, n(row, 'resolved'), 'resolved tickets'),
    benchmark: 'resolution_time_hours',
  },
  {
    id: 'resolution_time_hours_mean',
    name: 'Resolution time (mean)',
    stage: 'support',
    unit: 'hours',
    direction: 'lower',
    definition: 'Tickets resolved in the period: mean hours from creation to resolution.',
    query: 'tickets_resolved',
    compute: (row) => measured(row.hours_mean, n(row, 'resolved'), 'resolved tickets'),
  },
  {
    id: 'first_contact_resolution_rate',
    name: 'First contact resolution',
    stage: 'support',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Tickets resolved in the period with at most one agent reply and no reopen / resolved tickets (tickets with unknown agent_replies are left out).',
    query: 'tickets_resolved',
    compute: (row) =>
      ratio(n(row, 'fcr_hits'), n(row, 'fcr_base'), 'resolved tickets with a known reply count'),
    benchmark: 'first_contact_resolution_rate',
  },
  {
    id: 'ticket_volume',
    name: 'Ticket volume',
    stage: 'support',
    unit: 'count',
    direction: 'neutral',
    definition: 'Tickets created in the period (the breakdown gives them per account active at the end).',
    query: 'tickets_created',
    compute: (row) => ({ value: n(row, 'volume'), n: n(row, 'volume') }),
  },
  {
    id: 'backlog',
    name: 'Backlog',
    stage: 'support',
    unit: 'count',
    direction: 'lower',
    definition:
      'Tickets created before the period’s end and not resolved or closed by then (aging buckets in the breakdown).',
    query: 'backlog',
    compute: (row) => ({ value: n(row, 'open_tickets'), n: n(row, 'open_tickets') }),
  },
  {
    id: 'escalation_rate',
    name: 'Escalation rate',
    stage: 'support',
    unit: 'ratio',
    direction: 'lower',
    definition: 'Share of tickets created in the period that were escalated.',
    query: 'tickets_created',
    compute: (row) => ratio(n(row, 'escalated'), n(row, 'volume'), 'tickets'),
  },
  {
    id: 'reopen_rate',
    name: 'Reopen rate',
    stage: 'support',
    unit: 'ratio',
    direction: 'lower',
    definition: 'Share of tickets created in the period that were reopened at least once.',
    query: 'tickets_created',
    compute: (row) => ratio(n(row, 'reopened'), n(row, 'volume'), 'tickets'),
  },
  {
    id: 'agent_utilization',
    name: 'Agent utilization',
    stage: 'support',
    unit: 'ratio',
    direction: 'neutral',
    definition: 'Σ handle_seconds / Σ available_seconds of agent activity days in the period.',
    query: 'agent_activity',
    compute: (row) => ratio(n(row, 'handle'), n(row, 'available'), 'available agent time', n(row, 'agents')),
    benchmark: 'agent_utilization',
  },
  {
    id: 'support_csat',
    name: 'Support CSAT',
    stage: 'support',
    unit: 'ratio',
    direction: 'higher',
    definition: 'CSAT responses in the period linked to a ticket, scoring 4–5 / all of them.',
    query: 'surveys',
    compute: (row) => ratio(n(row, 'support_csat_hits'), n(row, 'support_csat_n'), 'ticket CSAT responses'),
    benchmark: 'support_csat',
  },
  {
    id: 'ces',
    name: 'Customer effort score',
    stage: 'support',
    unit: 'points',
    direction: 'lower',
    definition: 'Mean CES response (1 = least effort … 7) in the period.',
    query: 'surveys',
    compute: (row) => measured(row.ces_mean, n(row, 'ces_n'), 'CES responses'),
  },
];

const MORE: readonly MetricDefinition[] = [
  {
    id: 'trial_conversion_rate',
    name: 'Trial conversion rate',
    stage: 'acquisition',
    unit: 'ratio',
    direction: 'higher',
    definition: 'Trials decided in the period (converted, or ended unconverted): converted / decided.',
    query: 'acquisition',
    compute: (row) => ratio(n(row, 'trials_converted'), n(row, 'trials_decided'), 'decided trials'),
    benchmark: 'trial_conversion_rate',
  },
  {
    id: 'cac',
    name: 'Customer acquisition cost',
    stage: 'acquisition',
    unit: 'currency',
    direction: 'lower',
    definition: 'Acquisition costs of the period’s months / new customers (first paid day in the period).',
    query: 'acquisition',
    compute: (row) => ratio(n(row, 'acquisition_cost'), n(row, 'new_customers'), 'new customers'),
  },
  {
    id: 'cac_payback_months',
    name: 'CAC payback',
    stage: 'acquisition',
    unit: 'months',
    direction: 'lower',
    definition:
      'CAC / (new MRR / new customers × gross margin), in months; gross margin from the config (KEEL_GROSS_MARGIN, default 0.8).',
    query: 'acquisition',
    also: ['mrr_bridge'],
    compute: (row, inputs) => {
      const customers = n(row, 'new_customers');
      const newMrr = n(inputs.row('mrr_bridge'), 'new_mrr');
      if (customers === 0 || newMrr === 0)
        return { value: null, n: customers, reason: 'no new customers or new MRR in the period' };
      const cac = n(row, 'acquisition_cost') / customers;
      return { value: cac / ((newMrr / customers) * inputs.grossMargin), n: customers };
    },
    benchmark: 'cac_payback_months',
  },
  {
    id: 'lead_velocity_rate',
    name: 'Lead velocity rate',
    stage: 'acquisition',
    unit: 'ratio',
    direction: 'higher',
    definition: '(leads qualified in the period − in the previous equal-length period) / previous.',
    query: 'acquisition',
    compute: (row) =>
      ratio(
        n(row, 'qualified') - n(row, 'qualified_before'),
        n(row, 'qualified_before'),
        'qualified leads in the previous period',
        n(row, 'qualified'),
      ),
  },
  {
    id: 'logo_churn_rate_annual',
    name: 'Logo churn rate (trailing 12 months)',
    stage: 'retention',
    unit: 'ratio',
    direction: 'lower',
    definition:
      'Accounts active 12 months before the period’s end and not at its end / accounts active 12 months before.',
    query: 'churn_types',
    compute: (row) =>
      ratio(n(row, 'churned_in_year'), n(row, 'active_year_ago'), 'accounts active 12 months before the end'),
    benchmark: 'logo_churn_rate_annual',
  },
  {
    id: 'voluntary_churn_rate',
    name: 'Voluntary churn rate',
    stage: 'retention',
    unit: 'ratio',
    direction: 'lower',
    definition:
      'Logo churn whose last ended line is churn_type voluntary / accounts active at the start (seed average 2.6% monthly).',
    query: 'churn_types',
    compute: (row) => ratio(n(row, 'voluntary'), n(row, 'active_start'), 'accounts active at the start'),
  },
  {
    id: 'involuntary_churn_rate',
    name: 'Involuntary churn rate',
    stage: 'retention',
    unit: 'ratio',
    direction: 'lower',
    definition:
      'Logo churn whose last ended line is churn_type involuntary / accounts active at the start (seed average 0.8% monthly).',
    query: 'churn_types',
    compute: (row) => ratio(n(row, 'involuntary'), n(row, 'active_start'), 'accounts active at the start'),
  },
  {
    id: 'monthly_active_user_rate',
    name: 'Monthly active user rate',
    stage: 'adoption',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Distinct users active in the period’s last 30 days / licensed seats, summed over accounts active at the end that have seats.',
    query: 'adoption',
    compute: (row) =>
      ratio(
        n(row, 'seat_users'),
        n(row, 'seats'),
        'licensed seats on active accounts',
        n(row, 'seat_accounts'),
      ),
    benchmark: 'monthly_active_user_rate',
  },
  {
    id: 'stickiness',
    name: 'Stickiness (DAU / MAU)',
    stage: 'adoption',
    unit: 'ratio',
    direction: 'higher',
    definition: 'Mean daily active users over the period’s last 30 days / users active in those 30 days.',
    query: 'adoption',
    compute: (row) => ratio(n(row, 'user_days') / 30, n(row, 'mau'), 'active users', n(row, 'mau')),
  },
  {
    id: 'core_feature_adoption_rate',
    name: 'Core feature adoption',
    stage: 'adoption',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Mean over core features of (active accounts using the feature in the period / active accounts with any usage in the period).',
    query: 'adoption',
    compute: (row) =>
      n(row, 'core_features') === 0
        ? { value: null, n: 0, reason: 'no core features in the feature catalog' }
        : measured(row.core_adoption, n(row, 'using_accounts'), 'usage by active accounts'),
    benchmark: 'core_feature_adoption_rate',
  },
  {
    id: 'engagement_score',
    name: 'Customer engagement score',
    stage: 'adoption',
    unit: 'points',
    direction: 'higher',
    definition: `Mean engagement score (0–100) of the accounts paying at the period’s end, from their usage in the ${ENGAGEMENT_WINDOW_DAYS} days before it (src/metrics/engagement-score.ts). Components, each scaled linearly from worst (0) to best (100), clamped: ${ENGAGEMENT_COMPONENTS.map((c) => `${c.id} = ${c.definition}, worst ${c.worst}, best ${c.best}, weight ${c.weight}`).join('; ')}. A component without data (no feature catalog; events without user ids) is NA and the other weights re-normalise; an account with no usage scores 0. The seed defines the composite but publishes no benchmark or anchors: they are Keel's choice.`,
    query: 'engagement',
    compute: (row) => measured(row.mean_score, n(row, 'scored'), 'paying accounts with an engagement score'),
  },
  {
    id: 'time_to_first_value_days',
    name: 'Time to first value',
    stage: 'onboarding',
    unit: 'days',
    direction: 'lower',
    definition:
      'Median days from the first paid day to the first-value milestone, for accounts whose first paid day is in the 12 months ending at the period’s end.',
    query: 'onboarding',
    compute: (row) =>
      measured(row.ttfv_days, n(row, 'ttfv_n'), 'first-value milestones reached by the recent cohort'),
    benchmark: 'time_to_first_value_days',
  },
  {
    id: 'onboarding_completion_rate',
    name: 'Onboarding completion',
    stage: 'onboarding',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Accounts whose first paid day is in the 12 months ending 90 days before the period’s end and that completed every required milestone within 90 days / those accounts with required milestones.',
    query: 'onboarding',
    compute: (row) =>
      ratio(
        n(row, 'cohort_completed'),
        n(row, 'cohort_with_milestones'),
        'accounts in the onboarding cohort',
      ),
    benchmark: 'onboarding_completion_rate',
  },
  {
    id: 'time_to_onboard_days',
    name: 'Time to onboard',
    stage: 'onboarding',
    unit: 'days',
    direction: 'lower',
    definition:
      'Median days from the first paid day to the last required milestone, same cohort as time to first value, accounts that completed them all.',
    query: 'onboarding',
    compute: (row) =>
      measured(row.onboard_days, n(row, 'onboard_n'), 'completed onboardings in the recent cohort'),
    benchmark: 'time_to_onboard_days',
  },
  {
    id: 'product_setup_score',
    name: 'Product setup score',
    stage: 'onboarding',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Mean share of required milestones completed by the period’s end, over accounts active at the end that have any.',
    query: 'onboarding',
    compute: (row) =>
      measured(row.setup_score, n(row, 'setup_n'), 'active accounts with required milestones'),
    benchmark: 'product_setup_score',
  },
  {
    id: 'clv',
    name: 'Customer lifetime value',
    stage: 'advocacy',
    unit: 'currency',
    direction: 'higher',
    definition:
      'ARPA at the end × gross margin / mean monthly logo churn of the 6 months ending at the end (gross margin from the config).',
    query: 'unit_economics',
    compute: (row, inputs) => clv(row, inputs.grossMargin),
  },
  {
    id: 'ltv_to_cac',
    name: 'LTV : CAC',
    stage: 'advocacy',
    unit: 'multiple',
    direction: 'higher',
    definition: 'CLV / CAC of the period.',
    query: 'unit_economics',
    also: ['acquisition'],
    compute: (row, inputs) => {
      const value = clv(row, inputs.grossMargin);
      const acq = inputs.row('acquisition');
      const cac = ratio(n(acq, 'acquisition_cost'), n(acq, 'new_customers'), 'new customers');
      if (value.value === null) return value;
      if (cac.value === null || cac.value === 0) return { value: null, n: 0, reason: 'no CAC in the period' };
      return { value: value.value / cac.value, n: cac.n };
    },
    benchmark: 'ltv_to_cac',
  },
];

const HEALTH: readonly MetricDefinition[] = [
  {
    id: 'healthy_account_share',
    name: 'Healthy account share',
    stage: 'retention',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Share of paying accounts at the period’s end whose health score (scorecards/default.json) is in the healthy band (≥ 70 by default); accounts whose score is NA are left out.',
    query: 'health',
    compute: (row) =>
      row.scored === undefined
        ? { value: null, n: 0, reason: 'health scores were not computed for this run' }
        : ratio(n(row, 'healthy'), n(row, 'scored'), 'scored accounts'),
  },
];

const SUPPORT_MORE: readonly MetricDefinition[] = [
  {
    id: 'sla_compliance_rate',
    name: 'SLA compliance',
    stage: 'support',
    unit: 'ratio',
    direction: 'higher',
    definition:
      'Tickets created in the period whose first response met the channel target (chat 5 min, phone 3 min, social 60 min, email/web/other 12 h: the FRT benchmarks’ "good" bounds) / tickets created; unanswered tickets missed it.',
    query: 'service_levels',
    compute: (row) => ratio(n(row, 'sla_met'), n(row, 'sla_base'), 'tickets'),
  },
  {
    id: 'knowledge_impact',
    name: 'Knowledge impact (resolution hours saved)',
    stage: 'support',
    unit: 'hours',
    direction: 'higher',
    definition:
      'Median resolution hours of tickets resolved in the period without a linked article minus with one; the breakdown adds both medians and the support CSAT of each group.',
    query: 'service_levels',
    compute: (row) => {
      const withN = n(row, 'with_n');
      const withoutN = n(row, 'without_n');
      if (withN === 0 || withoutN === 0) {
        return {
          value: null,
          n: withN + withoutN,
          reason: 'needs resolved tickets both with and without a linked article',
        };
      }
      return { value: n(row, 'without_hours') - n(row, 'with_hours'), n: withN + withoutN };
    },
  },
];

function clv(row: QueryRow, grossMargin: number): MetricValue {
  const active = n(row, 'active_end');
  if (active === 0) return { value: null, n: 0, reason: 'no active accounts at the end' };
  const churn = n(row, 'mean_monthly_churn');
  if (churn === 0)
    return { value: null, n: active, reason: 'no logo churn in the last 6 months: lifetime unbounded' };
  return { value: ((n(row, 'end_mrr') / active) * grossMargin) / churn, n: active };
}

/** The catalog, in the order the CLI prints it. */
export const METRICS: readonly MetricDefinition[] = [...CORE, ...HEALTH, ...SUPPORT_MORE, ...MORE];

export function findMetric(id: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.id === id);
}
