export type PipelineOverviewInputs = {
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

export type PipelineOverviewOptions = { asOf: string }
