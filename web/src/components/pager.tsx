/** Previous / next paging under a server-paged table, with the range shown ("1–50 of 412"). */
import { count } from '../lib/format.js';

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
