/**
 * The demo company's fixed catalogues and phrasebook: plans, features, onboarding milestones, ticket and
 * survey wording. Kept apart from the simulation so realism tweaks to text never change the numbers.
 * Some texts deliberately carry commas, quotes and line breaks, as real helpdesk exports do.
 */

import type { SEGMENTS, TICKET_CHANNELS, TOUCH_MODELS } from '../domain/canonical-tables.js';
import type { Rng } from './random.js';

export type Segment = (typeof SEGMENTS)[number];
export type TouchModel = (typeof TOUCH_MODELS)[number];
export type Channel = (typeof TICKET_CHANNELS)[number];
export type ContactRole = 'executive' | 'champion' | 'admin' | 'user' | 'billing' | 'other';

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'Mateo',
  'Isabella',
  'Lucas',
  'Mia',
  'Amir',
  'Chloe',
  'Ethan',
  'Priya',
  'Kenji',
  'Fatima',
  'Diego',
  'Hannah',
  'Oscar',
  'Leila',
  'Jonas',
  'Grace',
  'Tomasz',
  'Aisha',
  'Sven',
  'Camila',
  'Ravi',
  'Zoe',
  'Malik',
  'Ingrid',
  'Wei',
  'Nora',
  'Pablo',
  'Yuki',
  'Samuel',
  'Elena',
  'Kwame',
  'Freya',
  'Marco',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Garcia',
  'Chen',
  'Müller',
  'Okafor',
  'Rossi',
  'Nakamura',
  'Johansson',
  'Patel',
  'Kowalski',
  'Dubois',
  'Silva',
  "O'Brien",
  'Kim',
  'Novak',
  'Haddad',
  'Larsen',
  'Moreau',
  'Singh',
  'Fischer',
  'Lopez',
  'Ivanova',
  'Mensah',
  'Walsh',
  'Tanaka',
  'Andersson',
  'Costa',
  'Nguyen',
  'Schmidt',
  'Reyes',
  'Byrne',
  'Ali',
  'Hoffmann',
  'Sato',
  'Murphy',
  'Bianchi',
  'Svensson',
  'Park',
  'Adeyemi',
  'Varga',
] as const;

const COMPANY_WORDS = [
  'Northwind',
  'Bluefin',
  'Copperleaf',
  'Granite',
  'Harbor',
  'Juniper',
  'Keystone',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Oakridge',
  'Pinnacle',
  'Quarry',
  'Redwood',
  'Summit',
  'Tidewater',
  'Umbra',
  'Vantage',
  'Willow',
  'Zephyr',
  'Atlas',
  'Beacon',
  'Cascade',
  'Driftwood',
  'Evergreen',
  'Foxglove',
  'Gullwing',
  'Highland',
  'Ironbark',
  'Kestrel',
  'Larkspur',
  'Maple',
  'Nova',
  'Orchard',
  'Prairie',
  'Riverstone',
  'Sable',
  'Tamarack',
  'Upland',
  'Verity',
  'Westbrook',
  'Yarrow',
  'Alder',
  'Brightwater',
  'Cobalt',
  'Dunmore',
  'Ember',
  'Fairview',
  'Greystone',
  'Halcyon',
] as const;

export const INDUSTRIES = [
  { name: 'Software', weight: 18, nouns: ['Software', 'Labs', 'Systems', 'Cloud', 'Digital'] },
  { name: 'Financial Services', weight: 12, nouns: ['Capital', 'Financial', 'Payments', 'Partners'] },
  { name: 'Healthcare', weight: 10, nouns: ['Health', 'Medical', 'Care', 'Clinics'] },
  { name: 'Retail & E-commerce', weight: 12, nouns: ['Goods', 'Outfitters', 'Market', 'Supply'] },
  { name: 'Manufacturing', weight: 10, nouns: ['Industries', 'Manufacturing', 'Works', 'Components'] },
  { name: 'Logistics', weight: 8, nouns: ['Logistics', 'Freight', 'Shipping', 'Transport'] },
  { name: 'Education', weight: 7, nouns: ['Learning', 'Academy', 'Education'] },
  { name: 'Media', weight: 6, nouns: ['Media', 'Studios', 'Publishing'] },
  { name: 'Professional Services', weight: 10, nouns: ['Consulting', 'Advisors', 'Group', 'Associates'] },
  { name: 'Hospitality', weight: 7, nouns: ['Hotels', 'Hospitality', 'Travel'] },
] as const;

const COMPANY_SUFFIXES = [
  '',
  '',
  '',
  ' Inc.',
  ', Inc.',
  ' Ltd',
  ' GmbH',
  ' LLC',
  ' & Co',
  ' Group',
  ' AG',
  ' BV',
] as const;

export function companyName(rng: Rng, industryNouns: readonly string[]): string {
  return `${rng.pick(COMPANY_WORDS)} ${rng.pick(industryNouns)}${rng.pick(COMPANY_SUFFIXES)}`;
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** Where accounts work: the UTC offset places their usage in local business hours. */
export const REGIONS = [
  { name: 'North America', weight: 45, utcOffsetHours: -6 },
  { name: 'EMEA', weight: 32, utcOffsetHours: 1 },
  { name: 'APAC', weight: 15, utcOffsetHours: 8 },
  { name: 'LATAM', weight: 8, utcOffsetHours: -4 },
] as const;

export interface Plan {
  readonly name: string;
  /** List price per seat per month; larger seat counts get a volume discount. */
  readonly seatPrice: number;
}

/** Upgrade ladders: index 0 is the usual entry plan for the segment. */
export const PLAN_LADDER: Readonly<Record<Segment, readonly Plan[]>> = {
  smb: [
    { name: 'Starter', seatPrice: 15 },
    { name: 'Team', seatPrice: 29 },
    { name: 'Business', seatPrice: 49 },
  ],
  mid_market: [
    { name: 'Team', seatPrice: 29 },
    { name: 'Business', seatPrice: 49 },
    { name: 'Enterprise', seatPrice: 59 },
  ],
  enterprise: [
    { name: 'Enterprise', seatPrice: 59 },
    { name: 'Enterprise Plus', seatPrice: 79 },
  ],
};

export const ADD_ONS = [
  { name: 'Add-on: Advanced Analytics', share: 0.2 },
  { name: 'Add-on: Premium Support', share: 0.12 },
  { name: 'Add-on: Extra Data Storage', share: 0.08 },
] as const;

export interface FeatureDef {
  readonly key: string;
  readonly name: string;
  readonly core: boolean;
  readonly category: string;
  /** How readily an account at average health takes the feature up (logit scale). */
  readonly uptake: number;
  /** Relative share of events among accounts that use it. */
  readonly weight: number;
  readonly events: readonly string[];
}

export const FEATURES: readonly FeatureDef[] = [
  {
    key: 'dashboards',
    name: 'Dashboards',
    core: true,
    category: 'analytics',
    uptake: 2.4,
    weight: 6,
    events: ['dashboard_viewed', 'dashboard_viewed', 'dashboard_created', 'dashboard_shared'],
  },
  {
    key: 'reports',
    name: 'Reports',
    core: true,
    category: 'analytics',
    uptake: 1.8,
    weight: 4,
    events: ['report_run', 'report_run', 'report_scheduled', 'report_exported'],
  },
  {
    key: 'data_sources',
    name: 'Data sources',
    core: true,
    category: 'data',
    uptake: 1.5,
    weight: 2,
    events: ['source_synced', 'source_synced', 'source_connected'],
  },
  {
    key: 'alerts',
    name: 'Alerts',
    core: true,
    category: 'automation',
    uptake: 0.8,
    weight: 2,
    events: ['alert_created', 'alert_opened'],
  },
  {
    key: 'collaboration',
    name: 'Sharing & comments',
    core: true,
    category: 'collaboration',
    uptake: 0.6,
    weight: 2,
    events: ['comment_added', 'link_shared'],
  },
  {
    key: 'workflows',
    name: 'Workflows',
    core: false,
    category: 'automation',
    uptake: -0.3,
    weight: 1.5,
    events: ['workflow_run', 'workflow_run', 'workflow_created'],
  },
  {
    key: 'api',
    name: 'REST API',
    core: false,
    category: 'platform',
    uptake: -0.4,
    weight: 2,
    events: ['api_request'],
  },
  {
    key: 'forecasting',
    name: 'Forecasting',
    core: false,
    category: 'analytics',
    uptake: -0.8,
    weight: 1,
    events: ['forecast_viewed', 'forecast_created'],
  },
  {
    key: 'ai_insights',
    name: 'AI insights',
    core: false,
    category: 'analytics',
    uptake: -0.6,
    weight: 1,
    events: ['insight_viewed', 'insight_dismissed'],
  },
  {
    key: 'mobile_app',
    name: 'Mobile app',
    core: false,
    category: 'platform',
    uptake: -0.7,
    weight: 1,
    events: ['mobile_screen_viewed'],
  },
  {
    key: 'exports',
    name: 'Data exports',
    core: false,
    category: 'data',
    uptake: -0.2,
    weight: 1,
    events: ['export_run'],
  },
  {
    key: 'custom_fields',
    name: 'Custom fields',
    core: false,
    category: 'admin',
    uptake: -1.0,
    weight: 0.5,
    events: ['custom_field_created'],
  },
  {
    key: 'sso',
    name: 'Single sign-on',
    core: false,
    category: 'admin',
    uptake: -1.2,
    weight: 0.4,
    events: ['sso_settings_updated'],
  },
  {
    key: 'audit_log',
    name: 'Audit log',
    core: false,
    category: 'admin',
    uptake: -1.4,
    weight: 0.3,
    events: ['audit_log_viewed'],
  },
];

export interface MilestoneDef {
  readonly key: string;
  readonly name: string;
  /** Which segments must complete it; other segments get it as optional, or not at all when absent. */
  readonly requiredFor: readonly Segment[];
  readonly offeredTo: readonly Segment[];
  readonly firstValue: boolean;
  /** Where in the account's onboarding the step falls, as a share of its total onboarding time. */
  readonly share: number;
}

const ALL_SEGMENTS: readonly Segment[] = ['enterprise', 'mid_market', 'smb'];

export const MILESTONES: readonly MilestoneDef[] = [
  {
    key: 'workspace_configured',
    name: 'Workspace configured',
    requiredFor: ALL_SEGMENTS,
    offeredTo: ALL_SEGMENTS,
    firstValue: false,
    share: 0.15,
  },
  {
    key: 'data_source_connected',
    name: 'First data source connected',
    requiredFor: ALL_SEGMENTS,
    offeredTo: ALL_SEGMENTS,
    firstValue: false,
    share: 0.35,
  },
  {
    key: 'first_dashboard_shared',
    name: 'First dashboard shared',
    requiredFor: ALL_SEGMENTS,
    offeredTo: ALL_SEGMENTS,
    firstValue: true,
    share: 0.5,
  },
  {
    key: 'team_invited',
    name: 'Team invited',
    requiredFor: ALL_SEGMENTS,
    offeredTo: ALL_SEGMENTS,
    firstValue: false,
    share: 0.7,
  },
  {
    key: 'sso_enabled',
    name: 'SSO enabled',
    requiredFor: ['enterprise'],
    offeredTo: ['enterprise', 'mid_market'],
    firstValue: false,
    share: 0.8,
  },
  {
    key: 'admin_training',
    name: 'Admin training completed',
    requiredFor: ['enterprise'],
    offeredTo: ALL_SEGMENTS,
    firstValue: false,
    share: 0.9,
  },
  {
    key: 'integration_live',
    name: 'Production integration live',
    requiredFor: [],
    offeredTo: ['enterprise', 'mid_market'],
    firstValue: false,
    share: 1,
  },
];

export const CONTACT_TITLES: Readonly<Record<ContactRole, readonly string[]>> = {
  executive: [
    'VP Operations',
    'Chief Operating Officer',
    'CTO',
    'VP Customer Experience',
    'Head of Analytics',
    'CFO',
  ],
  champion: [
    'Operations Manager',
    'Analytics Lead',
    'Head of BI',
    'Data Team Lead',
    'Product Operations Manager',
  ],
  admin: ['IT Administrator', 'Systems Administrator', 'Platform Engineer', 'IT Manager'],
  user: ['Business Analyst', 'Operations Specialist', 'Data Analyst', 'Account Manager', 'Marketing Analyst'],
  billing: ['Finance Manager', 'Accounts Payable Specialist', 'Procurement Lead'],
  other: ['Consultant', 'Contractor', 'Project Manager'],
};

export const LEAD_SOURCES = [
  'inbound',
  'paid_search',
  'referral',
  'outbound',
  'event',
  'partner',
  'content',
] as const;
export const LEAD_SOURCE_WEIGHTS = [30, 18, 14, 14, 8, 8, 8] as const;
export const TRIAL_SOURCES = ['website', 'paid_search', 'referral', 'marketplace', 'content'] as const;
export const TRIAL_SOURCE_WEIGHTS = [45, 20, 15, 10, 10] as const;

export interface TicketCategory {
  readonly key: string;
  readonly weight: number;
  /** Share of tickets that need work beyond the conversation (a fix, a config change) before resolving. */
  readonly needsWork: number;
  readonly subjects: readonly string[];
}

export const TICKET_CATEGORIES: readonly TicketCategory[] = [
  {
    key: 'how_to',
    weight: 26,
    needsWork: 0.02,
    subjects: [
      'How do I share a dashboard with external users?',
      'Question about report scheduling',
      'Where can I change the default date range?',
      'How to set up alert thresholds',
    ],
  },
  {
    key: 'bug',
    weight: 16,
    needsWork: 0.35,
    subjects: [
      'Dashboard widgets show "No data"',
      'Report export fails with error 500',
      'Charts render blank in Safari',
      'Filters reset after saving',
    ],
  },
  {
    key: 'integration',
    weight: 14,
    needsWork: 0.25,
    subjects: [
      'Salesforce sync stopped',
      'Snowflake connector times out',
      'Webhook deliveries failing',
      'HubSpot fields not mapping',
    ],
  },
  {
    key: 'account_access',
    weight: 12,
    needsWork: 0.05,
    subjects: [
      'Cannot log in after SSO change',
      'Password reset email not arriving',
      'User locked out',
      'Need to transfer workspace ownership',
    ],
  },
  {
    key: 'billing',
    weight: 10,
    needsWork: 0.08,
    subjects: [
      'Invoice shows wrong seat count',
      'Update billing contact',
      'Question about renewal pricing',
      'Card declined, please advise',
    ],
  },
  {
    key: 'performance',
    weight: 8,
    needsWork: 0.3,
    subjects: [
      'Dashboards very slow to load',
      'Report takes minutes to run',
      'API responses slow since last week',
    ],
  },
  {
    key: 'data_import',
    weight: 8,
    needsWork: 0.2,
    subjects: [
      'CSV import rejects rows',
      'Duplicate records after import',
      'Timezone wrong on imported dates',
    ],
  },
  {
    key: 'feature_request',
    weight: 6,
    needsWork: 0,
    subjects: [
      'Feature request: dark mode',
      'Can we get a Teams integration?',
      'Request: custom fiscal calendar',
    ],
  },
];

const DESCRIPTION_OPENERS = ['Hi team,', 'Hello,', 'Hi support,', 'Good morning,', 'Hey there,'] as const;
const DESCRIPTION_BODIES: Readonly<Record<string, readonly string[]>> = {
  how_to: [
    'We are rolling this out to the wider team and I could not find it in the docs.',
    'Is there a way to do this without admin rights? Our analysts, finance team and ops leads all need it.',
  ],
  bug: [
    'Since this morning we get "Something went wrong" when opening the page.',
    'Steps: open the dashboard, change the filter, click save. Result: the filter is gone, again.',
    'It worked fine last week, nothing changed on our side as far as I know.',
  ],
  integration: [
    'The last successful sync was 2 days ago, and the log just says "timeout".',
    'We rotated our credentials, updated them in settings, and still no data comes through.',
  ],
  account_access: [
    'Several users, including me, cannot sign in since we switched identity provider.',
    'The reset link says "expired" every time, even when I click it right away.',
  ],
  billing: [
    'Our invoice lists more seats than we have users, can you check?',
    'Please send invoices to accounts payable from now on, not to me.',
  ],
  performance: [
    'Load times went from a few seconds to over a minute, which makes the weekly review painful.',
    'It is slow for everyone in the office, on Chrome and Edge.',
  ],
  data_import: [
    'About 10% of the rows are rejected with "invalid date", but the dates look fine to me.',
    'After importing the same file twice we now have duplicates, how do we clean this up?',
  ],
  feature_request: [
    'Several of our users asked for this; it would make the product much easier to roll out.',
    'Our leadership team wants this before the renewal discussion, is it on the roadmap?',
  ],
};
const DESCRIPTION_CLOSERS = ['Thanks,', 'Thanks in advance,', 'Best,', 'Cheers,', 'Regards,'] as const;

/** A ticket's first message: sometimes a single line, often a multi-line email with quotes and commas. */
export function ticketDescription(rng: Rng, category: string, contactFirstName: string): string {
  const bodies = DESCRIPTION_BODIES[category] ?? DESCRIPTION_BODIES['how_to'] ?? [];
  const body = rng.pick(bodies);
  if (rng.bernoulli(0.35)) return body;
  const extra = rng.bernoulli(0.3) ? `\n${rng.pick(bodies)}` : '';
  return `${rng.pick(DESCRIPTION_OPENERS)}\n${body}${extra}\n\n${rng.pick(DESCRIPTION_CLOSERS)}\n${contactFirstName}`;
}

export const AGENT_REPLIES = [
  'Thanks for reaching out! I have checked your workspace and applied a fix, could you confirm it works on your side?',
  'Good question. You can do this under Settings > Sharing; I have linked the guide below.',
  'I was able to reproduce this and have escalated it to our engineering team. I will update you as soon as I hear back.',
  'Thanks for the details. Could you send a screenshot of the error and the time it happened?',
  'This is now resolved: the connector was using an expired token. Let us know if you see it again.',
  'I have updated the billing contact and re-sent the invoice.',
  'Apologies for the delay, we had a high volume of requests this week. Here is what I found:\nthe sync job was paused after repeated failures; I have restarted it.',
] as const;

export const CUSTOMER_FOLLOWUPS = [
  'Thanks, that worked!',
  'Still seeing the same issue, unfortunately.',
  'Attached the screenshot. It happened around 10am our time.',
  'Any update on this? It is blocking our team.',
  'Great, thanks for the quick help.',
  'The problem is back, "same error" as before.',
] as const;

export const INTERNAL_NOTES = [
  'Checked logs: token expired on the customer side.',
  'Escalating to Tier 2, needs a database fix.',
  'Known issue, linked to the engineering ticket.',
  'Customer is on a renewal this quarter, handle with care.',
] as const;

export const BOT_GREETING = 'Hi! Thanks for contacting us. An agent will be with you shortly.';
export const AUTO_CLOSE_NOTE =
  'Ticket closed automatically: no agent action needed (duplicate or resolved by the customer).';

export const NPS_COMMENTS = {
  detractor: [
    'Too many outages lately, and support takes days to answer.',
    'Hard to get value from it; most of our team stopped logging in.',
    'The product is fine but onboarding never really finished.',
    'Price went up, value did not.',
    'Reports break every time we change something, very frustrating.',
  ],
  passive: [
    'Does the job, but reporting could be more flexible.',
    'Good overall. Performance could be better on large dashboards.',
    'Fine for what we need, nothing special.',
    'Solid product, support is a bit slow sometimes.',
  ],
  promoter: [
    'Our whole team relies on the dashboards every day.',
    'Great product and a really responsive CSM!',
    'Saved us hours of manual reporting each week.',
    'Easy to use, and support is quick and knowledgeable.',
  ],
} as const;

export const CSAT_COMMENTS = {
  bad: [
    'Took far too long to get an answer.',
    'Issue came back the next day.',
    'Had to explain the problem three times.',
  ],
  good: ['Quick and helpful, thanks!', 'Solved on the first reply.', 'Very friendly and clear.'],
} as const;

export const CES_COMMENTS = {
  hard: ['Too many back-and-forth emails.', 'Had to chase for updates.'],
  easy: ['Very easy, one message and done.', 'The linked article answered it.'],
} as const;

export const INTERACTION_TEXTS: Readonly<Record<string, readonly { subject: string; body: string }[]>> = {
  meeting: [
    {
      subject: 'Success plan review',
      body: 'Reviewed goals for the quarter, agreed on adoption targets for the analytics team.',
    },
    {
      subject: 'Roadmap session',
      body: 'Walked through upcoming features; customer interested in forecasting.',
    },
    {
      subject: 'Workshop: dashboards best practices',
      body: 'Hands-on session with 6 users, shared the template library.',
    },
  ],
  call: [
    { subject: 'Check-in call', body: 'Quick check-in, no blockers. Follow up on SSO rollout next month.' },
    {
      subject: 'Usage drop follow-up',
      body: 'Usage is down; champion is on leave and the new team has not been trained yet.',
    },
    { subject: 'Renewal prep', body: 'Discussed renewal timeline, budget approval expected next quarter.' },
  ],
  email: [
    { subject: 'Monthly newsletter', body: 'Product updates and tips for the month.' },
    { subject: 'Follow-up: training materials', body: 'Sent the recording and slides from last session.' },
    { subject: 'New feature: AI insights', body: 'Introduced AI insights and offered a demo.' },
  ],
  note: [
    {
      subject: 'Account note',
      body: 'Champion mentioned budget pressure, "all tools under review" this year.',
    },
    { subject: 'Stakeholder change', body: 'New VP of Operations started; need an intro meeting.' },
  ],
  event: [
    { subject: 'Webinar: getting started with reports', body: 'Attended the live webinar.' },
    { subject: 'User conference', body: 'Two users attended the annual customer conference.' },
  ],
  qbr: [
    {
      subject: 'Quarterly business review',
      body: 'Reviewed ROI, adoption by team and the success plan for next quarter.',
    },
    {
      subject: 'QBR: value review and roadmap',
      body: 'Presented usage trends and time saved; agreed on expansion to a new department.',
    },
  ],
};

export const KB_ARTICLES: readonly { title: string; category: string }[] = [
  { title: 'Sharing dashboards with people outside your workspace', category: 'how_to' },
  { title: 'Scheduling reports by email', category: 'how_to' },
  { title: 'Setting alert thresholds', category: 'how_to' },
  { title: 'Changing the default date range', category: 'how_to' },
  { title: 'Keyboard shortcuts', category: 'how_to' },
  { title: 'Troubleshooting "No data" widgets', category: 'bug' },
  { title: 'Browser support and known rendering issues', category: 'bug' },
  { title: 'Connecting Salesforce', category: 'integration' },
  { title: 'Connecting Snowflake', category: 'integration' },
  { title: 'Webhook delivery and retries', category: 'integration' },
  { title: 'Mapping HubSpot properties', category: 'integration' },
  { title: 'Configuring SAML single sign-on', category: 'account_access' },
  { title: 'Resetting a password', category: 'account_access' },
  { title: 'Transferring workspace ownership', category: 'account_access' },
  { title: 'Understanding your invoice', category: 'billing' },
  { title: 'Updating billing contacts and payment methods', category: 'billing' },
  { title: 'Speeding up large dashboards', category: 'performance' },
  { title: 'API rate limits', category: 'performance' },
  { title: 'CSV import: accepted date formats', category: 'data_import' },
  { title: 'Removing duplicate records', category: 'data_import' },
  { title: 'How we prioritise feature requests', category: 'feature_request' },
];

export const OPEN_STAGES = ['Discovery', 'Proposal', 'Negotiation'] as const;
