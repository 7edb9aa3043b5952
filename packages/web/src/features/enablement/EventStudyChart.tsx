import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import type { EventPoint } from './use-enablement'

type RenderApi = {
  value: (dim: number) => number
  coord: (point: [number, number]) => [number, number]
  size: (dataSize: [number, number]) => [number, number]
}

/** One vertical 95% interval with end caps. */
function renderInterval(_params: unknown, api: RenderApi) {
  const x = api.value(0)
  const [px, yLow] = api.coord([x, api.value(1)])
  const [, yHigh] = api.coord([x, api.value(2)])
  const cap = Math.min(6, api.size([1, 0])[0] * 0.2)
  const style = { stroke: chartTheme.text, lineWidth: 1.5, opacity: 0.8 }
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: px, y1: yLow, x2: px, y2: yHigh }, style },
      { type: 'line', shape: { x1: px - cap, y1: yLow, x2: px + cap, y2: yLow }, style },
      { type: 'line', shape: { x1: px - cap, y1: yHigh, x2: px + cap, y2: yHigh }, style },
    ],
  }
}

/**
 * An event study: the estimate per period since training (before: fit
 * residuals, should sit at zero; after: the effect) with 95% interval bars
 * and a dashed line at zero.
 */
export function EventStudyChart({
  points,
  unit,
  testId,
  ariaLabel,
  format = (v) => v.toFixed(2),
}: {
  points: EventPoint[]
  unit: string
  testId: string
  ariaLabel: string
  format?: (v: number) => string
}) {
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font },
      grid: { top: 16, left: 8, right: 16, bottom: 32, containLabel: true },
      xAxis: {
        type: 'category',
        data: points.map((p) => p.label.replace(` ${unit}`, '')),
        name: `${unit} since training`,
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: { color: chartTheme.muted },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => format(v) },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      tooltip: {
        trigger: 'axis',
        formatter: (params: Array<{ dataIndex: number }>) => {
          const p = points[params[0]?.dataIndex ?? -1]
          if (!p) return ''
          return `${p.label}: ${format(p.estimate)}${p.ci95 ? ` (95% CI ${format(p.ci95[0])} to ${format(p.ci95[1])})` : ''}<br/>${p.n} observations`
        },
      },
      series: [
        {
          name: 'Estimate',
          type: 'line',
          symbolSize: 7,
          data: points.map((p) => ({
            value: p.estimate,
            itemStyle: { color: p.bin < 0 ? chartTheme.secondary : chartTheme.primary },
          })),
          lineStyle: { color: chartTheme.primarySoft },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: chartTheme.muted, type: 'dashed' },
            label: { show: false },
            data: [{ yAxis: 0 }],
          },
        },
        {
          name: '95% interval',
          type: 'custom',
          renderItem: renderInterval,
          encode: { x: 0, y: [1, 2] },
          z: 3,
          tooltip: { show: false },
          data: points.flatMap((p, i) => (p.ci95 ? [[i, p.ci95[0], p.ci95[1]]] : [])),
        },
      ],
    }),
    [points, unit, format],
  )
  return <EChart option={option} height={280} testId={testId} ariaLabel={ariaLabel} />
}
