/**
 * Errors services throw. The CLI maps codes to exit codes and the API (later) to HTTP statuses, each in
 * one table, so a new code is a compile error at both edges until it is mapped.
 */

export const ERROR_CODES = [
  'usage', // the caller asked for something malformed (bad flag, unknown table)
  'input_rejected', // --strict and some input rows were refused
  'not_found',
  'database_locked', // another process holds the DuckDB file
  'database', // the engine failed
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** Why a JSON settings file could not be used, for "<what> <path> <reason>" messages. */
export function jsonFileProblem(error: unknown): string {
  if (error instanceof SyntaxError) return `is not valid JSON (${error.message})`;
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(error)})`;
}
