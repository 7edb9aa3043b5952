import type { SessionUser, SignalPattern } from '@revlab/domain'
import { useMemo } from 'react'
import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatCount, formatDate, formatInterval, formatPercent } from '../../lib/format'
import { navigate, useLocation } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useDealFilters } from '../pipeline/use-pipeline'
import { SurvivalChart } from './SurvivalChart'
import { readWinPatternsView, useWinPatterns, winPatternsUrl, type WinPatternsView } from './use-win-patterns'
import { signalName, WinRateBySignalChart } from './WinRateBySignalChart'

const days = (median: number | null, ci: readonly [number | null, number | null]): string =>
  median === null ? '–' : `${Math.round(median)} (${ci[0] ?? '?'}–${ci[1] ?? '?'})`

const ratio = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x.toFixed(2))

/** Win patterns: which signals go with winning and closing sooner, with n, intervals and honest words. */
export function WinPatternsPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Win patterns')
  const { search } = useLocation()
  const searchKey = search.toString()
  const view = useMemo(() => readWinPatternsView(new URLSearchParams(searchKey)), [searchKey])
  const result = useWinPatterns(view)
  const filters = useDealFilters()
  const change = (patch: Partial<WinPatternsView>): void => navigate(winPatternsUrl({ ...view, ...patch }))
  const data = result.data
  const curveKeys = useMemo(() => {
    const seen = new Map<string, string>()
    for (const s of data?.signals ?? []) if (!seen.has(s.key)) seen.set(s.key, s.label)
    return [...seen.entries()]
  }, [data])

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Win patterns</h1>
          <p className="muted">
            {user.role === 'rep' ? 'Your deals' : 'All teams'}
            {data
              ? ` · as of ${formatDate(data.as_of)} · ${formatCount(data.closed_deals)} closed deals`
              : ''}
          </p>
        </div>
        <div className="filters" aria-label="Win pattern filters">
          <select
            aria-label="Segment"
            data-testid="filter-segment"
            value={view.segment}
            onChange={(e) => change({ segment: e.target.value })}
          >
            <option value="">All segments</option>
            {(filters.data?.segments ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label className="muted">
            Created since{' '}
            <input
              type="date"
              aria-label="Created since"
              value={view.since}
              onChange={(e) => change({ since: e.target.value })}
            />
          </label>
        </div>
      </div>
      {result.status === 'error' && <ErrorBox title="Could not load win patterns" error={result.error} />}
      {!data && result.status === 'loading' && <Loading label="Learning from closed deals…" />}
      {data && (
        <>
          <section className="card" aria-labelledby="wp-summary" data-testid="win-pattern-sentences">
            <h2 id="wp-summary">What the closed deals say</h2>
            <ul>
              {data.sentences.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </section>
          {data.closed_deals === 0 ? (
            <Empty>No closed deals yet.</Empty>
          ) : (
            <>
              <section className="card" aria-labelledby="wp-chart">
                <h2 id="wp-chart">Win rate by signal</h2>
                <p className="muted">
                  Bars are win rates with 95% intervals; dark bars hold up after correcting for{' '}
                  {formatCount(data.signals.length)} comparisons. Values with fewer than {data.min_support}{' '}
                  closed deals are left out.
                </p>
                <WinRateBySignalChart signals={data.signals} baseRate={data.base_rate.estimate} />
              </section>
              <section className="card" aria-labelledby="wp-km">
                <div className="card-header">
                  <h2 id="wp-km">Time to close</h2>
                  <select
                    aria-label="Signal for the curves"
                    data-testid="curve-signal"
                    value={view.curve || 'exec_sponsor'}
                    onChange={(e) => change({ curve: e.target.value })}
                  >
                    {curveKeys.map(([key, label]) => (
                      <option key={key} value={key}>
                        {label}
                      </option>
                    ))}
                  </select>
                </div>
                {data.curves ? (
                  <>
                    <SurvivalChart curves={data.curves} />
                    <p className="muted">
                      Kaplan-Meier, open deals censored at {formatDate(data.as_of)}.
                      {data.curves.log_rank_p !== null &&
                        ` Log-rank p ${data.curves.log_rank_p < 0.001 ? '< 0.001' : `= ${data.curves.log_rank_p.toFixed(3)}`}.`}
                    </p>
                  </>
                ) : (
                  <Empty>That signal has no values to compare.</Empty>
                )}
              </section>
              <SignalsTable signals={data.signals} />
              <section className="card" aria-labelledby="wp-combos">
                <h2 id="wp-combos">Combinations</h2>
                <p className="muted">{data.combination_guard}</p>
                <table className="table" data-testid="combinations-table">
                  <thead>
                    <tr>
                      <th>Signals</th>
                      <th className="num">Deals</th>
                      <th className="num">Win rate (95% CI)</th>
                      <th className="num">Median days</th>
                      <th>Holds up?</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.combinations.map((c) => (
                      <tr key={c.items.map((i) => `${i.key}=${i.value}`).join('&')}>
                        <td>{c.items.map(signalName).join(' + ')}</td>
                        <td className="num">{formatCount(c.n)}</td>
                        <td className="num">
                          {formatPercent(c.win_rate.estimate)} ({formatInterval(c.win_rate.ci95)})
                        </td>
                        <td className="num">{days(c.days_to_close.median, c.days_to_close.ci95)}</td>
                        <td>{c.survives_correction ? 'yes' : 'could be chance'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="card" aria-labelledby="wp-model">
                <h2 id="wp-model">Signals separated from each other</h2>
                <p className="muted">{data.model.note}</p>
                {data.model.logistic && (
                  <table className="table" data-testid="model-table">
                    <thead>
                      <tr>
                        <th>Term</th>
                        <th className="num">Odds ratio of winning (95% CI)</th>
                        <th className="num">Hazard ratio of closing (95% CI)</th>
                        <th>Evidence</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.model.logistic.terms.map((t) => {
                        const cox = data.model.cox?.terms.find((c) => c.term === t.term)
                        return (
                          <tr key={t.term}>
                            <td>{t.term}</td>
                            <td className="num">
                              {ratio(t.ratio.estimate)} ({ratio(t.ratio.ci95?.[0])}–{ratio(t.ratio.ci95?.[1])}
                              )
                            </td>
                            <td className="num">
                              {cox
                                ? `${ratio(cox.ratio.estimate)} (${ratio(cox.ratio.ci95?.[0])}–${ratio(cox.ratio.ci95?.[1])})`
                                : '–'}
                            </td>
                            <td>{t.evidence}</td>
                          </tr>
                        )
                      })}
                    </tbody>
                  </table>
                )}
              </section>
            </>
          )}
        </>
      )}
    </main>
  )
}

function SignalsTable({ signals }: { signals: SignalPattern[] }) {
  return (
    <section className="card" aria-labelledby="wp-signals">
      <h2 id="wp-signals">Every signal value</h2>
      <table className="table" data-testid="signals-table">
        <thead>
          <tr>
            <th>Signal</th>
            <th className="num">Closed deals</th>
            <th className="num">Win rate (95% CI)</th>
            <th className="num">Lift</th>
            <th className="num">Median days (95% CI)</th>
            <th>Evidence</th>
          </tr>
        </thead>
        <tbody>
          {signals.map((s) => (
            <tr key={`${s.key}=${s.value}`}>
              <td>{signalName(s)}</td>
              <td className="num">{formatCount(s.n)}</td>
              <td className="num">
                {formatPercent(s.win_rate.estimate)} ({formatInterval(s.win_rate.ci95)})
              </td>
              <td className="num">{ratio(s.lift.estimate)}</td>
              <td className="num">{days(s.days_to_close.median, s.days_to_close.ci95)}</td>
              <td>{s.evidence === 'thin' ? 'too few deals to tell' : s.evidence}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
