import { beforeEach, expect, it } from 'vitest';
import { loadDemo } from '../workspace/load-demo.js';
import { describeEachBackend } from '../test-support/backends.js';
import { keel } from '../test-support/run-cli.js';

describeEachBackend('keel metrics', (ctx) => {
  beforeEach(async () => {
    await loadDemo(ctx.db, { accounts: 40, months: 14, seed: 5, end: '2025-07-01' });
    await ctx.db.close(); // the spawned CLI needs the DuckDB file
  });

  it('prints the DESIGN §5 JSON shape with a tier and source on benchmarked metrics', async () => {
    const out = await keel([...ctx.cliArgs, 'metrics', '--json', '--period', '2025-05']);
    expect(out.code).toBe(0);
    const body = JSON.parse(out.stdout) as {
      period: { start: string; end: string };
      metrics: {
        id: string;
        value: number | null;
        unit: string;
        n: number;
        stage: string;
        benchmark?: { tier: string; source: string };
      }[];
    };
    expect(body.period).toEqual({ start: '2025-05-01', end: '2025-06-01' });
    const nrr = body.metrics.find((m) => m.id === 'nrr');
    expect(nrr).toMatchObject({ stage: 'retention', unit: 'ratio' });
    // Every metric carries its benchmark source; graded ones a tier whenever they have a value.
    for (const m of body.metrics) expect(m.benchmark?.source, m.id).toContain('seed report');
    const graded = body.metrics.filter((x) => x.benchmark?.tier !== null);
    expect(graded.length).toBeGreaterThan(15);
    for (const m of graded) expect(m.benchmark?.tier, m.id).toMatch(/^(poor|fair|good|excellent)$/);
    expect(body.metrics.find((m) => m.id === 'ticket_volume')?.benchmark).toMatchObject({ tier: null });
  });

  it('explains a metric and refuses unknown ones and bad periods', async () => {
    const out = await keel([...ctx.cliArgs, 'metrics', '--explain', 'grr', '--period', '2025-05']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('capped at its MRR 12 months earlier');
    expect(out.stdout).toContain('SELECT');
    expect(out.stdout).toContain('$1 = "2024-06-01"');
    expect(out.stdout).toContain('median 92%, top performers 98%');
    expect((await keel([...ctx.cliArgs, 'metrics', '--explain', 'nope'])).code).toBe(2);
    expect((await keel([...ctx.cliArgs, 'metrics', '--period', '2025-13'])).code).toBe(2);
  });
});

it('keel retention fit reproduces the published appendix fit and refuses bad counts', async () => {
  const out = await keel(['retention', 'fit', '--survival', '1000,631,468,382,326', '--json']);
  expect(out.code).toBe(0);
  const body = JSON.parse(out.stdout) as { alpha: number; beta: number; logLikelihood: number; del: number };
  // reference/interfaces-and-metric-definitions.md appendix: α ≈ 0.7637, β ≈ 1.2958, LL −1401.56, DEL (d = 0.10) 3.6211.
  expect(body.alpha).toBeCloseTo(0.7637, 3);
  expect(body.beta).toBeCloseTo(1.2958, 3);
  expect(body.logLikelihood).toBeCloseTo(-1401.56, 1);
  expect(body.del).toBeCloseTo(3.6211, 3);
  expect((await keel(['retention', 'fit', '--survival', '1000,1200,900'])).code).toBe(2);
});
