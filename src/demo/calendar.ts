/**
 * Time for the demo generator: whole seconds and day numbers since the Unix epoch in UTC, the demo's
 * monthly simulation steps, and the exact text formats the importer accepts (`YYYY-MM-DD`,
 * `YYYY-MM-DDTHH:MM:SSZ`). Integers keep the arithmetic exact and the output byte-stable.
 */

export const DAY = 86_400;
export const HOUR = 3_600;
export const MINUTE = 60;

/** The day number of a real `YYYY-MM-DD` date, or null. */
export function parseIsoDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day)
    return null;
  return ms / 1000 / DAY;
}

/** The same day of month `n` months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: number, n: number): number {
  const d = new Date(day * DAY * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)) / 1000 / DAY;
}

/** Months since year 0, so consecutive calendar months are consecutive integers. */
export function monthNumber(day: number): number {
  const d = new Date(day * DAY * 1000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function firstDayOfMonthNumber(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / 1000 / DAY;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function formatDate(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
// Events arrive in time order, so remembering the last day's text skips most Date work (a pure cache).
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

export function formatTimestamp(sec: number): string {
  const whole = Math.floor(sec);
  const day = Math.floor(whole / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = `${formatDate(day)}T`;
  }
  const rest = whole - day * DAY;
  const h = Math.floor(rest / HOUR);
  const m = Math.floor((rest % HOUR) / MINUTE);
  return `${cachedDayPrefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[rest % MINUTE]}Z`;
}

export function dayOf(sec: number): number {
  return Math.floor(sec / DAY);
}

/**
 * The simulated history: `months` steps of one calendar month each, anchored on the end date's day of
 * month so the last step ends exactly at `end` (exclusive).
 */
export class Timeline {
  readonly startDay: number;
  readonly endDay: number;
  readonly startSec: number;
  readonly endSec: number;
  /** Day number where each step starts; one extra entry (the end) closes the last step. */
  readonly stepDays: readonly number[];

  constructor(
    endDay: number,
    readonly months: number,
  ) {
    const steps: number[] = [];
    for (let k = 0; k < months; k++) steps.push(addMonths(endDay, k - months));
    steps.push(endDay);
    this.stepDays = steps;
    this.startDay = steps[0] ?? endDay;
    this.endDay = endDay;
    this.startSec = this.startDay * DAY;
    this.endSec = endDay * DAY;
  }

  stepStartDay(k: number): number {
    return this.stepDays[k] ?? this.endDay;
  }

  /** The step holding this instant: -1 before the history, `months` at or after its end. */
  stepOfSec(sec: number): number {
    const day = Math.floor(sec / DAY);
    if (day < this.startDay) return -1;
    if (day >= this.endDay) return this.months;
    let lo = 0;
    let hi = this.months - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.stepDays[mid] ?? Infinity) <= day) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
