/**
 * Runs the real `keel` command in a child process (TypeScript sources through tsx), as a user would; never
 * throws on a non-zero exit, so tests can assert on the code. The environment's KEEL_DB / KEEL_DATABASE_URL
 * are cleared so only the test's own flags choose the workspace.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const KEEL_MAIN = new URL('../cli/main.ts', import.meta.url).pathname;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function keel(args: readonly string[], options: { cwd?: string } = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', KEEL_MAIN, ...args], {
      env: { ...process.env, KEEL_DB: '', KEEL_DATABASE_URL: '' },
      maxBuffer: 64 * 1024 * 1024,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `keel … serve …` left running; resolves with the URL and what it printed once it listens. */
export async function serve(
  args: readonly string[],
): Promise<{ child: ChildProcess; url: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', KEEL_MAIN, ...args], {
    env: { ...process.env, KEEL_DB: '', KEEL_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      // The banner is written in one go after the server listens; the last line ends it.
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1] && out.includes('Press Ctrl+C to stop.')) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`keel serve exited (${code}): ${out}${err}`)));
  });
  return { child, url, stdout: out };
}
