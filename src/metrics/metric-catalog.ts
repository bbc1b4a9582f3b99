/**
 * The metric catalog (DESIGN §6), declared once as data: each metric names its stage, unit, direction, the
 * query family it is read from (metric-queries.ts), how its value follows from that row, and its benchmark.
 * The CLI, the API and scoring all read these declarations; nothing else defines a metric.
 */
import type { BenchmarkId } from './benchmarks.js';
import type { QueryId } from './metric-queries.js';

export type Stage = 'acquisition' | 'onboarding' | 'adoption' | 'retention' | 'advocacy' | 'support';
/** `ratio` is a fraction 0–1 (a rate); `multiple` is an unbounded ratio such as the quick ratio. */
export type Unit = 'ratio' | 'multiple' | 'currency' | 'count' | 'minutes' | 'hours' | 'points';

type QueryRow = Readonly<Record<string, unknown>>;

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
  readonly query: QueryId;
  readonly compute: (row: QueryRow) => MetricValue;
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

export const METRICS: readonly MetricDefinition[] = [
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

export function findMetric(id: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.id === id);
}
