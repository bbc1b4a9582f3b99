/**
 * Response and query schemas of the account and ticket routes (accounts list, account 360, tickets, case
 * context): the contract the OpenAPI document publishes and the handlers' return types are checked against.
 */
import { z } from '@hono/zod-openapi';
import { SEGMENTS, TICKET_CHANNELS, TICKET_STATUSES, TOUCH_MODELS } from '../domain/canonical-tables.js';
import { STAGES } from '../metrics/lifecycle-stages.js';
import { ACCOUNT_SORT_COLUMNS, BAND_FILTERS, MAX_PAGE_SIZE } from '../workspace/account-list.js';
import { TICKET_PRIORITIES, TICKET_SORT_COLUMNS } from '../workspace/case-context.js';
import { HealthExplanationSchema, RiskEventSchema } from './schemas.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
// PostgreSQL refuses NUL in text parameters: caught here as a 400 rather than surfacing as a database fault.
const Text = z.string().regex(/^[^\0]*$/, 'must not contain NUL characters');
export const IdParams = z.object({ id: Text.min(1) });
const Instant = z.string().openapi({ example: '2026-11-20T14:03:00Z' });
const Band = z.enum(['healthy', 'at_risk', 'critical']);
const Ref = z.object({ id: z.string(), name: z.string().nullable() });
const list = (values: readonly string[], what: string) =>
  z
    .string()
    .optional()
    .openapi({ description: `${what}: one or more of ${values.join(', ')}, comma-separated` });

const PageQuery = z.object({
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .openapi({ description: 'sort direction; nulls always sort last' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .openapi({ description: `page size, 1–${MAX_PAGE_SIZE} (default 50)` }),
  offset: z.coerce.number().int().min(0).optional().openapi({ description: 'rows to skip (default 0)' }),
});

export const AccountFilterQuery = z.object({
  asOf: Day.optional().openapi({
    description: 'YYYY-MM-DD; default: the end of the last complete month',
    example: '2026-12-01',
  }),
  segment: list(SEGMENTS, 'segment'),
  csm: Text.optional().openapi({ description: 'CSM agent ids, comma-separated' }),
  band: list(BAND_FILTERS, 'health band (unscored: not paying, or too little data)'),
  stage: list(STAGES, 'lifecycle stage'),
  touchModel: list(TOUCH_MODELS, 'touch model'),
  renewalWithinDays: z
    .string()
    .optional()
    .openapi({ description: 'next renewal within this many days of asOf (0–3650)', example: '90' }),
  search: Text.optional().openapi({
    description: 'case-insensitive substring of the name or id, taken literally',
    example: 'acme',
  }),
  sort: z
    .enum(ACCOUNT_SORT_COLUMNS as [string, ...string[]])
    .optional()
    .openapi({ description: 'column to sort by (default name)' }),
  order: PageQuery.shape.order,
});
export const AccountListQuery = AccountFilterQuery.extend({
  limit: PageQuery.shape.limit,
  offset: PageQuery.shape.offset,
});

const TrendSchema = z.object({
  previous: z.number().nullable(),
  delta: z.number().nullable(),
  direction: z.enum(['up', 'down', 'flat']).nullable(),
});

export const AccountListRowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    segment: z.string().nullable(),
    region: z.string().nullable(),
    plan: z.string().nullable(),
    touchModel: z.string().nullable(),
    csm: Ref.nullable(),
    arr: z.number().openapi({ description: 'Σ MRR of the lines live on asOf × 12' }),
    paying: z.boolean(),
    renewalDate: Day.nullable().openapi({ description: 'next renewal of a live line, on or after asOf' }),
    stage: z.enum(STAGES),
    stageSince: Day,
    score: z.number().nullable().openapi({ description: 'health 0–100 (one decimal); null when not scored' }),
    band: Band.nullable(),
    trend: TrendSchema.openapi({
      description: 'score now vs 30 days before; |delta| ≤ 3 points is flat',
    }),
    openTickets: z.number().int(),
    lastSeen: Instant.nullable().openapi({ description: 'last usage event before asOf' }),
  })
  .openapi('AccountListRow');

export const AccountListSchema = z
  .object({
    asOf: Day,
    total: z.number().int().openapi({ description: 'accounts matching the filters, before paging' }),
    offset: z.number().int(),
    limit: z.number().int(),
    sort: z.string(),
    order: z.enum(['asc', 'desc']),
    accounts: z.array(AccountListRowSchema),
  })
  .openapi('AccountList');

export const TicketSummarySchema = z
  .object({
    id: z.string(),
    subject: z.string().nullable(),
    status: z.enum(TICKET_STATUSES),
    priority: z.enum(TICKET_PRIORITIES).nullable(),
    channel: z.enum(TICKET_CHANNELS),
    category: z.string().nullable(),
    account: Ref.nullable(),
    assignee: Ref.nullable(),
    createdAt: Instant,
    firstResponseAt: Instant.nullable(),
    resolvedAt: Instant.nullable(),
    firstResponseMinutes: z.number().nullable(),
    resolutionHours: z.number().nullable(),
    reopens: z.number().int(),
    escalated: z.boolean(),
    csat: z.number().nullable().openapi({ description: 'the latest CSAT answer to the ticket (1–5)' }),
  })
  .openapi('TicketSummary');

const InteractionSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    occurredAt: Instant,
    withExecutive: z.boolean(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    author: Ref.nullable(),
  })
  .openapi('Interaction');

const HistoryPointSchema = z.object({
  asOf: Day,
  configVersion: z.string(),
  scorecard: z.string(),
  score: z.number().nullable(),
  band: z.string().nullable(),
  coverage: z.number(),
  moved: z.object({ measure: z.string(), points: z.number() }).nullable(),
});

export const Account360Schema = z
  .object({
    asOf: Day,
    profile: z.object({
      id: z.string(),
      name: z.string(),
      segment: z.string().nullable(),
      touchModel: z.string().nullable(),
      industry: z.string().nullable(),
      region: z.string().nullable(),
      plan: z.string().nullable(),
      parentId: z.string().nullable(),
      licensedSeats: z.number().nullable(),
      subscribedSeats: z.number().nullable(),
      createdAt: Instant,
      csm: Ref.extend({ email: z.string().nullable() }).nullable(),
    }),
    lifecycle: z.object({ stage: z.enum(STAGES), since: Day }),
    revenue: z.object({
      mrr: z.number(),
      arr: z.number(),
      paying: z.boolean(),
      nextRenewal: Day.nullable(),
      mrrHistory: z
        .array(z.object({ monthEnd: Day, mrr: z.number() }))
        .openapi({ description: 'MRR on the last day of each of the last 24 months ended by asOf' }),
      subscriptions: z.array(
        z.object({
          id: z.string(),
          plan: z.string().nullable(),
          mrr: z.number(),
          seats: z.number().nullable(),
          startedAt: Day,
          endedAt: Day.nullable(),
          renewalDate: Day.nullable(),
          churnType: z.string().nullable(),
          live: z.boolean(),
        }),
      ),
    }),
    health: z.object({
      current: HealthExplanationSchema.nullable().openapi({ description: 'null when not paying on asOf' }),
      history: z.array(HistoryPointSchema),
    }),
    usage: z.object({
      lastSeen: Instant.nullable(),
      weekly: z
        .array(z.object({ weekStart: Day, events: z.number().int(), activeUsers: z.number().int() }))
        .openapi({ description: 'the 26 complete Monday–Sunday weeks before the week of asOf' }),
      features: z.array(
        z.object({
          key: z.string(),
          name: z.string().nullable(),
          category: z.string().nullable(),
          core: z.boolean(),
          users30: z.number().int(),
          events30: z.number().int(),
          users90: z.number().int(),
          events90: z.number().int(),
        }),
      ),
    }),
    tickets: z.object({
      total: z.number().int(),
      open: z.number().int(),
      recent: z.array(TicketSummarySchema),
    }),
    surveys: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['nps', 'csat', 'ces']),
        score: z.number(),
        respondedAt: Instant,
        comment: z.string().nullable(),
        contact: Ref.nullable(),
        ticketId: z.string().nullable(),
      }),
    ),
    interactions: z.array(InteractionSchema),
    contacts: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        title: z.string().nullable(),
        role: z.string().nullable(),
        executive: z.boolean(),
        createdAt: Instant.nullable(),
      }),
    ),
    riskEvents: z.array(RiskEventSchema),
  })
  .openapi('Account360');

export const TicketListQuery = z.object({
  status: list(TICKET_STATUSES, 'status'),
  channel: list(TICKET_CHANNELS, 'channel'),
  priority: list(TICKET_PRIORITIES, 'priority'),
  accountId: Text.optional(),
  agentId: Text.optional().openapi({ description: 'the assigned agent' }),
  createdSince: Day.optional().openapi({ description: 'created on or after this day (UTC)' }),
  sort: z
    .enum(TICKET_SORT_COLUMNS)
    .optional()
    .openapi({ description: 'column to sort by (default createdAt, newest first)' }),
  ...PageQuery.shape,
});

export const TicketListSchema = z
  .object({
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    sort: z.enum(TICKET_SORT_COLUMNS),
    order: z.enum(['asc', 'desc']),
    tickets: z.array(TicketSummarySchema),
  })
  .openapi('TicketList');

const CsatFiguresSchema = z.object({
  average: z.number().nullable(),
  satisfiedShare: z.number().nullable().openapi({ description: 'share of responses scoring 4–5' }),
  responses: z.number().int(),
});

export const CaseContextSchema = z
  .object({
    asOf: Day.openapi({ description: 'customer figures are as of the start of this day' }),
    ticket: TicketSummarySchema.extend({
      description: z.string().nullable(),
      team: z.string().nullable(),
      agentReplies: z.number().nullable(),
      closedAt: Instant.nullable(),
      contact: z
        .object({
          id: z.string(),
          name: z.string().nullable(),
          email: z.string().nullable(),
          title: z.string().nullable(),
          role: z.string().nullable(),
        })
        .nullable(),
      messages: z.array(
        z.object({
          id: z.string(),
          authorType: z.enum(['customer', 'agent', 'bot', 'system']),
          authorId: z.string().nullable(),
          authorName: z.string().nullable(),
          createdAt: Instant,
          body: z.string().nullable(),
          public: z.boolean(),
        }),
      ),
      linkedArticles: z.array(z.object({ id: z.string(), title: z.string(), linkedAt: Instant.nullable() })),
    }),
    customer: z
      .object({
        id: z.string(),
        name: z.string(),
        segment: z.string().nullable(),
        touchModel: z.string().nullable(),
        arr: z.number(),
        paying: z.boolean(),
        stage: z.enum(STAGES).nullable(),
        health: z.object({ score: z.number().nullable(), band: Band.nullable() }).nullable(),
        csm: Ref.nullable(),
      })
      .nullable(),
    caseCounts: z
      .object({ open: z.number().int(), last90Days: z.number().int(), allTime: z.number().int() })
      .nullable(),
    previousTickets: z.array(TicketSummarySchema),
    recentInteractions: z.array(InteractionSchema),
    csat: z.object({
      days: z.number().int(),
      account: CsatFiguresSchema.nullable(),
      company: CsatFiguresSchema,
    }),
    suggestedArticles: z.object({
      category: z.string().nullable(),
      similarTickets: z.number().int(),
      articles: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          links: z.number().int(),
          lastLinkedAt: Instant.nullable(),
          linkedToThisTicket: z.boolean(),
        }),
      ),
    }),
  })
  .openapi('CaseContext');
