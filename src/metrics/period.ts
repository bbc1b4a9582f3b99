/** Reporting periods: `YYYY-MM`, `YYYY-Qn` or `YYYY`, as half-open date ranges [start, end). */

export interface Period {
  readonly label: string;
  /** First day, YYYY-MM-DD. */
  readonly start: string;
  /** First day after the period, YYYY-MM-DD. */
  readonly end: string;
}

const iso = (y: number, m: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;

/** The first day of the month `months` after the month of `date` (YYYY-MM-DD; negative goes back). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  return iso(y + Math.floor(m / 12), (((m % 12) + 12) % 12) + 1);
}

export function parsePeriod(text: string): Period | null {
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (match) {
    const start = iso(Number(match[1]), Number(match[2]));
    return { label: text, start, end: addMonths(start, 1) };
  }
  match = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (match) {
    const start = iso(Number(match[1]), (Number(match[2]) - 1) * 3 + 1);
    return { label: text.toUpperCase(), start, end: addMonths(start, 3) };
  }
  match = /^(\d{4})$/.exec(text);
  if (match) {
    const start = iso(Number(match[1]), 1);
    return { label: text, start, end: addMonths(start, 12) };
  }
  return null;
}

/** The calendar months [start, end) of a period, as [monthStart, nextMonthStart] pairs. */
export function monthsOf(period: Period): [string, string][] {
  const out: [string, string][] = [];
  for (let m = period.start; m < period.end; m = addMonths(m, 1)) out.push([m, addMonths(m, 1)]);
  return out;
}

/** The last complete month before the month that holds `latest` (YYYY-MM-DD…). */
export function lastCompleteMonth(latest: string): Period {
  const start = addMonths(latest.slice(0, 10), -1);
  return { label: start.slice(0, 7), start, end: addMonths(start, 1) };
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The equal-length period just before `period` (for growth rates such as lead velocity). */
export function previousPeriod(period: Period): Period {
  const months = monthsOf(period).length;
  return { label: `before ${period.label}`, start: addMonths(period.start, -months), end: period.start };
}
