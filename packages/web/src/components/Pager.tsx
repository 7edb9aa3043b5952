import { formatCount } from '../lib/format'

/** Page-by-page navigation under a list: "Showing 1–50 of 1,234" and Prev / Next. Pages count from 1. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  testId = 'pager',
}: {
  page: number
  pageSize: number
  total: number
  onPage: (page: number) => void
  testId?: string
}) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1
  const last = Math.min(total, page * pageSize)
  return (
    <div className="pager" data-testid={testId}>
      <span className="muted">
        {total > 0 ? `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}` : ''}
      </span>
      <div className="pager-controls">
        <button
          type="button"
          className="button"
          data-testid="page-prev"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
        >
          ‹ Prev
        </button>
        <span data-testid="page-indicator">
          Page {formatCount(Math.min(page, pageCount))} of {formatCount(pageCount)}
        </span>
        <button
          type="button"
          className="button"
          data-testid="page-next"
          disabled={page >= pageCount}
          onClick={() => onPage(page + 1)}
        >
          Next ›
        </button>
      </div>
    </div>
  )
}
