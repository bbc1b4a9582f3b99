/**
 * The CLI's one printer: aligned tables for people, JSON with --json, progress on stderr only when it is a
 * terminal (so piped output stays clean), and the exit codes of DESIGN §5 as constants.
 */
import type { ErrorCode } from '../domain/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_REJECTED = 3;

export const EXIT_BY_ERROR: Record<ErrorCode, number> = {
  usage: EXIT_USAGE,
  input_rejected: EXIT_REJECTED,
  not_found: EXIT_FAILURE,
  database_locked: EXIT_FAILURE,
  database: EXIT_FAILURE,
  internal: EXIT_FAILURE,
};

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

type Cell = string | number | null | undefined;

export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) =>
    r.map((c) =>
      c === null || c === undefined ? '' : typeof c === 'number' ? c.toLocaleString('en-US') : c,
    ),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) =>
    rows.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === undefined),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...text.map(line)].join('\n');
}

/**
 * Progress on stderr, so stdout stays clean for tables and JSON. On a terminal one line is rewritten in place;
 * otherwise (a log, CI) a plain line is written at most every 10 seconds, so short runs print nothing.
 */
export function progressLine(enabled: boolean): { update(message: string): void; done(): void } {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let last = '';
  let shownAt = 0;
  return {
    update(message) {
      if (!enabled || message === last) return;
      const now = Date.now();
      if (tty) {
        if (now - shownAt < 100 && message.startsWith(last.split(':')[0] ?? '')) return;
        process.stderr.write(`\r\x1b[2K${message}`);
      } else {
        if (now - started < 10_000 || now - shownAt < 10_000) return;
        process.stderr.write(`${message}\n`);
      }
      shownAt = now;
      last = message;
    },
    done() {
      if (tty && last) process.stderr.write('\r\x1b[2K');
      last = '';
    },
  };
}

/** A metric value in its unit, as the CLI's tables show it. */
export function formatMetricValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'multiple':
      return `${value.toFixed(2)}×`;
    case 'currency':
      return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
    case 'minutes':
      return `${value.toFixed(1)} min`;
    case 'hours':
      return `${value.toFixed(1)} h`;
    case 'days':
      return `${value.toFixed(1)} d`;
    case 'months':
      return `${value.toFixed(1)} mo`;
    case 'points':
      return value.toFixed(1);
    default:
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
}
