import type { Forecast } from '@revlab/domain'
import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import { formatMoneyCompact, formatPercent } from '../../lib/format'

type RenderApi = {
  value: (dim: number) => number
  coord: (point: [number, number]) => [number, number]
  size: (dataSize: [number, number]) => [number, number]
}

/** A vertical P10–P90 whisker at a category. */
function renderWhisker(_params: unknown, api: RenderApi) {
  const [x, yLow] = api.coord([api.value(0), api.value(1)])
  const [, yHigh] = api.coord([api.value(0), api.value(2)])
  const cap = Math.min(8, api.size([1, 0])[0] * 0.12)
  const style = { stroke: chartTheme.primary, lineWidth: 2 }
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: x, y1: yLow, x2: x, y2: yHigh }, style },
      { type: 'line', shape: { x1: x - cap, y1: yLow, x2: x + cap, y2: yLow }, style },
      { type: 'line', shape: { x1: x - cap, y1: yHigh, x2: x + cap, y2: yHigh }, style },
    ],
  }
}

const money = (v: number): string => formatMoneyCompact(v)

/** The simulated bookings of the period as a histogram, with P10/P50/P90 and the target as lines. */
export function BookingsDistributionChart({ forecast }: { forecast: Forecast }) {
  const option = useMemo<ChartOption>(() => {
    const t = forecast.bookings.total
    const h = forecast.bookings.histogram
    // The target's label runs along its line inside the plot, so it never sits on the P50's when they are close.
    const lines: {
      name: string
      xAxis: number
      color: string
      dashed: boolean
      position?: 'insideEndTop'
    }[] = [
      { name: `P10 ${money(t.p10_cents)}`, xAxis: t.p10_cents, color: chartTheme.muted, dashed: true },
      { name: `P50 ${money(t.p50_cents)}`, xAxis: t.p50_cents, color: chartTheme.text, dashed: false },
      { name: `P90 ${money(t.p90_cents)}`, xAxis: t.p90_cents, color: chartTheme.muted, dashed: true },
    ]
    if (t.target_cents !== null)
      lines.push({
        name: `Quota carriers' target ${money(t.target_cents)}`,
        xAxis: t.target_cents,
        color: '#dc2626',
        dashed: false,
        position: 'insideEndTop',
      })
    const lo = Math.min(h[0]?.lo_cents ?? 0, t.target_cents ?? Infinity)
    const hi = Math.max(h[h.length - 1]?.hi_cents ?? 0, t.target_cents ?? -Infinity)
    const pad = (hi - lo) * 0.05
    return {
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font },
      grid: { top: 36, left: 8, right: 24, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        min: Math.max(0, lo - pad),
        max: hi + pad,
        axisLabel: { color: chartTheme.muted, formatter: money },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: [number, number, number, number] }) =>
          `${money(p.data[2])}–${money(p.data[3])}: ${formatPercent(p.data[1])} of simulations`,
      },
      series: [
        {
          name: 'Simulated bookings',
          type: 'bar',
          barWidth: '95%',
          itemStyle: { color: '#93c5fd' },
          data: h.map((b) => [(b.lo_cents + b.hi_cents) / 2, b.probability, b.lo_cents, b.hi_cents]),
          markLine: {
            symbol: 'none',
            data: lines.map((l) => ({
              xAxis: l.xAxis,
              lineStyle: { color: l.color, type: l.dashed ? 'dashed' : 'solid', width: 2 },
              label: { formatter: l.name, color: l.color, position: l.position ?? 'end' },
            })),
          },
        },
      ],
    }
  }, [forecast])
  return (
    <EChart
      option={option}
      height={300}
      testId="chart-bookings-distribution"
      ariaLabel="Simulated bookings of the period with P10, P50, P90 and the quota"
    />
  )
}

/** Per past quarter: what closed, the model's forecast with its P10–P90, and the CRM's stage forecast. */
export function BacktestChart({ forecast }: { forecast: Forecast }) {
  const option = useMemo<ChartOption>(() => {
    const periods = forecast.backtest.periods
    return {
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font },
      legend: { top: 0, textStyle: { color: chartTheme.text } },
      grid: { top: 36, left: 8, right: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: periods.map((p) => p.period), axisLabel: { color: chartTheme.text } },
      yAxis: {
        type: 'value',
        axisLabel: { color: chartTheme.muted, formatter: money },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      tooltip: {
        trigger: 'axis',
        formatter: (params: Array<{ dataIndex: number }>) => {
          const p = periods[params[0]?.dataIndex ?? -1]
          if (!p) return ''
          return (
            `<strong>${p.period}</strong> (forecast on ${p.as_of})<br/>` +
            `Actual ${money(p.actual_cents)} (from the pipeline ${money(p.actual_from_pipeline_cents)})<br/>` +
            `Model ${money(p.model.expected_cents)}, P10–P90 ${money(p.model.p10_cents)}–${money(p.model.p90_cents)}<br/>` +
            `Model, pipeline only ${money(p.model.pipeline_expected_cents)} · Stage baseline ${money(p.baseline.expected_cents)}`
          )
        },
      },
      series: [
        {
          name: 'Actual',
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: '#cbd5e1' },
          data: periods.map((p) => p.actual_cents),
        },
        {
          name: 'Model',
          type: 'line',
          symbolSize: 8,
          itemStyle: { color: chartTheme.primary },
          data: periods.map((p) => p.model.expected_cents),
        },
        {
          name: 'Model P10–P90',
          type: 'custom',
          renderItem: renderWhisker,
          encode: { x: 0, y: [1, 2] },
          itemStyle: { color: chartTheme.primary },
          data: periods.map((p, i) => [i, p.model.p10_cents, p.model.p90_cents]),
          z: 3,
        },
        {
          name: 'Model, pipeline only',
          type: 'line',
          symbolSize: 6,
          lineStyle: { type: 'dotted' },
          itemStyle: { color: '#60a5fa' },
          data: periods.map((p) => p.model.pipeline_expected_cents),
        },
        {
          name: 'Stage baseline (pipeline)',
          type: 'line',
          symbol: 'diamond',
          symbolSize: 8,
          lineStyle: { type: 'dashed' },
          itemStyle: { color: '#d97706' },
          data: periods.map((p) => p.baseline.expected_cents),
        },
      ],
    }
  }, [forecast])
  return (
    <EChart
      option={option}
      height={320}
      testId="chart-backtest"
      ariaLabel="Backtest per quarter: actual bookings, the model's forecast with P10-P90, and the stage-probability baseline"
    />
  )
}

/** Predicted vs observed share of deals won within the quarter, per probability bin, model and baseline. */
export function CalibrationChart({ forecast }: { forecast: Forecast }) {
  const option = useMemo<ChartOption>(() => {
    const c = forecast.backtest.calibration
    return {
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font },
      legend: { top: 0, textStyle: { color: chartTheme.text } },
      grid: { top: 36, left: 8, right: 24, bottom: 24, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: 'predicted',
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: 'won in the quarter',
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; data: [number, number, number] }) =>
          `${p.seriesName}: predicted ${formatPercent(p.data[0])}, observed ${formatPercent(p.data[1])} of ${p.data[2]} deals`,
      },
      series: [
        {
          name: 'Perfect',
          type: 'line',
          symbol: 'none',
          lineStyle: { color: chartTheme.muted, type: 'dashed', width: 1 },
          data: [
            [0, 0],
            [1, 1],
          ],
          tooltip: { show: false },
        },
        {
          name: 'Model',
          type: 'line',
          symbolSize: 8,
          itemStyle: { color: chartTheme.primary },
          data: c.model.map((b) => [b.mean_predicted, b.observed_rate, b.n]),
        },
        {
          name: 'Stage baseline',
          type: 'line',
          symbol: 'diamond',
          symbolSize: 8,
          itemStyle: { color: '#d97706' },
          data: c.baseline.map((b) => [b.mean_predicted, b.observed_rate, b.n]),
        },
      ],
    }
  }, [forecast])
  return (
    <EChart
      option={option}
      height={320}
      testId="chart-calibration"
      ariaLabel="Calibration of the model and the stage baseline: predicted against observed"
    />
  )
}
