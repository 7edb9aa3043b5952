import { signalValueTitle, type SignalPattern } from '@revlab/domain'
import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import { formatCount, formatInterval, formatPercent } from '../../lib/format'
import { escapeHtml } from '../pipeline/PipelineByStageChart'

type RenderApi = {
  value: (dim: number) => number
  coord: (point: [number, number]) => [number, number]
  size: (dataSize: [number, number]) => [number, number]
  style: (extra?: object) => object
}

/** One horizontal interval with end caps at the row's centre. */
function renderInterval(_params: unknown, api: RenderApi) {
  const row = api.value(0)
  const [xLow, y] = api.coord([api.value(1), row])
  const [xHigh] = api.coord([api.value(2), row])
  const cap = Math.min(6, api.size([0, 1])[1] * 0.25)
  const style = { stroke: chartTheme.text, lineWidth: 1.5, opacity: 0.8 }
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: xLow, y1: y, x2: xHigh, y2: y }, style },
      { type: 'line', shape: { x1: xLow, y1: y - cap, x2: xLow, y2: y + cap }, style },
      { type: 'line', shape: { x1: xHigh, y1: y - cap, x2: xHigh, y2: y + cap }, style },
    ],
  }
}

export const signalName = signalValueTitle

/** Win rate per signal value as a bar with its 95% Wilson interval, and the base rate as a line. */
export function WinRateBySignalChart({
  signals,
  baseRate,
}: {
  signals: SignalPattern[]
  baseRate: number | null
}) {
  const rows = useMemo(
    () =>
      signals
        .filter((s) => s.evidence !== 'thin')
        .slice(0, 24)
        .reverse(),
    [signals],
  )
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font },
      grid: { top: 24, left: 8, right: 24, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      yAxis: {
        type: 'category',
        data: rows.map(signalName),
        axisTick: { show: false },
        axisLabel: { color: chartTheme.text },
      },
      series: [
        {
          name: 'Win rate',
          type: 'bar',
          barMaxWidth: 14,
          data: rows.map((s) => ({
            value: s.win_rate.estimate ?? 0,
            itemStyle: {
              color:
                s.evidence === 'strong'
                  ? chartTheme.primary
                  : s.evidence === 'moderate'
                    ? '#93c5fd'
                    : '#cbd5e1',
            },
          })),
          markLine:
            baseRate === null
              ? undefined
              : {
                  symbol: 'none',
                  label: { formatter: `base ${formatPercent(baseRate)}`, color: chartTheme.muted },
                  lineStyle: { color: chartTheme.muted, type: 'dashed' },
                  data: [{ xAxis: baseRate }],
                },
        },
        {
          name: '95% interval',
          type: 'custom',
          renderItem: renderInterval,
          encode: { y: 0, x: [1, 2] },
          z: 3,
          tooltip: { show: false },
          data: rows.flatMap((s, i) =>
            s.win_rate.ci95 ? [[i, s.win_rate.ci95[0], s.win_rate.ci95[1]]] : [],
          ),
        },
      ],
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: Array<{ dataIndex: number }>) => {
          const s = rows[params[0]?.dataIndex ?? -1]
          if (!s) return ''
          return (
            `<strong>${escapeHtml(signalName(s))}</strong><br/>` +
            `Won ${formatPercent(s.win_rate.estimate)} (95% CI ${formatInterval(s.win_rate.ci95)})<br/>` +
            `${formatCount(s.wins)} of ${formatCount(s.n)} closed deals · evidence: ${s.evidence}`
          )
        },
      },
    }),
    [rows, baseRate],
  )
  return (
    <EChart
      option={option}
      height={Math.max(240, rows.length * 26 + 40)}
      testId="chart-win-rate-by-signal"
      ariaLabel="Win rate per signal value with 95% intervals and the base rate"
    />
  )
}
