import type { PipelineOverview } from '@revlab/domain'
import { useMemo } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import { formatCount, formatMoneyCompact } from '../../lib/format'

type StageRow = PipelineOverview['openByStage'][number]
type Model = { id: string; name: string; stages: StageRow[] }

const TITLE_HEIGHT = 28
const ROW_HEIGHT = 34
const MODEL_GAP = 26
const AXIS_HEIGHT = 24
const LABEL_WIDTH = 150

/** The chart's pixel height for these rows, so a neighbouring chart can match it. */
export function pipelineByStageHeight(rows: PipelineOverview['openByStage']): number {
  return buildOption(groupByModel(rows)).height
}

/** Groups stages by stage model, each model's stages in their pipeline order. */
export function groupByModel(rows: PipelineOverview['openByStage']): Model[] {
  const models = new Map<string, Model>()
  for (const row of rows) {
    let model = models.get(row.stageModelId)
    if (!model) {
      model = { id: row.stageModelId, name: row.stageModelName, stages: [] }
      models.set(row.stageModelId, model)
    }
    model.stages.push(row)
  }
  for (const model of models.values()) model.stages.sort((a, b) => a.position - b.position)
  return [...models.values()]
}

/**
 * One horizontal bar chart per stage model (small multiples in one canvas):
 * stages top to bottom in pipeline order, bar = open amount, label = amount and deal count.
 */
export function PipelineByStageChart({ rows }: { rows: PipelineOverview['openByStage'] }) {
  const models = useMemo(() => groupByModel(rows), [rows])
  const { option, height } = useMemo(() => buildOption(models), [models])
  return (
    <EChart
      option={option}
      height={height}
      testId="chart-pipeline-by-stage"
      ariaLabel="Open pipeline by stage: amount and number of open deals per stage"
    />
  )
}

function buildOption(models: Model[]): { option: ChartOption; height: number } {
  const titles: object[] = []
  const grids: object[] = []
  const xAxes: object[] = []
  const yAxes: object[] = []
  const series: object[] = []
  const showTitles = models.length > 1
  // One scale for every model, so a longer bar always means more money.
  const maxDollars = niceCeil(Math.max(0, ...models.flatMap((m) => m.stages.map((s) => s.amountCents / 100))))
  let top = 4

  models.forEach((model, i) => {
    if (showTitles) {
      titles.push({
        text: model.name,
        top,
        left: 0,
        textStyle: { fontSize: 13, fontWeight: 600, color: chartTheme.text, fontFamily: chartTheme.font },
      })
      top += TITLE_HEIGHT
    }
    const gridHeight = Math.max(1, model.stages.length) * ROW_HEIGHT
    // A fixed label column keeps the bars of every model starting at the same x.
    grids.push({ top, left: LABEL_WIDTH + 12, right: 96, height: gridHeight })
    top += gridHeight + AXIS_HEIGHT + MODEL_GAP
    const color = chartTheme.palette[i % chartTheme.palette.length]

    xAxes.push({
      type: 'value',
      gridIndex: i,
      min: 0,
      max: maxDollars || undefined,
      axisLabel: { color: chartTheme.muted, formatter: (v: number) => formatMoneyCompact(v * 100) },
      splitLine: { lineStyle: { color: chartTheme.grid } },
    })
    yAxes.push({
      type: 'category',
      gridIndex: i,
      inverse: true,
      data: model.stages.map((s) => s.stageName),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: chartTheme.grid } },
      axisLabel: { color: chartTheme.text, fontSize: 12, width: LABEL_WIDTH, overflow: 'truncate' },
    })
    series.push({
      type: 'bar',
      name: model.name,
      xAxisIndex: i,
      yAxisIndex: i,
      barMaxWidth: 22,
      itemStyle: { color, borderRadius: [0, 3, 3, 0] },
      data: model.stages.map((s) => ({ value: s.amountCents / 100, deals: s.deals, stage: s.stageName })),
      label: {
        show: true,
        position: 'right',
        color: chartTheme.text,
        fontSize: 12,
        formatter: (p: { data: { value: number; deals: number } }) =>
          `${formatMoneyCompact(p.data.value * 100)} · ${formatCount(p.data.deals)}`,
      },
    })
  })

  const option: ChartOption = {
    animationDuration: 400,
    textStyle: { fontFamily: chartTheme.font },
    title: titles,
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: { value: number; deals: number; stage: string } }) =>
        `<strong>${escapeHtml(p.data.stage)}</strong><br/>${escapeHtml(p.seriesName)}<br/>` +
        `Open amount: <strong>${formatMoneyCompact(p.data.value * 100)}</strong><br/>` +
        `Open deals: <strong>${formatCount(p.data.deals)}</strong>`,
    },
  }
  return { option, height: Math.max(160, top - MODEL_GAP + 4) }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Rounds up to 1, 2, 2.5 or 5 × 10^k, so a shared axis still ends on a round number. */
function niceCeil(x: number): number {
  if (x <= 0) return 0
  const power = 10 ** Math.floor(Math.log10(x))
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= x) ?? 10
  return step * power
}
