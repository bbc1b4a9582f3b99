/**
 * HTTP access to the Keel API with the signed-in key. A 401 signs the user out with the server's reason; every
 * other failure becomes an ApiError the page shows in place (403 as "your key's role cannot see this").
 */
import { authStore, signOut } from '../auth/api-key.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryParams = Readonly<Record<string, string | number | readonly string[] | null | undefined>>;

/** Drops empty values so the API applies its defaults; lists become comma-separated. */
export function queryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(name, value.join(','));
    } else search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request(path: string, params?: QueryParams, init?: RequestInit): Promise<Response> {
  const key = authStore.get().key;
  if (!key) throw new ApiError(401, 'unauthorized', 'not signed in');
  let res: Response;
  try {
    res = await fetch(`${path}${queryString(params)}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...init?.headers },
    });
  } catch {
    throw new ApiError(0, 'network', 'the Keel server did not answer; is `keel serve` running?');
  }
  if (res.ok) return res;
  const error = await res
    .json()
    .then((body: unknown) => (body as { error?: { code?: string; message?: string } }).error)
    .catch(() => undefined);
  const message = error?.message ?? `${res.status} ${res.statusText}`;
  // Only sign out if the key that failed is still the current one (a late answer must not undo a new sign-in).
  if (res.status === 401 && authStore.get().key === key)
    signOut(`The server did not accept the API key (${message}).`);
  throw new ApiError(res.status, error?.code ?? 'http', message);
}

export async function apiGet<T>(path: string, params?: QueryParams, signal?: AbortSignal): Promise<T> {
  const res = await request(path, params, signal ? { signal } : undefined);
  return (await res.json()) as T;
}

/** Fetches a file with the key (a plain link could not send the header) and hands it to the browser. */
export async function apiDownload(path: string, params: QueryParams, fallbackName: string): Promise<void> {
  const res = await request(path, params, { headers: { accept: 'text/csv' } });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Checks a key before keeping it: a viewer key is enough for the benchmark catalog. */
export async function verifyKey(key: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const res = await fetch('/api/benchmarks', { headers: { authorization: `Bearer ${key.trim()}` } });
    if (res.ok) return { ok: true };
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: body?.error?.message ?? `the server answered ${res.status}` };
  } catch {
    return { ok: false, message: 'the Keel server did not answer' };
  }
}
