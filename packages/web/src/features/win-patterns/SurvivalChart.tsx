import type { WinPatterns } from '@revlab/domain'
import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'

type Curves = NonNullable<WinPatterns['curves']>

/** Kaplan-Meier curves of "still open" by days since creation, with and without the chosen signal. */
export function SurvivalChart({ curves }: { curves: Curves }) {
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 300,
      textStyle: { fontFamily: chartTheme.font },
      legend: { top: 0, left: 0, textStyle: { color: chartTheme.text } },
      grid: { top: 36, left: 8, right: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        name: 'days since created',
        nameLocation: 'middle',
        nameGap: 26,
        axisLabel: { color: chartTheme.muted },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: 'still open',
        axisLabel: { color: chartTheme.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${Math.round(v * 100)}%` },
      series: [
        {
          name: `With (${curves.value === 'true' ? curves.label : `${curves.label}: ${curves.value}`})`,
          type: 'line',
          step: 'end',
          showSymbol: false,
          lineStyle: { width: 2.5, color: chartTheme.primary },
          itemStyle: { color: chartTheme.primary },
          data: curves.with.map((p) => [p.t, p.s]),
        },
        {
          name: 'Without',
          type: 'line',
          step: 'end',
          showSymbol: false,
          lineStyle: { width: 2, color: '#94a3b8' },
          itemStyle: { color: '#94a3b8' },
          data: curves.without.map((p) => [p.t, p.s]),
        },
      ],
    }),
    [curves],
  )
  return (
    <EChart
      option={option}
      height={300}
      testId="chart-km-curves"
      ariaLabel="Kaplan-Meier curves of deals still open, with and without the chosen signal"
    />
  )
}
