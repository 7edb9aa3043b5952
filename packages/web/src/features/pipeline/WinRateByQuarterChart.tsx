import type { PipelineOverview } from '@revlab/domain'
import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import {
  formatCount,
  formatInterval,
  formatMoneyCompact,
  formatPercent,
  formatQuarter,
} from '../../lib/format'
import { escapeHtml } from './PipelineByStageChart'

type Quarter = PipelineOverview['byQuarter'][number]

/**
 * Closed deals per quarter as bars (right axis) and the win rate as a line
 * with its 95% interval as whiskers (left axis). A quarter with no closed
 * deals has no rate, and the line breaks there.
 */
export function WinRateByQuarterChart({ quarters, height }: { quarters: Quarter[]; height: number }) {
  const option = useMemo(() => buildOption(quarters), [quarters])
  return (
    <EChart
      option={option}
      height={height}
      testId="chart-win-rate-by-quarter"
      ariaLabel="Win rate by quarter with 95% confidence interval, and closed deals per quarter"
    />
  )
}

type RenderApi = {
  value: (dim: number) => number
  coord: (point: [number, number]) => [number, number]
  size: (dataSize: [number, number]) => [number, number]
  style: (extra?: object) => object
}

/** Draws one vertical interval with end caps at the category's centre. */
function renderWhisker(_params: unknown, api: RenderApi) {
  const index = api.value(0)
  const [x, yLow] = api.coord([index, api.value(1)])
  const [, yHigh] = api.coord([index, api.value(2)])
  const cap = Math.min(10, api.size([1, 0])[0] * 0.18)
  const style = { stroke: chartTheme.primary, lineWidth: 1.5, opacity: 0.7 }
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: x, y1: yLow, x2: x, y2: yHigh }, style },
      { type: 'line', shape: { x1: x - cap, y1: yLow, x2: x + cap, y2: yLow }, style },
      { type: 'line', shape: { x1: x - cap, y1: yHigh, x2: x + cap, y2: yHigh }, style },
    ],
  }
}

function buildOption(quarters: Quarter[]): ChartOption {
  // Two-line labels ("Q4" over "2026") let every quarter show, even two years of them.
  const labels = quarters.map((q) => formatQuarter(q.quarter).replace(' ', '\n'))
  const whiskers = quarters.flatMap((q, i) => (q.ci95 ? [[i, q.ci95[0], q.ci95[1]]] : []))

  return {
    animationDuration: 400,
    textStyle: { fontFamily: chartTheme.font },
    legend: {
      top: 0,
      left: 0,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { color: chartTheme.text },
      data: ['Closed deals', 'Win rate', '95% interval'],
    },
    grid: { top: 64, left: 8, right: 8, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: chartTheme.grid } },
      axisLabel: { color: chartTheme.muted, interval: 0, lineHeight: 14 },
    },
    yAxis: [
      {
        type: 'value',
        name: 'Win rate',
        min: 0,
        max: 1,
        nameTextStyle: { color: chartTheme.muted, align: 'left' },
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      {
        type: 'value',
        name: 'Closed deals',
        minInterval: 1,
        nameTextStyle: { color: chartTheme.muted, align: 'right' },
        axisLabel: { color: chartTheme.muted },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: 'Closed deals',
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 32,
        itemStyle: { color: '#e2e8f0', borderRadius: [3, 3, 0, 0] },
        emphasis: { itemStyle: { color: '#cbd5e1' } },
        data: quarters.map((q) => q.closed),
      },
      {
        name: '95% interval',
        type: 'custom',
        yAxisIndex: 0,
        renderItem: renderWhisker,
        itemStyle: { color: chartTheme.primary, opacity: 0.7 },
        encode: { x: 0, y: [1, 2] },
        tooltip: { show: false },
        z: 3,
        data: whiskers,
      },
      {
        name: 'Win rate',
        type: 'line',
        yAxisIndex: 0,
        symbolSize: 7,
        z: 4,
        itemStyle: { color: chartTheme.primary },
        lineStyle: { width: 2.5, color: chartTheme.primary },
        data: quarters.map((q) => q.winRate ?? '-'),
      },
    ],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: Array<{ dataIndex: number }>) => {
        const q = quarters[params[0]?.dataIndex ?? -1]
        if (!q) return ''
        return (
          `<strong>${escapeHtml(formatQuarter(q.quarter))}</strong><br/>` +
          `Win rate: <strong>${formatPercent(q.winRate)}</strong>` +
          (q.ci95 ? ` (95% CI ${formatInterval(q.ci95)})` : '') +
          `<br/>Won ${formatCount(q.won)} of ${formatCount(q.closed)} closed` +
          `<br/>Won amount: ${formatMoneyCompact(q.wonAmountCents)}`
        )
      },
    },
  }
}
