/**
 * The demo generator's output: one `<table>.csv` stream per canonical table. Rows are batched into
 * chunks and written as they are produced; callers await `drain()` between units of work so memory stays
 * bounded by one unit (an account's month) no matter how many events the company has.
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { TABLE_NAMES, columnNames, type TableName } from '../domain/canonical-tables.js';
import { encodeCsvRow } from '../domain/csv-encoding.js';

/** A row keyed by canonical column name; missing columns are written as NULL. */
export type Row = Readonly<Record<string, string | null>>;

export interface WrittenFile {
  table: TableName;
  path: string;
  rows: number;
}

interface Output {
  readonly table: TableName;
  readonly path: string;
  readonly columns: readonly string[];
  readonly stream: WriteStream;
  chunk: string[];
  chunkChars: number;
  rows: number;
}

const CHUNK_CHARS = 64 * 1024;

export class CsvSink {
  private failure: Error | null = null;

  private constructor(private readonly outputs: ReadonlyMap<TableName, Output>) {
    for (const out of outputs.values()) {
      out.stream.on('error', (error: Error) => {
        this.failure ??= error;
      });
    }
  }

  static async open(outDir: string): Promise<CsvSink> {
    await mkdir(outDir, { recursive: true });
    const outputs = new Map<TableName, Output>();
    for (const table of TABLE_NAMES) {
      const file = path.join(outDir, `${table}.csv`);
      const columns = columnNames(table);
      const stream = createWriteStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
      const header = encodeCsvRow(columns);
      outputs.set(table, {
        table,
        path: file,
        columns,
        stream,
        chunk: [header],
        chunkChars: header.length,
        rows: 0,
      });
    }
    return new CsvSink(outputs);
  }

  row(table: TableName, row: Row): void {
    const out = this.output(table);
    const values = out.columns.map((c) => row[c] ?? null);
    const line = encodeCsvRow(values);
    out.chunk.push(line);
    out.chunkChars += line.length;
    out.rows++;
    if (out.chunkChars >= CHUNK_CHARS) this.flush(out);
  }

  rowCount(table: TableName): number {
    return this.output(table).rows;
  }

  /** True when a stream's buffer is full and the producer should wait before writing more. */
  get needsDrain(): boolean {
    for (const out of this.outputs.values()) if (out.stream.writableNeedDrain) return true;
    return false;
  }

  async drain(): Promise<void> {
    this.throwIfFailed();
    for (const out of this.outputs.values()) {
      if (out.stream.writableNeedDrain) await once(out.stream, 'drain');
    }
    this.throwIfFailed();
  }

  async close(): Promise<WrittenFile[]> {
    const files: WrittenFile[] = [];
    for (const out of this.outputs.values()) {
      this.flush(out);
      out.stream.end();
      await finished(out.stream);
      files.push({ table: out.table, path: out.path, rows: out.rows });
    }
    this.throwIfFailed();
    return files;
  }

  /** Releases the files after a failure; what was written so far is left as it is. */
  abort(): void {
    for (const out of this.outputs.values()) out.stream.destroy();
  }

  private flush(out: Output): void {
    if (out.chunk.length === 0) return;
    out.stream.write(out.chunk.join(''));
    out.chunk = [];
    out.chunkChars = 0;
  }

  private output(table: TableName): Output {
    const out = this.outputs.get(table);
    if (!out) throw new Error(`no output for table ${table}`);
    return out;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
