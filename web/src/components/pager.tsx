/**
 * Paging and sorting a server-paged table: previous / next with the range shown ("1–50 of 412"), and the sort
 * a header click asks for.
 */
import { count } from '../lib/format.js';
import type { Column, SortState } from './data-table.js';

export function Pager(props: {
  offset: number;
  shown: number;
  total: number;
  page: number;
  onPage: (page: number) => void;
}) {
  const { offset, shown, total, page, onPage } = props;
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">
        {count(offset + 1)}–{count(offset + shown)} of {count(total)}
      </span>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <button
        type="button"
        className="button"
        disabled={offset + shown >= total}
        onClick={() => onPage(page + 1)}
      >
        Next
      </button>
    </nav>
  );
}

/** The order a click on a column header asks for: flip the current column, else the column's first order. */
export function nextOrder(
  clicked: string,
  current: { key: string; order: 'asc' | 'desc' },
  descFirst: boolean | undefined,
): 'asc' | 'desc' {
  if (clicked === current.key) return current.order === 'asc' ? 'desc' : 'asc';
  return descFirst ? 'desc' : 'asc';
}

/**
 * The header click of a server-sorted table: the sort goes in the URL (replacing the history entry, as a
 * re-sort is not a new page) and the list starts again at its first page.
 */
export function sortInUrl(
  current: SortState,
  update: (changes: Record<string, string | null>, push: boolean) => void,
): (column: Pick<Column<unknown>, 'key' | 'serverSort' | 'descFirst'>) => void {
  return (c) => {
    const key = c.serverSort ?? c.key;
    update({ sort: key, order: nextOrder(key, current, c.descFirst), page: null }, false);
  };
}
