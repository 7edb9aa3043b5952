import type { SessionUser } from '@revlab/domain'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { FilterSelect } from '../../components/FilterSelect'
import { Pager } from '../../components/Pager'
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
            <FilterSelect
              label="Owner"
              allLabel="All reps"
              testId="calls-filter-owner"
              value={view.ownerId}
              options={owners.map((o) => ({ value: o.id, label: o.name }))}
              onChange={(ownerId) => onChange({ ownerId, page: 1 })}
            />
          )}
          <FilterSelect
            label="Account"
            allLabel="All accounts"
            testId="calls-filter-account"
            value={view.accountId}
            options={(filters.data?.accounts ?? []).map((a) => ({ value: a.id, label: a.name }))}
            onChange={(accountId) => onChange({ accountId, page: 1 })}
          />
          <FilterSelect
            label="Evidence"
            allLabel="Any evidence"
            testId="calls-filter-evidence"
            value={view.evidence}
            options={(filters.data?.evidenceKinds ?? []).map((k) => ({ value: k, label: humanize(k) }))}
            onChange={(evidence) => onChange({ evidence, page: 1 })}
          />
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

        <Pager
          testId="calls-pager"
          page={view.page}
          pageSize={CALLS_PAGE_SIZE}
          total={total}
          onPage={(page) => onChange({ page })}
        />
      </section>
    </main>
  )
}
