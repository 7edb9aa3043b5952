import type { SessionUser } from '@revlab/domain'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { Empty, ErrorBox } from '../../components/Status'
import { formatCount, formatDate, formatPercent, humanize } from '../../lib/format'
import { Link, navigate, useLocation } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import {
  CALLS_PAGE_SIZE,
  callsQuery,
  callsViewToUrl,
  formatDuration,
  readCallsView,
  type CallsView,
} from './calls-url'
import { useCallFilters, useCalls } from './use-calls'
import './calls.css'

const SEARCH_DELAY_MS = 300

export function CallsPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Calls')
  const { search } = useLocation()
  const searchKey = search.toString()
  const view = useMemo(() => readCallsView(new URLSearchParams(searchKey)), [searchKey])
  const query = useMemo(() => callsQuery(view), [view])
  const calls = useCalls(query)
  const filters = useCallFilters()
  const [text, setText] = useState(view.q)

  const onChange = useCallback(
    (patch: Partial<CallsView>, options?: { replace?: boolean }) =>
      navigate(callsViewToUrl({ ...view, ...patch }), options),
    [view],
  )

  // Follow the URL when it changes from outside (Back, Clear), not while typing.
  useEffect(() => setText(view.q), [view.q])
  useEffect(() => {
    if (text === view.q) return
    const timer = window.setTimeout(() => onChange({ q: text, page: 1 }, { replace: true }), SEARCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [text, view.q, onChange])

  const list = calls.data
  const total = list?.total ?? 0
  const pageCount = Math.max(1, Math.ceil(total / CALLS_PAGE_SIZE))
  const first = total === 0 ? 0 : (view.page - 1) * CALLS_PAGE_SIZE + 1
  const last = Math.min(total, view.page * CALLS_PAGE_SIZE)
  const owners = filters.data?.owners ?? []
  // A rep's own list doesn't need a column that repeats their name.
  const showOwner = owners.length !== 1
  const filtered =
    view.ownerId || view.dealId || view.accountId || view.from || view.to || view.q || view.evidence
  const dealName = view.dealId ? (list?.data[0]?.dealName ?? view.dealId) : ''

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Calls</h1>
          <p className="muted">
            {user.role === 'rep' ? 'Your calls' : 'All calls you can see'} · measured, with the evidence
          </p>
        </div>
        <Link to="/calls/trends" className="button" data-testid="link-call-trends">
          Rep behaviour trends →
        </Link>
      </div>

      <section className="card" aria-labelledby="calls-heading">
        <div className="card-header">
          <h2 id="calls-heading">{view.dealId ? `Calls on ${dealName}` : 'Recorded calls'}</h2>
          <span className="muted" data-testid="calls-total" data-total={list ? total : undefined}>
            {list ? `${formatCount(total)} ${total === 1 ? 'call' : 'calls'}` : ''}
          </span>
        </div>

        <div className="toolbar calls-toolbar" role="search">
          <input
            type="search"
            className="search"
            placeholder="Search calls and what was said…"
            aria-label="Search calls"
            data-testid="calls-filter-q"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {owners.length > 1 && (
            <select
              aria-label="Owner"
              data-testid="calls-filter-owner"
              value={view.ownerId}
              onChange={(e) => onChange({ ownerId: e.target.value, page: 1 })}
            >
              <option value="">All reps</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
          <select
            aria-label="Account"
            data-testid="calls-filter-account"
            value={view.accountId}
            onChange={(e) => onChange({ accountId: e.target.value, page: 1 })}
          >
            <option value="">All accounts</option>
            {filters.data?.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Evidence"
            data-testid="calls-filter-evidence"
            value={view.evidence}
            onChange={(e) => onChange({ evidence: e.target.value, page: 1 })}
          >
            <option value="">Any evidence</option>
            {filters.data?.evidenceKinds.map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
          <label className="date-filter">
            From
            <input
              type="date"
              aria-label="From"
              data-testid="calls-filter-from"
              value={view.from}
              onChange={(e) => onChange({ from: e.target.value, page: 1 })}
            />
          </label>
          <label className="date-filter">
            To
            <input
              type="date"
              aria-label="To"
              data-testid="calls-filter-to"
              value={view.to}
              onChange={(e) => onChange({ to: e.target.value, page: 1 })}
            />
          </label>
          {filtered && (
            <button
              type="button"
              className="button link"
              onClick={() => {
                setText('')
                navigate('/calls')
              }}
            >
              Clear
            </button>
          )}
        </div>

        {calls.status === 'error' && <ErrorBox title="Could not load calls" error={calls.error} />}

        <div className={`table-wrap${calls.status === 'loading' ? ' is-loading' : ''}`}>
          <table className="table" data-testid="calls-table">
            <thead>
              <tr>
                <th>Date</th>
                <th>Call</th>
                {showOwner && <th>Rep</th>}
                <th>Deal · account</th>
                <th className="num">Length</th>
                <th className="num" title="The selling side's share of the words">
                  Talk ratio
                </th>
                <th className="num">Open questions</th>
                <th>Evidence</th>
              </tr>
            </thead>
            <tbody>
              {list?.data.map((c) => (
                <tr key={c.id} data-testid="call-row" data-call-id={c.id}>
                  <td className="nowrap">{formatDate(c.startedAt)}</td>
                  <td className="strong">
                    <Link to={`/calls/${encodeURIComponent(c.id)}`} data-testid="call-link">
                      {c.title}
                    </Link>
                  </td>
                  {showOwner && <td data-testid="call-owner">{c.ownerName ?? '–'}</td>}
                  <td>
                    {c.dealId ? (
                      <Link to={`/deals/${encodeURIComponent(c.dealId)}`}>{c.dealName ?? c.dealId}</Link>
                    ) : (
                      '–'
                    )}
                    {c.accountName && <span className="cell-sub">{c.accountName}</span>}
                  </td>
                  <td className="num">{formatDuration(c.durationS)}</td>
                  <td className="num">{formatPercent(c.talkRatio)}</td>
                  <td className="num">
                    {c.openQuestions ?? '–'}
                    {c.questions !== null && <span className="cell-sub">of {c.questions}</span>}
                  </td>
                  <td>
                    <div className="chips">
                      {c.evidenceKinds.map((k) => (
                        <span key={k} className={`chip ev-chip ev-${k}`}>
                          {humanize(k)}
                        </span>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list && list.data.length === 0 && <Empty>No calls match these filters.</Empty>}
        </div>

        <div className="pager" data-testid="calls-pager">
          <span className="muted">
            {total > 0 ? `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}` : ''}
          </span>
          <div className="pager-controls">
            <button
              type="button"
              className="button"
              disabled={view.page <= 1}
              onClick={() => onChange({ page: view.page - 1 })}
            >
              ‹ Prev
            </button>
            <span>
              Page {formatCount(Math.min(view.page, pageCount))} of {formatCount(pageCount)}
            </span>
            <button
              type="button"
              className="button"
              disabled={view.page >= pageCount}
              onClick={() => onChange({ page: view.page + 1 })}
            >
              Next ›
            </button>
          </div>
        </div>
      </section>
    </main>
  )
}
