/** Accounts (list, CSV export, 360) and tickets (list, case context): the CSM and support-agent views. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors.js';
import { loadHealthConfig } from '../../scoring/compute-health.js';
import { account360 } from '../../workspace/account-360.js';
import {
  accountRows,
  accountsCsv,
  listAccounts,
  parseAccountFilter,
  parseAccountSort,
} from '../../workspace/account-list.js';
import { resolveAsOfDate } from '../../workspace/as-of.js';
import { caseContext, listTickets, parseTicketFilter } from '../../workspace/case-context.js';
import {
  Account360Schema,
  AccountFilterQuery,
  AccountListQuery,
  AccountListSchema,
  CaseContextSchema,
  IdParams,
  TicketListQuery,
  TicketListSchema,
} from '../account-schemas.js';
import type { ApiDeps } from '../api-deps.js';
import type { ApiEnv } from '../auth.js';
import { ERROR_RESPONSES, json, secured } from '../define-route.js';

const AsOfOnly = AccountFilterQuery.pick({ asOf: true });

export function registerAccountsRoutes(app: OpenAPIHono<ApiEnv>, { ctx, verifier }: ApiDeps): void {
  const config = () => loadHealthConfig(ctx.config.scorecards);
  const filtered = async (q: z.infer<typeof AccountFilterQuery>) => ({
    asOf: await resolveAsOfDate(ctx.db, q.asOf, 'asOf'),
    filter: parseAccountFilter(q),
    ...(q.sort ? { sort: parseAccountSort(q.sort) } : {}),
    ...(q.order ? { order: q.order } : {}),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/accounts',
      tags: ['accounts'],
      summary:
        'Accounts with ARR, renewal, lifecycle stage, health band and 30-day trend, open tickets and last use; filtered, sorted, paged (keel accounts)',
      ...secured(verifier, 'csm'),
      request: { query: AccountListQuery },
      responses: { 200: json(AccountListSchema, 'one page of accounts and the total'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const request = {
        ...(await filtered(q)),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.offset !== undefined ? { offset: q.offset } : {}),
      };
      return c.json(await listAccounts(ctx.db, await config(), request), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/accounts.csv',
      tags: ['accounts'],
      summary: 'The same filtered, sorted accounts as CSV, every row (keel accounts --csv)',
      ...secured(verifier, 'csm'),
      request: { query: AccountFilterQuery },
      responses: {
        200: {
          content: {
            'text/csv': {
              schema: z.string().openapi({
                example:
                  'id,name,segment,region,plan,touch_model,csm_id,csm_name,arr,paying,renewal_date,stage,stage_since,health_score,health_band,score_30d_before,trend_delta,trend,open_tickets,last_seen\n',
              }),
            },
          },
          description:
            'RFC 4180 CSV with a header row; free-text cells that a spreadsheet would run as a formula are prefixed with an apostrophe',
        },
        ...ERROR_RESPONSES,
      },
    }),
    async (c) => {
      const request = await filtered(c.req.valid('query'));
      const rows = await accountRows(ctx.db, await config(), request);
      return c.body(accountsCsv(rows), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="keel-accounts-${request.asOf}.csv"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/accounts/{id}',
      tags: ['accounts'],
      summary:
        'Account 360: profile, lifecycle, MRR history, explained health and its history, usage and feature adoption, tickets, surveys, interactions, contacts, risk events (keel account)',
      ...secured(verifier, 'csm'),
      request: { params: IdParams, query: AsOfOnly },
      responses: { 200: json(Account360Schema, 'the account on the date'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const asOf = await resolveAsOfDate(ctx.db, c.req.valid('query').asOf, 'asOf');
      const view = await account360(ctx.db, await config(), id, asOf);
      if (!view) throw new AppError('not_found', `no account ${JSON.stringify(id)}`);
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tickets',
      tags: ['tickets'],
      summary: 'Tickets with response and resolution times and CSAT; filtered, sorted, paged (keel tickets)',
      ...secured(verifier, 'csm'),
      request: { query: TicketListQuery },
      responses: { 200: json(TicketListSchema, 'one page of tickets and the total'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listTickets(ctx.db, {
          filter: parseTicketFilter(q),
          ...(q.sort ? { sort: q.sort } : {}),
          ...(q.order ? { order: q.order } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tickets/{id}',
      tags: ['tickets'],
      summary:
        'Case context (agent sidebar): the ticket and its messages, the customer, case counts, earlier tickets and CSM touches, CSAT vs the company, suggested articles (keel ticket)',
      ...secured(verifier, 'csm'),
      request: {
        params: IdParams,
        query: z.object({
          asOf: AccountFilterQuery.shape.asOf.openapi({
            description: 'YYYY-MM-DD for the customer figures; default: the day after the newest ticket',
          }),
        }),
      },
      responses: { 200: json(CaseContextSchema, 'the case context'), ...ERROR_RESPONSES },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const asOf = c.req.valid('query').asOf;
      const context = await caseContext(
        ctx.db,
        await config(),
        id,
        asOf === undefined ? undefined : await resolveAsOfDate(ctx.db, asOf, 'asOf'),
      );
      if (!context) throw new AppError('not_found', `no ticket ${JSON.stringify(id)}`);
      return c.json(context, 200);
    },
  );
}
