/**
 * Page state lives in the URL: the global period and segment (carried across pages), and each page's own
 * filters, sort and paging. A link or a reload shows exactly what the person was looking at.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { SEGMENTS } from '../../../src/domain/canonical-tables.js';
import { isMonth, monthEnd } from './periods.js';

export type Segment = (typeof SEGMENTS)[number];
export const SEGMENT_OPTIONS: readonly Segment[] = SEGMENTS;
/** The query parameters every page keeps when the user moves between pages. */
export const GLOBAL_PARAMS = ['period', 'segment'] as const;

const isSegment = (v: string | null): v is Segment => (SEGMENTS as readonly string[]).includes(v ?? '');

export interface GlobalFilters {
  /** `YYYY-MM`; undefined means the API's default (the last complete month). */
  readonly period: string | undefined;
  readonly segment: Segment | undefined;
  /** The as-of date of point-in-time views for the period (the day after it). */
  readonly asOf: string | undefined;
}

export function useGlobalFilters(): GlobalFilters {
  const [params] = useSearchParams();
  const rawPeriod = params.get('period');
  const rawSegment = params.get('segment');
  return useMemo(() => {
    const period = isMonth(rawPeriod) ? rawPeriod : undefined;
    return {
      period,
      segment: isSegment(rawSegment) ? rawSegment : undefined,
      asOf: period ? monthEnd(period) : undefined,
    };
  }, [rawPeriod, rawSegment]);
}

type ParamValue = string | number | null | undefined;

/** Reads and writes the page's own query parameters; writing replaces history for typing, pushes otherwise. */
export function usePageParams(): [
  URLSearchParams,
  (changes: Record<string, ParamValue>, push?: boolean) => void,
] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, ParamValue>, push = true) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(changes)) {
            if (value === undefined || value === null || value === '') next.delete(name);
            else next.set(name, String(value));
          }
          return next;
        },
        { replace: !push },
      );
    },
    [setParams],
  );
  return [params, update];
}

/** A path with the current period and segment, plus page parameters (empty values dropped). */
export function withGlobal(
  path: string,
  current: URLSearchParams,
  extra: Record<string, ParamValue> = {},
): string {
  const next = new URLSearchParams();
  for (const name of GLOBAL_PARAMS) {
    const v = current.get(name);
    if (v) next.set(name, v);
  }
  for (const [name, value] of Object.entries(extra))
    if (value !== undefined && value !== null && value !== '') next.set(name, String(value));
  const text = next.toString();
  return text ? `${path}?${text}` : path;
}
