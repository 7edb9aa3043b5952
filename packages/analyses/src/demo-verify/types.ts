import type { PlantedEffect, VerifyData } from '@revlab/domain'

export type { VerifyData }

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
