/**
 * Runs one benchmark task in a child process (so its peak memory is its own) and returns the JSON it prints
 * on its last `RESULT_PREFIX` line, with the child's whole lifetime as the parent saw it.
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
