/**
 * What the deal-execution read-outs answer (a deal's exit criteria,
 * stakeholder gaps and explained score; the score's calibration; a rep's
 * coaching view), as the analyses build them and the API sends them.
 */
import type { IsoInstant } from './records.js'

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

export type DealScore = {
  probability: number
  factors: ScoreFactor[]
  /** The weightiest activities behind the activity factor. */
  topActivities: { type: string; occurredAt: IsoInstant; seniority: string | null; weight: number }[]
  sentence: string
}

export type CoachingGap = {
  stageName: string
  signal: string
  label: string
  /** Share of won deals that knew it when they left the stage. */
  winners: number
  /** Share of the rep's deals that knew it when they left (or now, if still in) the stage. */
  rep: number
  repDeals: number
}

export type CoachingStep = { dealId: string; dealName: string; stageName: string; steps: string[] }

export type RepCoaching = {
  repId: string
  repName: string
  deals: { open: number; won: number; lost: number; winRate: number | null }
  teamWinRate: number | null
  signalGaps: CoachingGap[]
  roleGaps: { role: string; winners: number; rep: number; repDeals: number }[]
  nextSteps: CoachingStep[]
  summary: string
}

/** `GET /api/v1/deals/{id}/execution`: the checks for one deal. */
export type DealExecutionView = {
  dealId: string
  asOf: string
  exitCriteria: ExitCriteriaStatus | null
  stakeholderGaps: StakeholderGap[]
  score: DealScore | null
  model:
    | { status: 'ok'; n: number; baseRate: number; calibration: CalibrationSummary }
    | { status: 'insufficient-data'; needed: number; got: number; reason: string }
}
