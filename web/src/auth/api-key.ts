/**
 * The dashboard's API key: pasted on the sign-in screen or handed over in the URL fragment (`#key=…`, which
 * never reaches a server log), kept in localStorage, and dropped with a message when the API answers 401.
 * A tiny external store, so React re-renders the sign-in screen the moment the key goes.
 */

const STORAGE_KEY = 'keel.apiKey';

export interface AuthState {
  readonly key: string | null;
  /** Why the user is looking at the sign-in screen (a rejected key), if not simply signed out. */
  readonly notice: string | null;
}

const listeners = new Set<() => void>();
let state: AuthState = { key: readStoredKey(), notice: null };

function readStoredKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policy): the key then lives only in memory
  }
}

function set(next: AuthState): void {
  state = next;
  try {
    if (next.key) localStorage.setItem(STORAGE_KEY, next.key);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // see readStoredKey
  }
  for (const l of listeners) l();
}

export const authStore = {
  get: (): AuthState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function signIn(key: string): void {
  set({ key: key.trim(), notice: null });
}

export function signOut(notice: string | null = null): void {
  set({ key: null, notice });
}

/**
 * Takes `#key=…` off the address: stores the key and rewrites the URL without the fragment, so the key is
 * neither left in the history nor copied along with a shared link. Other fragments are left alone.
 */
export function takeKeyFromFragment(location: Location, history: History): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const key = params.get('key');
  if (!key) return;
  signIn(key);
  params.delete('key');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
}
