/** The charts of the Accounts, account and Use Cases pages. */
import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import { formatCount, formatMoneyCompact, humanize } from '../../lib/format'
import { LIFECYCLE, type MoveRow } from './use-accounts'

const axisMoney = { color: chartTheme.muted, formatter: (v: number) => formatMoneyCompact(v * 100) }

/** Top gainers (green) and losers (red): the change of the last 7 days against the 7 before. */
export function GainersLosersChart({ gainers, losers }: { gainers: MoveRow[]; losers: MoveRow[] }) {
  const rows = useMemo(
    () => [...gainers, ...losers].sort((a, b) => b.changeCents - a.changeCents),
    [gainers, losers],
  )
  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 400,
      textStyle: { fontFamily: chartTheme.font },
      grid: { top: 8, bottom: 24, left: 170, right: 70 },
      xAxis: { type: 'value', axisLabel: axisMoney, splitLine: { lineStyle: { color: chartTheme.grid } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.name),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: chartTheme.grid } },
        axisLabel: { color: chartTheme.text, width: 160, overflow: 'truncate' },
      },
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const r = rows[p.dataIndex]
          if (!r) return ''
          const sign = r.changeCents >= 0 ? '+' : '−'
          return `<strong>${escapeHtml(r.name)}</strong><br/>${escapeHtml(r.ownerName ?? 'no owner')}<br/>7 days vs prior 7: <strong>${sign}${formatMoneyCompact(Math.abs(r.changeCents))}</strong>`
        },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: rows.map((r) => ({
            value: r.changeCents / 100,
            itemStyle: { color: r.changeCents >= 0 ? chartTheme.won : chartTheme.lost },
          })),
          label: {
            show: true,
            position: 'right',
            color: chartTheme.text,
            fontSize: 11,
            formatter: (p: { value: number }) =>
              `${p.value >= 0 ? '+' : '−'}${formatMoneyCompact(Math.abs(p.value) * 100)}`,
          },
        },
      ],
    }),
    [rows],
  )
  return (
    <EChart
      option={option}
      height={Math.max(160, rows.length * 26 + 40)}
      testId="chart-gainers-losers"
      ariaLabel="Top gainers and losers: change in consumption over the last 7 days against the 7 before"
    />
  )
}

/** Daily consumption by SKU, stacked, against the account's frozen baseline (baseline run rate / 365). */
export function DailyBySkuChart({
  daily,
  asOf,
  days,
  baselineDailyCents,
}: {
  daily: { day: string; sku: string; revenueCents: number }[]
  asOf: string
  days: number
  baselineDailyCents: number | null
}) {
  const option = useMemo<ChartOption>(() => {
    const end = Date.parse(`${asOf}T00:00:00Z`)
    const axis = Array.from({ length: days }, (_, i) =>
      new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
    )
    const index = new Map(axis.map((d, i) => [d, i]))
    const skus = [...new Set(daily.map((r) => r.sku))].sort()
    const bySku = new Map(skus.map((s) => [s, axis.map(() => 0)]))
    for (const r of daily) {
      const i = index.get(r.day)
      const values = bySku.get(r.sku)
      if (i !== undefined && values) values[i] = (values[i] ?? 0) + r.revenueCents / 100
    }
    const series: object[] = skus.map((sku, i) => ({
      type: 'line',
      name: sku,
      stack: 'sku',
      showSymbol: false,
      lineStyle: { width: 1 },
      areaStyle: { opacity: 0.55 },
      color: chartTheme.palette[i % chartTheme.palette.length],
      data: bySku.get(sku),
    }))
    if (baselineDailyCents !== null)
      series.push({
        type: 'line',
        name: 'Baseline',
        showSymbol: false,
        color: chartTheme.text,
        lineStyle: { type: 'dashed', width: 2 },
        data: axis.map(() => baselineDailyCents / 100),
      })
    return {
      animationDuration: 400,
      textStyle: { fontFamily: chartTheme.font },
      legend: { top: 0, textStyle: { color: chartTheme.text } },
      grid: { top: 36, bottom: 28, left: 64, right: 16 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => formatMoneyCompact(v * 100),
      },
      xAxis: {
        type: 'category',
        data: axis,
        boundaryGap: false,
        axisLabel: { color: chartTheme.muted, formatter: (d: string) => d.slice(5) },
        axisLine: { lineStyle: { color: chartTheme.grid } },
      },
      yAxis: { type: 'value', axisLabel: axisMoney, splitLine: { lineStyle: { color: chartTheme.grid } } },
      series,
    }
  }, [daily, asOf, days, baselineDailyCents])
  return (
    <EChart
      option={option}
      height={320}
      testId="chart-account-daily"
      ariaLabel="Daily consumption by SKU, stacked, with the baseline's daily line"
    />
  )
}

/** How many use cases are in each lifecycle status, in lifecycle order. */
export function UseCaseStatusChart({ byStatus }: { byStatus: Record<string, number> }) {
  const option = useMemo<ChartOption>(() => {
    const statuses = [...LIFECYCLE, ...Object.keys(byStatus).filter((s) => !LIFECYCLE.includes(s as never))]
    const color = (s: string) =>
      s === 'live'
        ? chartTheme.won
        : s === 'slipped'
          ? chartTheme.accent
          : s === 'lost'
            ? chartTheme.lost
            : chartTheme.primary
    return {
      animationDuration: 400,
      textStyle: { fontFamily: chartTheme.font },
      grid: { top: 24, bottom: 28, left: 48, right: 16 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number }) => `${p.name}: ${formatCount(p.value)}`,
      },
      xAxis: {
        type: 'category',
        data: statuses.map(humanize),
        axisTick: { show: false },
        axisLabel: { color: chartTheme.text },
        axisLine: { lineStyle: { color: chartTheme.grid } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: chartTheme.muted },
        splitLine: { lineStyle: { color: chartTheme.grid } },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          data: statuses.map((s) => ({ value: byStatus[s] ?? 0, itemStyle: { color: color(s) } })),
          label: { show: true, position: 'top', color: chartTheme.text },
        },
      ],
    }
  }, [byStatus])
  return (
    <EChart
      option={option}
      height={280}
      testId="chart-use-case-status"
      ariaLabel="Use cases by lifecycle status"
    />
  )
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
