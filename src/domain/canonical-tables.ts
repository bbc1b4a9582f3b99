/**
 * The canonical data contract (DESIGN §4) declared once, as data. Migrations are checked against it, the
 * importer compiles its validation from it, the exporter and the demo generator take column order from it.
 * The contract only grows: add columns or tables, never rename or retype them.
 */

export type ColumnType = 'text' | 'enum' | 'int' | 'decimal' | 'bool' | 'date' | 'timestamp' | 'json';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: boolean;
  /** Allowed values of an `enum` column. */
  readonly values?: readonly string[];
  /** Inclusive lower bound of a number column. */
  readonly min?: number;
  /** Value used when the source leaves the column empty. */
  readonly default?: string;
  /** The table this column points at; only references to `accounts` are enforced on import. */
  readonly references?: TableName;
  /** Per-row range that depends on another column (survey score ranges depend on the survey kind). */
  readonly rangeBy?: {
    readonly column: string;
    readonly ranges: Readonly<Record<string, readonly [number, number]>>;
  };
  /** The value is derived from another column when empty (touch_model from segment). */
  readonly defaultFrom?: { readonly column: string; readonly map: Readonly<Record<string, string>> };
  /** A `date` column that must fall on the first day of a month. */
  readonly firstOfMonth?: boolean;
}

export interface TableSpec {
  readonly name: TableName;
  /** Columns that identify a row: imports upsert on them. */
  readonly key: readonly string[];
  readonly columns: readonly ColumnSpec[];
  /** Where extra source columns go; tables without one report extra columns as ignored. */
  readonly extrasInto?: string;
  /** A key column the importer may derive from the row's content when the source leaves it empty. */
  readonly derivableKey?: string;
}

export const TABLE_NAMES = [
  'agents',
  'accounts',
  'contacts',
  'subscriptions',
  'trials',
  'leads',
  'costs',
  'features',
  'usage_events',
  'milestones',
  'agent_activity',
  'tickets',
  'ticket_messages',
  'kb_articles',
  'ticket_articles',
  'surveys',
  'interactions',
  'opportunities',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const id = { name: 'id', type: 'text', required: true } as const;
const accountRef = { name: 'account_id', type: 'text', required: true, references: 'accounts' } as const;
const optionalAccountRef = { name: 'account_id', type: 'text', references: 'accounts' } as const;

export const SEGMENTS = ['enterprise', 'mid_market', 'smb'] as const;
export const TOUCH_MODELS = ['high', 'low', 'tech'] as const;
export const TICKET_CHANNELS = ['email', 'chat', 'phone', 'social', 'web', 'other'] as const;
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const;

/** Tables in load order: a table comes after every table its enforced references point at. */
export const CANONICAL_TABLES: readonly TableSpec[] = [
  {
    name: 'agents',
    key: ['id'],
    columns: [
      id,
      { name: 'name', type: 'text', required: true },
      { name: 'email', type: 'text' },
      { name: 'role', type: 'enum', required: true, values: ['agent', 'csm', 'manager', 'admin'] },
      { name: 'team', type: 'text' },
      { name: 'capacity', type: 'int', min: 0 },
    ],
  },
  {
    name: 'accounts',
    key: ['id'],
    columns: [
      id,
      { name: 'name', type: 'text', required: true },
      { name: 'segment', type: 'enum', values: SEGMENTS },
      {
        name: 'touch_model',
        type: 'enum',
        values: TOUCH_MODELS,
        defaultFrom: { column: 'segment', map: { enterprise: 'high', mid_market: 'low', smb: 'tech' } },
      },
      { name: 'industry', type: 'text' },
      { name: 'region', type: 'text' },
      { name: 'plan', type: 'text' },
      { name: 'csm_id', type: 'text', references: 'agents' },
      { name: 'parent_id', type: 'text', references: 'accounts' },
      { name: 'licensed_seats', type: 'int', min: 0 },
      { name: 'created_at', type: 'timestamp', required: true },
    ],
  },
  {
    name: 'contacts',
    key: ['id'],
    columns: [
      id,
      accountRef,
      { name: 'email', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'title', type: 'text' },
      { name: 'role', type: 'enum', values: ['executive', 'champion', 'admin', 'user', 'billing', 'other'] },
      { name: 'created_at', type: 'timestamp' },
    ],
  },
  {
    name: 'subscriptions',
    key: ['id'],
    columns: [
      id,
      accountRef,
      { name: 'plan', type: 'text' },
      { name: 'mrr', type: 'decimal', required: true, min: 0 },
      { name: 'seats', type: 'int', min: 0 },
      { name: 'started_at', type: 'date', required: true },
      { name: 'ended_at', type: 'date' },
      { name: 'renewal_date', type: 'date' },
      { name: 'churn_type', type: 'enum', values: ['voluntary', 'involuntary'] },
    ],
  },
  {
    name: 'trials',
    key: ['id'],
    columns: [
      id,
      optionalAccountRef,
      { name: 'started_at', type: 'timestamp', required: true },
      { name: 'ended_at', type: 'timestamp' },
      { name: 'converted_at', type: 'timestamp' },
      { name: 'source', type: 'text' },
    ],
  },
  {
    name: 'leads',
    key: ['id'],
    columns: [
      id,
      { name: 'created_at', type: 'timestamp', required: true },
      { name: 'qualified_at', type: 'timestamp' },
      { name: 'source', type: 'text' },
      optionalAccountRef,
    ],
  },
  {
    name: 'costs',
    key: ['month', 'category'],
    columns: [
      { name: 'month', type: 'date', required: true, firstOfMonth: true },
      {
        name: 'category',
        type: 'enum',
        required: true,
        values: ['acquisition', 'retention', 'expansion', 'support'],
      },
      { name: 'amount', type: 'decimal', required: true },
    ],
  },
  {
    name: 'features',
    key: ['key'],
    columns: [
      { name: 'key', type: 'text', required: true },
      { name: 'name', type: 'text' },
      { name: 'is_core', type: 'bool' },
      { name: 'category', type: 'text' },
    ],
  },
  {
    name: 'usage_events',
    key: ['id'],
    derivableKey: 'id',
    extrasInto: 'properties',
    columns: [
      { name: 'id', type: 'text' },
      accountRef,
      { name: 'user_id', type: 'text' },
      { name: 'event', type: 'text', required: true },
      { name: 'feature', type: 'text', references: 'features' },
      { name: 'occurred_at', type: 'timestamp', required: true },
      { name: 'properties', type: 'json' },
    ],
  },
  {
    name: 'milestones',
    key: ['id'],
    columns: [
      id,
      accountRef,
      { name: 'key', type: 'text', required: true },
      { name: 'name', type: 'text' },
      { name: 'required', type: 'bool' },
      { name: 'is_first_value', type: 'bool' },
      { name: 'due_at', type: 'timestamp' },
      { name: 'completed_at', type: 'timestamp' },
    ],
  },
  {
    name: 'agent_activity',
    key: ['agent_id', 'day', 'channel'],
    columns: [
      { name: 'agent_id', type: 'text', required: true, references: 'agents' },
      { name: 'day', type: 'date', required: true },
      { name: 'available_seconds', type: 'int', required: true, min: 0 },
      { name: 'handle_seconds', type: 'int', required: true, min: 0 },
      { name: 'channel', type: 'text' },
    ],
  },
  {
    name: 'tickets',
    key: ['id'],
    columns: [
      id,
      optionalAccountRef,
      { name: 'contact_id', type: 'text', references: 'contacts' },
      { name: 'channel', type: 'enum', required: true, values: TICKET_CHANNELS },
      { name: 'priority', type: 'enum', values: ['low', 'normal', 'high', 'urgent'] },
      { name: 'status', type: 'enum', required: true, values: TICKET_STATUSES },
      { name: 'category', type: 'text' },
      { name: 'subject', type: 'text' },
      { name: 'description', type: 'text' },
      { name: 'created_at', type: 'timestamp', required: true },
      { name: 'first_response_at', type: 'timestamp' },
      { name: 'resolved_at', type: 'timestamp' },
      { name: 'closed_at', type: 'timestamp' },
      { name: 'reopens', type: 'int', min: 0, default: '0' },
      { name: 'agent_replies', type: 'int', min: 0 },
      { name: 'escalated', type: 'bool' },
      { name: 'assignee_id', type: 'text', references: 'agents' },
      { name: 'team', type: 'text' },
    ],
  },
  {
    name: 'ticket_messages',
    key: ['id'],
    columns: [
      id,
      { name: 'ticket_id', type: 'text', required: true, references: 'tickets' },
      { name: 'author_type', type: 'enum', required: true, values: ['customer', 'agent', 'bot', 'system'] },
      { name: 'author_id', type: 'text' },
      { name: 'created_at', type: 'timestamp', required: true },
      { name: 'body', type: 'text' },
      { name: 'public', type: 'bool', default: 'true' },
    ],
  },
  {
    name: 'kb_articles',
    key: ['id'],
    columns: [
      id,
      { name: 'title', type: 'text', required: true },
      { name: 'body', type: 'text' },
      { name: 'created_at', type: 'timestamp' },
    ],
  },
  {
    name: 'ticket_articles',
    key: ['ticket_id', 'article_id'],
    columns: [
      { name: 'ticket_id', type: 'text', required: true, references: 'tickets' },
      { name: 'article_id', type: 'text', required: true, references: 'kb_articles' },
      { name: 'linked_at', type: 'timestamp' },
    ],
  },
  {
    name: 'surveys',
    key: ['id'],
    columns: [
      id,
      { name: 'kind', type: 'enum', required: true, values: SURVEY_KINDS },
      {
        name: 'score',
        type: 'int',
        required: true,
        rangeBy: { column: 'kind', ranges: { nps: [0, 10], csat: [1, 5], ces: [1, 7] } },
      },
      optionalAccountRef,
      { name: 'contact_id', type: 'text', references: 'contacts' },
      { name: 'ticket_id', type: 'text', references: 'tickets' },
      { name: 'comment', type: 'text' },
      { name: 'responded_at', type: 'timestamp', required: true },
    ],
  },
  {
    name: 'interactions',
    key: ['id'],
    columns: [
      id,
      accountRef,
      {
        name: 'kind',
        type: 'enum',
        required: true,
        values: ['meeting', 'call', 'email', 'qbr', 'note', 'event'],
      },
      { name: 'occurred_at', type: 'timestamp', required: true },
      { name: 'author_id', type: 'text', references: 'agents' },
      { name: 'with_executive', type: 'bool' },
      { name: 'subject', type: 'text' },
      { name: 'body', type: 'text' },
    ],
  },
  {
    name: 'opportunities',
    key: ['id'],
    columns: [
      id,
      accountRef,
      { name: 'kind', type: 'enum', required: true, values: ['new_business', 'renewal', 'expansion'] },
      { name: 'amount', type: 'decimal' },
      { name: 'stage', type: 'text' },
      { name: 'created_at', type: 'timestamp' },
      { name: 'close_date', type: 'date' },
      { name: 'status', type: 'enum', values: ['open', 'won', 'lost'] },
    ],
  },
];

const BY_NAME = new Map(CANONICAL_TABLES.map((t) => [t.name, t]));

export function isTableName(name: string): name is TableName {
  return BY_NAME.has(name as TableName);
}

export function tableSpec(name: TableName): TableSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`unknown canonical table ${name}`);
  return spec;
}

export function columnNames(name: TableName): string[] {
  return tableSpec(name).columns.map((c) => c.name);
}
