import type { CallTrends } from '@revlab/domain'
import { useMemo } from 'react'
import { EChart, chartTheme, type ChartOption } from '../../components/EChart'

type Series = CallTrends['team']

type Props = {
  team: Series
  reps: readonly Series[]
  metric: 'talkRatio' | 'openQuestionsPerCall'
  testId: string
  ariaLabel: string
}

/** One behaviour over time: the team as a bold line, each rep as a thin one. */
export function BehaviorChart({ team, reps, metric, testId, ariaLabel }: Props) {
  const option = useMemo((): ChartOption => {
    const periods = [...new Set([team, ...reps].flatMap((s) => s.points.map((p) => p.period)))].sort()
    const valuesOf = (s: Series): (number | null)[] => {
      const byPeriod = new Map(s.points.map((p) => [p.period, p]))
      return periods.map((period) => {
        const p = byPeriod.get(period)
        if (p === undefined) return null
        const v = metric === 'talkRatio' ? p.talkRatio : p.openQuestionsPerCall
        return v === null
          ? null
          : Math.round(v * (metric === 'talkRatio' ? 1000 : 100)) / (metric === 'talkRatio' ? 10 : 100)
      })
    }
    // A few reps get colors and a legend; a whole team's reps are faint context behind the team line.
    const crowded = reps.length > 6
    const repSeries = reps.map((s, i) => ({
      name: s.name,
      type: 'line',
      data: valuesOf(s),
      connectNulls: true,
      showSymbol: !crowded,
      symbolSize: 4,
      emphasis: { focus: 'series' },
      lineStyle: crowded ? { width: 1, color: '#cbd5e1' } : { width: 1.5, opacity: 0.8 },
      itemStyle: { color: crowded ? '#94a3b8' : chartTheme.palette[i % chartTheme.palette.length] },
    }))
    return {
      textStyle: { fontFamily: chartTheme.font, color: chartTheme.text },
      grid: { left: 48, right: 16, top: 40, bottom: 36 },
      legend: {
        type: 'scroll',
        top: 0,
        data: crowded ? [team.name] : [team.name, ...reps.map((r) => r.name)],
        textStyle: { color: chartTheme.muted },
      },
      tooltip: {
        trigger: crowded ? 'item' : 'axis',
        valueFormatter: (v: unknown) =>
          typeof v === 'number' ? (metric === 'talkRatio' ? `${v.toFixed(1)}%` : v.toFixed(2)) : '–',
      },
      xAxis: {
        type: 'category',
        data: periods,
        axisLabel: { color: chartTheme.muted },
        axisLine: { lineStyle: { color: chartTheme.grid } },
      },
      yAxis: {
        type: 'value',
        min: metric === 'talkRatio' ? (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10) : 0,
        axisLabel: {
          color: chartTheme.muted,
          formatter: metric === 'talkRatio' ? '{value}%' : '{value}',
        },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      series: [
        {
          name: team.name,
          type: 'line',
          data: valuesOf(team),
          connectNulls: true,
          symbolSize: 6,
          z: 10,
          lineStyle: { width: 3, color: chartTheme.text },
          itemStyle: { color: chartTheme.text },
        },
        ...repSeries,
      ],
    }
  }, [team, reps, metric])
  return <EChart option={option} height={340} testId={testId} ariaLabel={ariaLabel} />
}
