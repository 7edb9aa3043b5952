import { useMemo } from 'react'
import { EChart, type ChartOption } from '../../components/EChart'
import { readyAnalysis } from '../../components/AnalysisStatus'
import { formatInterval, formatPercent, humanize } from '../../lib/format'
import { Link } from '../../lib/router'
import { usePocs, type PocsView } from './use-deal-execution'

type Ok = Extract<PocsView, { status: 'ok' }>

function seLoadOption(data: Ok): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['Active POCs', 'At risk'] },
    grid: { left: 120, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: data.seLoad.map((s) => s.name), inverse: true },
    series: [
      { name: 'Active POCs', type: 'bar', data: data.seLoad.map((s) => s.activePocs) },
      { name: 'At risk', type: 'bar', data: data.seLoad.map((s) => s.atRiskPocs) },
    ],
  }
}

function conversionOption(data: Ok): ChartOption {
  const rows = data.conversion.flatMap((c) => [c.groupA, c.groupB])
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 260, right: 24, top: 16, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => `${r.label} (n=${r.winRate.n})`), inverse: true },
    series: [
      {
        name: 'Win rate',
        type: 'bar',
        data: rows.map((r) =>
          r.winRate.estimate === null ? null : Math.round(r.winRate.estimate * 1000) / 10,
        ),
      },
    ],
  }
}

/** POCs: which to pause or stop and why, SE load, and which POC shapes convert. */
export function PocsPage() {
  const state = usePocs()
  const loaded = state.data
  const seOption = useMemo(() => (loaded?.status === 'ok' ? seLoadOption(loaded) : null), [loaded])
  const convOption = useMemo(() => (loaded?.status === 'ok' ? conversionOption(loaded) : null), [loaded])
  const ready = readyAnalysis(state, { errorTitle: 'No POC analysis', loading: 'Checking POCs…' })
  if ('view' in ready) return ready.view
  const data = ready.data
  const t = data.totals
  return (
    <main className="page" data-testid="pocs">
      <div className="card">
        <h1>POCs — {data.asOf}</h1>
        <p className="muted">
          {t.active} active, {t.atRisk} at risk: pause {t.recommendedPause}, stop {t.recommendedStop}. {t.won}{' '}
          of {t.closed} closed POC deals won.
        </p>
        <div className="table-wrap">
          <table className="table" data-testid="poc-table">
            <thead>
              <tr>
                <th>Deal</th>
                <th>SE</th>
                <th>Paid</th>
                <th className="num">Week</th>
                <th className="num">Metric to target</th>
                <th className="num">Commitments met</th>
                <th>Risk flags</th>
                <th>Recommendation</th>
              </tr>
            </thead>
            <tbody>
              {data.active.map((p) => (
                <tr key={p.id} data-risk={p.atRisk ? 'yes' : 'no'}>
                  <td title={p.question}>
                    <Link to={`/deals/${encodeURIComponent(p.dealId)}`}>{p.dealName}</Link>
                  </td>
                  <td>{p.seName}</td>
                  <td>{p.paid ? 'paid' : 'free'}</td>
                  <td className="num">
                    {p.weeksElapsed}/{p.plannedWeeks}
                  </td>
                  <td className="num">{formatPercent(p.metricProgress)}</td>
                  <td className="num">{formatPercent(p.commitmentShare)}</td>
                  <td>{p.flags.map(humanize).join(', ') || '–'}</td>
                  <td title={p.reason}>
                    <strong>{p.recommendation}</strong> <span className="muted">{p.reason}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="card">
        <h2>SE load</h2>
        {seOption && (
          <EChart
            option={seOption}
            height={Math.max(160, 32 * data.seLoad.length + 64)}
            testId="se-load-chart"
            ariaLabel="Active and at-risk POCs per SE"
          />
        )}
        <p className="muted">
          {data.seLoad
            .map(
              (s) =>
                `${s.name}: ${formatPercent(s.timeShareInPocs)} of the week in POCs${s.overloaded ? ' (overloaded)' : ''}`,
            )
            .join(' · ')}
        </p>
      </div>
      <div className="card">
        <h2>Which POC shapes convert</h2>
        {convOption && (
          <EChart
            option={convOption}
            height={300}
            testId="poc-conversion-chart"
            ariaLabel="Win rate by POC shape"
          />
        )}
        <ul>
          {data.conversion.map((c) => (
            <li key={c.key}>
              <strong>{c.label}.</strong> {c.sentence} ({c.groupA.label}{' '}
              {formatInterval(c.groupA.winRate.ci95)}; {c.groupB.label}{' '}
              {formatInterval(c.groupB.winRate.ci95)})
            </li>
          ))}
        </ul>
      </div>
    </main>
  )
}
