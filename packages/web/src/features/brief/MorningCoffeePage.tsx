import { EChart, type ChartOption } from '../../components/EChart'
import { ErrorBox, Loading } from '../../components/Status'
import { formatMoneyCompact } from '../../lib/format'
import { Link, useLocation } from '../../lib/router'
import { useBrief, type BriefView } from './use-brief'

const TONE_MARK = { good: '▲', bad: '▼', neutral: '•' } as const

function DailyChart({ brief }: { brief: BriefView }) {
  const option: ChartOption = {
    grid: { left: 60, right: 16, top: 24, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: brief.daily.map((d) => d.day) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoneyCompact(v) } },
    series: [
      { name: 'Consumption', type: 'line', showSymbol: false, data: brief.daily.map((d) => d.revenueCents) },
      {
        name: 'Baseline (daily)',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: brief.daily.map(() => brief.figures.baselineDailyCents),
      },
    ],
  }
  return (
    <EChart
      option={option}
      height={220}
      testId="brief-daily-chart"
      ariaLabel="Daily consumption against the baseline"
    />
  )
}

/** The page a sales leader reads with the first coffee: ~15 lines, each linking to its detail. */
export function MorningCoffeePage() {
  const { search } = useLocation()
  const query = search.toString() ? `?${search.toString()}` : ''
  const state = useBrief(query)
  if (state.status === 'error')
    return (
      <main className="page">
        <ErrorBox title="No briefing" error={state.error} />
      </main>
    )
  if (!state.data) return <Loading label="Brewing the briefing…" />
  const brief = state.data
  return (
    <main className="page" data-testid="morning-coffee">
      <div className="card">
        <h1>
          Morning coffee — {brief.date}
          {brief.team ? ` · ${brief.team}` : ''}
        </h1>
        <p className="muted" data-testid="brief-headline">
          {brief.headline}
        </p>
        <DailyChart brief={brief} />
      </div>
      <div className="card">
        <ul className="brief-items" data-testid="brief-items">
          {brief.items.map((item, i) => (
            <li key={`${item.kind}-${i}`} className={`brief-item ${item.tone}`} data-kind={item.kind}>
              <span aria-hidden="true">{TONE_MARK[item.tone]}</span>{' '}
              {item.link ? <Link to={item.link}>{item.text}</Link> : item.text}
            </li>
          ))}
        </ul>
      </div>
    </main>
  )
}
