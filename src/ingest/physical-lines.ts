/**
 * DuckDB numbers CSV records, not lines: a quoted field with line breaks makes the two drift apart, and
 * records DuckDB refused (wrong column count, bad encoding) are missing from the staged rows. This maps a
 * staged row index or a refused record number to the physical line a user sees in an editor.
 */

export interface LineFacts {
  /** Header lines before the first record (1 for CSV with a header). */
  readonly headerLines: number;
  /** Records DuckDB refused: record number (header = 1) and line breaks inside the record. */
  readonly refused: readonly { record: number; breaks: number }[];
  /** Staged rows that span several lines: row index (0-based) and line breaks inside. */
  readonly multiLine: readonly { row: number; breaks: number }[];
}

export class LineMap {
  private readonly refused: { record: number; breaks: number }[];
  /** Records (numbered like DuckDB) that span lines, ascending, with cumulative extra line breaks. */
  private readonly extra: { record: number; cumulative: number }[] = [];

  constructor(private readonly facts: LineFacts) {
    this.refused = [...facts.refused].sort((a, b) => a.record - b.record);
    const spans = [
      ...this.refused.filter((r) => r.breaks > 0),
      ...facts.multiLine.map((m) => ({ record: this.recordOfRow(m.row), breaks: m.breaks })),
    ].sort((a, b) => a.record - b.record);
    let total = 0;
    for (const s of spans) {
      total += s.breaks;
      this.extra.push({ record: s.record, cumulative: total });
    }
  }

  /** DuckDB's record number of staged row `row`: rows skip over refused records. */
  recordOfRow(row: number): number {
    let record = this.facts.headerLines + 1 + row;
    for (const r of this.refused) if (r.record <= record) record++;
    return record;
  }

  /** Physical 1-based line where `record` starts. */
  lineOfRecord(record: number): number {
    // Sum of line breaks inside all records before this one (binary search on the cumulative list).
    let lo = 0;
    let hi = this.extra.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.extra[mid]?.record ?? 0) < record) lo = mid + 1;
      else hi = mid;
    }
    return record + (lo > 0 ? (this.extra[lo - 1]?.cumulative ?? 0) : 0);
  }

  lineOfRow(row: number): number {
    return this.lineOfRecord(this.recordOfRow(row));
  }
}
