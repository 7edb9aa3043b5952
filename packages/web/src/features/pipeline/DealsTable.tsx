import type { DealFilters, DealList } from '@revlab/domain'
import { useEffect, useState } from 'react'
import { Pager } from '../../components/Pager'
import { Empty, ErrorBox } from '../../components/Status'
import { StatusBadge } from '../../components/StatusBadge'
import { formatCount, formatDate, formatMoneyCompact, formatMoneyFull } from '../../lib/format'
import { Link } from '../../lib/router'
import type { ApiState } from '../../lib/use-api'
import { PAGE_SIZE, stageFilterValue, type PipelineView, type SortKey } from './pipeline-url'

type Props = {
  view: PipelineView
  filters: DealFilters | undefined
  deals: ApiState<DealList>
  onChange: (patch: Partial<PipelineView>, options?: { replace?: boolean }) => void
}

const SEARCH_DELAY_MS = 300

export function DealsTable({ view, filters, deals, onChange }: Props) {
  const [search, setSearch] = useState(view.q)

  // Follow the URL when it changes from outside (Back, a reset), not while typing.
  useEffect(() => setSearch(view.q), [view.q])

  useEffect(() => {
    if (search === view.q) return
    const timer = window.setTimeout(
      () => onChange({ q: search, page: 1 }, { replace: true }),
      SEARCH_DELAY_MS,
    )
    return () => window.clearTimeout(timer)
  }, [search, view.q, onChange])

  const list = deals.data
  const total = list?.total ?? 0
  const stages = stageGroups(filters)

  const sortHeader = (key: SortKey, label: string, numeric = false) => {
    const active = view.sort === key
    const nextOrder = active && view.order === 'desc' ? 'asc' : 'desc'
    return (
      <th
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none'}
      >
        <button
          type="button"
          className={`sort${active ? ' active' : ''}`}
          data-testid={`sort-${key}`}
          onClick={() =>
            onChange({ sort: key, order: active ? nextOrder : key === 'name' ? 'asc' : 'desc', page: 1 })
          }
        >
          {label}
          <span className="sort-icon" aria-hidden="true">
            {active ? (view.order === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    )
  }

  return (
    <section className="card" aria-labelledby="deals-heading">
      <div className="card-header">
        <h2 id="deals-heading">Deals</h2>
        <span className="muted" data-testid="deals-total" data-total={list ? total : undefined}>
          {list ? `${formatCount(total)} ${total === 1 ? 'deal' : 'deals'}` : ''}
        </span>
      </div>

      <div className="toolbar" role="search">
        <input
          type="search"
          className="search"
          placeholder="Search deals or accounts…"
          aria-label="Search deals or accounts"
          data-testid="filter-q"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          aria-label="Status"
          data-testid="filter-status"
          value={view.status}
          onChange={(e) => onChange({ status: e.target.value as PipelineView['status'], page: 1 })}
        >
          <option value="">All statuses</option>
          <option value="open">Open</option>
          <option value="won">Won</option>
          <option value="lost">Lost</option>
        </select>
        <select
          aria-label="Stage"
          data-testid="filter-stage"
          value={view.stageKey}
          onChange={(e) => onChange({ stageKey: e.target.value, page: 1 })}
        >
          <option value="">All stages</option>
          {stages.map((g) => (
            <optgroup key={g.model} label={g.model}>
              {g.stages.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {(view.status || view.stageKey || view.q) && (
          <button
            type="button"
            className="button link"
            onClick={() => {
              setSearch('')
              onChange({ status: '', stageKey: '', q: '', page: 1 })
            }}
          >
            Clear
          </button>
        )}
      </div>

      {deals.status === 'error' && <ErrorBox title="Could not load deals" error={deals.error} />}

      <div className={`table-wrap${deals.status === 'loading' ? ' is-loading' : ''}`}>
        <table className="table" data-testid="deals-table">
          <thead>
            <tr>
              {sortHeader('name', 'Deal')}
              <th>Account</th>
              <th>Owner</th>
              <th>Stage</th>
              <th>Status</th>
              {sortHeader('amount', 'Amount', true)}
              {sortHeader('closeDate', 'Close date', true)}
              {sortHeader('createdAt', 'Created', true)}
            </tr>
          </thead>
          <tbody>
            {list?.data.map((deal) => (
              <tr key={deal.id} data-testid="deal-row" data-deal-id={deal.id}>
                <td className="strong">
                  <Link to={`/deals/${encodeURIComponent(deal.id)}`} data-testid="deal-link">
                    {deal.name}
                  </Link>
                </td>
                <td>{deal.accountName}</td>
                <td data-testid="deal-owner">{deal.ownerName}</td>
                <td>{deal.stageName}</td>
                <td>
                  <StatusBadge status={deal.status} />
                </td>
                <td className="num" title={formatMoneyFull(deal.amountCents, deal.currency)}>
                  {formatMoneyCompact(deal.amountCents, deal.currency)}
                </td>
                <td className="num">{formatDate(deal.closeDate)}</td>
                <td className="num">{formatDate(deal.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list && list.data.length === 0 && <Empty>No deals match these filters.</Empty>}
      </div>

      <Pager page={view.page} pageSize={PAGE_SIZE} total={total} onPage={(page) => onChange({ page })} />
    </section>
  )
}

/** Stages grouped by stage model, in pipeline order; a value names both, since models may share a key. */
function stageGroups(
  filters: DealFilters | undefined,
): Array<{ model: string; stages: Array<{ value: string; name: string }> }> {
  if (!filters) return []
  const groups = new Map<string, Array<{ value: string; name: string; position: number }>>()
  for (const s of filters.stages) {
    const group = groups.get(s.stageModelName) ?? []
    group.push({ value: stageFilterValue(s.stageModelId, s.key), name: s.name, position: s.position })
    groups.set(s.stageModelName, group)
  }
  return [...groups.entries()].map(([model, stages]) => ({
    model,
    stages: stages.sort((a, b) => a.position - b.position),
  }))
}
