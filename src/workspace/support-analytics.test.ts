import { expect, it } from 'vitest';
import { describeEachBackend } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { agentPerformance, channelReview } from './support-analytics.js';

const FILES = {
  'accounts.csv': 'id,name,segment,created_at\nA,A,smb,2025-01-01\nB,B,enterprise,2025-01-01',
  'agents.csv': 'id,name,role,team\ng1,Gia,agent,tier1\ng2,Gus,agent,\nc1,Cora,csm,',
  'tickets.csv': [
    'id,account_id,channel,status,created_at,first_response_at,resolved_at,agent_replies,reopens,assignee_id',
    't1,A,email,solved,2025-06-02T10:00:00Z,2025-06-02T10:30:00Z,2025-06-02T14:00:00Z,1,0,g1', // 30 min, 4 h, FCR
    't2,A,chat,solved,2025-06-03T10:00:00Z,2025-06-03T10:10:00Z,2025-06-04T10:00:00Z,3,1,g1', // 10 min, 24 h, reopened
    't3,B,email,solved,2025-06-05T10:00:00Z,2025-06-05T11:00:00Z,2025-06-05T12:00:00Z,,0,g2', // 60 min, 2 h, replies unknown
    't4,B,email,open,2025-06-06T10:00:00Z,,,,0,g2', // never answered
    't5,A,email,open,2025-06-07T10:00:00Z,,,,0,', // unassigned
  ].join('\n'),
  'surveys.csv': [
    'id,kind,score,ticket_id,responded_at',
    's1,csat,5,t1,2025-06-03T00:00:00Z',
    's2,csat,2,t2,2025-06-05T00:00:00Z',
    's3,csat,4,t3,2025-06-06T00:00:00Z',
  ].join('\n'),
  'agent_activity.csv': [
    'agent_id,day,available_seconds,handle_seconds',
    'g1,2025-05-15,3600,1800',
    'g1,2025-06-02,28800,14400',
    'g1,2025-06-03,28800,7200',
    'g2,2025-06-05,28800,28800',
  ].join('\n'),
};

describeEachBackend('support analytics', (ctx) => {
  it('cuts the catalog’s support measures by agent, worked out by hand', async () => {
    await importFixture(ctx, FILES);
    const { period, agents } = await agentPerformance(ctx.db, { period: '2025-06' });
    expect(period.label).toBe('2025-06');
    // c1 is a CSM with no tickets or activity: not listed.
    expect(agents.map((a) => a.id)).toEqual(['g1', 'g2']);
    const [g1, g2] = agents;
    // g1: FRT median of 30 and 10 = 20 min; resolution median of 4 h and 24 h = 14 h; FCR 1 of 2; reopened 1 of 2;
    // CSAT (5 + 2) / 2 = 3.5, one of two 4–5; 16 h available, 6 h handling → 0.375.
    expect(g1).toMatchObject({
      name: 'Gia',
      team: 'tier1',
      ticketsCreated: 2,
      ticketsSolved: 2,
      frtMedianMinutes: 20,
      resolutionMedianHours: 14,
      fcrRate: 0.5,
      reopenRate: 0.5,
      csatAverage: 3.5,
      csatResponses: 2,
      satisfiedShare: 0.5,
      availableHours: 16,
      handleHours: 6,
      utilization: 0.375,
    });
    // g2: t4 was never answered, so the FRT median is t3's 60 min; t3's reply count is unknown → no FCR base.
    expect(g2).toMatchObject({
      ticketsCreated: 2,
      ticketsSolved: 1,
      frtMedianMinutes: 60,
      resolutionMedianHours: 2,
      fcrRate: null,
      reopenRate: 0,
      csatAverage: 4,
      satisfiedShare: 1,
      utilization: 1,
    });
    // Six months ending June; g1 worked half of one hour in May.
    expect(g1?.trend.map((t) => t.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
    ]);
    expect(g1?.trend.at(-2)).toEqual({ month: '2025-05', solved: 0, csatAverage: null, utilization: 0.5 });
    expect(g1?.trend.at(-1)).toEqual({ month: '2025-06', solved: 2, csatAverage: 3.5, utilization: 0.375 });

    // The smb segment keeps A's tickets only: g2 keeps its (whole-company) activity time but no tickets.
    const smb = await agentPerformance(ctx.db, { period: '2025-06', segment: 'smb' });
    expect(smb.agents.find((a) => a.id === 'g2')).toMatchObject({
      ticketsCreated: 0,
      csatResponses: 0,
      utilization: 1,
    });
    expect(smb.agents.find((a) => a.id === 'g1')).toMatchObject({ ticketsCreated: 2, csatAverage: 3.5 });
    await expect(agentPerformance(ctx.db, { segment: 'galactic' })).rejects.toThrow(/segment must be one of/);
  });

  it('reviews channels with the catalog’s own numbers and CSAT on each channel’s tickets', async () => {
    await importFixture(ctx, FILES);
    const { channels } = await channelReview(ctx.db, ctx.config, { period: '2025-06' });
    // email: t1 t3 t4 t5 created; FRT median of 30 and 60 = 45; resolution median of 4 and 2 = 3 h; FCR: t1 hit,
    // t3 unknown → 1 of 1; open at 07-01: t4, t5; CSAT 5 and 4 → 4.5. chat: t2 only.
    expect(channels).toEqual([
      {
        channel: 'chat',
        tickets: 1,
        frtMedianMinutes: 10,
        resolutionMedianHours: 24,
        fcrRate: 0,
        backlog: 0,
        csatAverage: 2,
        csatResponses: 1,
        satisfiedShare: 0,
      },
      {
        channel: 'email',
        tickets: 4,
        frtMedianMinutes: 45,
        resolutionMedianHours: 3,
        fcrRate: 1,
        backlog: 2,
        csatAverage: 4.5,
        csatResponses: 2,
        satisfiedShare: 1,
      },
    ]);
  });
});
