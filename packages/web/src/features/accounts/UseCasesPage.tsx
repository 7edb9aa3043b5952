/** Use cases (workloads) by lifecycle status, and the list with value, go-live dates and days late. */
import { useMemo, useState } from 'react'
import { FilterSelect } from '../../components/FilterSelect'
import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatCount, formatDate, formatMoneyCompact, humanize } from '../../lib/format'
import { navigate, useLocation } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { UseCaseStatusChart } from './charts'
import { LIFECYCLE, useUseCases, type UseCaseRow } from './use-accounts'
import { UseCaseTable } from './UseCaseTable'
import './accounts.css'

const ROWS_SHOWN = 30

export function UseCasesPage() {
  useDocumentTitle('Use cases')
  const { search } = useLocation()
  const status = search.get('status') ?? ''
  const dateParam = search.get('date') ?? ''
  const date = /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : ''
  const [showAll, setShowAll] = useState(false)
  const list = useUseCases(date)
  // Status and day live in the URL, so a filtered list can be shared and Back works.
  const setParams = (patch: { status?: string; date?: string }) => {
    const next = new URLSearchParams()
    const merged = { status, date, ...patch }
    if (merged.status) next.set('status', merged.status)
    if (merged.date) next.set('date', merged.date)
    const qs = next.toString()
    navigate(`/use-cases${qs ? `?${qs}` : ''}`)
  }
  const data = list.data

  const rows = useMemo(() => {
    const all = data?.useCases ?? []
    const filtered = status ? all.filter((u) => (u.status ?? 'unknown') === status) : all
    // Late ones still in flight first, then the latest go-lives, then the biggest.
    const inFlightLate = (u: UseCaseRow) =>
      u.daysLate !== null && u.status !== 'live' && u.status !== 'lost' ? 0 : 1
    return [...filtered].sort(
      (a, b) =>
        inFlightLate(a) - inFlightLate(b) ||
        (b.daysLate ?? -1) - (a.daysLate ?? -1) ||
        (b.expectedMonthlyCents ?? 0) - (a.expectedMonthlyCents ?? 0) ||
        a.name.localeCompare(b.name),
    )
  }, [data, status])

  const live = data?.useCases.filter((u) => u.status === 'live') ?? []
  const open = data?.useCases.filter((u) => u.status && !['live', 'lost'].includes(u.status)) ?? []
  const late = open.filter((u) => u.daysLate !== null)
  const sum = (xs: typeof live) => xs.reduce((s, u) => s + (u.expectedMonthlyCents ?? 0), 0)

  return (
    <main className="page" data-testid="use-cases-page">
      <div className="page-header">
        <div>
          <h1>Use cases</h1>
          <p className="muted">
            Workloads per account, from identified to live{data ? ` · as of ${formatDate(data.asOf)}` : ''}
          </p>
        </div>
        <div className="filters">
          <FilterSelect
            label="Status"
            allLabel="All statuses"
            testId="filter-use-case-status"
            value={status}
            options={LIFECYCLE.map((s) => ({ value: s, label: humanize(s) }))}
            onChange={(value) => setParams({ status: value })}
          />
          <label className="accounts-date">
            As of{' '}
            <input
              type="date"
              aria-label="As of date"
              data-testid="use-cases-date"
              value={date || (data?.asOf ?? '')}
              onChange={(e) => setParams({ date: e.target.value })}
            />
          </label>
        </div>
      </div>

      {list.status === 'error' && <ErrorBox title="Could not load use cases" error={list.error} />}
      {!data && list.status === 'loading' && <Loading label="Loading use cases…" />}

      {data && (
        <>
          <section className="kpis" aria-label="Key figures">
            <div className="kpi card">
              <span className="kpi-label">Use cases</span>
              <span className="kpi-value">{formatCount(data.useCases.length)}</span>
              <span className="kpi-sub">{formatCount(open.length)} in flight</span>
            </div>
            <div className="kpi card">
              <span className="kpi-label">Live</span>
              <span className="kpi-value">{formatCount(live.length)}</span>
              <span className="kpi-sub">{formatMoneyCompact(sum(live))} expected a month</span>
            </div>
            <div className="kpi card">
              <span className="kpi-label">In flight</span>
              <span className="kpi-value">{formatMoneyCompact(sum(open))}</span>
              <span className="kpi-sub">expected a month once live</span>
            </div>
            <div className="kpi card" data-testid="kpi-late">
              <span className="kpi-label">Past target go-live</span>
              <span className="kpi-value">{formatCount(late.length)}</span>
              <span className="kpi-sub">{formatMoneyCompact(sum(late))} a month waiting</span>
            </div>
          </section>

          <section className="card" aria-labelledby="status-heading">
            <div className="card-header">
              <h2 id="status-heading">By lifecycle status</h2>
              <span className="muted">number of use cases</span>
            </div>
            <UseCaseStatusChart byStatus={data.byStatus} />
          </section>

          <section className="card" aria-labelledby="list-heading">
            <div className="card-header">
              <h2 id="list-heading">{status ? `${humanize(status)} use cases` : 'All use cases'}</h2>
              <span className="muted" data-testid="use-cases-total">
                {formatCount(rows.length)} · late in-flight first
              </span>
            </div>
            {rows.length > 0 ? (
              <>
                <UseCaseTable
                  rows={showAll ? rows : rows.slice(0, ROWS_SHOWN)}
                  showAccount
                  testId="use-cases-table"
                />
                {rows.length > ROWS_SHOWN && (
                  <button type="button" className="button link" onClick={() => setShowAll(!showAll)}>
                    {showAll ? `Show the first ${ROWS_SHOWN}` : `Show all ${rows.length} use cases`}
                  </button>
                )}
              </>
            ) : (
              <Empty>No use cases{status ? ` ${status}` : ''}.</Empty>
            )}
          </section>
        </>
      )}
    </main>
  )
}
