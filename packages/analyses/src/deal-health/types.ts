import type { ActivityType, CalibrationSummary, IsoDate, IsoInstant, Seniority, Stage } from '@revlab/domain'

export type {
  CalibrationSummary,
  DealScore,
  ExitCriteriaStatus,
  ExitCriterion,
  ScoreFactor,
  StakeholderGap,
} from '@revlab/domain'

export type HealthDeal = {
  id: string
  name: string
  ownerId: string
  ownerName: string
  stageModelId: string
  stageKey: string
  createdAt: IsoInstant
  closeDate: IsoDate
  isClosed: boolean
  isWon: boolean
}

export type HealthSignal = {
  dealId: string
  key: string
  value: string
  observedAt: IsoInstant
  strength: 'strong' | 'weak' | null
}

export type HealthStakeholder = {
  dealId: string
  contactId: string
  name: string
  seniority: Seniority
  roles: string[]
  addedAt: IsoInstant
}

export type HealthActivity = {
  dealId: string
  type: ActivityType
  occurredAt: IsoInstant
  attendees: { contactId: string; seniority: Seniority }[]
}

export type HealthPoc = { dealId: string; paid: boolean; startedAt: IsoInstant }

export type HealthStageVisit = {
  dealId: string
  stageKey: string
  enteredAt: IsoInstant
  exitedAt: IsoInstant | null
}

/** Everything the deal-execution checks read: loaded once by `loadDealHealthInputs`. */
export type DealHealthInputs = {
  asOf: IsoDate
  stages: Stage[]
  signalLabels: Record<string, string>
  deals: HealthDeal[]
  signals: HealthSignal[]
  stakeholders: HealthStakeholder[]
  activities: HealthActivity[]
  history: HealthStageVisit[]
  pocs: HealthPoc[]
}

export type DealScoreModel =
  | { status: 'insufficient-data'; needed: number; got: number; reason: string }
  | {
      status: 'ok'
      n: number
      baseRate: number
      coefficients: { key: string; label: string; estimate: number; ci95: [number, number] }[]
      means: Record<string, number>
      calibration: CalibrationSummary
    }
