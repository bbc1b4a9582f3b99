/**
 * Response schemas of the Service Analytics and trend routes (the web app infers its types from them, type-only).
 */
import { z } from '@hono/zod-openapi';
import { MetricsReportSchema, PeriodSchema } from './schemas.js';

const nullableNumber = z.number().nullable();

export const AgentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    team: z.string().nullable(),
    ticketsCreated: z.number(),
    ticketsSolved: z.number(),
    frtMedianMinutes: nullableNumber,
    resolutionMedianHours: nullableNumber,
    fcrRate: nullableNumber,
    csatAverage: nullableNumber,
    csatResponses: z.number(),
    satisfiedShare: nullableNumber,
    reopenRate: nullableNumber,
    availableHours: z.number(),
    handleHours: z.number(),
    utilization: nullableNumber,
    trend: z.array(
      z.object({
        month: z.string(),
        solved: z.number(),
        csatAverage: nullableNumber,
        utilization: nullableNumber,
      }),
    ),
  })
  .openapi('AgentPerformance');

export const ChannelSchema = z
  .object({
    channel: z.string(),
    tickets: z.number(),
    frtMedianMinutes: nullableNumber,
    resolutionMedianHours: nullableNumber,
    fcrRate: nullableNumber,
    backlog: nullableNumber,
    csatAverage: nullableNumber,
    csatResponses: z.number(),
    satisfiedShare: nullableNumber,
  })
  .openapi('ChannelReview');

export const AgentsReportSchema = z
  .object({ period: PeriodSchema, agents: z.array(AgentSchema) })
  .openapi('AgentsReport');
export const ChannelsReportSchema = z
  .object({ period: PeriodSchema, channels: z.array(ChannelSchema) })
  .openapi('ChannelsReport');
export const MetricsTrendSchema = z
  .object({ months: z.array(MetricsReportSchema.pick({ period: true, metrics: true })) })
  .openapi('MetricsTrend');
