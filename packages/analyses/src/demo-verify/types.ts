import type { PlantedEffect } from '@revlab/domain'

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
  completions: { personId: string; contentId: string; at: string }[]
  dealsWithCalls: {
    id: string
    amountCents: number
    segment: string
    kind: string
    meanOpenQuestions: number
  }[]
}

export type EffectCheck = {
  key: string
  description: string
  metric: string
  planted: number
  estimate: number | null
  ci95: [number, number] | null
  covered: boolean
  method: string
  n: number
  note?: string
}

export type VerifyInputs = { planted: PlantedEffect[]; data: VerifyData }
