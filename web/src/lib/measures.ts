/**
 * How the health measures read to a person: a name, what the raw value is, and how to format it. The ids and
 * definitions are the scoring library's (src/scoring/measures.ts); the API sends ids and raw numbers only.
 */
import { days, decimal, percent } from './format.js';

interface MeasureInfo {
  readonly label: string;
  readonly help: string;
  readonly format: (raw: number) => string;
}

const times = (raw: number) => `${decimal(raw, 2)}×`;

export const MEASURES: Readonly<Record<string, MeasureInfo>> = {
  active_user_rate: {
    label: 'Active users per seat',
    help: 'users active in the last 30 days / licensed seats',
    format: (r) => percent(r),
  },
  usage_trend: {
    label: 'Usage trend',
    help: 'events in the last 30 days vs the 30-day average before',
    format: times,
  },
  feature_breadth: {
    label: 'Core features used',
    help: 'share of core features used in the last 30 days',
    format: (r) => percent(r),
  },
  feature_depth: {
    label: 'Feature depth',
    help: 'mean share of the feature catalog each active user used (30 days)',
    format: (r) => percent(r),
  },
  csm_sentiment: {
    label: 'CSM sentiment',
    help: 'the CSM’s latest red / yellow / green rating in the last 90 days',
    format: (r) => (r >= 1 ? 'green' : r >= 0.5 ? 'yellow' : 'red'),
  },
  last_seen_days: {
    label: 'Last seen',
    help: 'days since the last usage event',
    format: (r) => `${days(Math.round(r))} ago`,
  },
  tickets_per_seat: {
    label: 'Tickets per seat',
    help: 'tickets opened in the last 90 days per licensed seat',
    format: (r) => decimal(r, 2),
  },
  open_escalations: {
    label: 'Open escalations',
    help: 'open tickets that are urgent or escalated',
    format: (r) => decimal(r, 0),
  },
  frt_vs_target: {
    label: 'First response vs target',
    help: 'median first response (90 days) as a multiple of the channel target',
    format: times,
  },
  support_csat: {
    label: 'Support CSAT',
    help: 'ticket CSAT responses scoring 4–5 in the last 180 days',
    format: (r) => percent(r),
  },
  nps: {
    label: 'NPS answers',
    help: 'mean of each contact’s latest NPS score (0–10) in the last 365 days',
    format: (r) => decimal(r),
  },
  csat: { label: 'CSAT', help: 'CSAT responses scoring 4–5 in the last 180 days', format: (r) => percent(r) },
  executive_touch_days: {
    label: 'Executive touch',
    help: 'days since the last interaction with an executive',
    format: (r) => `${days(Math.round(r))} ago`,
  },
  qbr_days: {
    label: 'Last QBR',
    help: 'days since the last quarterly business review',
    format: (r) => `${days(Math.round(r))} ago`,
  },
  onboarding_completion: {
    label: 'Onboarding done',
    help: 'share of required milestones completed',
    format: (r) => percent(r),
  },
  mrr_change_90d: { label: 'MRR vs 90 days ago', help: 'MRR now / MRR 90 days before', format: times },
  engagement_score: {
    label: 'Engagement',
    help: 'engagement score 0–100 over the last 30 days',
    format: (r) => decimal(r),
  },
};

export function measureLabel(id: string): string {
  const words = id.replaceAll('_', ' ');
  return MEASURES[id]?.label ?? words.charAt(0).toUpperCase() + words.slice(1);
}

export function measureValue(id: string, raw: number | null): string {
  if (raw === null) return 'no data';
  return MEASURES[id]?.format(raw) ?? decimal(raw, 2);
}
