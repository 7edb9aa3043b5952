import type { PipelineOverview } from '@revlab/domain'
import { wilsonInterval } from '@revlab/stats'
import type { PipelineOverviewInputs, PipelineOverviewOptions } from './types.js'

/** Open pipeline by stage, and win rate by quarter with Wilson 95% intervals. */
export function analyzePipelineOverview(
  inputs: PipelineOverviewInputs,
  options: PipelineOverviewOptions,
): PipelineOverview {
  const closedDeals = inputs.closedByQuarter.reduce((n, q) => n + q.closed, 0)
  const wonDeals = inputs.closedByQuarter.reduce((n, q) => n + q.won, 0)
  return {
    asOf: options.asOf,
    totals: {
      openDeals: inputs.openByStage.reduce((n, s) => n + s.deals, 0),
      openAmountCents: inputs.openByStage.reduce((n, s) => n + s.amountCents, 0),
      closedDeals,
      wonDeals,
      winRate: closedDeals > 0 ? wonDeals / closedDeals : null,
      winRateCi95: wilsonInterval(wonDeals, closedDeals),
    },
    openByStage: [...inputs.openByStage].sort(
      (a, b) => a.stageModelId.localeCompare(b.stageModelId) || a.position - b.position,
    ),
    byQuarter: inputs.closedByQuarter.map((q) => ({
      quarter: `${q.year}Q${q.quarter}`,
      closed: q.closed,
      won: q.won,
      winRate: q.closed > 0 ? q.won / q.closed : null,
      ci95: wilsonInterval(q.won, q.closed),
      wonAmountCents: q.wonAmountCents,
    })),
  }
}
