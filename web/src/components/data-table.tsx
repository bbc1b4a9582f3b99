/**
 * Tables: column declarations, header buttons that sort (with aria-sort), row headers with scope, and a
 * horizontally scrolling frame on narrow screens. Sorting is the server's for paged lists (accounts, cases)
 * or done here for small ones; either way the sort lives in the URL.
 */
import type { ReactNode } from 'react';
import { usePageParams } from '../lib/url-state.js';

export type SortOrder = 'asc' | 'desc';
type SortValue = string | number | boolean | null | undefined;

export interface Column<T> {
  readonly key: string;
  readonly label: ReactNode;
  readonly render: (row: T) => ReactNode;
  /** The value sorted on (client-side sorting); a column without one does not sort. */
  readonly sortValue?: (row: T) => SortValue;
  /** Sortable by the server under this name. */
  readonly serverSort?: string;
  readonly numeric?: boolean;
  /** The column that names the row (a `th scope="row"`). */
  readonly rowHeader?: boolean;
  /** Sort descending on the first click (figures where bigger is the interesting end). */
  readonly descFirst?: boolean;
  readonly className?: string;
}

export interface SortState {
  readonly key: string;
  readonly order: SortOrder;
}

function HeaderCell<T>({
  column,
  sort,
  onSort,
}: {
  column: Column<T>;
  sort: SortState | null;
  onSort: ((column: Column<T>) => void) | null;
}) {
  const sortable = onSort && (column.sortValue || column.serverSort);
  const active = sort?.key === (column.serverSort ?? column.key);
  const ariaSort = active ? (sort?.order === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th
      scope="col"
      className={column.numeric ? 'num' : undefined}
      aria-sort={sortable ? (ariaSort ?? 'none') : undefined}
    >
      {sortable ? (
        <button type="button" className="sort-button" data-active={active} onClick={() => onSort(column)}>
          {column.label}
          <span aria-hidden="true">{active ? (sort?.order === 'asc' ? '▲' : '▼') : '↕'}</span>
        </button>
      ) : (
        column.label
      )}
    </th>
  );
}

export function DataTable<T>({
  rows,
  columns,
  rowKey,
  caption,
  sort = null,
  onSort = null,
  rowClass,
  className,
  collapse = true,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  caption?: ReactNode;
  sort?: SortState | null;
  onSort?: ((column: Column<T>) => void) | null;
  rowClass?: (row: T) => string | undefined;
  className?: string;
  /**
   * Below 640 px each row becomes a card of label: value pairs instead of a table that scrolls sideways (the
   * default; false keeps the table).
   */
  collapse?: boolean;
}) {
  return (
    <div
      className={`table-wrap ${collapse ? 'collapsible' : ''} ${className ?? ''}`}
      tabIndex={0}
      role="region"
      aria-label={typeof caption === 'string' ? caption : 'table'}
    >
      <table>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <HeaderCell key={c.key} column={c} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClass?.(row)}>
              {columns.map((c) => {
                const cls = [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined;
                return c.rowHeader ? (
                  <th key={c.key} scope="row" className={cls}>
                    {c.render(row)}
                  </th>
                ) : (
                  <td
                    key={c.key}
                    className={cls}
                    data-label={typeof c.label === 'string' ? c.label : undefined}
                  >
                    {c.render(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function compare(a: SortValue, b: SortValue): number {
  // Nulls last whatever the order, as the API sorts.
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * Sorts small tables in the browser, the sort kept in the URL under `param` (`name` or `-name` for
 * descending). Returns what DataTable needs.
 */
export function useClientSort<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  param: string,
  initial: SortState,
): { rows: T[]; sort: SortState; onSort: (column: Column<T>) => void } {
  const [params, update] = usePageParams();
  const raw = params.get(param);
  const sort: SortState = raw
    ? { key: raw.replace(/^-/, ''), order: raw.startsWith('-') ? 'desc' : 'asc' }
    : initial;
  const column = columns.find((c) => c.key === sort.key);
  const sorted = [...rows];
  if (column?.sortValue) {
    const value = column.sortValue;
    sorted.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || va === undefined || vb === null || vb === undefined) return compare(va, vb);
      return sort.order === 'asc' ? compare(va, vb) : compare(vb, va);
    });
  }
  const onSort = (c: Column<T>) => {
    const order: SortOrder =
      c.key === sort.key ? (sort.order === 'asc' ? 'desc' : 'asc') : c.descFirst ? 'desc' : 'asc';
    update({ [param]: order === 'desc' ? `-${c.key}` : c.key }, false);
  };
  return { rows: sorted, sort, onSort };
}
