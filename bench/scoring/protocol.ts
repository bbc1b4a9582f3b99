/** What the scoring benchmark's parent sends its children and gets back. */
import type { Timing } from '../import/instrument.js';

export interface ScoringTask {
  readonly kind: 'one-date' | 'record-24';
  readonly dbPath: string;
  /** YYYY-MM-DD: the first and last as-of dates (one-date uses `to`). */
  readonly from: string;
  readonly to: string;
}

export interface ScoringResult {
  readonly kind: ScoringTask['kind'];
  readonly dates: number;
  readonly scores: number;
  readonly timing: Timing;
  readonly peakRssMb: number;
}
