import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import { formatDate, formatDays } from '../../lib/format'
import { escapeHtml } from '../pipeline/PipelineByStageChart'
import type { TimelineSegment } from './stage-timeline'

const ROW_HEIGHT = 32

/** A horizontal timeline (Gantt): one row per stage visit, bar from entry to exit, in days since the first stage. */
export function StageTimelineChart({
  segments,
  dealOpen,
}: {
  segments: TimelineSegment[]
  dealOpen: boolean
}) {
  const option = useMemo(() => buildOption(segments, dealOpen), [segments, dealOpen])
  return (
    <EChart
      option={option}
      height={Math.max(120, segments.length * ROW_HEIGHT + 56)}
      testId="chart-stage-timeline"
      ariaLabel="Days spent in each stage"
    />
  )
}

function buildOption(segments: TimelineSegment[], dealOpen: boolean): ChartOption {
  // Row labels are per visit, since a deal can go back to a stage it left.
  const labels = segments.map((s) => s.stageName)
  return {
    animationDuration: 400,
    textStyle: { fontFamily: chartTheme.font },
    grid: { top: 8, left: 8, right: 72, bottom: 28, containLabel: true },
    xAxis: {
      type: 'value',
      name: 'days since first stage',
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: chartTheme.muted },
      minInterval: 1,
      axisLabel: { color: chartTheme.muted },
      splitLine: { lineStyle: { color: chartTheme.grid } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: chartTheme.grid } },
      axisLabel: { color: chartTheme.text },
    },
    series: [
      {
        type: 'bar',
        stack: 'timeline',
        silent: true,
        itemStyle: { color: 'transparent' },
        data: segments.map((s) => s.startDay),
      },
      {
        type: 'bar',
        stack: 'timeline',
        barMaxWidth: 18,
        data: segments.map((s) => ({
          // A same-day stage still gets a visible sliver.
          value: Math.max(s.days, 0.4),
          itemStyle: {
            color: s.current && dealOpen ? chartTheme.accent : chartTheme.primary,
            borderRadius: 3,
          },
        })),
        label: {
          show: true,
          position: 'right',
          color: chartTheme.text,
          formatter: (p: { dataIndex: number }) => {
            const s = segments[p.dataIndex]
            if (!s) return ''
            return s.current && dealOpen ? `${formatDays(s.days)} so far` : formatDays(s.days)
          },
        },
      },
    ],
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const s = segments[p.dataIndex]
        if (!s) return ''
        return (
          `<strong>${escapeHtml(s.stageName)}</strong><br/>` +
          `${formatDate(s.enteredAt)} → ${s.exitedAt ? formatDate(s.exitedAt) : 'now'}<br/>` +
          `${formatDays(s.days)}`
        )
      },
    },
  }
}
