import type { CallTrends, SessionUser } from '@revlab/domain'
import { useMemo } from 'react'
import { FilterSelect } from '../../components/FilterSelect'
import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatCount, formatPercent } from '../../lib/format'
import { Link, navigate, useLocation } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { BehaviorChart } from './BehaviorChart'
import { useCallTrends } from './use-calls'
import './calls.css'

type Series = CallTrends['team']

/** Calls-weighted means over a series' points (a period's talk ratio is over its calls that have one). */
function totals(s: Series): { calls: number; talkRatio: number | null; openPerCall: number | null } {
  const calls = s.points.reduce((n, p) => n + p.calls, 0)
  const withRatio = s.points.filter((p) => p.talkRatio !== null)
  const ratioCalls = withRatio.reduce((n, p) => n + p.calls, 0)
  return {
    calls,
    talkRatio:
      ratioCalls === 0
        ? null
        : withRatio.reduce((sum, p) => sum + (p.talkRatio ?? 0) * p.calls, 0) / ratioCalls,
    openPerCall:
      calls === 0 ? null : s.points.reduce((sum, p) => sum + p.openQuestionsPerCall * p.calls, 0) / calls,
  }
}

const EDGE_PERIODS = 3

/** Open questions per call over the last three periods minus the first three (calls-weighted). */
function change(s: Series): string {
  if (s.points.length < 2 * EDGE_PERIODS) return '–'
  const mean = (points: Series['points']): number => {
    const calls = points.reduce((n, p) => n + p.calls, 0)
    return points.reduce((sum, p) => sum + p.openQuestionsPerCall * p.calls, 0) / calls
  }
  const d = mean(s.points.slice(-EDGE_PERIODS)) - mean(s.points.slice(0, EDGE_PERIODS))
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`
}

export function CallTrendsPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Rep behaviour')
  const { search } = useLocation()
  const period: 'week' | 'month' = search.get('period') === 'week' ? 'week' : 'month'
  const ownerId = search.get('ownerId') ?? ''
  const query = useMemo(() => ({ period, ...(ownerId ? { ownerId } : {}) }), [period, ownerId])
  const all = useCallTrends({ period })
  const state = useCallTrends(query)
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search)
    if (value) next.set(key, value)
    else next.delete(key)
    const s = next.toString()
    navigate(s ? `/calls/trends?${s}` : '/calls/trends', { replace: true })
  }
  const data = state.data
  const reps = all.data?.reps ?? []

  return (
    <main className="page">
      <Link to="/calls" className="back-link">
        ← Calls
      </Link>
      <div className="page-header">
        <div>
          <h1>Rep behaviour</h1>
          <p className="muted">
            Talk ratio and open questions per call over time{user.role === 'rep' ? ' · your calls' : ''}
          </p>
        </div>
        <div className="filters">
          {reps.length > 1 && (
            <FilterSelect
              label="Rep"
              allLabel="Team and every rep"
              testId="trends-rep"
              value={ownerId}
              options={reps.map((r) => ({ value: r.key, label: r.name }))}
              onChange={(value) => setParam('ownerId', value)}
            />
          )}
          <select
            aria-label="Period"
            data-testid="trends-period"
            value={period}
            onChange={(e) => setParam('period', e.target.value === 'week' ? 'week' : '')}
          >
            <option value="month">By month</option>
            <option value="week">By week</option>
          </select>
        </div>
      </div>

      {state.status === 'error' && <ErrorBox title="Could not load the trends" error={state.error} />}
      {!data && state.status === 'loading' && <Loading label="Loading trends…" />}
      {data && data.status === 'insufficient-data' && (
        <div className="card">
          <Empty>No analysed calls yet. Import transcripts, or run `revlab calls reanalyze`.</Empty>
        </div>
      )}
      {data && data.status === 'ok' && (
        <>
          <div className="chart-grid">
            <section className="card" aria-labelledby="talk-heading">
              <div className="card-header">
                <h2 id="talk-heading">Talk ratio</h2>
                <span className="muted">our share of the words · lower listens more</span>
              </div>
              <BehaviorChart
                team={data.team}
                reps={ownerId ? [] : data.reps}
                metric="talkRatio"
                testId="chart-talk-ratio"
                ariaLabel="Talk ratio per period for the team and each rep"
              />
            </section>
            <section className="card" aria-labelledby="open-heading">
              <div className="card-header">
                <h2 id="open-heading">Open questions per call</h2>
                <span className="muted">what / how / why / tell me…</span>
              </div>
              <BehaviorChart
                team={data.team}
                reps={ownerId ? [] : data.reps}
                metric="openQuestionsPerCall"
                testId="chart-open-questions"
                ariaLabel="Open questions per call per period for the team and each rep"
              />
            </section>
          </div>
          <section className="card" aria-labelledby="reps-heading">
            <div className="card-header">
              <h2 id="reps-heading">By rep</h2>
              <span className="muted">over the whole range</span>
            </div>
            <div className="table-wrap">
              <table className="table" data-testid="trends-table">
                <thead>
                  <tr>
                    <th>Rep</th>
                    <th className="num">Calls</th>
                    <th className="num">Talk ratio</th>
                    <th className="num">Open questions / call</th>
                    <th className="num" title="Open questions per call, the last three minus the first three">
                      Open q. change, first 3 → last 3 {period}s
                    </th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {(ownerId ? data.reps : [data.team, ...data.reps]).map((s) => {
                    const t = totals(s)
                    return (
                      <tr
                        key={s.key}
                        data-testid="trends-row"
                        className={s.key === 'team' ? 'strong' : undefined}
                      >
                        <td>
                          {s.key === 'team' ? (
                            'Team'
                          ) : (
                            <button
                              type="button"
                              className="quote-link"
                              onClick={() => setParam('ownerId', s.key)}
                            >
                              {s.name}
                            </button>
                          )}
                        </td>
                        <td className="num">{formatCount(t.calls)}</td>
                        <td className="num">{formatPercent(t.talkRatio)}</td>
                        <td className="num">{t.openPerCall === null ? '–' : t.openPerCall.toFixed(2)}</td>
                        <td className="num">{change(s)}</td>
                        <td>
                          {s.key !== 'team' && (
                            <Link to={`/calls?ownerId=${encodeURIComponent(s.key)}`}>calls</Link>
                          )}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </main>
  )
}
