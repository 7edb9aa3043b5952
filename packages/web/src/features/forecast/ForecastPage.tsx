import type { BookingsDistribution, SessionUser } from '@revlab/domain'
import { useMemo } from 'react'
import { ErrorBox, Loading } from '../../components/Status'
import {
  formatCount,
  formatDate,
  formatMoneyCompact,
  formatPercent,
  formatSimulatedChance,
} from '../../lib/format'
import { navigate, useLocation } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { BacktestChart, BookingsDistributionChart, CalibrationChart } from './ForecastCharts'
import { forecastUrl, quartersFrom, readForecastView, useForecast, type ForecastView } from './use-forecast'

const money = (cents: number | null): string => (cents === null ? '–' : formatMoneyCompact(cents))

function DistributionCells({ d }: { d: BookingsDistribution }) {
  return (
    <>
      <td className="num">{money(d.booked_cents)}</td>
      <td className="num">{money(d.p10_cents)}</td>
      <td className="num">{money(d.p50_cents)}</td>
      <td className="num">{money(d.p90_cents)}</td>
      <td className="num">{money(d.stage_baseline_cents)}</td>
      <td className="num">{money(d.target_cents)}</td>
      <td className="num">{formatSimulatedChance(d.probability_of_target)}</td>
    </>
  )
}

const DISTRIBUTION_HEADERS = ['Booked', 'P10', 'P50', 'P90', 'Stage baseline', 'Quota', 'P(quota)']

/** The quarter's bookings forecast with honest uncertainty, and the backtest that says whether to trust it. */
export function ForecastPage({ user }: { user: SessionUser }) {
  useDocumentTitle('Forecast')
  const { search } = useLocation()
  const searchKey = search.toString()
  const view = useMemo(() => readForecastView(new URLSearchParams(searchKey)), [searchKey])
  const result = useForecast(view)
  const change = (patch: Partial<ForecastView>): void => navigate(forecastUrl({ ...view, ...patch }))
  const data = result.data
  const quarters = data ? quartersFrom(data.as_of) : view.period ? [view.period] : []
  const teams = data ? data.bookings.by_team.map((t) => t.team) : []
  const t = data?.bookings.total
  const summary = data?.backtest.summary

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Forecast</h1>
          <p className="muted">
            {user.role === 'rep' ? 'Your deals' : view.team || 'All teams'}
            {data
              ? ` · ${data.period.key} · as of ${formatDate(data.as_of)} · ${formatCount(data.open_deals)} open deals`
              : ''}
          </p>
        </div>
        <div className="filters" aria-label="Forecast filters">
          <select
            aria-label="Quarter"
            data-testid="filter-period"
            value={view.period || data?.period.key || ''}
            onChange={(e) => change({ period: e.target.value })}
          >
            {quarters.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
          {user.role !== 'rep' && (
            <select
              aria-label="Team"
              data-testid="filter-team"
              value={view.team}
              onChange={(e) => change({ team: e.target.value })}
            >
              <option value="">All teams</option>
              {(view.team && !teams.includes(view.team) ? [view.team, ...teams] : teams).map((team) => (
                <option key={team} value={team}>
                  {team}
                </option>
              ))}
            </select>
          )}
        </div>
      </div>
      {result.status === 'error' && <ErrorBox title="Could not load the forecast" error={result.error} />}
      {!data && result.status === 'loading' && <Loading label="Simulating the quarter…" />}
      {data && t && summary && (
        <>
          <section
            className="card forecast-figures"
            aria-labelledby="fc-figures"
            data-testid="forecast-figures"
          >
            <h2 id="fc-figures">{data.period.key} bookings</h2>
            <dl className="forecast-kpis">
              <div>
                <dt>P50</dt>
                <dd data-testid="forecast-p50">{money(t.p50_cents)}</dd>
              </div>
              <div>
                <dt>P10–P90</dt>
                <dd data-testid="forecast-range">
                  {money(t.p10_cents)}–{money(t.p90_cents)}
                </dd>
              </div>
              <div>
                <dt>Booked so far</dt>
                <dd>{money(t.booked_cents)}</dd>
              </div>
              <div>
                <dt title="The bookings quotas of the period's quota carriers">Quota carriers' target</dt>
                <dd>{money(t.target_cents)}</dd>
              </div>
              <div>
                <dt title="The quota carriers' own bookings, P50 of the simulation: what their target is measured against">
                  Carriers' P50
                </dt>
                <dd data-testid="forecast-carriers-p50">{money(t.carriers_p50_cents)}</dd>
              </div>
              <div>
                <dt title="P(the quota carriers' own bookings reach their quotas)">
                  Chance carriers reach it
                </dt>
                <dd data-testid="forecast-p-target">{formatSimulatedChance(t.probability_of_target)}</dd>
              </div>
              <div>
                <dt>CRM stage forecast</dt>
                <dd>{money(t.stage_baseline_cents)}</dd>
              </div>
            </dl>
            <ul data-testid="forecast-sentences">
              {data.sentences.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="fc-dist">
            <h2 id="fc-dist">Simulated bookings</h2>
            <p className="muted">{data.method.simulation}</p>
            <BookingsDistributionChart forecast={data} />
          </section>
          <section className="card" aria-labelledby="fc-backtest" data-testid="forecast-backtest">
            <h2 id="fc-backtest">Backtest: would it have been right?</h2>
            <p
              className={summary.model_beats_baseline ? '' : 'forecast-warning'}
              data-testid="forecast-verdict"
            >
              {summary.verdict}
            </p>
            {data.backtest.periods.length > 0 && (
              <>
                <BacktestChart forecast={data} />
                <table className="table" data-testid="backtest-table">
                  <thead>
                    <tr>
                      <th>Quarter</th>
                      <th className="num">Actual</th>
                      <th className="num">Model</th>
                      <th className="num">P10–P90</th>
                      <th>Held?</th>
                      <th className="num">From pipeline</th>
                      <th className="num">Model (pipeline)</th>
                      <th className="num">Stage baseline</th>
                      <th className="num">Brier model</th>
                      <th className="num">Brier baseline</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.backtest.periods.map((p) => (
                      <tr key={p.period}>
                        <td>{p.period}</td>
                        <td className="num">{money(p.actual_cents)}</td>
                        <td className="num">{money(p.model.expected_cents)}</td>
                        <td className="num">
                          {money(p.model.p10_cents)}–{money(p.model.p90_cents)}
                        </td>
                        <td>{p.model.covered ? 'yes' : 'no'}</td>
                        <td className="num">{money(p.actual_from_pipeline_cents)}</td>
                        <td className="num">{money(p.model.pipeline_expected_cents)}</td>
                        <td className="num">{money(p.baseline.expected_cents)}</td>
                        <td className="num">{p.model.brier?.toFixed(3) ?? '–'}</td>
                        <td className="num">{p.baseline.brier?.toFixed(3) ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
          {data.backtest.calibration.model.length > 0 && (
            <section className="card" aria-labelledby="fc-calibration">
              <h2 id="fc-calibration">Calibration</h2>
              <p className="muted">
                Deals open on each backtest quarter's first day, grouped by their predicted chance of being
                won within the quarter: on the dashed line, predictions mean what they say.
              </p>
              <CalibrationChart forecast={data} />
            </section>
          )}
          <section className="card" aria-labelledby="fc-teams">
            <h2 id="fc-teams">By team</h2>
            <table className="table" data-testid="forecast-teams">
              <thead>
                <tr>
                  <th>Team</th>
                  {DISTRIBUTION_HEADERS.map((h) => (
                    <th key={h} className="num">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.bookings.by_team.map((d) => (
                  <tr key={d.team}>
                    <td>{d.team}</td>
                    <DistributionCells d={d} />
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="fc-reps">
            <h2 id="fc-reps">By rep</h2>
            <table className="table" data-testid="forecast-reps">
              <thead>
                <tr>
                  <th>Rep</th>
                  <th>Team</th>
                  {DISTRIBUTION_HEADERS.map((h) => (
                    <th key={h} className="num">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.bookings.by_rep.map((d) => (
                  <tr key={d.person_id}>
                    <td>{d.name}</td>
                    <td>{d.team}</td>
                    <DistributionCells d={d} />
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="fc-deals">
            <h2 id="fc-deals">Open deals by expected contribution</h2>
            <p className="muted">{data.model.note}</p>
            <table className="table" data-testid="forecast-deals">
              <thead>
                <tr>
                  <th>Deal</th>
                  <th>Owner</th>
                  <th>Stage</th>
                  <th className="num">Amount</th>
                  <th className="num">P(win)</th>
                  <th className="num">P(close in quarter)</th>
                  <th className="num">Stage probability</th>
                  <th className="num">Expected</th>
                  <th>Expected close</th>
                </tr>
              </thead>
              <tbody>
                {data.deals.slice(0, 25).map((d) => (
                  <tr key={d.id}>
                    <td>
                      <a href={`/deals/${encodeURIComponent(d.id)}`}>{d.id}</a>
                    </td>
                    <td>{d.owner_name}</td>
                    <td>{d.stage}</td>
                    <td className="num">{money(d.amount_cents)}</td>
                    <td className="num">{formatPercent(d.win_probability)}</td>
                    <td className="num">{formatPercent(d.close_in_period_probability)}</td>
                    <td className="num">{formatPercent(d.stage_probability)}</td>
                    <td className="num">{money(d.expected_cents)}</td>
                    <td>{d.expected_close_date ? formatDate(d.expected_close_date) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </main>
  )
}
