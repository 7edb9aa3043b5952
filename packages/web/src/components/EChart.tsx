/**
 * A thin React wrapper around one ECharts instance. Only the chart types and
 * components Revlab uses are registered, which keeps the bundle small.
 */
import { BarChart, CustomChart, LineChart } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import type { EChartsCoreOption } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([
  BarChart,
  LineChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
])

export type ChartOption = EChartsCoreOption

type Props = {
  option: ChartOption
  height: number
  testId: string
  ariaLabel: string
}

export function EChart({ option, height, testId, ariaLabel }: Props) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const node = el.current
    if (!node) return
    const instance = echarts.init(node, null, { renderer: 'canvas' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(node)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return (
    <div
      ref={el}
      className="chart"
      style={{ height }}
      data-testid={testId}
      role="img"
      aria-label={ariaLabel}
    />
  )
}

/** Shared look so every chart in the app reads the same. */
export const chartTheme = {
  font: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  text: '#334155',
  muted: '#64748b',
  grid: '#e2e8f0',
  primary: '#2563eb',
  primarySoft: 'rgba(37, 99, 235, 0.16)',
  secondary: '#94a3b8',
  accent: '#f59e0b',
  won: '#16a34a',
  lost: '#dc2626',
  palette: ['#2563eb', '#0d9488', '#7c3aed', '#ea580c', '#0891b2', '#be123c'],
} as const
