/**
 * Customer-success maturity (DESIGN §7): the seed report's four phases, assessed from evidence in the
 * canonical tables as of a date, plus the measured NRR against each phase's benchmark.
 *
 * Each criterion is declared below as data: its phase, the seed's words, how Keel measures it and the
 * threshold. The phase is the highest one whose criteria — and every lower phase's — are all met; phase 1
 * (Reactive) needs nothing. The seed's characteristics that no table can show (journey maps, playbooks,
 * funding models) are listed as not assessed rather than guessed.
 */
import type { Queryable } from '../db/database.js';
import { sql } from '../db/sql.js';
import { computeMetrics } from '../metrics/compute-metrics.js';
import { addDays, addMonths, type Period } from '../metrics/period.js';

export const MATURITY_SOURCE = 'seed report (reference/seed-report.md) §Customer Success Maturity Model';

export const PHASES = [
  { number: 1, name: 'Reactive', nrrBenchmark: 0.9 },
  { number: 2, name: 'Insights & Actions', nrrBenchmark: 0.93 },
  { number: 3, name: 'Outcomes', nrrBenchmark: 0.97 },
  { number: 4, name: 'Transformation', nrrBenchmark: 1.08 },
] as const;

export type PhaseNumber = (typeof PHASES)[number]['number'];

/** The counts every criterion reads, from one query as of the date. */
export interface MaturityEvidence {
  readonly payingAccounts: number;
  readonly payingMrr: number;
  readonly vocAccounts: number;
  readonly npsResponses: number;
  readonly csatResponses: number;
  readonly cesResponses: number;
  readonly scoredAccounts: number;
  readonly lastScored: string | null;
  readonly csPeople: number;
  readonly usageAccounts: number;
  readonly newAccounts: number;
  readonly onboardedAccounts: number;
  readonly highTouchAccounts: number;
  readonly qbrAccounts: number;
  readonly csmMrr: number;
  readonly seatUsageAccounts: number;
  readonly renewalAccounts: number;
  readonly expansionAccounts: number;
  readonly acquisitionCost: number;
  readonly retentionCost: number;
  readonly expansionCost: number;
  readonly productRecords: number;
  readonly supportRecords: number;
  readonly crmRecords: number;
}

export interface CriterionDefinition {
  readonly id: string;
  readonly phase: 2 | 3 | 4;
  /** A short name for tables. */
  readonly name: string;
  /** The seed report's words for the characteristic. */
  readonly label: string;
  /** How Keel measures it, in one sentence. */
  readonly measure: string;
  readonly unit: 'share' | 'count';
  /** Met when value ≥ threshold. */
  readonly threshold: number;
  /** What to do when it is not met. */
  readonly action: string;
  readonly read: (e: MaturityEvidence, asOf: string) => { value: number | null; evidence: string };
}

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
const int = (v: number) => v.toLocaleString('en-US');
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
/** "12 of 40 paying accounts (30%) <did something>", or that there is nothing to measure it on. */
const ofAccounts = (part: number, whole: number, what: string, did: string) =>
  whole > 0 ? `${int(part)} of ${int(whole)} ${what} (${pct(part / whole)}) ${did}` : `no ${what} to measure`;

// Windows: a year for programs that run yearly or quarterly (surveys, QBRs, renewals, expansion deals,
// onboarding cohorts), 30 days for product usage (the MAU window), 90 days for "data is still flowing",
// 35 days for health scores so a monthly recording (`keel health record`, the default cadence) counts.
const YEAR_DAYS = 365;
const USAGE_DAYS = 30;
const FLOWING_DAYS = 90;
const SCORE_DAYS = 35;
/** An account needs a quarter of paying before a missing QBR says anything. */
const QBR_TENURE_DAYS = 90;

/** The three charters of the seed's Outcomes and Transformation phases, each operational by its own test. */
const CHARTERS: readonly CriterionDefinition[] = [
  {
    id: 'adoption_charter',
    phase: 4,
    name: 'Adoption charter',
    label: 'Adoption charter operational',
    measure: `share of paying accounts whose seat adoption is measurable: licensed seats recorded and user-level usage in the ${USAGE_DAYS} days before the date`,
    unit: 'share',
    threshold: 0.5,
    action: 'record licensed seats on accounts and send usage events with a user_id',
    read: (e) => ({
      value: share(e.seatUsageAccounts, e.payingAccounts),
      evidence: ofAccounts(
        e.seatUsageAccounts,
        e.payingAccounts,
        'paying accounts',
        `have seats and user-level usage in the last ${USAGE_DAYS} days`,
      ),
    }),
  },
  {
    id: 'retention_charter',
    phase: 4,
    name: 'Retention charter',
    label: 'Retention charter operational',
    measure: `share of paying accounts with a renewal tracked: a live subscription line with a renewal date, or a renewal opportunity created in the ${YEAR_DAYS} days before the date`,
    unit: 'share',
    threshold: 0.5,
    action: 'track renewals: renewal dates on subscriptions or renewal opportunities in the CRM',
    read: (e) => ({
      value: share(e.renewalAccounts, e.payingAccounts),
      evidence: ofAccounts(e.renewalAccounts, e.payingAccounts, 'paying accounts', 'have a renewal tracked'),
    }),
  },
  {
    id: 'expansion_charter',
    phase: 4,
    name: 'Expansion charter',
    label: 'Expansion charter operational',
    // A tenth of the base a year is a deliberate motion; seat growth without opportunities is not a charter.
    measure: `share of paying accounts with an expansion opportunity created in the ${YEAR_DAYS} days before the date`,
    unit: 'share',
    threshold: 0.1,
    action: 'work expansion as opportunities (kind expansion) in the CRM',
    read: (e) => ({
      value: share(e.expansionAccounts, e.payingAccounts),
      evidence: ofAccounts(
        e.expansionAccounts,
        e.payingAccounts,
        'paying accounts',
        `had an expansion opportunity in the last ${YEAR_DAYS} days`,
      ),
    }),
  },
];

const chartersMet = (e: MaturityEvidence, asOf: string) =>
  CHARTERS.filter((c) => {
    const { value } = c.read(e, asOf);
    return value !== null && value >= c.threshold;
  }).map((c) => c.id.replace('_charter', ''));

/** The criteria, lowest phase first. Thresholds are Keel's reading of the seed's words, stated here once. */
export const CRITERIA: readonly CriterionDefinition[] = [
  {
    id: 'voc_program',
    phase: 2,
    name: 'VoC program',
    label: 'Voice of Customer (VoC) programs implemented (NPS, CSAT, Customer Effort Score)',
    measure: `share of paying accounts with an NPS, CSAT or CES response (the survey's account, or its ticket's) in the ${YEAR_DAYS} days before the date`,
    unit: 'share',
    threshold: 0.25,
    action: 'survey customers (NPS waves, CSAT and CES after tickets) and import the responses',
    read: (e) => ({
      value: share(e.vocAccounts, e.payingAccounts),
      evidence: ofAccounts(
        e.vocAccounts,
        e.payingAccounts,
        'paying accounts',
        `answered a survey in the last ${YEAR_DAYS} days (responses: NPS ${int(e.npsResponses)}, CSAT ${int(e.csatResponses)}, CES ${int(e.cesResponses)})`,
      ),
    }),
  },
  {
    id: 'health_scoring',
    phase: 2,
    name: 'Health scoring',
    label: 'Basic health scoring introduced',
    measure: `share of paying accounts with a health score recorded (health_scores) in the ${SCORE_DAYS} days up to the date`,
    unit: 'share',
    threshold: 0.5,
    action: 'record health scores at least monthly (`keel health record`)',
    read: (e) => ({
      value: share(e.scoredAccounts, e.payingAccounts),
      evidence:
        ofAccounts(
          e.scoredAccounts,
          e.payingAccounts,
          'paying accounts',
          `have a recorded score in the last ${SCORE_DAYS} days`,
        ) +
        (e.lastScored === null ? '; no scores recorded up to the date' : `; latest recorded ${e.lastScored}`),
    }),
  },
  {
    id: 'cs_team',
    phase: 2,
    name: 'CS team',
    // The data shows a CS function, not its leader; a named CSM is the closest trace of one.
    label: 'Customer success or CX leader appointed',
    measure: 'people in a customer-success role: agents with role csm, or named as an account’s CSM',
    unit: 'count',
    threshold: 1,
    action: 'appoint customer-success staff and record them (agents with role csm, accounts.csm_id)',
    read: (e) => ({
      value: e.csPeople,
      evidence: `${int(e.csPeople)} ${e.csPeople === 1 ? 'person' : 'people'} in a customer-success role`,
    }),
  },
  {
    id: 'product_data',
    phase: 3,
    name: 'Product usage data',
    label: 'Product data automation (login frequency, usage analytics)',
    measure: `share of paying accounts with usage events in the ${USAGE_DAYS} days before the date`,
    unit: 'share',
    threshold: 0.5,
    action: 'send product usage events for every account (Segment, or usage_events files)',
    read: (e) => ({
      value: share(e.usageAccounts, e.payingAccounts),
      evidence: ofAccounts(
        e.usageAccounts,
        e.payingAccounts,
        'paying accounts',
        `have usage events in the last ${USAGE_DAYS} days`,
      ),
    }),
  },
  {
    id: 'onboarding_program',
    phase: 3,
    name: 'Onboarding program',
    label: 'Structured programs: onboarding workflows',
    measure: `share of accounts that first paid in the ${YEAR_DAYS} days before the date with onboarding milestones tracked`,
    unit: 'share',
    threshold: 0.5,
    action: 'track onboarding milestones (required steps, first value) for every new customer',
    read: (e) => ({
      value: share(e.onboardedAccounts, e.newAccounts),
      evidence: ofAccounts(
        e.onboardedAccounts,
        e.newAccounts,
        `accounts that first paid in the last ${YEAR_DAYS} days`,
        'have milestones tracked',
      ),
    }),
  },
  {
    id: 'qbr_program',
    phase: 3,
    name: 'QBR program',
    label: 'Structured programs: quarterly business reviews',
    measure: `share of high-touch accounts paying on the date, and for at least ${QBR_TENURE_DAYS} days, with a QBR in the ${YEAR_DAYS} days before the date`,
    unit: 'share',
    threshold: 0.5,
    action: 'hold QBRs with high-touch accounts and log them (interactions of kind qbr)',
    read: (e) => ({
      value: share(e.qbrAccounts, e.highTouchAccounts),
      evidence: ofAccounts(
        e.qbrAccounts,
        e.highTouchAccounts,
        `high-touch accounts paying ${QBR_TENURE_DAYS}+ days`,
        `had a QBR in the last ${YEAR_DAYS} days`,
      ),
    }),
  },
  {
    id: 'csm_coverage',
    phase: 3,
    name: 'CSM coverage',
    label: 'Customer success manager (CSM) teams in place',
    measure: 'share of paying ARR on the date in accounts with a CSM assigned',
    unit: 'share',
    threshold: 0.5,
    action: 'assign CSMs to the accounts that carry most of the revenue',
    read: (e) => ({
      value: share(e.csmMrr, e.payingMrr),
      evidence:
        e.payingMrr > 0
          ? `${pct(e.csmMrr / e.payingMrr)} of paying ARR (${int(Math.round(12 * e.csmMrr))} of ${int(Math.round(12 * e.payingMrr))}) has a CSM`
          : 'no paying ARR',
    }),
  },
  {
    id: 'charter_priority',
    phase: 3,
    name: 'A charter in place',
    label: 'Clear priority established among three core charters: adoption, retention, or expansion',
    measure: 'charters operational (adoption, retention, expansion; each by its phase-4 test below)',
    unit: 'count',
    threshold: 1,
    action: 'make one charter operational first (see the three charter criteria)',
    read: (e, asOf) => {
      const met = chartersMet(e, asOf);
      return {
        value: met.length,
        evidence: met.length > 0 ? `operational: ${met.join(', ')}` : 'no charter operational',
      };
    },
  },
  ...CHARTERS,
  {
    id: 'cost_visibility',
    phase: 4,
    name: 'Cost visibility',
    label: 'Visibility into CAC, CEC and CRC (acquisition, expansion and retention cost)',
    measure:
      'cost categories acquisition, expansion and retention with costs recorded in the 12 whole months before the date',
    unit: 'count',
    threshold: 3,
    action: 'import monthly costs by category (costs: acquisition, expansion, retention)',
    read: (e, asOf) => {
      const amounts = {
        acquisition: e.acquisitionCost,
        expansion: e.expansionCost,
        retention: e.retentionCost,
      };
      const present = Object.entries(amounts).filter(([, v]) => v > 0);
      const missing = Object.entries(amounts).filter(([, v]) => v <= 0);
      return {
        value: present.length,
        evidence:
          (present.length > 0
            ? `costs of the 12 months to ${addMonths(asOf, 0)}: ${present.map(([k, v]) => `${k} ${int(Math.round(v))}`).join(', ')}`
            : `no acquisition, expansion or retention costs in the 12 months to ${addMonths(asOf, 0)}`) +
          (missing.length > 0 && present.length > 0
            ? `; none for ${missing.map(([k]) => k).join(', ')}`
            : ''),
      };
    },
  },
  {
    id: 'cross_functional_data',
    phase: 4,
    name: 'Cross-functional data',
    label: 'Cross-functional data sharing and collaboration',
    measure: `sources with account records in the ${FLOWING_DAYS} days before the date: product (usage events), support (tickets), CRM (opportunities or CSM interactions)`,
    unit: 'count',
    threshold: 3,
    action: 'bring support, product and CRM data into the same workspace, keyed by account',
    read: (e) => {
      const sources = { product: e.productRecords, support: e.supportRecords, CRM: e.crmRecords };
      const present = Object.entries(sources).filter(([, v]) => v > 0);
      return {
        value: present.length,
        evidence: `last ${FLOWING_DAYS} days: ${Object.entries(sources)
          .map(([k, v]) => `${k} ${int(v)}`)
          .join(', ')} records`,
      };
    },
  },
];

/** Characteristics the seed names that no canonical table can show; reported, never scored. */
export const NOT_ASSESSED: readonly { phase: 2 | 3 | 4; characteristic: string }[] = [
  { phase: 2, characteristic: 'Project-based customer success funding' },
  { phase: 3, characteristic: 'Customer journey mapping implemented' },
  { phase: 3, characteristic: 'Documented success plans and playbooks' },
  { phase: 4, characteristic: 'Customers achieving measurable business outcomes' },
  { phase: 4, characteristic: 'Documented customer success strategies with automated workflows' },
  { phase: 4, characteristic: 'Monetized success programs with shared costs across departments' },
  { phase: 4, characteristic: 'Proactive CSM team reporting on growth functions' },
];

export interface CriterionResult {
  readonly id: string;
  readonly phase: 2 | 3 | 4;
  readonly name: string;
  readonly label: string;
  readonly measure: string;
  readonly unit: 'share' | 'count';
  readonly value: number | null;
  readonly threshold: number;
  readonly met: boolean;
  readonly evidence: string;
}

export interface PhaseSummary {
  readonly number: PhaseNumber;
  readonly name: string;
  readonly nrrBenchmark: number;
}

export interface MaturityAssessment {
  readonly asOf: string;
  readonly phase: PhaseSummary;
  readonly nrr: {
    /** Null when no account paid at the start of the window. */
    readonly value: number | null;
    /** Accounts paying at the window's start (the NRR base). */
    readonly n: number;
    readonly period: { readonly start: string; readonly end: string };
    readonly definition: string;
    /** value − the assessed phase's benchmark (ratio, 0.02 = 2 points). */
    readonly vsPhaseBenchmark: number | null;
    /** The highest phase whose benchmark the NRR reaches (1 when below every benchmark). */
    readonly levelOfPhase: PhaseNumber | null;
  };
  readonly criteria: CriterionResult[];
  readonly nextPhase:
    | (PhaseSummary & {
        readonly nrrGap: number | null;
        readonly needs: {
          readonly id: string;
          readonly name: string;
          readonly label: string;
          readonly value: number | null;
          readonly threshold: number;
          readonly unit: 'share' | 'count';
          readonly action: string;
        }[];
      })
    | null;
  readonly notAssessed: readonly { phase: 2 | 3 | 4; characteristic: string }[];
  readonly source: string;
}

/** Every count the criteria read, in one query; facts strictly before the date, subscriptions live on it. */
export async function readMaturityEvidence(db: Queryable, asOf: string): Promise<MaturityEvidence> {
  const d = sql`CAST(${asOf} AS DATE)`;
  const ts = sql`CAST(${asOf} AS TIMESTAMP)`;
  const since = (days: number) => sql`CAST(${addDays(asOf, -days)} AS TIMESTAMP)`;
  const sinceDay = (days: number) => sql`CAST(${addDays(asOf, -days)} AS DATE)`;
  const [row] = await db.query<Record<string, unknown>>(sql`
    WITH paying AS (
      SELECT account_id, SUM(mrr) AS mrr FROM subscriptions
      WHERE started_at <= ${d} AND (ended_at IS NULL OR ended_at > ${d})
      GROUP BY account_id HAVING SUM(mrr) > 0),
    first_paid AS (
      SELECT account_id, MIN(started_at) AS first_paid FROM subscriptions WHERE mrr > 0 GROUP BY account_id),
    voc AS (
      SELECT DISTINCT COALESCE(s.account_id, t.account_id) AS account_id
      FROM surveys s LEFT JOIN tickets t ON t.id = s.ticket_id
      WHERE s.responded_at >= ${since(YEAR_DAYS)} AND s.responded_at < ${ts}),
    scored AS (
      SELECT DISTINCT account_id FROM health_scores
      WHERE score IS NOT NULL AND as_of >= ${sinceDay(SCORE_DAYS)} AND as_of <= ${d}),
    used AS (
      SELECT DISTINCT account_id FROM usage_events WHERE occurred_at >= ${since(USAGE_DAYS)} AND occurred_at < ${ts}),
    used_by_users AS (
      SELECT DISTINCT account_id FROM usage_events
      WHERE user_id IS NOT NULL AND occurred_at >= ${since(USAGE_DAYS)} AND occurred_at < ${ts}),
    new_accounts AS (
      SELECT account_id FROM first_paid WHERE first_paid >= ${sinceDay(YEAR_DAYS)} AND first_paid < ${d}),
    with_milestones AS (SELECT DISTINCT account_id FROM milestones),
    high_touch AS (
      SELECT p.account_id FROM paying p JOIN accounts a ON a.id = p.account_id
      JOIN first_paid f ON f.account_id = p.account_id
      WHERE a.touch_model = 'high' AND f.first_paid <= ${sinceDay(QBR_TENURE_DAYS)}),
    qbr AS (
      SELECT DISTINCT account_id FROM interactions
      WHERE kind = 'qbr' AND occurred_at >= ${since(YEAR_DAYS)} AND occurred_at < ${ts}),
    renewals AS (
      SELECT account_id FROM subscriptions
      WHERE renewal_date IS NOT NULL AND started_at <= ${d} AND (ended_at IS NULL OR ended_at > ${d})
      UNION
      SELECT account_id FROM opportunities
      WHERE kind = 'renewal' AND created_at >= ${since(YEAR_DAYS)} AND created_at < ${ts}),
    expansions AS (
      SELECT DISTINCT account_id FROM opportunities
      WHERE kind = 'expansion' AND created_at >= ${since(YEAR_DAYS)} AND created_at < ${ts}),
    costs_year AS (
      SELECT category, SUM(amount) AS amount FROM costs
      WHERE month >= CAST(${addMonths(asOf, -12)} AS DATE) AND month < CAST(${addMonths(asOf, 0)} AS DATE)
      GROUP BY category)
    SELECT
      (SELECT COUNT(*) FROM paying) AS paying_accounts,
      (SELECT CAST(COALESCE(SUM(mrr), 0) AS DOUBLE PRECISION) FROM paying) AS paying_mrr,
      (SELECT COUNT(*) FROM paying p JOIN voc v ON v.account_id = p.account_id) AS voc_accounts,
      (SELECT COUNT(*) FROM surveys WHERE kind = 'nps' AND responded_at >= ${since(YEAR_DAYS)} AND responded_at < ${ts}) AS nps_responses,
      (SELECT COUNT(*) FROM surveys WHERE kind = 'csat' AND responded_at >= ${since(YEAR_DAYS)} AND responded_at < ${ts}) AS csat_responses,
      (SELECT COUNT(*) FROM surveys WHERE kind = 'ces' AND responded_at >= ${since(YEAR_DAYS)} AND responded_at < ${ts}) AS ces_responses,
      (SELECT COUNT(*) FROM paying p JOIN scored s ON s.account_id = p.account_id) AS scored_accounts,
      (SELECT CAST(MAX(as_of) AS VARCHAR) FROM health_scores WHERE as_of <= ${d}) AS last_scored,
      (SELECT COUNT(*) FROM agents WHERE role = 'csm' OR id IN (SELECT csm_id FROM accounts WHERE csm_id IS NOT NULL)) AS cs_people,
      (SELECT COUNT(*) FROM paying p JOIN used u ON u.account_id = p.account_id) AS usage_accounts,
      (SELECT COUNT(*) FROM new_accounts) AS new_accounts,
      (SELECT COUNT(*) FROM new_accounts n JOIN with_milestones m ON m.account_id = n.account_id) AS onboarded_accounts,
      (SELECT COUNT(*) FROM high_touch) AS high_touch_accounts,
      (SELECT COUNT(*) FROM high_touch h JOIN qbr q ON q.account_id = h.account_id) AS qbr_accounts,
      (SELECT CAST(COALESCE(SUM(p.mrr), 0) AS DOUBLE PRECISION) FROM paying p JOIN accounts a ON a.id = p.account_id
        WHERE a.csm_id IS NOT NULL) AS csm_mrr,
      (SELECT COUNT(*) FROM paying p JOIN accounts a ON a.id = p.account_id JOIN used_by_users u ON u.account_id = p.account_id
        WHERE a.licensed_seats > 0) AS seat_usage_accounts,
      (SELECT COUNT(*) FROM paying p WHERE p.account_id IN (SELECT account_id FROM renewals)) AS renewal_accounts,
      (SELECT COUNT(*) FROM paying p JOIN expansions x ON x.account_id = p.account_id) AS expansion_accounts,
      (SELECT CAST(COALESCE(SUM(amount), 0) AS DOUBLE PRECISION) FROM costs_year WHERE category = 'acquisition') AS acquisition_cost,
      (SELECT CAST(COALESCE(SUM(amount), 0) AS DOUBLE PRECISION) FROM costs_year WHERE category = 'retention') AS retention_cost,
      (SELECT CAST(COALESCE(SUM(amount), 0) AS DOUBLE PRECISION) FROM costs_year WHERE category = 'expansion') AS expansion_cost,
      (SELECT COUNT(*) FROM usage_events WHERE occurred_at >= ${since(FLOWING_DAYS)} AND occurred_at < ${ts}) AS product_records,
      (SELECT COUNT(*) FROM tickets WHERE account_id IS NOT NULL AND created_at >= ${since(FLOWING_DAYS)} AND created_at < ${ts}) AS support_records,
      (SELECT COUNT(*) FROM opportunities WHERE created_at >= ${since(FLOWING_DAYS)} AND created_at < ${ts})
        + (SELECT COUNT(*) FROM interactions WHERE occurred_at >= ${since(FLOWING_DAYS)} AND occurred_at < ${ts}) AS crm_records`);
  const r = row ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    payingAccounts: n('paying_accounts'),
    payingMrr: n('paying_mrr'),
    vocAccounts: n('voc_accounts'),
    npsResponses: n('nps_responses'),
    csatResponses: n('csat_responses'),
    cesResponses: n('ces_responses'),
    scoredAccounts: n('scored_accounts'),
    lastScored: r.last_scored === null || r.last_scored === undefined ? null : String(r.last_scored),
    csPeople: n('cs_people'),
    usageAccounts: n('usage_accounts'),
    newAccounts: n('new_accounts'),
    onboardedAccounts: n('onboarded_accounts'),
    highTouchAccounts: n('high_touch_accounts'),
    qbrAccounts: n('qbr_accounts'),
    csmMrr: n('csm_mrr'),
    seatUsageAccounts: n('seat_usage_accounts'),
    renewalAccounts: n('renewal_accounts'),
    expansionAccounts: n('expansion_accounts'),
    acquisitionCost: n('acquisition_cost'),
    retentionCost: n('retention_cost'),
    expansionCost: n('expansion_cost'),
    productRecords: n('product_records'),
    supportRecords: n('support_records'),
    crmRecords: n('crm_records'),
  };
}

export function evaluateCriteria(evidence: MaturityEvidence, asOf: string): CriterionResult[] {
  return CRITERIA.map((c) => {
    const { value, evidence: text } = c.read(evidence, asOf);
    return {
      id: c.id,
      phase: c.phase,
      name: c.name,
      label: c.label,
      measure: c.measure,
      unit: c.unit,
      value,
      threshold: c.threshold,
      met: value !== null && value >= c.threshold,
      evidence: text,
    };
  });
}

/** The highest phase whose criteria and every lower phase's are met; phase 1 needs nothing. */
export function phaseOf(criteria: readonly Pick<CriterionResult, 'phase' | 'met'>[]): PhaseNumber {
  let phase: PhaseNumber = 1;
  for (const next of [2, 3, 4] as const) {
    if (!criteria.filter((c) => c.phase === next).every((c) => c.met)) break;
    phase = next;
  }
  return phase;
}

const phaseSummary = (number: PhaseNumber): PhaseSummary => {
  const p = PHASES[number - 1] ?? PHASES[0];
  return { number: p.number, name: p.name, nrrBenchmark: p.nrrBenchmark };
};

/**
 * The NRR window: the trailing 12 months ending at the last month start on or before the date, so a
 * mid-month date still compares whole months (the catalog's NRR is defined on month boundaries).
 */
export function nrrWindow(asOf: string): Period {
  const end = addMonths(asOf, 0);
  return { label: `12 months to ${end}`, start: addMonths(end, -12), end };
}

export async function assessMaturity(db: Queryable, asOf: string): Promise<MaturityAssessment> {
  const criteria = evaluateCriteria(await readMaturityEvidence(db, asOf), asOf);
  const phase = phaseSummary(phaseOf(criteria));

  const window = nrrWindow(asOf);
  const report = await computeMetrics(db, { period: window, ids: ['nrr'] });
  const nrr = report.metrics.find((m) => m.id === 'nrr');
  const value = nrr?.value ?? null;
  const levelOfPhase =
    value === null
      ? null
      : ([...PHASES].reverse().find((p) => value >= p.nrrBenchmark)?.number ?? PHASES[0].number);

  const next = phase.number < 4 ? phaseSummary((phase.number + 1) as PhaseNumber) : null;
  const byId = new Map(CRITERIA.map((c) => [c.id, c]));
  return {
    asOf,
    phase,
    nrr: {
      value,
      n: nrr?.n ?? 0,
      period: { start: window.start, end: window.end },
      definition: 'trailing 12 months: Σ MRR at the end / Σ MRR 12 months earlier, accounts paying then',
      vsPhaseBenchmark: value === null ? null : value - phase.nrrBenchmark,
      levelOfPhase,
    },
    criteria,
    nextPhase: next && {
      ...next,
      nrrGap: value === null ? null : next.nrrBenchmark - value,
      needs: criteria
        .filter((c) => c.phase === next.number && !c.met)
        .map((c) => ({
          id: c.id,
          name: c.name,
          label: c.label,
          value: c.value,
          threshold: c.threshold,
          unit: c.unit,
          action: byId.get(c.id)?.action ?? '',
        })),
    },
    notAssessed: NOT_ASSESSED,
    source: MATURITY_SOURCE,
  };
}
