/** Loading, error and empty states, shaped the same on every page; loading is announced to screen readers. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

export function Loading({ what, rows = 3 }: { what: string; rows?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="visually-hidden">Loading {what}…</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const api = error instanceof ApiError ? error : null;
  if (api?.status === 403)
    return (
      <div className="state state-forbidden" role="alert">
        <strong>Your key’s role cannot see this.</strong>
        <p>{api.message}. Ask an admin for a key with that role (`keel keys create --role …`).</p>
      </div>
    );
  if (api?.status === 404)
    return (
      <div className="state state-empty" role="alert">
        <strong>Not found.</strong>
        <p>{api.message}</p>
      </div>
    );
  return (
    <div className="state state-error" role="alert">
      <strong>{api?.status === 0 ? 'The server is not answering.' : 'This could not be loaded.'}</strong>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** Renders a query's data, or its loading or error state. */
export function Async<T>({
  query,
  what,
  rows,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  what: string;
  rows?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} {...(rows ? { rows } : {})} />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
