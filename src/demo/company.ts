/**
 * The vendor side of the demo company: its staff (support agents, CSMs, managers), product catalogue,
 * knowledge base, month-to-month support staffing crunches, and the company-wide ledgers (agent workload,
 * costs) that accounts feed while they are generated and that are written once at the end. Everything here
 * is sized from the requested account count, never from sampled accounts, so the staff exists before the
 * first account needs a CSM or an agent.
 */

import type { Timeline } from './calendar.js';
import {
  DAY,
  HOUR,
  MINUTE,
  firstDayOfMonthNumber,
  formatDate,
  formatTimestamp,
  isWeekend,
  monthNumber,
} from './calendar.js';
import type { CsvSink } from './csv-sink.js';
import { Rng, clamp, mixSeed } from './random.js';
import {
  FEATURES,
  FIRST_NAMES,
  KB_ARTICLES,
  LAST_NAMES,
  type Channel,
  type TouchModel,
} from './vocabulary.js';

export const VENDOR_DOMAIN = 'lumina-analytics.example';

/** Stream labels: each concern draws from its own stream so tuning one never reshuffles another. */
export const STREAM = {
  company: 0xc0,
  account: 0xacc,
  agentActivity: 0xa9e,
  costs: 0xc05,
} as const;

export type SupportTeam = 'chat' | 'email' | 'phone' | 'tier2';
export type AgentRole = 'agent' | 'csm' | 'manager' | 'admin';

export interface Agent {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: AgentRole;
  readonly team: string;
  readonly capacity: number | null;
  /** The channel an agent's presence is logged under in agent_activity. */
  readonly channel: string | null;
}

export interface Roster {
  readonly agents: readonly Agent[];
  readonly support: Readonly<Record<SupportTeam, readonly Agent[]>>;
  readonly csms: Readonly<Record<TouchModel, readonly Agent[]>>;
}

const SUPPORT_TEAMS: Readonly<
  Record<SupportTeam, { name: string; channel: string; capacity: number; share: number }>
> = {
  chat: { name: 'Chat Support', channel: 'chat', capacity: 3, share: 0.25 },
  email: { name: 'Email Support', channel: 'email', capacity: 8, share: 0.45 },
  phone: { name: 'Phone Support', channel: 'phone', capacity: 1, share: 0.1 },
  tier2: { name: 'Tier 2', channel: 'email', capacity: 6, share: 0.2 },
};

/** Book sizes per CSM by touch model, inside the seed report's ranges (high 15–50, low 50–100, tech 100–250). */
export const CSM_BOOK: Readonly<
  Record<TouchModel, { team: string; accountsPerCsm: number; expectedShare: number }>
> = {
  high: { team: 'CS Strategic', accountsPerCsm: 40, expectedShare: 0.12 },
  low: { team: 'CS Growth', accountsPerCsm: 95, expectedShare: 0.31 },
  tech: { team: 'CS Digital', accountsPerCsm: 260, expectedShare: 0.57 },
};

export function teamForChannel(channel: Channel): SupportTeam {
  if (channel === 'chat') return 'chat';
  if (channel === 'phone') return 'phone';
  return 'email';
}

export class IdAllocator {
  private readonly counters = new Map<string, number>();

  next(prefix: string, width: number): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${String(n).padStart(width, '0')}`;
  }
}

/** Seconds of ticket work per agent and day, turned into agent_activity rows at the end. */
export class AgentLoad {
  private readonly seconds: Float64Array;
  private readonly days: number;

  constructor(
    agentCount: number,
    private readonly timeline: Timeline,
  ) {
    this.days = timeline.endDay - timeline.startDay;
    this.seconds = new Float64Array(agentCount * this.days);
  }

  add(agent: Agent, atSec: number, seconds: number): void {
    const d = Math.floor(atSec / DAY) - this.timeline.startDay;
    if (d < 0 || d >= this.days) return;
    const i = agent.index * this.days + d;
    this.seconds[i] = (this.seconds[i] ?? 0) + seconds;
  }

  get(agent: Agent, dayOffset: number): number {
    return this.seconds[agent.index * this.days + dayOffset] ?? 0;
  }
}

type CostCategory = 'acquisition' | 'retention' | 'expansion' | 'support';

/** Monthly amounts per cost category for the calendar months the history touches. */
export class CostLedger {
  readonly firstMonth: number;
  readonly monthCount: number;
  private readonly amounts: Record<CostCategory, Float64Array>;

  constructor(timeline: Timeline) {
    this.firstMonth = monthNumber(timeline.startDay);
    this.monthCount = monthNumber(timeline.endDay - 1) - this.firstMonth + 1;
    this.amounts = {
      acquisition: new Float64Array(this.monthCount),
      retention: new Float64Array(this.monthCount),
      expansion: new Float64Array(this.monthCount),
      support: new Float64Array(this.monthCount),
    };
  }

  add(category: CostCategory, day: number, amount: number): void {
    const m = monthNumber(day) - this.firstMonth;
    if (m < 0 || m >= this.monthCount) return;
    const column = this.amounts[category];
    column[m] = (column[m] ?? 0) + amount;
  }

  amount(category: CostCategory, monthOffset: number): number {
    return this.amounts[category][monthOffset] ?? 0;
  }
}

export interface KbArticle {
  readonly id: string;
  readonly category: string;
  readonly createdSec: number;
}

export interface World {
  readonly seed: number;
  readonly accountCount: number;
  readonly timeline: Timeline;
  readonly sink: CsvSink;
  readonly ids: IdAllocator;
  readonly roster: Roster;
  readonly kbArticles: readonly KbArticle[];
  /** Per step, how much slower than usual support answers (staff shortages, incident weeks). */
  readonly supportCrunch: readonly number[];
  readonly agentLoad: AgentLoad;
  readonly costs: CostLedger;
  /** Enterprise accounts generated so far, candidates for parents of later subsidiaries. */
  readonly enterpriseAccountIds: string[];
  readonly csmCursor: Record<TouchModel, number>;
}

export function createWorld(seed: number, accountCount: number, timeline: Timeline, sink: CsvSink): World {
  const rng = new Rng(mixSeed(seed, STREAM.company));
  const roster = buildRoster(rng, accountCount);
  for (const agent of roster.agents) {
    sink.row('agents', {
      id: agent.id,
      name: agent.name,
      email: agent.email,
      role: agent.role,
      team: agent.team,
      capacity: agent.capacity === null ? null : String(agent.capacity),
    });
  }
  for (const f of FEATURES) {
    sink.row('features', { key: f.key, name: f.name, is_core: String(f.core), category: f.category });
  }
  const ids = new IdAllocator();
  const kbArticles: KbArticle[] = [];
  for (const article of KB_ARTICLES) {
    // Most articles predate the history; a few are written during it, so links must respect creation time.
    const createdSec = rng.bernoulli(0.8)
      ? timeline.startSec - Math.floor(rng.uniform(30, 720) * DAY)
      : timeline.startSec + Math.floor(rng.uniform(0, 0.9) * (timeline.endSec - timeline.startSec));
    const id = ids.next('kb', 4);
    const published = alignToWorkHours(createdSec, rng);
    kbArticles.push({ id, category: article.category, createdSec: published });
    sink.row('kb_articles', {
      id,
      title: article.title,
      body: `${article.title}.\nThis article explains the steps, common errors and how to contact support if it still fails.`,
      created_at: formatTimestamp(published),
    });
  }
  const supportCrunch: number[] = [];
  for (let k = 0; k < timeline.months; k++) {
    const crunch = rng.bernoulli(0.15) ? rng.uniform(1.8, 3.2) : 1;
    supportCrunch.push(crunch * rng.lognormal(1, 0.1));
  }
  return {
    seed,
    accountCount,
    timeline,
    sink,
    ids,
    roster,
    kbArticles,
    supportCrunch,
    agentLoad: new AgentLoad(roster.agents.length, timeline),
    costs: new CostLedger(timeline),
    enterpriseAccountIds: [],
    csmCursor: { high: 0, low: 0, tech: 0 },
  };
}

function alignToWorkHours(sec: number, rng: Rng): number {
  return Math.floor(sec / DAY) * DAY + 14 * HOUR + rng.int(0, 4 * 60) * MINUTE;
}

function buildRoster(rng: Rng, accountCount: number): Roster {
  const agents: Agent[] = [];
  const usedEmails = new Set<string>();
  const add = (role: AgentRole, team: string, capacity: number | null, channel: string | null): Agent => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    if (usedEmails.has(local)) local = `${local}${agents.length + 1}`;
    usedEmails.add(local);
    const agent: Agent = {
      index: agents.length,
      id: `agt-${String(agents.length + 1).padStart(3, '0')}`,
      name: `${first} ${last}`,
      email: `${local}@${VENDOR_DOMAIN}`,
      role,
      team,
      capacity,
      channel,
    };
    agents.push(agent);
    return agent;
  };

  const supportSize = Math.max(4, Math.round(accountCount / 100));
  const support = { chat: [] as Agent[], email: [] as Agent[], phone: [] as Agent[], tier2: [] as Agent[] };
  for (const team of ['chat', 'email', 'phone', 'tier2'] as const) {
    const spec = SUPPORT_TEAMS[team];
    const size = Math.max(1, Math.round(supportSize * spec.share));
    for (let i = 0; i < size; i++) support[team].push(add('agent', spec.name, spec.capacity, spec.channel));
  }
  const csms = { high: [] as Agent[], low: [] as Agent[], tech: [] as Agent[] };
  for (const touch of ['high', 'low', 'tech'] as const) {
    const book = CSM_BOOK[touch];
    const size = Math.max(1, Math.round((accountCount * book.expectedShare) / book.accountsPerCsm));
    for (let i = 0; i < size; i++) csms[touch].push(add('csm', book.team, book.accountsPerCsm, null));
  }
  const supportCount = Object.values(support).reduce((n, team) => n + team.length, 0);
  for (let i = 0; i < Math.max(1, Math.round(supportCount / 10)); i++)
    add('manager', 'Support Leadership', null, null);
  const csmCount = Object.values(csms).reduce((n, team) => n + team.length, 0);
  for (let i = 0; i < Math.max(1, Math.round(csmCount / 8)); i++) add('manager', 'CS Leadership', null, null);
  add('admin', 'Operations', null, null);
  return { agents, support, csms };
}

/**
 * Omni-channel style presence for support agents: a shift on working days (and on weekend days they
 * worked tickets), with handle time that tracks the agent's ticket load around a 70–85% utilisation.
 */
export async function writeAgentActivity(world: World): Promise<void> {
  const { timeline, agentLoad, sink } = world;
  const days = timeline.endDay - timeline.startDay;
  const supportAgents = world.roster.agents.filter((a) => a.role === 'agent');
  for (const agent of supportAgents) {
    const rng = new Rng(mixSeed(world.seed, STREAM.agentActivity, agent.index));
    let loadSum = 0;
    let loadDays = 0;
    for (let d = 0; d < days; d++) {
      const load = agentLoad.get(agent, d);
      if (load > 0) {
        loadSum += load;
        loadDays++;
      }
    }
    const meanLoad = loadDays > 0 ? loadSum / loadDays : 0;
    for (let d = 0; d < days; d++) {
      const day = timeline.startDay + d;
      const load = agentLoad.get(agent, d);
      const weekend = isWeekend(day);
      const onLeave = rng.bernoulli(0.04);
      if ((weekend || onLeave) && load === 0) continue;
      const available = weekend
        ? Math.round(rng.uniform(3, 5) * HOUR)
        : Math.round(clamp(rng.normal(7.5 * HOUR, 0.35 * HOUR), 6 * HOUR, 8.5 * HOUR));
      const relative = meanLoad > 0 ? load / meanLoad : 1;
      const utilisation = clamp(0.6 + 0.2 * relative + rng.normal(0, 0.05), 0.25, 0.97);
      const handle = Math.min(available, Math.max(Math.round(load), Math.round(available * utilisation)));
      sink.row('agent_activity', {
        agent_id: agent.id,
        day: formatDate(day),
        available_seconds: String(available),
        handle_seconds: String(handle),
        channel: agent.channel,
      });
    }
    if (sink.needsDrain) await sink.drain();
  }
}

/** Monthly costs: acquisition follows new-customer CAC, the others follow headcount plus activity. */
export function writeCosts(world: World): void {
  const { costs, roster } = world;
  const rng = new Rng(mixSeed(world.seed, STREAM.costs));
  const count = (role: AgentRole, team?: string): number =>
    roster.agents.filter((a) => a.role === role && (team === undefined || a.team === team)).length;
  const csms = count('csm');
  const supportAgents = count('agent');
  const csLeads = count('manager', 'CS Leadership');
  const supportLeads = count('manager', 'Support Leadership');
  const scale = world.accountCount;
  for (let m = 0; m < costs.monthCount; m++) {
    const noise = (): number => rng.lognormal(1, 0.06);
    const amounts: Record<CostCategory, number> = {
      acquisition: (costs.amount('acquisition', m) + 2_000 + scale * 25) * noise(),
      retention: (csms * 10_500 + csLeads * 14_000 + scale * 2) * noise(),
      expansion: (1_000 + scale * 4) * noise() + costs.amount('expansion', m),
      support:
        (supportAgents * 6_200 + supportLeads * 9_000 + scale * 1.5) * noise() + costs.amount('support', m),
    };
    for (const category of ['acquisition', 'retention', 'expansion', 'support'] as const) {
      world.sink.row('costs', {
        month: formatDate(firstDayOfMonthNumber(costs.firstMonth + m)),
        category,
        amount: amounts[category].toFixed(2),
      });
    }
  }
}
