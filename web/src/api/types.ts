/**
 * The API's response types, inferred from the server's own zod schemas (type-only imports: no server code
 * reaches the bundle).
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
import type {
  AgentsReportSchema,
  ChannelsReportSchema,
  MetricsTrendSchema,
} from '../../../src/api/support-schemas.js';

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
export type MetricsTrend = z.infer<typeof MetricsTrendSchema>;
/** `GET /api/support/agents`: the catalog's support measures per agent, with a monthly trend. */
export type AgentsReport = z.infer<typeof AgentsReportSchema>;
export type AgentPerformance = AgentsReport['agents'][number];
/** `GET /api/support/channels`: the catalog's support measures per channel. */
export type ChannelsReport = z.infer<typeof ChannelsReportSchema>;
export type ChannelPerformance = ChannelsReport['channels'][number];
