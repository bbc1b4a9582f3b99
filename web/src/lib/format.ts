/**
 * Number and date formatting by the catalog's units, so a value reads the same on every page (and the browser
 * tests can format the API's value with the same function and compare it with what a page shows).
 */

/** The API does not say the workspace's reporting currency yet (KEEL_CURRENCY); the default is USD. */
export const CURRENCY = 'USD';

export type Unit =
  'ratio' | 'multiple' | 'currency' | 'count' | 'minutes' | 'hours' | 'days' | 'months' | 'points';

const LOCALE = 'en-US';
const MISSING = '—';

const fixed = (digits: number) =>
  new Intl.NumberFormat(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ONE = fixed(1);
const TWO = fixed(2);
const WHOLE = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const MONEY = new Intl.NumberFormat(LOCALE, {
  style: 'currency',
  currency: CURRENCY,
  maximumFractionDigits: 0,
});
const MONEY_COMPACT = new Intl.NumberFormat(LOCALE, {
  style: 'currency',
  currency: CURRENCY,
  notation: 'compact',
  maximumFractionDigits: 1,
});

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A fraction 0–1 as a percentage with one decimal: 1.0143 → "101.4%". */
export function percent(v: number | null | undefined, digits = 1): string {
  return isNumber(v) ? `${fixed(digits).format(v * 100)}%` : MISSING;
}

export function money(v: number | null | undefined): string {
  return isNumber(v) ? MONEY.format(v) : MISSING;
}

/** $7.4M, $45.1K: for cards and chart labels where the exact figure is one hover away. */
export function moneyCompact(v: number | null | undefined): string {
  return isNumber(v) ? MONEY_COMPACT.format(v) : MISSING;
}

export function count(v: number | null | undefined): string {
  return isNumber(v) ? WHOLE.format(v) : MISSING;
}

export function decimal(v: number | null | undefined, digits = 1): string {
  return isNumber(v) ? fixed(digits).format(v) : MISSING;
}

/** Minutes read as minutes up to an hour, then hours, then days: 133.6 → "2.2 h". */
export function minutes(v: number | null | undefined): string {
  if (!isNumber(v)) return MISSING;
  if (Math.abs(v) < 60) return `${ONE.format(v)} min`;
  return hours(v / 60);
}

export function hours(v: number | null | undefined): string {
  if (!isNumber(v)) return MISSING;
  if (Math.abs(v) < 48) return `${ONE.format(v)} h`;
  return `${ONE.format(v / 24)} d`;
}

export function days(v: number | null | undefined): string {
  return isNumber(v)
    ? `${(Number.isInteger(v) ? WHOLE : ONE).format(v)} ${v === 1 ? 'day' : 'days'}`
    : MISSING;
}

/** A value in its catalog unit, as the metric cards and tables show it. */
export function formatValue(value: number | null | undefined, unit: string): string {
  switch (unit as Unit) {
    case 'ratio':
      return percent(value);
    case 'multiple':
      return isNumber(value) ? `${TWO.format(value)}×` : MISSING;
    case 'currency':
      return money(value);
    case 'count':
      return count(value);
    case 'minutes':
      return minutes(value);
    case 'hours':
      return hours(value);
    case 'days':
      return days(value);
    case 'months':
      return isNumber(value) ? `${ONE.format(value)} mo` : MISSING;
    case 'points':
      return decimal(value);
    default:
      return decimal(value, 2);
  }
}

/** The same value, shorter (chart axes and labels): currency compact, everything else as formatValue. */
export function formatShort(value: number | null | undefined, unit: string): string {
  return unit === 'currency' ? moneyCompact(value) : formatValue(value, unit);
}

/** A signed change in a unit: percentage points for ratios. */
export function formatDelta(delta: number | null | undefined, unit: string): string {
  if (!isNumber(delta)) return MISSING;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const abs = Math.abs(delta);
  if (unit === 'ratio') return `${sign}${ONE.format(abs * 100)} pts`;
  return `${sign}${formatValue(abs, unit)}`;
}

const DATE = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIME = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});
const DAY_SHORT = new Intl.DateTimeFormat(LOCALE, {
  year: '2-digit',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'long', timeZone: 'UTC' });
const MONTH_SHORT = new Intl.DateTimeFormat(LOCALE, { year: '2-digit', month: 'short', timeZone: 'UTC' });

const parse = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

/** 2026-11-23 → "Nov 23, 2026" (dates are UTC days in the API). */
export function date(iso: string | null | undefined): string {
  return iso ? DATE.format(parse(iso)) : MISSING;
}

/** 2026-11-23 → "Nov 23, 26": chart axes with daily points. */
export function dateShort(iso: string | null | undefined): string {
  return iso ? DAY_SHORT.format(parse(iso)) : MISSING;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? DATE_TIME.format(parse(iso)) : MISSING;
}

/** 2026-11 → "November 2026". */
export function monthLabel(period: string): string {
  return /^\d{4}-\d{2}$/.test(period) ? MONTH.format(parse(`${period}-01`)) : period;
}

const MONTH_YEAR = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'short', timeZone: 'UTC' });

/** 2026-11 → "Nov 2026": the period picker. */
export function monthShortYear(period: string): string {
  return MONTH_YEAR.format(parse(`${period.slice(0, 7)}-01`));
}

/** 2026-11 (or a day in it) → "Nov 26": chart axes. */
export function monthShort(period: string): string {
  return MONTH_SHORT.format(parse(`${period.slice(0, 7)}-01`));
}

/** Whole days from `from` to `to` (YYYY-MM-DD or ISO instants). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000);
}

/** "in 12 days", "today", "3 days ago". */
export function relativeDays(target: string | null | undefined, from: string): string {
  if (!target) return MISSING;
  const d = daysBetween(from, target.slice(0, 10));
  if (d === 0) return 'today';
  return d > 0 ? `in ${d} ${d === 1 ? 'day' : 'days'}` : `${-d} ${d === -1 ? 'day' : 'days'} ago`;
}

/** Words that are not simply the id with spaces. */
const LABELS: Record<string, string> = {
  smb: 'SMB',
  mid_market: 'Mid-market',
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  qbr: 'QBR',
  on_hold: 'On hold',
  at_risk: 'At risk',
};

/** snake_case ids as words: "mid_market" → "Mid-market", "churned" → "Churned". */
export function humanize(id: string | null | undefined): string {
  if (!id) return MISSING;
  const known = LABELS[id];
  if (known) return known;
  const words = id.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
