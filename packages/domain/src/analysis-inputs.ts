/**
 * What the store hands an analysis: the shapes that packages/db loads and
 * packages/analyses consumes, declared once so the two cannot drift apart.
 */

/** Open pipeline by stage and closed deals by quarter, filtered and scoped in SQL. */
export type PipelineInputs = {
  openByStage: {
    stageModelId: string
    stageModelName: string
    stageKey: string
    stageName: string
    position: number
    deals: number
    amountCents: number
  }[]
  closedByQuarter: { year: number; quarter: number; closed: number; won: number; wonAmountCents: number }[]
}

/** What `revlab demo verify` re-estimates the planted effects from. */
export type VerifyData = {
  closedDeals: {
    id: string
    won: boolean
    daysToClose: number
    signals: Record<string, boolean>
    pocPaid: boolean
    experimentVariant: 'control' | 'variant' | null
  }[]
  calls: { ownerId: string; startedAt: string; openQuestions: number }[]
  /** First completion (completed or passed) per person per content item. */
  completions: { personId: string; contentId: string; at: string }[]
  dealsWithCalls: {
    id: string
    amountCents: number
    segment: string
    kind: string
    meanOpenQuestions: number
  }[]
}
