/**
 * The lifecycle view behind `keel lifecycle` and `GET /api/lifecycle`: accounts per stage on a date, and the
 * seed's metrics of each stage for the month before it (the catalog declares each metric's stage).
 */
import type { Config } from '../config/load-config.js';
import type { Queryable } from '../db/database.js';
import type { MetricResult } from '../metrics/compute-metrics.js';
import { lifecycleSummary, type LifecycleSummary } from '../metrics/lifecycle-stages.js';
import { addMonths } from '../metrics/period.js';
import { metricsReport } from './metrics-report.js';

/** The catalog's lifecycle stages, in the customer's order (the catalog's `support` stage is not one). */
export const METRIC_STAGES = ['acquisition', 'onboarding', 'adoption', 'retention', 'advocacy'] as const;

export interface LifecycleReport extends LifecycleSummary {
  readonly stageMetrics: {
    readonly period: { label: string; start: string; end: string };
    readonly stages: { stage: (typeof METRIC_STAGES)[number]; metrics: MetricResult[] }[];
  };
}

export async function lifecycleReport(db: Queryable, config: Config, asOf: string): Promise<LifecycleReport> {
  const summary = await lifecycleSummary(db, asOf);
  // The last whole month that ends on or before the date.
  const monthEnd = `${asOf.slice(0, 7)}-01`;
  const report = await metricsReport(db, config, { period: addMonths(monthEnd, -1).slice(0, 7) });
  return {
    ...summary,
    stageMetrics: {
      period: report.period,
      stages: METRIC_STAGES.map((stage) => ({
        stage,
        metrics: report.metrics.filter((m) => m.stage === stage),
      })),
    },
  };
}
