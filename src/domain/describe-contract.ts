/**
 * Renders the canonical data contract as Markdown (docs/data-contract.md), so the user-facing reference is
 * generated from the same declaration the importer and migrations use; a test fails when the file is stale.
 */
import { CANONICAL_TABLES, type ColumnSpec } from './canonical-tables.js';

function describeColumn(c: ColumnSpec): string {
  const parts: string[] = [];
  if (c.values) parts.push(`one of ${c.values.map((v) => `\`${v}\``).join(', ')}`);
  if (c.min !== undefined) parts.push(`≥ ${c.min}`);
  if (c.rangeBy) {
    parts.push(
      Object.entries(c.rangeBy.ranges)
        .map(([k, [lo, hi]]) => `${k}: ${lo}–${hi}`)
        .join(', '),
    );
  }
  if (c.default !== undefined) parts.push(`default \`${c.default}\``);
  if (c.defaultFrom) {
    const map = Object.entries(c.defaultFrom.map)
      .map(([k, v]) => `${k}→${v}`)
      .join(', ');
    parts.push(`empty = from ${c.defaultFrom.column} (${map})`);
  }
  if (c.firstOfMonth) parts.push('first day of a month');
  if (c.references)
    parts.push(`→ ${c.references}${c.references === 'accounts' ? ' (checked on import)' : ''}`);
  return parts.join('; ');
}

const TYPE_TEXT: Record<ColumnSpec['type'], string> = {
  text: 'text',
  enum: 'enum',
  int: 'whole number',
  decimal: 'number (4 decimals)',
  bool: 'true/false (also t/f, yes/no, 1/0)',
  date: 'date YYYY-MM-DD',
  timestamp: 'ISO 8601 timestamp (UTC if no offset)',
  json: 'JSON',
};

export function describeContract(): string {
  const out: string[] = [
    '# Canonical data contract',
    '',
    '<!-- Generated from src/domain/canonical-tables.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every import, connector and the demo generator produce these tables; all analysis reads only them.',
    'Import files are named `<table>.csv`, `<table>.jsonl` (or `.ndjson`) or `<table>.parquet` and use these column',
    'names (a `--map` file can rename columns, map values and parse other date formats). **Bold** columns are',
    'required. Rows are upserted by the key; empty CSV fields are NULL.',
    '',
  ];
  for (const t of CANONICAL_TABLES) {
    let key = `Key: ${t.key.map((k) => `\`${k}\``).join(' + ')}.`;
    if (t.derivableKey) key += ` A row without \`${t.derivableKey}\` gets one derived from its content.`;
    if (t.extrasInto) key += ` Extra source columns are kept inside \`${t.extrasInto}\`.`;
    out.push(`## \`${t.name}\``, '', key, '', '| column | type | rules |', '|---|---|---|');
    for (const c of t.columns) {
      const name = c.required ? `**${c.name}**` : c.name;
      out.push(`| ${name} | ${TYPE_TEXT[c.type]} | ${describeColumn(c)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
