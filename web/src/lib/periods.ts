/** Month arithmetic on `YYYY-MM` labels, and the as-of date (the day after a month) point-in-time views take. */

const MONTH = /^(\d{4})-(\d{2})$/;

export function isMonth(label: string | null | undefined): label is string {
  const m = label ? MONTH.exec(label) : null;
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function addMonths(label: string, n: number): string {
  const m = MONTH.exec(label);
  if (!m) throw new Error(`not a month: ${label}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first day after the month: a month's figures are "as of" its end, as the API's default asOf is. */
export function monthEnd(label: string): string {
  return `${addMonths(label, 1)}-01`;
}

/** The `count` months ending with `latest`, newest first. */
export function recentMonths(latest: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(latest, -i));
}
