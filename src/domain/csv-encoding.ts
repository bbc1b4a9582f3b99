/**
 * How Keel writes CSV (exports, demo files, rejects): RFC 4180 quoting, `\n` line ends, NULL as an empty
 * unquoted field and the empty string as `""`, so the two survive a round trip through Keel's importer.
 *
 * Spreadsheet safety (OWASP "CSV injection"): a text cell that starts with = + - @ TAB or CR is executed as
 * a formula by Excel, LibreOffice and Google Sheets. With `guardFormulas`, such cells are written with a
 * leading apostrophe, which spreadsheets show as literal text. The rule is reversible (`unguardFormula`):
 * a value that already starts with apostrophes followed by a trigger gets one more, and the importer strips
 * exactly one, so Keel's own exports re-import to the values the database holds.
 */

const NEEDS_QUOTES = /[",\n\r]|^\s|\s$/;
const FORMULA_TRIGGER = /^'*[=+\-@\t\r]/;
const GUARDED_FORMULA = /^'+[=+\-@\t\r]/;

export function encodeCsvField(value: string | null, guardFormulas = false): string {
  if (value === null) return '';
  if (value === '') return '""';
  const text = guardFormulas && FORMULA_TRIGGER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its line end. `guarded[i]` says whether column i is free text (numbers are never guarded). */
export function encodeCsvRow(values: readonly (string | null)[], guarded?: readonly boolean[]): string {
  return values.map((v, i) => encodeCsvField(v, guarded?.[i] ?? false)).join(',') + '\n';
}

/** Inverse of the formula guard, applied by the importer to CSV text cells. */
export function unguardFormula(value: string): string {
  return GUARDED_FORMULA.test(value) ? value.slice(1) : value;
}

/** The same rule as a regular expression, for the importer's SQL. */
export const GUARDED_FORMULA_PATTERN = GUARDED_FORMULA.source;
