import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { USERS_PER_SEAT } from '../test-support/scorecards.js';
import { caseContext, listTickets, parseTicketFilter, type TicketListRequest } from './case-context.js';

/*
 * Case p4 (Pioneer, created 2025-06-20 09:00, category access), context as of 2025-07-01:
 *  customer: line 250 → ARR 3000; 5 users on 06-15 / 10 seats → 50 at_risk; adoption; CSM Grace Hopper
 *  case counts: open p3 and p4 (p5 was resolved 06-25) → 2; created in [04-02, 07-01): p2 p3 p4 p5 → 4; all 5
 *  earlier tickets of the account: p3, p2, p1 (p5 came later)
 *  CSAT in [2025-01-02, 2025-07-01), ticket-linked only: Pioneer v1 5, v2 2 → mean 3.5, 1 of 2 satisfied;
 *   company v1 5, v2 2, v3 1, v4 3 → mean 2.75, 1 of 4 (v5 too old, v6 has no ticket, v7 after the date)
 *  suggestions: earlier access tickets p1 p3 q1 q2 q5 (q3 is later, q4 is billing) link kb1 3× (q5 q1 q2),
 *   kb2 2× (q2 p1), kb4 1× (p3, 06-10) and kb5 1× (q1, 02-01): the tie goes to the later link → kb1 kb2 kb4 kb5;
 *   kb1 is already on p4
 */
const FILES: Record<string, string> = {
  'agents.csv': 'id,name,role\ng1,Grace Hopper,csm\ns1,Sam Agent,agent',
  'accounts.csv': [
    'id,name,segment,csm_id,licensed_seats,created_at',
    'P,Pioneer,mid_market,g1,10,2024-12-01',
    'Q,Quartz,smb,,5,2024-06-01',
  ].join('\n'),
  'contacts.csv': 'id,account_id,name,email,title,role\npc1,P,Pat Doe,pat@pioneer.example,IT Lead,admin',
  'subscriptions.csv': 'id,account_id,mrr,started_at\npp1,P,250,2025-01-01\nqq1,Q,100,2024-06-01',
  'usage_events.csv': [
    'account_id,user_id,event,occurred_at',
    ...[1, 2, 3, 4, 5].map((i) => `P,u${i},use,2025-06-15T10:00:00Z`),
  ].join('\n'),
  'kb_articles.csv': [
    'id,title',
    'kb1,Reset your password',
    'kb2,Set up SSO',
    'kb3,Export data',
    'kb4,Two-factor login',
    'kb5,Locked accounts',
  ].join('\n'),
  'tickets.csv': [
    'id,account_id,contact_id,channel,priority,status,category,subject,created_at,first_response_at,resolved_at,reopens,escalated,assignee_id',
    'p1,P,,email,normal,solved,access,Cannot log in,2025-03-01T10:00:00Z,2025-03-01T10:10:00Z,2025-03-01T12:00:00Z,1,false,',
    'p2,P,,email,high,closed,billing,Invoice wrong,2025-05-01T10:00:00Z,2025-05-01T11:00:00Z,2025-05-02T10:00:00Z,0,true,',
    'p3,P,,chat,normal,open,access,SSO error,2025-06-10T09:00:00Z,,,0,false,',
    'p4,P,pc1,chat,urgent,open,access,Locked out again,2025-06-20T09:00:00Z,2025-06-20T09:15:00Z,,0,false,s1',
    'p5,P,,web,low,solved,access,Password reset,2025-06-25T09:00:00Z,2025-06-25T09:30:00Z,2025-06-25T10:00:00Z,0,false,',
    'q1,Q,,email,normal,closed,access,Login loop,2025-02-01T10:00:00Z,,,0,false,',
    'q2,Q,,email,normal,closed,access,SSO setup,2025-04-01T10:00:00Z,,,0,false,',
    'q3,Q,,email,normal,closed,access,Later,2025-06-21T10:00:00Z,,,0,false,',
    'q4,Q,,email,normal,closed,billing,Refund,2025-05-01T10:00:00Z,,,0,false,',
    'q5,Q,,email,normal,closed,access,Reset,2024-11-15T10:00:00Z,,,0,false,',
    'z9,,,web,,new,,Orphan question,2025-06-22T10:00:00Z,,,0,,',
  ].join('\n'),
  'ticket_messages.csv': [
    'id,ticket_id,author_type,author_id,created_at,body,public',
    'm1,p4,customer,pc1,2025-06-20T09:00:00Z,I am locked out again,true',
    'm2,p4,agent,s1,2025-06-20T09:15:00Z,Try resetting your password,true',
    'm3,p4,agent,s1,2025-06-20T09:20:00Z,Internal: check SSO logs,false',
    'm0,p3,customer,pc1,2025-06-10T09:00:00Z,Another ticket,true',
  ].join('\n'),
  'ticket_articles.csv': [
    'ticket_id,article_id,linked_at',
    'q5,kb1,2024-11-15T12:00:00Z',
    'q1,kb1,2025-02-01T12:00:00Z',
    'q1,kb5,2025-02-01T13:00:00Z',
    'q2,kb1,2025-04-01T12:00:00Z',
    'q2,kb2,2025-04-01T13:00:00Z',
    'p1,kb2,2025-03-01T11:00:00Z',
    'p3,kb4,2025-06-10T10:00:00Z',
    'p4,kb1,2025-06-20T09:16:00Z',
    'q3,kb3,2025-06-21T11:00:00Z',
    'q4,kb3,2025-05-01T11:00:00Z',
  ].join('\n'),
  'surveys.csv': [
    'id,kind,score,account_id,ticket_id,responded_at',
    'v1,csat,5,P,p1,2025-03-02T10:00:00Z',
    'v2,csat,2,P,p2,2025-05-03T10:00:00Z',
    'v3,csat,1,Q,q1,2025-06-01T10:00:00Z',
    'v4,csat,3,Q,q2,2025-06-05T10:00:00Z',
    'v5,csat,5,Q,q5,2024-12-01T10:00:00Z',
    'v6,csat,1,Q,,2025-06-10T10:00:00Z',
    'v7,csat,4,,p2,2025-07-02T10:00:00Z',
  ].join('\n'),
  'interactions.csv': [
    'id,account_id,kind,occurred_at,author_id,with_executive,subject',
    'pi1,P,call,2025-06-01T10:00:00Z,g1,false,Renewal chat',
    'pi2,P,qbr,2025-07-05T10:00:00Z,g1,true,QBR',
  ].join('\n'),
};

describeEachBackend('case context and tickets list', (ctx) => {
  it('gives the agent the ticket, the customer, case counts, history, CSAT against the company and articles', async () => {
    await importFixture(ctx, FILES);
    const c = await caseContext(ctx.db, USERS_PER_SEAT, 'p4', '2025-07-01');
    if (!c) throw new Error('p4 not found');
    expect(c.asOf).toBe('2025-07-01');
    expect(c.ticket).toEqual({
      id: 'p4',
      subject: 'Locked out again',
      status: 'open',
      priority: 'urgent',
      channel: 'chat',
      category: 'access',
      account: { id: 'P', name: 'Pioneer' },
      assignee: { id: 's1', name: 'Sam Agent' },
      createdAt: '2025-06-20T09:00:00Z',
      firstResponseAt: '2025-06-20T09:15:00Z',
      resolvedAt: null,
      firstResponseMinutes: 15,
      resolutionHours: null,
      reopens: 0,
      escalated: false,
      csat: null,
      description: null,
      team: null,
      agentReplies: null,
      closedAt: null,
      contact: { id: 'pc1', name: 'Pat Doe', email: 'pat@pioneer.example', title: 'IT Lead', role: 'admin' },
      messages: [
        {
          id: 'm1',
          authorType: 'customer',
          authorId: 'pc1',
          authorName: 'Pat Doe',
          createdAt: '2025-06-20T09:00:00Z',
          body: 'I am locked out again',
          public: true,
        },
        {
          id: 'm2',
          authorType: 'agent',
          authorId: 's1',
          authorName: 'Sam Agent',
          createdAt: '2025-06-20T09:15:00Z',
          body: 'Try resetting your password',
          public: true,
        },
        {
          id: 'm3',
          authorType: 'agent',
          authorId: 's1',
          authorName: 'Sam Agent',
          createdAt: '2025-06-20T09:20:00Z',
          body: 'Internal: check SSO logs',
          public: false,
        },
      ],
      linkedArticles: [{ id: 'kb1', title: 'Reset your password', linkedAt: '2025-06-20T09:16:00Z' }],
    });
    expect(c.customer).toEqual({
      id: 'P',
      name: 'Pioneer',
      segment: 'mid_market',
      touchModel: 'low',
      arr: 3000,
      paying: true,
      stage: 'adoption',
      health: { score: 50, band: 'at_risk' },
      csm: { id: 'g1', name: 'Grace Hopper' },
    });
    expect(c.caseCounts).toEqual({ open: 2, last90Days: 4, allTime: 5 });
    expect(c.previousTickets.map((t) => t.id)).toEqual(['p3', 'p2', 'p1']);
    expect(c.previousTickets[1]).toMatchObject({
      status: 'closed',
      resolutionHours: 24,
      escalated: true,
      csat: 4,
    });
    expect(c.previousTickets[2]).toMatchObject({ status: 'solved', resolutionHours: 2, reopens: 1, csat: 5 });
    expect(c.recentInteractions.map((i) => [i.id, i.kind, i.subject])).toEqual([
      ['pi1', 'call', 'Renewal chat'],
    ]);
    expect(c.csat).toEqual({
      days: 180,
      account: { average: 3.5, satisfiedShare: 0.5, responses: 2 },
      company: { average: 2.75, satisfiedShare: 0.25, responses: 4 },
    });
    expect(c.suggestedArticles).toEqual({
      category: 'access',
      similarTickets: 5,
      articles: [
        {
          id: 'kb1',
          title: 'Reset your password',
          links: 3,
          lastLinkedAt: '2025-04-01T12:00:00Z',
          linkedToThisTicket: true,
        },
        {
          id: 'kb2',
          title: 'Set up SSO',
          links: 2,
          lastLinkedAt: '2025-04-01T13:00:00Z',
          linkedToThisTicket: false,
        },
        {
          id: 'kb4',
          title: 'Two-factor login',
          links: 1,
          lastLinkedAt: '2025-06-10T10:00:00Z',
          linkedToThisTicket: false,
        },
        {
          id: 'kb5',
          title: 'Locked accounts',
          links: 1,
          lastLinkedAt: '2025-02-01T13:00:00Z',
          linkedToThisTicket: false,
        },
      ],
    });
  });

  it('dates the customer figures the day after the newest ticket by default; handles orphans and unknown ids', async () => {
    await importFixture(ctx, FILES);
    // The newest ticket is p5 (06-25): "today" in the support data is 06-26.
    const c = await caseContext(ctx.db, USERS_PER_SEAT, 'p4');
    expect(c?.asOf).toBe('2025-06-26');
    // On 06-26 p5 is resolved already: open p3, p4; in [03-28, 06-26): p2 p3 p4 p5.
    expect(c?.caseCounts).toEqual({ open: 2, last90Days: 4, allTime: 5 });

    const orphan = await caseContext(ctx.db, USERS_PER_SEAT, 'z9', '2025-07-01');
    expect(orphan).toMatchObject({
      ticket: { id: 'z9', account: null, priority: null, category: null, messages: [], linkedArticles: [] },
      customer: null,
      caseCounts: null,
      previousTickets: [],
      recentInteractions: [],
      csat: { days: 180, account: null, company: { average: 2.75, responses: 4 } },
      suggestedArticles: { category: null, similarTickets: 0, articles: [] },
    });
    expect(await caseContext(ctx.db, USERS_PER_SEAT, 'nope')).toBeNull();
    expect(await caseContext(ctx.db, USERS_PER_SEAT, "' OR 1=1 --")).toBeNull();
  });

  it('lists tickets filtered, sorted with nulls last, and paged with a total', async () => {
    await importFixture(ctx, FILES);
    const ids = async (request: TicketListRequest) =>
      (await listTickets(ctx.db, request)).tickets.map((t) => t.id);
    const all = await listTickets(ctx.db);
    expect(all).toMatchObject({ total: 11, offset: 0, limit: 50, sort: 'createdAt', order: 'desc' });
    // Newest first; p2 and q4 share a creation time and fall back to id order.
    expect(all.tickets.map((t) => t.id)).toEqual([
      'p5',
      'z9',
      'q3',
      'p4',
      'p3',
      'p2',
      'q4',
      'q2',
      'p1',
      'q1',
      'q5',
    ]);
    expect(await ids({ filter: { status: ['open'] } })).toEqual(['p4', 'p3']);
    expect(await ids({ filter: { status: ['open', 'new'] } })).toEqual(['z9', 'p4', 'p3']);
    expect(await ids({ filter: { priority: ['urgent', 'high'] } })).toEqual(['p4', 'p2']);
    expect(await ids({ filter: { agentId: 's1' } })).toEqual(['p4']);
    expect(await ids({ filter: { createdSince: '2025-06-20' } })).toEqual(['p5', 'z9', 'q3', 'p4']);
    expect((await listTickets(ctx.db, { filter: { accountId: 'Q' } })).total).toBe(5);
    expect(await ids({ filter: { accountId: "Q' OR '1'='1" } })).toEqual([]);

    const nulls = ['p3', 'p4', 'q1', 'q2', 'q3', 'q4', 'q5', 'z9'];
    // Resolution hours: p5 1, p1 2, p2 24; the rest never resolved.
    expect(await ids({ sort: 'resolutionHours' })).toEqual(['p5', 'p1', 'p2', ...nulls]);
    expect(await ids({ sort: 'resolutionHours', order: 'desc' })).toEqual(['p2', 'p1', 'p5', ...nulls]);
    // Priority by rank, not alphabet: urgent, high, normal…, low, then the ticket without one.
    expect(await ids({ sort: 'priority', order: 'desc' })).toEqual([
      'p4',
      'p2',
      'p1',
      'p3',
      'q1',
      'q2',
      'q3',
      'q4',
      'q5',
      'p5',
      'z9',
    ]);
    // CSAT is each ticket's latest answer: p2 has 2 then 4 (v7), q5 has 5 from before the window.
    expect(await ids({ sort: 'csat', order: 'desc' })).toEqual([
      'p1',
      'q5',
      'p2',
      'q2',
      'q1',
      'p3',
      'p4',
      'p5',
      'q3',
      'q4',
      'z9',
    ]);
    const page = await listTickets(ctx.db, { sort: 'id', limit: 3, offset: 2 });
    expect(page).toMatchObject({ total: 11, offset: 2, limit: 3, sort: 'id', order: 'asc' });
    expect(page.tickets.map((t) => t.id)).toEqual(['p3', 'p4', 'p5']);
    await expect(listTickets(ctx.db, { limit: 501 })).rejects.toThrow(
      'limit must be a whole number from 1 to 500',
    );
  });
});

it('parses ticket filters and names the parameter it refuses', () => {
  expect(parseTicketFilter({ status: 'open,new', createdSince: '2025-06-01', accountId: '' })).toEqual({
    status: ['open', 'new'],
    createdSince: '2025-06-01',
  });
  expect(() => parseTicketFilter({ channel: 'fax' })).toThrow(/^channel must be one or more of email/);
  expect(() => parseTicketFilter({ createdSince: '2025-13-01' }, (p) => `--${p}`)).toThrow(
    /^--createdSince must be a date/,
  );
});
