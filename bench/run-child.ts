/**
 * Shared by both benchmark entry points: progress logging, flag parsing, and `runChildScript`, which runs one
 * task in a child process (so its peak memory is its own) and returns the JSON printed on its last
 * `RESULT_PREFIX` line, with the child's whole lifetime as the parent saw it.
 */
import { spawn } from 'node:child_process';
import { RESULT_PREFIX } from './import/protocol.js';

export function runChildScript(
  script: string,
  task: unknown,
  label: string,
): Promise<{ result: unknown; processSeconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // process.execArgv carries tsx's loader flags, so the child runs TypeScript the way this process does.
    const child = spawn(process.execPath, [...process.execArgv, script, JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`${label} failed (exit code ${code}); see its output above`));
        return;
      }
      resolve({
        result: JSON.parse(line.slice(RESULT_PREFIX.length)),
        processSeconds: (performance.now() - started) / 1000,
      });
    });
  });
}

/** Progress to stderr, so stdout stays the results table. */
export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`${flag} wants a positive whole number, got "${value}"`);
  return n;
}

/** Runs a benchmark's main and turns its result into the exit code; a thrown error is exit code 2. */
export function runBenchmark(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      log(`\nbenchmark error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
