/**
 * The dashboard in a real browser: Debian's Chromium (playwright-core) against a real `keel serve --demo` on a
 * fresh workspace, over the built web/dist. Every page at 1440×900 and 390×844: it renders, shows no loading
 * or error state, logs no console error, makes no failing request, does not scroll sideways, and its key
 * numbers equal the API's (formatted by the dashboard's own formatter; expected values always come from the
 * API). Also the sign-in paths, the role message, URL state, and the "accounts most at risk and why" path.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Account360,
  AccountList,
  AgentsReport,
  Capacity,
  CaseContext,
  ChannelsReport,
  Lifecycle,
  Maturity,
  MetricResult,
  MetricsReport,
  TicketList,
} from '../src/api/types.js';
import { count, decimal, formatValue, minutes, money } from '../src/lib/format.js';
import { MANAGER_METRICS, OVERVIEW_METRICS } from '../src/lib/page-metrics.js';
import {
  accessibilityProblems,
  apiJson,
  ensureWebBuild,
  hasChromium,
  type InPage,
  launchBrowser,
  settled,
  startDemoServer,
  VIEWPORTS,
  watchPage,
  type DemoServer,
} from './harness.js';

const SKIP = !hasChromium();
if (SKIP)
  console.warn(
    'web/e2e: browser tests skipped — /usr/bin/chromium is not installed (apt-get install -y chromium)',
  );

/** What the checks compare with, read from the API once. */
interface Expected {
  metrics: MetricsReport;
  critical: AccountList;
  bandTotals: Record<'critical' | 'at_risk' | 'healthy', number>;
  account: Account360;
  ticket: CaseContext;
  tickets: TicketList;
  lifecycle: Lifecycle;
  capacity: Capacity;
  maturity: Maturity;
  channels: ChannelsReport;
  agents: AgentsReport;
}

async function expectedFrom(server: DemoServer): Promise<Expected> {
  const get = <T>(path: string) => apiJson<T>(server, path);
  const critical = await get<AccountList>('/api/accounts?band=critical&sort=arr&order=desc&limit=10');
  const first = critical.accounts[0];
  if (!first) throw new Error('the demo has no critical account');
  const theirs = await get<TicketList>(`/api/tickets?accountId=${encodeURIComponent(first.id)}&limit=1`);
  const ticketId = theirs.tickets[0]?.id ?? (await get<TicketList>('/api/tickets?limit=1')).tickets[0]?.id;
  if (!ticketId) throw new Error('the demo has no ticket');
  const total = async (band: string) => (await get<AccountList>(`/api/accounts?band=${band}&limit=1`)).total;
  const [metrics, account, ticket, tickets, lifecycle, capacity, maturity, channels, agents] =
    await Promise.all([
      get<MetricsReport>('/api/metrics'),
      get<Account360>(`/api/accounts/${encodeURIComponent(first.id)}`),
      get<CaseContext>(`/api/tickets/${encodeURIComponent(ticketId)}`),
      get<TicketList>('/api/tickets?limit=1'),
      get<Lifecycle>('/api/lifecycle'),
      get<Capacity>('/api/capacity'),
      get<Maturity>('/api/maturity'),
      get<ChannelsReport>('/api/support/channels'),
      get<AgentsReport>('/api/support/agents'),
    ]);
  return {
    metrics,
    critical,
    bandTotals: {
      critical: await total('critical'),
      at_risk: await total('at_risk'),
      healthy: await total('healthy'),
    },
    account,
    ticket,
    tickets,
    lifecycle,
    capacity,
    maturity,
    channels,
    agents,
  };
}

const metric = (e: Expected, id: string): MetricResult => {
  const m = e.metrics.metrics.find((x) => x.id === id);
  if (!m) throw new Error(`no metric ${id} in /api/metrics`);
  return m;
};
// Run in the page.
const STORED_KEY = () => (globalThis as unknown as InPage).localStorage.getItem('keel.apiKey');
const SIDEWAYS = () =>
  (globalThis as unknown as InPage).document.documentElement.scrollWidth -
  (globalThis as unknown as InPage).innerWidth;

const text = async (page: Page, selector: string) =>
  (await page.locator(selector).first().innerText()).trim();

/** The value on a metric card, or a benchmark row, equals the API's value in the same format. */
async function expectCard(page: Page, e: Expected, id: string, where = '') {
  const m = metric(e, id);
  expect(await text(page, `${where}[data-metric="${id}"] [data-value]`), id).toBe(
    formatValue(m.value, m.unit),
  );
}

interface PageCheck {
  readonly name: string;
  readonly path: string;
  readonly heading: string | RegExp;
  readonly check: (page: Page, e: Expected) => Promise<void>;
}

/** A page whose check is that each of these metric cards shows the API's value. */
const cardsPage = (name: string, path: string, heading: string, ids: readonly string[]): PageCheck => ({
  name,
  path,
  heading,
  check: async (page, e) => {
    for (const id of ids) await expectCard(page, e, id);
  },
});

function pages(e: Expected): PageCheck[] {
  const first = e.critical.accounts[0];
  if (!first) throw new Error('no critical account');
  return [
    {
      name: 'overview',
      path: '/',
      heading: 'Overview',
      check: async (page) => {
        for (const m of OVERVIEW_METRICS) await expectCard(page, e, m.id);
        for (const band of ['critical', 'at_risk', 'healthy'] as const)
          expect(await text(page, `.band-link.band-${band} .band-count`), band).toBe(
            count(e.bandTotals[band]),
          );
      },
    },
    {
      name: 'lifecycle',
      path: '/lifecycle',
      heading: 'Lifecycle',
      check: async (page) => {
        for (const [stage, n] of Object.entries(e.lifecycle.counts))
          expect(await text(page, `[data-stage="${stage}"] .band-count`), stage).toBe(count(n));
        for (const s of e.lifecycle.stageMetrics.stages)
          for (const m of s.metrics)
            expect(await text(page, `[data-metric-value="${m.id}"]`), m.id).toBe(
              formatValue(m.value, m.unit),
            );
      },
    },
    {
      name: 'accounts (critical, by ARR)',
      path: '/accounts?band=critical&sort=arr&order=desc',
      heading: 'Critical accounts',
      check: async (page) => {
        const row = page.locator('.accounts-table tbody tr').first();
        expect((await row.locator('th a').innerText()).trim()).toBe(first.name);
        expect(await row.locator('td.num').first().innerText()).toBe(money(first.arr));
        expect(await page.locator('.accounts-table tbody tr').count()).toBe(Math.min(50, e.critical.total));
        expect(await text(page, 'main p.note')).toContain(`${count(e.critical.total)} accounts`);
      },
    },
    {
      name: 'account 360',
      path: `/accounts/${encodeURIComponent(first.id)}`,
      heading: e.account.profile.name,
      check: async (page) => {
        expect(await text(page, '.score-big')).toBe(decimal(e.account.health.current?.score, 0));
        expect(await text(page, '.hero .stats')).toContain(money(e.account.revenue.arr));
        expect(await page.locator('#contacts tbody tr').count()).toBe(e.account.contacts.length);
      },
    },
    cardsPage(
      'service manager overview',
      '/service',
      'Service manager overview',
      MANAGER_METRICS.map((m) => m.id),
    ),
    {
      name: 'agent performance',
      path: '/service/agents',
      heading: 'Agent performance',
      check: async (page) => {
        const active = e.agents.agents.filter((a) => a.ticketsSolved > 0 || a.ticketsCreated > 0);
        const top = [...active].sort((a, b) => b.ticketsSolved - a.ticketsSolved)[0];
        expect(await page.locator('#agents tbody tr').count()).toBe(active.length);
        expect(await text(page, '#agents tbody tr th')).toContain(top?.name ?? '');
        expect(await text(page, '#agents tbody tr td')).toBe(count(top?.ticketsSolved));
      },
    },
    cardsPage('customer satisfaction', '/service/satisfaction', 'Customer satisfaction', [
      'csat',
      'support_csat',
      'nps',
      'ces',
    ]),
    cardsPage('backlog', '/service/backlog', 'Backlog', ['backlog']),
    {
      name: 'channel review',
      path: '/service/channels',
      heading: 'Channel review',
      check: async (page) => {
        expect(await page.locator('#channels tbody tr').count()).toBe(e.channels.channels.length);
        const busiest = [...e.channels.channels].sort((a, b) => b.tickets - a.tickets)[0];
        expect(await text(page, '#channels tbody tr td')).toBe(count(busiest?.tickets));
      },
    },
    cardsPage('knowledge impact', '/service/knowledge', 'Knowledge impact', ['knowledge_impact']),
    cardsPage('omni-channel', '/service/omni-channel', 'Omni-channel utilization', ['agent_utilization']),
    {
      name: 'telephony and chat',
      path: '/service/telephony-chat',
      heading: 'Telephony and chat',
      check: async (page) => {
        const frt = metric(e, 'first_response_time_minutes').breakdown as Record<string, { value: number }>;
        for (const channel of ['phone', 'chat'])
          expect(await text(page, `[data-channel="${channel}"] dd`)).toContain(minutes(frt[channel]?.value));
      },
    },
    {
      name: 'cases',
      path: '/service/cases',
      heading: 'Cases',
      check: async (page) => {
        expect(await text(page, 'main tbody tr th .sub')).toBe(e.tickets.tickets[0]?.id);
        expect(await text(page, 'main p.note')).toContain(count(e.tickets.total));
      },
    },
    {
      name: 'case with agent sidebar',
      path: `/service/cases/${encodeURIComponent(e.ticket.ticket.id)}`,
      heading: e.ticket.ticket.subject ?? `Case ${e.ticket.ticket.id}`,
      check: async (page) => {
        const counts = e.ticket.caseCounts;
        if (!counts) throw new Error('the case has no customer');
        expect(await text(page, '[data-count="allTime"]')).toBe(count(counts.allTime));
        expect(await text(page, '[data-count="open"]')).toBe(count(counts.open));
        expect(await text(page, '[data-count="last90Days"]')).toBe(count(counts.last90Days));
      },
    },
    {
      name: 'benchmarks',
      path: '/benchmarks',
      heading: 'Benchmarks',
      check: async (page) => {
        for (const m of e.metrics.metrics) await expectCard(page, e, m.id, 'tr');
      },
    },
    {
      name: 'capacity',
      path: '/capacity',
      heading: 'CSM capacity',
      check: async (page) => {
        expect(await page.locator('#books tbody tr').count()).toBe(e.capacity.books.length);
        const busiest = [...e.capacity.books].sort((a, b) => b.load - a.load)[0];
        expect(await text(page, '#books tbody tr th')).toBe(busiest?.name);
      },
    },
    {
      name: 'maturity',
      path: '/maturity',
      heading: 'Maturity',
      check: async (page) => {
        expect(await text(page, '.phase-name')).toBe(
          `Phase ${e.maturity.phase.number}: ${e.maturity.phase.name}`,
        );
      },
    },
  ];
}

describe.skipIf(SKIP)('the web dashboard in Chromium', () => {
  let dir: string;
  let server: DemoServer;
  let browser: Browser;
  let expected: Expected;

  beforeAll(async () => {
    ensureWebBuild();
    dir = await mkdtemp(join(tmpdir(), 'keel-web-e2e-'));
    server = await startDemoServer(dir);
    [browser, expected] = await Promise.all([launchBrowser(), expectedFrom(server)]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A context signed in the way `keel serve --demo` tells a person to: the printed link with #key=. */
  async function signedIn(viewport: {
    width: number;
    height: number;
  }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(server.dashboard);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return { context, page };
  }

  it('signs in from the printed #key= link and takes the key off the address', async () => {
    const { context, page } = await signedIn(VIEWPORTS.desktop);
    expect(page.url()).toBe(`${server.url}/`);
    expect(await page.evaluate(STORED_KEY)).toBe(server.key);
    await context.close();
  });

  it('sends a rejected key to the sign-in screen with the reason, and signs in with a pasted key', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(`${server.url}/capacity#key=keel_api_000000000000_${'A'.repeat(32)}`);
    await page.getByRole('heading', { name: 'Sign in to Keel' }).waitFor();
    expect(await page.getByRole('alert').first().innerText()).toContain('did not accept the API key');
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.field-error').innerText()).toContain('did not work');
    await page.getByLabel('API key').fill(server.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in keeps the page the user asked for.
    await page.getByRole('heading', { level: 1, name: 'CSM capacity' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Keel' }).waitFor();
    expect(await page.evaluate(STORED_KEY)).toBeNull();
    await context.close();
  });

  it('tells a viewer in place that their role cannot see CSM capacity', async () => {
    const res = await fetch(`${server.url}/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'api', role: 'viewer', name: 'web e2e viewer' }),
    });
    const { secret } = (await res.json()) as { secret: string };
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(`${server.url}/capacity#key=${secret}`);
    await page.getByText('Your key’s role cannot see this.').waitFor();
    expect(await text(page, '.state-forbidden')).toContain('manager');
    // The navigation is still there: the viewer can go where the role allows.
    await page.getByRole('link', { name: 'Benchmarks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benchmarks' }).waitFor();
    await context.close();
  });

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`renders every page with the demo's numbers at ${viewport.width}×${viewport.height} (${name}), with no errors`, async () => {
      const { context, page } = await signedIn(viewport);
      for (const p of pages(expected)) {
        const watch = watchPage(page);
        await page.goto(`${server.url}${p.path}`);
        await page.getByRole('heading', { level: 1, name: p.heading }).waitFor({ timeout: 30_000 });
        await settled(page);
        expect(await page.locator('.state-error, .state-forbidden').count(), `${p.name}: error state`).toBe(
          0,
        );
        await p.check(page, expected);
        expect(await accessibilityProblems(page), `${p.name}: accessibility`).toEqual([]);
        const overflow = await page.evaluate(SIDEWAYS);
        expect(overflow, `${p.name}: scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
        watch.stop();
        expect(watch.problems, p.name).toEqual([]);
      }
      await context.close();
    }, 240_000);

    it(`leads from the overview to the accounts most at risk and why in three clicks (${name})`, async () => {
      const { context, page } = await signedIn(viewport);
      const watch = watchPage(page);
      await settled(page);
      // 1: the critical band of the health distribution.
      await page.locator('.band-link.band-critical').click();
      await page.getByRole('heading', { level: 1, name: 'Critical accounts' }).waitFor();
      expect(new URL(page.url()).search).toBe('?band=critical&sort=arr&order=desc');
      const top = expected.critical.accounts[0];
      const firstRow = page.locator('.accounts-table tbody tr').first();
      expect((await firstRow.locator('th a').innerText()).trim()).toBe(top?.name);
      // The list already says why: the latest risk signal of each account.
      await page.locator('.accounts-table tbody tr td.risk-signal strong').first().waitFor();
      // 2: the largest critical account.
      await firstRow.locator('th a').click();
      await page.getByRole('heading', { level: 1, name: top?.name ?? '' }).waitFor();
      await settled(page);
      // Its health card names the weakest measures and what moved since the previous score.
      const weakest = page.getByRole('list', { name: 'Weakest measures' }).getByRole('listitem');
      expect(await weakest.count()).toBeGreaterThan(0);
      expect(await weakest.first().innerText()).toMatch(/costs [\d.]+ points/);
      expect(await text(page, '#health')).toContain('What moved since');
      expect(watch.problems).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it('keeps the period and segment in the URL across pages and shows that segment’s figures', async () => {
    const { context, page } = await signedIn(VIEWPORTS.desktop);
    const watch = watchPage(page);
    await page.getByLabel('Segment', { exact: true }).selectOption('smb');
    const months = await page.getByLabel('Period', { exact: true }).locator('option').allInnerTexts();
    const previous =
      (await page.getByLabel('Period', { exact: true }).locator('option').nth(1).getAttribute('value')) ?? '';
    expect(months.length).toBeGreaterThan(12);
    await page.getByLabel('Period', { exact: true }).selectOption(previous);
    await settled(page);
    expect(new URL(page.url()).searchParams.get('segment')).toBe('smb');
    expect(new URL(page.url()).searchParams.get('period')).toBe(previous);
    const smb = await apiJson<MetricsReport>(server, `/api/metrics?period=${previous}&segment=smb`);
    const nrr = smb.metrics.find((m) => m.id === 'nrr');
    expect(await text(page, '[data-metric="nrr"] [data-value]')).toBe(formatValue(nrr?.value, 'ratio'));
    await page.getByRole('link', { name: 'Benchmarks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benchmarks' }).waitFor();
    expect(new URL(page.url()).search).toBe(`?period=${previous}&segment=smb`);
    await settled(page);
    await expectCard(page, { ...expected, metrics: smb }, 'grr', 'tr');
    expect(watch.problems).toEqual([]);
    await context.close();
  }, 120_000);
});
