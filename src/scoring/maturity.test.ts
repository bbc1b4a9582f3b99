import { expect, it } from 'vitest';
import { sql } from '../db/sql.js';
import { describeEachBackend, type BackendContext } from '../test-support/backends.js';
import { importFixture } from '../test-support/fixtures.js';
import { keel } from '../test-support/run-cli.js';
import { loadDemo } from '../workspace/load-demo.js';
import { loadHealthConfig } from './compute-health.js';
import {
  assessMaturity,
  CRITERIA,
  phaseOf,
  readMaturityEvidence,
  type MaturityAssessment,
} from './maturity.js';
import { recordHealth } from './record-health.js';

const AS_OF = '2025-07-01';
// Windows as of 2025-07-01: a year back is 2024-07-01 (no 29 February in between), 90 days back 2025-04-02,
// 35 days back 2025-05-27, 30 days back 2025-06-01; cost months 2024-07 … 2025-06.

/** health_scores is Keel's own table, not an import: written directly, as `keel health record` would. */
async function recordScores(ctx: BackendContext, rows: readonly [string, string, number | null][]) {
  await ctx.db.exec(sql`
    INSERT INTO health_scores (account_id, as_of, config_version, scorecard, score, band, coverage, explanation, scored_at)
    VALUES ${sql.join(
      rows.map(
        ([account, asOf, score]) =>
          sql`(${account}, CAST(${asOf} AS DATE), 'test', 'default', CAST(${score} AS DOUBLE PRECISION), NULL, 1,
               CAST('[]' AS JSON), CAST('2025-07-01 00:00:00' AS TIMESTAMP))`,
      ),
    )}`);
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `A${String(from + i).padStart(2, '0')}`);

/**
 * Twenty accounts paying 100 a month on the date (A01–A20), one churned (Z1), one prospect (P1). Every
 * criterion sits exactly on its threshold; with `short`, one record per criterion moves just outside its
 * window (or is dropped), leaving each share one account short and each count one short — except cs_team,
 * whose edge (0 people) is in the next test.
 */
async function edgeCompany(ctx: BackendContext, short: boolean) {
  const at = (inside: string, outside: string) => (short ? outside : inside);
  const touch: Record<string, string> = { A01: 'high', A02: 'high', A03: 'high', A19: 'high', A20: 'high' };
  const accounts = [
    'id,name,touch_model,csm_id,licensed_seats,created_at',
    // A01–A10 have the CSM (g1) and 5 seats; A10's CSM goes in the short variant.
    ...range(1, 20).map((a, i) => {
      const csm = i < 10 && !(short && a === 'A10') ? 'g1' : '';
      return `${a},${a},${touch[a] ?? 'low'},${csm},${i < 10 ? 5 : ''},2023-12-01`;
    }),
    'Z1,Z1,high,g2,,2023-12-01', // churned; its CSM g2 (role agent) still counts as a CS person
    'P1,P1,tech,,,2023-12-01',
  ];
  const start = (a: string) =>
    a === 'A10'
      ? '2024-06-30' // a day before the year window: not a new account
      : a === 'A11'
        ? '2024-07-01' // first day of the year window: new
        : a === 'A19'
          ? '2025-04-02' // paying exactly 90 days: in the QBR population
          : a === 'A20'
            ? '2025-04-03' // 89 days: not yet
            : a < 'A11'
              ? '2024-01-01'
              : '2025-01-01';
  const subscriptions = [
    'id,account_id,mrr,started_at,ended_at,renewal_date',
    ...range(1, 20)
      .filter((a) => a !== 'A13')
      .map((a) => `s${a},${a},100,${start(a)},,${a <= 'A08' ? '2025-12-31' : ''}`),
    // A13: an ended line with a renewal date (not live, so no renewal tracked) and a live line without.
    'sA13a,A13,100,2025-01-01,2025-03-01,2025-06-01',
    'sA13b,A13,100,2025-03-01,,',
    'sZ1,Z1,100,2024-01-01,2025-01-01,',
  ];
  const events = [
    'id,account_id,user_id,event,occurred_at',
    ...range(1, 9).map((a) => `e${a},${a},u-${a},login,2025-06-15T10:00:00Z`),
    `eA10,A10,u-A10,login,${at('2025-06-01T00:00:00Z', '2025-05-31T23:59:59Z')}`,
    'eA11,A11,u-A11,login,2025-05-31T23:59:59Z', // a second before the 30 days; inside the 90
    'eA12,A12,u-A12,login,2025-07-01T00:00:00Z', // on the date: not before it
    'eZ1,Z1,u-Z1,login,2025-06-15T10:00:00Z', // not paying
  ];
  const surveys = [
    'id,kind,score,account_id,ticket_id,responded_at',
    'v1,nps,9,A01,,2024-07-01T00:00:00Z',
    'v2,csat,5,,t1,2025-05-01T10:00:00Z', // no account: A02's through its ticket
    'v3,ces,2,A03,,2025-06-30T23:59:59Z',
    'v4,nps,7,A04,,2025-01-01T10:00:00Z',
    `v5,nps,3,A05,,${at('2025-02-01T10:00:00Z', '2024-06-30T23:59:59Z')}`,
    'v6,nps,8,A06,,2024-06-30T23:59:59Z',
    'v7,nps,8,A07,,2025-07-01T00:00:00Z',
    'v8,nps,6,Z1,,2025-01-01T10:00:00Z', // in the window, not paying
  ];
  const tickets = [
    'id,account_id,channel,status,created_at',
    `t1,A02,email,solved,${at('2025-04-02T00:00:00Z', '2025-04-01T23:59:59Z')}`,
    't2,,email,solved,2025-05-01T10:00:00Z', // no account: not support data about a customer
  ];
  const milestones = [
    'id,account_id,key',
    ...range(11, short ? 14 : 15).map((a) => `m${a},${a},setup`),
    'mA01,A01,setup', // not a new account
  ];
  const interactions = [
    'id,account_id,kind,occurred_at',
    `i1,A01,qbr,${at('2024-07-01T00:00:00Z', '2024-06-30T23:59:59Z')}`,
    'i2,A19,qbr,2025-06-30T10:00:00Z',
    'i3,A02,qbr,2024-06-30T23:59:59Z',
    'i4,A03,meeting,2025-05-01T10:00:00Z',
    'i5,A20,qbr,2025-05-01T10:00:00Z', // not yet in the QBR population
  ];
  const opportunities = [
    'id,account_id,kind,created_at',
    'o1,A09,renewal,2024-07-01T00:00:00Z',
    `o2,A10,renewal,${at('2025-06-30T12:00:00Z', '2025-07-01T00:00:00Z')}`,
    'o3,A11,renewal,2024-06-30T23:59:59Z',
    'o4,A01,expansion,2025-01-15T10:00:00Z',
    'o5,A01,expansion,2025-05-01T10:00:00Z',
    `o6,A02,expansion,${at('2024-07-01T00:00:00Z', '2024-06-30T23:00:00Z')}`,
    'o7,A03,expansion,2024-06-30T23:59:59Z',
    'o8,Z1,expansion,2024-12-01T10:00:00Z',
  ];
  const costs = [
    'month,category,amount',
    '2024-07-01,acquisition,1000',
    '2024-06-01,acquisition,777',
    `${at('2025-06-01', '2024-06-01')},expansion,200`,
    '2025-01-01,retention,500',
    '2025-07-01,retention,999',
    '2025-01-01,support,300',
  ];
  await importFixture(ctx, {
    'agents.csv': 'id,name,role\ng1,Gia,csm\ng2,Gus,agent\ng3,Max,manager',
    'accounts.csv': accounts.join('\n'),
    'subscriptions.csv': subscriptions.join('\n'),
    'usage_events.csv': events.join('\n'),
    'tickets.csv': tickets.join('\n'),
    'surveys.csv': surveys.join('\n'),
    'milestones.csv': milestones.join('\n'),
    'interactions.csv': interactions.join('\n'),
    'opportunities.csv': opportunities.join('\n'),
    'costs.csv': costs.join('\n'),
  });
  await recordScores(ctx, [
    ...range(1, 9).map((a): [string, string, number] => [a, '2025-06-01', 70]),
    ['A10', at('2025-05-27', '2025-05-26'), 50],
    ['A11', '2025-05-26', 60], // a day before the 35 days
    ['A12', '2025-06-01', null], // recorded, but NA: not a score
    ['A13', '2025-07-02', 80], // after the date
    ['Z1', '2025-06-01', 30], // not paying
  ]);
}

const values = (a: MaturityAssessment) => Object.fromEntries(a.criteria.map((c) => [c.id, [c.value, c.met]]));

describeEachBackend('maturity', (ctx) => {
  it('counts the evidence inside each window and meets every criterion exactly at its threshold', async () => {
    await edgeCompany(ctx, false);
    expect(await readMaturityEvidence(ctx.db, AS_OF)).toEqual({
      payingAccounts: 20, // A01–A20 (A13 through its live line); Z1 ended 2025-01-01, P1 never paid
      payingMrr: 2000, // 20 × 100
      vocAccounts: 5, // A01 (first instant of the year), A02 (via ticket t1), A03 (last second), A04, A05
      npsResponses: 4, // v1, v4, v5, v8 (Z1 counts as a response); v6 and v7 fall outside
      csatResponses: 1,
      cesResponses: 1,
      scoredAccounts: 10, // A01–A09 on 06-01, A10 on 05-27 (35 days back); A11 one day early, A12 NA
      lastScored: '2025-06-01', // A13's 07-02 is after the date
      csPeople: 2, // g1 (role csm) and g2 (named CSM of Z1); g3 is a manager with no accounts
      usageAccounts: 10, // A01–A10 (A10 at 06-01 00:00); A11 a second early, A12 on the date
      newAccounts: 10, // A11–A20: first paid 2024-07-01 … 2025-04-03; A10 paid from 2024-06-30
      onboardedAccounts: 5, // A11–A15
      highTouchAccounts: 4, // A01, A02, A03, A19; A20 has paid 89 days
      qbrAccounts: 2, // A01 (i1 at the year's first instant), A19; A02's QBR is a second early, A03 met
      csmMrr: 1000, // A01–A10
      seatUsageAccounts: 10, // A01–A10: 5 seats each, usage by a user
      renewalAccounts: 10, // A01–A08 renewal dates; A09 (o1 at the edge), A10 (o2); A13's dated line ended
      expansionAccounts: 2, // A01 (two opportunities), A02 (o6 at the edge); A03 early, Z1 not paying
      acquisitionCost: 1000, // 2024-07 only; 2024-06 is outside
      retentionCost: 500, // 2025-01; 2025-07 is the date's own month
      expansionCost: 200,
      productRecords: 12, // since 2025-04-02: eA01–eA09, eA10, eA11, eZ1
      supportRecords: 1, // t1 at 2025-04-02 00:00; t2 has no account
      crmRecords: 5, // opportunities o2, o5 + interactions i2, i4, i5
    });
    const a = await assessMaturity(ctx.db, AS_OF);
    // Each share at its threshold: 5/20 = 0.25, 10/20 = 0.5, 5/10 = 0.5, 2/4 = 0.5, 1000/2000 = 0.5, 2/20 = 0.1.
    expect(values(a)).toEqual({
      voc_program: [0.25, true],
      health_scoring: [0.5, true],
      cs_team: [2, true],
      product_data: [0.5, true],
      onboarding_program: [0.5, true],
      qbr_program: [0.5, true],
      csm_coverage: [0.5, true],
      charter_priority: [3, true],
      adoption_charter: [0.5, true],
      retention_charter: [0.5, true],
      expansion_charter: [0.1, true],
      cost_visibility: [3, true],
      cross_functional_data: [3, true],
    });
    expect(a.phase).toEqual({ number: 4, name: 'Transformation', nrrBenchmark: 1.08 });
    // NRR base at 2024-07-01: A01–A11 and Z1 = 12 × 100 = 1200; on 2025-07-01 they pay 11 × 100 = 1100.
    // 1100 / 1200 = 0.91667: 0.16333 below Transformation's 1.08, at the level of phase 1 (0.90 ≤ NRR < 0.93).
    expect(a.nrr.value).toBeCloseTo(1100 / 1200, 12);
    expect(a.nrr.n).toBe(12);
    expect(a.nrr.period).toEqual({ start: '2024-07-01', end: '2025-07-01' });
    expect(a.nrr.vsPhaseBenchmark).toBeCloseTo(-0.163333333333, 9);
    expect(a.nrr.levelOfPhase).toBe(1);
    expect(a.nextPhase).toBeNull();
    expect(a.criteria.find((c) => c.id === 'cost_visibility')?.evidence).toBe(
      'costs of the 12 months to 2025-07-01: acquisition 1,000, expansion 200, retention 500',
    );
    expect(a.criteria.find((c) => c.id === 'voc_program')?.evidence).toBe(
      '5 of 20 paying accounts (25%) answered a survey in the last 365 days (responses: NPS 4, CSAT 1, CES 1)',
    );
  });

  it('misses every criterion one record short of its threshold', async () => {
    await edgeCompany(ctx, true);
    const a = await assessMaturity(ctx.db, AS_OF);
    // 4/20 = 0.2, 9/20 = 0.45, 4/10 = 0.4, 1/4 = 0.25, 900/2000 = 0.45, 1/20 = 0.05; no charter; costs for
    // acquisition and retention only; no support ticket in the 90 days.
    expect(values(a)).toEqual({
      voc_program: [0.2, false],
      health_scoring: [0.45, false],
      cs_team: [2, true],
      product_data: [0.45, false],
      onboarding_program: [0.4, false],
      qbr_program: [0.25, false],
      csm_coverage: [0.45, false],
      charter_priority: [0, false],
      adoption_charter: [0.45, false],
      retention_charter: [0.45, false],
      expansion_charter: [0.05, false],
      cost_visibility: [2, false],
      cross_functional_data: [2, false],
    });
    expect(a.phase.number).toBe(1);
    // Same NRR as above (the moved records are not subscriptions): 0.91667 − 0.90 = +0.01667 over Reactive,
    // 0.93 − 0.91667 = 0.01333 short of Insights & Actions.
    expect(a.nrr.vsPhaseBenchmark).toBeCloseTo(0.016666666667, 9);
    expect(a.nextPhase).toMatchObject({ number: 2, name: 'Insights & Actions', nrrBenchmark: 0.93 });
    expect(a.nextPhase?.nrrGap).toBeCloseTo(0.013333333333, 9);
    expect(a.nextPhase?.needs.map((n) => [n.id, n.value, n.threshold])).toEqual([
      ['voc_program', 0.2, 0.25],
      ['health_scoring', 0.45, 0.5],
    ]);
    expect(a.criteria.find((c) => c.id === 'cost_visibility')?.evidence).toBe(
      'costs of the 12 months to 2025-07-01: acquisition 1,000, retention 500; none for expansion',
    );
  });

  it('holds a company at phase 1 when a phase-2 criterion is missing, whatever it does at phase 3', async () => {
    // B1–B4 pay 100 each since 2024-01-01; B1 adds 40 from 2025-01-01.
    await importFixture(ctx, {
      'agents.csv': 'id,name,role\ng1,Max,manager',
      'accounts.csv': [
        'id,name,licensed_seats,created_at',
        'B1,B1,10,2023-12-01',
        'B2,B2,10,2023-12-01',
        'B3,B3,0,2023-12-01',
        'B4,B4,,2023-12-01',
      ].join('\n'),
      'subscriptions.csv': [
        'id,account_id,mrr,started_at',
        ...['B1', 'B2', 'B3', 'B4'].map((a) => `s${a},${a},100,2024-01-01`),
        'sB1x,B1,40,2025-01-01',
      ].join('\n'),
      'surveys.csv': 'id,kind,score,account_id,responded_at\nv1,nps,9,B1,2025-06-01T10:00:00Z',
      'usage_events.csv': [
        'id,account_id,user_id,event,occurred_at',
        'e1,B1,u1,login,2025-06-10T10:00:00Z',
        'e2,B2,,login,2025-06-10T10:00:00Z',
        'e3,B3,u3,login,2025-06-10T10:00:00Z',
      ].join('\n'),
    });
    await recordScores(ctx, [
      ['B1', '2025-07-01', 80], // recorded as of the date itself: inside
      ['B2', '2025-07-01', 55],
    ]);
    const a = await assessMaturity(ctx.db, AS_OF);
    // VoC 1/4 = 0.25 and scores 2/4 = 0.5 meet phase 2, but nobody works in customer success (a manager
    // without accounts). Product data 3/4 = 0.75 meets a phase-3 criterion, which does not lift the phase.
    // Seat adoption 1/4: B2's events have no user, B3 has no seats, B4 no usage.
    expect(values(a)).toMatchObject({
      voc_program: [0.25, true],
      health_scoring: [0.5, true],
      cs_team: [0, false],
      product_data: [0.75, true],
      adoption_charter: [0.25, false],
    });
    expect(a.phase.number).toBe(1);
    expect(a.nextPhase?.needs.map((n) => n.id)).toEqual(['cs_team']);
    // NRR: (140 + 3 × 100) / (4 × 100) = 440 / 400 = 1.10; 1.10 − 0.90 = +0.20; 1.10 ≥ 1.08: level of phase 4;
    // 0.93 − 1.10 = −0.17 (already past phase 2's benchmark).
    expect(a.nrr.value).toBeCloseTo(1.1, 12);
    expect(a.nrr.vsPhaseBenchmark).toBeCloseTo(0.2, 12);
    expect(a.nrr.levelOfPhase).toBe(4);
    expect(a.nextPhase?.nrrGap).toBeCloseTo(-0.17, 12);

    // A CSM joins: phase 2. Phase 3 then needs what is missing or cannot be shown: no account started in the
    // last year (onboarding n/a), no high-touch account (QBRs n/a), no CSM assigned, no charter operational.
    await importFixture(ctx, { 'agents.csv': 'id,name,role\ng2,Gia,csm' }, 'csm');
    const b = await assessMaturity(ctx.db, AS_OF);
    expect(b.phase.number).toBe(2);
    expect(b.nrr.vsPhaseBenchmark).toBeCloseTo(1.1 - 0.93, 12);
    expect(b.nextPhase?.needs.map((n) => [n.id, n.value])).toEqual([
      ['onboarding_program', null],
      ['qbr_program', null],
      ['csm_coverage', 0],
      ['charter_priority', 0],
    ]);
  });

  it('assesses the demo company: phase 1 until health scores are recorded, then a later phase, with evidence for every criterion', async () => {
    await loadDemo(ctx.db, { accounts: 40, months: 14, seed: 5, end: AS_OF });
    const before = await assessMaturity(ctx.db, AS_OF);
    expect(before.phase.number).toBe(1);
    expect(before.nextPhase?.needs.map((n) => n.id)).toContain('health_scoring');

    await recordHealth(ctx.db, await loadHealthConfig(), [AS_OF]);
    await ctx.db.close(); // the spawned CLI needs the DuckDB file
    const json = await keel([...ctx.cliArgs, 'maturity', '--as-of', AS_OF, '--json']);
    expect(json.code).toBe(0);
    const after = JSON.parse(json.stdout) as MaturityAssessment;
    // The demo generates every kind of evidence (surveys, milestones, QBRs, CSMs, opportunities, costs).
    expect(after.phase.number).toBeGreaterThanOrEqual(3);
    expect(after.criteria.map((c) => c.id)).toEqual(CRITERIA.map((c) => c.id));
    for (const c of after.criteria) expect(c.evidence.length, c.id).toBeGreaterThan(10);
    expect(after.nrr.value).toBeGreaterThan(0.7);
    expect(after.nrr.value).toBeLessThan(1.5);

    const human = await keel([...ctx.cliArgs, 'maturity', '--as-of', AS_OF]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Customer-success maturity on ${AS_OF}: phase ${after.phase.number}`);
    expect(human.stdout).toContain('NRR (trailing 12 months 2024-07-01 → 2025-07-01');
    expect(human.stdout).toMatch(/Health scoring\s+✓/);
    expect((await keel([...ctx.cliArgs, 'maturity', '--as-of', '2025-13-01'])).code).toBe(2);
  });
});

it('takes the highest phase whose criteria and every lower phase’s are met', () => {
  const c = (phase: 2 | 3 | 4, met: boolean) => ({ phase, met });
  expect(phaseOf([])).toBe(4); // nothing to miss
  expect(phaseOf([c(2, false), c(3, true), c(4, true)])).toBe(1);
  expect(phaseOf([c(2, true), c(2, true), c(3, false), c(4, true)])).toBe(2);
  expect(phaseOf([c(2, true), c(3, true), c(4, false)])).toBe(3);
  expect(phaseOf([c(2, true), c(3, true), c(4, true)])).toBe(4);
});

it('declares each criterion once, for phases 2–4, with a threshold and an action', () => {
  expect(new Set(CRITERIA.map((c) => c.id)).size).toBe(CRITERIA.length);
  for (const c of CRITERIA) {
    expect([2, 3, 4]).toContain(c.phase);
    expect(c.threshold, c.id).toBeGreaterThan(0);
    expect(c.action.length, c.id).toBeGreaterThan(0);
  }
});
