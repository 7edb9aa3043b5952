import type { ActivityType, IsoDate, IsoInstant, Seniority, Stage } from '@revlab/domain'

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

export type ExitCriterion = {
  key: string
  label: string
  known: boolean
  value: string | null
  observedAt: IsoInstant | null
}

export type ExitCriteriaStatus = {
  stageKey: string
  stageName: string
  /** The signals that must be known to leave the current stage. */
  criteria: ExitCriterion[]
  missing: string[]
  /** Earlier stages the deal left with criteria still unknown. */
  skipped: { stageName: string; missing: string[] }[]
}

export type StakeholderGap = {
  code:
    | 'no-economic-buyer'
    | 'no-budget-owner'
    | 'no-technical-champion'
    | 'no-exec-sponsor'
    | 'first-call-without-business'
    | 'blocker'
    | 'single-threaded'
  severity: 'high' | 'medium'
  message: string
}

export type ScoreFactor = {
  key: string
  label: string
  /** The deal's value of the feature, in its own unit. */
  value: number
  display: string
  /** Log-odds coefficient from the model over closed deals. */
  coefficient: number
  /** Change in win probability (points, 0-1) versus the average deal on this factor. */
  effect: number
  explanation: string
}

export type CalibrationSummary = {
  n: number
  wins: number
  folds: number
  brier: number
  /** Brier of always predicting the base rate: the score must beat it. */
  brierBaseRate: number
  auc: number | null
  /** AUC of the raw activity count and of the weighted activity alone: does weighing help? */
  aucActivityCount: number | null
  aucWeightedActivity: number | null
  bins: {
    lo: number
    hi: number
    n: number
    meanPredicted: number
    observedRate: number
    observedCi95: [number, number]
  }[]
  sentence: string
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

export type DealScore = {
  probability: number
  factors: ScoreFactor[]
  /** The weightiest activities behind the activity factor. */
  topActivities: { type: string; occurredAt: IsoInstant; seniority: string | null; weight: number }[]
  sentence: string
}
