/**
 * The API's response types, inferred from the server's own zod schemas (type-only imports: no server code
 * reaches the bundle), plus the support-analytics shapes.
 */
import type { z } from '@hono/zod-openapi';
import type {
  Account360Schema,
  AccountListSchema,
  CaseContextSchema,
  TicketListSchema,
} from '../../../src/api/account-schemas.js';
import type {
  BenchmarkSchema,
  CapacitySchema,
  HealthExplanationSchema,
  LifecycleSchema,
  MaturitySchema,
  MetricExplanationSchema,
  MetricResultSchema,
  MetricsReportSchema,
  RiskEventSchema,
} from '../../../src/api/schemas.js';

export type MetricResult = z.infer<typeof MetricResultSchema>;
export type MetricsReport = z.infer<typeof MetricsReportSchema>;
export type MetricExplanation = z.infer<typeof MetricExplanationSchema>;
export type Benchmark = z.infer<typeof BenchmarkSchema>;
export type Lifecycle = z.infer<typeof LifecycleSchema>;
export type Capacity = z.infer<typeof CapacitySchema>;
export type Maturity = z.infer<typeof MaturitySchema>;
export type HealthExplanation = z.infer<typeof HealthExplanationSchema>;
export type RiskEvent = z.infer<typeof RiskEventSchema>;
export type AccountList = z.infer<typeof AccountListSchema>;
export type AccountRow = AccountList['accounts'][number];
export type Account360 = z.infer<typeof Account360Schema>;
export type TicketList = z.infer<typeof TicketListSchema>;
export type TicketSummary = TicketList['tickets'][number];
export type CaseContext = z.infer<typeof CaseContextSchema>;

export type Period = MetricsReport['period'];
export type Tier = NonNullable<MetricResult['benchmark']['tier']>;
export type Band = NonNullable<AccountRow['band']>;
export type LifecycleStage = AccountRow['stage'];

/** `GET /api/metrics/trend`: the chosen metrics for each month, oldest first. */
export interface MetricsTrend {
  readonly months: readonly { period: Period; metrics: MetricResult[] }[];
}

/**
 * `GET /api/support/agents`: the catalog's support measures per agent, with a monthly trend. The route keeps its
 * schemas private (src/api/routes/support-routes.ts), so this and ChannelPerformance restate them.
 */
export interface AgentPerformance {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly team: string | null;
  readonly ticketsCreated: number;
  readonly ticketsSolved: number;
  readonly frtMedianMinutes: number | null;
  readonly resolutionMedianHours: number | null;
  readonly fcrRate: number | null;
  readonly csatAverage: number | null;
  readonly csatResponses: number;
  readonly satisfiedShare: number | null;
  readonly reopenRate: number | null;
  readonly availableHours: number;
  readonly handleHours: number;
  readonly utilization: number | null;
  readonly trend: readonly {
    month: string;
    solved: number;
    csatAverage: number | null;
    utilization: number | null;
  }[];
}
export interface AgentsReport {
  readonly period: Period;
  readonly agents: readonly AgentPerformance[];
}

/** `GET /api/support/channels`: the catalog's support measures per channel. */
export interface ChannelPerformance {
  readonly channel: string;
  readonly tickets: number;
  readonly frtMedianMinutes: number | null;
  readonly resolutionMedianHours: number | null;
  readonly fcrRate: number | null;
  readonly csatAverage: number | null;
  readonly csatResponses: number;
  readonly satisfiedShare: number | null;
  readonly backlog: number | null;
}
export interface ChannelsReport {
  readonly period: Period;
  readonly channels: readonly ChannelPerformance[];
}
