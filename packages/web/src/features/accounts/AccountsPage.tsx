/**
 * Accounts: run rate against the frozen baseline, the incremental growth
 * above it, the week's move, hunter and core owners and the business-review
 * clock, sortable; NRR/GRR tiles and the week's top gainers and losers.
 */
import { useEffect, useMemo, useState } from 'react'
import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatDate, formatMoneyCompact, formatMoneyFull, formatPercent } from '../../lib/format'
import { Link, navigate, useLocation } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { GainersLosersChart } from './charts'
import { useConsumption, useLastReviews, type AccountRow } from './use-accounts'
import './accounts.css'

type SortKey = 'name' | 'runRate' | 'baseline' | 'incremental' | 'change7' | 'lastReview'
const ROWS_SHOWN = 25
const SORT_KEYS: SortKey[] = ['name', 'runRate', 'baseline', 'incremental', 'change7', 'lastReview']

type Row = AccountRow & {
  change7Cents: number
  lastReview: string | null
  overdueDays: number | null
}

const sortValue = (r: Row, key: SortKey): string | number => {
  switch (key) {
    case 'name':
      return r.name.toLowerCase()
    case 'runRate':
      return r.runRate30Cents
    case 'baseline':
      return r.baselineRunRateCents
    case 'incremental':
      return r.incrementalRunRateCents
    case 'change7':
      return r.change7Cents
    case 'lastReview':
      return r.lastReview ?? ''
  }
}

export function signedMoney(cents: number): string {
  if (cents === 0) return formatMoneyCompact(0)
  return `${cents > 0 ? '+' : '−'}${formatMoneyCompact(Math.abs(cents))}`
}

export function AccountsPage() {
  useDocumentTitle('Accounts')
  const { pathname, search } = useLocation()
  const legacyAccount = search.get('account')
  // /consumption is the old name of this page; briefing links (/consumption?account=…) open the account.
  useEffect(() => {
    if (legacyAccount) navigate(`/accounts/${encodeURIComponent(legacyAccount)}`, { replace: true })
    else if (pathname === '/consumption') navigate('/accounts', { replace: true })
  }, [legacyAccount, pathname])

  const sortParam = search.get('sort') as SortKey | null
  const sort: SortKey = sortParam && SORT_KEYS.includes(sortParam) ? sortParam : 'runRate'
  const order = search.get('order') === 'asc' ? 'asc' : 'desc'
  const q = search.get('q') ?? ''
  const dateParam = search.get('date') ?? ''
  const date = /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : ''

  const [showAll, setShowAll] = useState(false)
  const consumption = useConsumption(date)
  const reviews = useLastReviews(date)
  const data = consumption.data?.status === 'ok' ? consumption.data : null

  const rows = useMemo<Row[]>(() => {
    if (!data) return []
    const last = new Map((reviews.data?.lastReviews ?? []).map((r) => [r.accountId, r.lastHeldAt]))
    const overdue = new Map(data.businessReviews.overdue.map((o) => [o.accountId, o.daysOverdue]))
    const needle = q.trim().toLowerCase()
    const list = data.accounts
      .filter(
        (a) =>
          !needle ||
          `${a.name} ${a.hunterName ?? ''} ${a.coreOwnerName ?? ''}`.toLowerCase().includes(needle),
      )
      .map((a) => ({
        ...a,
        change7Cents: a.last7Cents - a.prior7Cents,
        lastReview: last.get(a.id) ?? null,
        overdueDays: overdue.get(a.id) ?? null,
      }))
    const dir = order === 'asc' ? 1 : -1
    return list.sort((a, b) => {
      const x = sortValue(a, sort)
      const y = sortValue(b, sort)
      return x < y ? -dir : x > y ? dir : a.name.localeCompare(b.name)
    })
  }, [data, reviews.data, q, sort, order])

  const setParams = (patch: Record<string, string>, replace = false) => {
    const next = new URLSearchParams(search)
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v)
      else next.delete(k)
    }
    const qs = next.toString()
    navigate(`/accounts${qs ? `?${qs}` : ''}`, { replace })
  }

  const header = (key: SortKey, label: string, numeric = true) => {
    const active = sort === key
    return (
      <th
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      >
        <button
          type="button"
          className={`sort${active ? ' active' : ''}`}
          data-testid={`sort-${key}`}
          onClick={() =>
            setParams({
              sort: key,
              order: active ? (order === 'desc' ? 'asc' : 'desc') : key === 'name' ? 'asc' : 'desc',
            })
          }
        >
          {label}
          <span className="sort-icon" aria-hidden="true">
            {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    )
  }

  const overall = data?.retention.overall
  return (
    <main className="page" data-testid="accounts-page">
      <div className="page-header">
        <div>
          <h1>Accounts</h1>
          <p className="muted">
            Consumption against the baseline frozen on 1 January
            {consumption.data ? ` · as of ${formatDate(consumption.data.asOf)}` : ''}
          </p>
        </div>
        <div className="filters">
          <label className="accounts-date">
            As of{' '}
            <input
              type="date"
              aria-label="As of date"
              data-testid="accounts-date"
              value={date || (consumption.data?.asOf ?? '')}
              onChange={(e) => setParams({ date: e.target.value })}
            />
          </label>
          <Link to="/use-cases" className="button ghost">
            Use cases →
          </Link>
        </div>
      </div>

      {consumption.status === 'error' && (
        <ErrorBox title="Could not load accounts" error={consumption.error} />
      )}
      {!consumption.data && consumption.status === 'loading' && <Loading label="Loading accounts…" />}
      {consumption.data?.status === 'insufficient-data' && <Empty>{consumption.data.reason}</Empty>}

      {data && overall && (
        <>
          <section className="kpis accounts-kpis" aria-label="Key figures">
            <div className="kpi card" data-testid="kpi-run-rate">
              <span className="kpi-label">Run rate (30 days)</span>
              <span className="kpi-value" title={formatMoneyFull(data.totals.runRate30Cents)}>
                {formatMoneyCompact(data.totals.runRate30Cents)}
              </span>
              <span className="kpi-sub">baseline {formatMoneyCompact(data.totals.baselineRunRateCents)}</span>
            </div>
            <div className="kpi card" data-testid="kpi-incremental">
              <span className="kpi-label">Incremental</span>
              <span className="kpi-value">{signedMoney(data.totals.incrementalRunRateCents)}</span>
              <span className="kpi-sub">
                {data.totals.attainment === null
                  ? 'no incremental quota'
                  : `${formatPercent(data.totals.attainment)} of ${formatMoneyCompact(data.totals.incrementalQuotaCents)} quota`}
              </span>
            </div>
            <div className="kpi card" data-testid="kpi-nrr">
              <span className="kpi-label">Net retention</span>
              <span className="kpi-value">{formatPercent(overall.nrr)}</span>
              <span className="kpi-sub">last 30 days vs the same 30 a year ago</span>
            </div>
            <div className="kpi card" data-testid="kpi-grr">
              <span className="kpi-label">Gross retention</span>
              <span className="kpi-value">{formatPercent(overall.grr)}</span>
              <span className="kpi-sub">
                {data.businessReviews.overdue.length} business review
                {data.businessReviews.overdue.length === 1 ? '' : 's'} overdue
              </span>
            </div>
          </section>

          <div className="chart-grid">
            <section className="card" aria-labelledby="movers-heading">
              <div className="card-header">
                <h2 id="movers-heading">Top gainers and losers</h2>
                <span className="muted">last 7 days vs the 7 before</span>
              </div>
              {data.gainers.length + data.losers.length > 0 ? (
                <GainersLosersChart gainers={data.gainers} losers={data.losers} />
              ) : (
                <p className="muted chart-empty">No moves this week.</p>
              )}
            </section>
            <section className="card" aria-labelledby="cohorts-heading">
              <div className="card-header">
                <h2 id="cohorts-heading">Retention by cohort</h2>
                <span className="muted">cohort = year of first consumption</span>
              </div>
              <table className="table" data-testid="retention-table">
                <thead>
                  <tr>
                    <th>Cohort</th>
                    <th className="num">Accounts</th>
                    <th className="num">NRR</th>
                    <th className="num">GRR</th>
                  </tr>
                </thead>
                <tbody>
                  {data.retention.byCohort.map((r) => (
                    <tr key={r.cohort}>
                      <td>{r.cohort}</td>
                      <td className="num">{r.accounts}</td>
                      <td className="num">{formatPercent(r.nrr)}</td>
                      <td className="num">{formatPercent(r.grr)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>

          <section className="card" aria-labelledby="accounts-heading">
            <div className="card-header">
              <h2 id="accounts-heading">Accounts</h2>
              <span className="muted" data-testid="accounts-total">
                {rows.length} {rows.length === 1 ? 'account' : 'accounts'}
              </span>
            </div>
            <div className="toolbar" role="search">
              <input
                type="search"
                className="search"
                placeholder="Search accounts or owners…"
                aria-label="Search accounts or owners"
                data-testid="accounts-q"
                value={q}
                onChange={(e) => setParams({ q: e.target.value }, true)}
              />
            </div>
            <div className="table-wrap">
              <table className="table" data-testid="accounts-table">
                <thead>
                  <tr>
                    {header('name', 'Account', false)}
                    <th>Hunter · core</th>
                    {header('runRate', 'Run rate')}
                    {header('baseline', 'Baseline')}
                    {header('incremental', 'Incremental')}
                    {header('change7', '7-day change')}
                    {header('lastReview', 'Last review', false)}
                  </tr>
                </thead>
                <tbody>
                  {(showAll ? rows : rows.slice(0, ROWS_SHOWN)).map((a) => (
                    <tr key={a.id} data-testid="account-row">
                      <td>
                        <Link to={`/accounts/${encodeURIComponent(a.id)}`}>{a.name}</Link>
                        <div className="muted small">
                          {a.segment} · {a.region}
                        </div>
                      </td>
                      <td>
                        {a.hunterName ?? '–'}
                        {a.coreOwnerName && a.coreOwnerName !== a.hunterName && (
                          <div className="muted small">core: {a.coreOwnerName}</div>
                        )}
                      </td>
                      <td className="num" title={formatMoneyFull(a.runRate30Cents)}>
                        {formatMoneyCompact(a.runRate30Cents)}
                      </td>
                      <td className="num">{formatMoneyCompact(a.baselineRunRateCents)}</td>
                      <td className={`num ${a.incrementalRunRateCents < 0 ? 'neg' : 'pos'}`}>
                        {signedMoney(a.incrementalRunRateCents)}
                      </td>
                      <td className={`num ${a.change7Cents < 0 ? 'neg' : 'pos'}`}>
                        {signedMoney(a.change7Cents)}
                        {a.prior7Cents > 0 && (
                          <div className="muted small">{formatPercent(a.change7Cents / a.prior7Cents)}</div>
                        )}
                      </td>
                      <td>
                        {a.lastReview ? formatDate(a.lastReview) : <span className="muted">none</span>}
                        {a.overdueDays !== null && (
                          <div>
                            <span className="badge badge-lost" data-testid="review-overdue">
                              overdue {a.overdueDays}d
                            </span>
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {rows.length > ROWS_SHOWN && (
              <button
                type="button"
                className="button link"
                data-testid="accounts-show-all"
                onClick={() => setShowAll(!showAll)}
              >
                {showAll ? `Show the first ${ROWS_SHOWN}` : `Show all ${rows.length} accounts`}
              </button>
            )}
          </section>
        </>
      )}
    </main>
  )
}
