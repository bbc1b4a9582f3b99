/**
 * Data hooks over the API with react-query: one cache across pages (moving between pages with the same
 * period does not refetch), no retries on a 4xx (it will not get better), one retry on a fault.
 */
import { QueryClient, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { ApiError, apiGet, type QueryParams } from './client.js';
import type { AccountList, MetricsReport, MetricsTrend } from './types.js';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

/** GET `path` with `params`; `path` null waits (a dependent query). */
export function useApi<T>(
  path: string | null,
  params: QueryParams = {},
  options: { staleTime?: number } = {},
): UseQueryResult<T, ApiError> {
  return useQuery<T, ApiError>({
    queryKey: [path, params],
    queryFn: ({ signal }) => apiGet<T>(path ?? '', params, signal),
    enabled: path !== null,
    ...options,
  });
}

/** The API's default period (the last complete month in the data): the period picker's latest month. */
export function useDefaultPeriod(): UseQueryResult<string, ApiError> {
  return useQuery<MetricsReport, ApiError, string>({
    queryKey: ['/api/metrics', { ids: 'mrr' }],
    queryFn: ({ signal }) => apiGet<MetricsReport>('/api/metrics', { ids: 'mrr' }, signal),
    select: (r) => r.period.label,
    staleTime: Infinity,
  });
}

/** The API's page size limit for /api/accounts. */
export const ACCOUNTS_PAGE_MAX = 500;

/**
 * Every account matching `params`, fetched a page at a time (the remaining pages in parallel once the total is
 * known): the health distribution needs every scored account's score.
 */
export function useAllAccounts(params: QueryParams): UseQueryResult<AccountList, ApiError> {
  return useQuery<AccountList, ApiError>({
    queryKey: ['/api/accounts', 'all', params],
    queryFn: async ({ signal }) => {
      const page = (offset: number) =>
        apiGet<AccountList>('/api/accounts', { ...params, limit: ACCOUNTS_PAGE_MAX, offset }, signal);
      const first = await page(0);
      const offsets: number[] = [];
      for (let o = ACCOUNTS_PAGE_MAX; o < first.total; o += ACCOUNTS_PAGE_MAX) offsets.push(o);
      const rest = await Promise.all(offsets.map(page));
      return { ...first, accounts: [...first.accounts, ...rest.flatMap((r) => r.accounts)] };
    },
  });
}

/** The catalog for the global period and segment (one cache entry shared by every page), and a trend. */
export function useCatalog(filters: { period: string | undefined; segment: string | undefined }) {
  return useApi<MetricsReport>('/api/metrics', { period: filters.period, segment: filters.segment });
}

export function useTrend(
  ids: readonly string[],
  filters: { period: string | undefined; segment: string | undefined },
  months = 12,
) {
  return useApi<MetricsTrend>('/api/metrics/trend', {
    ids,
    months,
    end: filters.period,
    segment: filters.segment,
  });
}
