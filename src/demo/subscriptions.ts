/**
 * An account's subscription lines, kept the way billing systems export them so the canonical MRR rule
 * (MRR on day d = Σ mrr of lines with started_at ≤ d < ended_at) yields the intended movements: a seat or
 * plan change ends the line and starts a new one the same day, add-ons are lines of their own, and churn
 * ends every open line with a churn type.
 */

import { addMonths, formatDate } from './calendar.js';
import type { IdAllocator } from './company.js';
import type { CsvSink } from './csv-sink.js';
import type { Plan } from './vocabulary.js';

export type Term = 'annual' | 'monthly';
export type ChurnType = 'voluntary' | 'involuntary';

export interface SubscriptionLine {
  readonly id: string;
  readonly plan: string;
  readonly mrr: number;
  readonly seats: number | null;
  readonly startDay: number;
  endDay: number | null;
  churnType: ChurnType | null;
  readonly addOn: boolean;
  readonly anchorDay: number;
  readonly term: Term;
}

export function roundMoney(x: number): number {
  return Math.round(x * 100) / 100;
}

/** List price per seat with a volume discount that grows with the logarithm of the seat count. */
export function planMrr(plan: Plan, seats: number): number {
  const discount = Math.min(0.3, Math.max(0, 0.07 * Math.log(seats / 10)));
  return roundMoney(seats * plan.seatPrice * (1 - discount));
}

export class SubscriptionBook {
  readonly lines: SubscriptionLine[] = [];
  private anchorDay = 0;
  private term: Term = 'monthly';

  constructor(private readonly ids: IdAllocator) {}

  get contractTerm(): Term {
    return this.term;
  }

  get baseLine(): SubscriptionLine | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i];
      if (line && !line.addOn && line.endDay === null) return line;
    }
    return undefined;
  }

  openLines(): SubscriptionLine[] {
    return this.lines.filter((l) => l.endDay === null);
  }

  mrr(): number {
    let sum = 0;
    for (const line of this.lines) if (line.endDay === null) sum += line.mrr;
    return roundMoney(sum);
  }

  /** The latest start among open lines: a change must come after it so no line is empty. */
  lastStartDay(): number {
    let last = -Infinity;
    for (const line of this.lines) if (line.endDay === null && line.startDay > last) last = line.startDay;
    return last;
  }

  /** Starts a tenure (first purchase or reactivation); renewals are counted from this day. */
  begin(day: number, term: Term, plan: string, seats: number, mrr: number): SubscriptionLine {
    this.anchorDay = day;
    this.term = term;
    return this.open(day, plan, seats, mrr, false);
  }

  changeBase(day: number, plan: string, seats: number, mrr: number): SubscriptionLine {
    const base = this.baseLine;
    if (base) base.endDay = day;
    return this.open(day, plan, seats, mrr, false);
  }

  addOn(day: number, name: string, mrr: number): SubscriptionLine {
    return this.open(day, name, null, mrr, true);
  }

  end(line: SubscriptionLine, day: number): void {
    line.endDay = day;
  }

  churn(day: number, type: ChurnType): void {
    for (const line of this.lines) {
      if (line.endDay === null) {
        line.endDay = day;
        line.churnType = type;
      }
    }
  }

  /** The first renewal (contract anniversary) on or after `day` for the current tenure. */
  nextRenewalDay(day: number): number {
    return renewalOnOrAfter(this.anchorDay, this.term, day);
  }

  write(sink: CsvSink, accountId: string, historyEndDay: number): void {
    for (const line of this.lines) {
      sink.row('subscriptions', {
        id: line.id,
        account_id: accountId,
        plan: line.plan,
        mrr: line.mrr.toFixed(2),
        seats: line.seats === null ? null : String(line.seats),
        started_at: formatDate(line.startDay),
        ended_at: line.endDay === null ? null : formatDate(line.endDay),
        renewal_date: formatDate(renewalOnOrAfter(line.anchorDay, line.term, line.endDay ?? historyEndDay)),
        churn_type: line.churnType,
      });
    }
  }

  private open(
    day: number,
    plan: string,
    seats: number | null,
    mrr: number,
    addOn: boolean,
  ): SubscriptionLine {
    const line: SubscriptionLine = {
      id: this.ids.next('sub', 6),
      plan,
      mrr: roundMoney(mrr),
      seats,
      startDay: day,
      endDay: null,
      churnType: null,
      addOn,
      anchorDay: this.anchorDay,
      term: this.term,
    };
    this.lines.push(line);
    return line;
  }
}

function renewalOnOrAfter(anchorDay: number, term: Term, day: number): number {
  const period = term === 'annual' ? 12 : 1;
  let n = Math.max(1, Math.floor((day - anchorDay) / (period * 31)));
  let renewal = addMonths(anchorDay, n * period);
  while (renewal < day) {
    n++;
    renewal = addMonths(anchorDay, n * period);
  }
  return renewal;
}
