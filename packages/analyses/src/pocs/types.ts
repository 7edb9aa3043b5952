import type { IsoDate, Poc, PocCheckin } from '@revlab/domain'

/** A POC with the deal facts the analysis needs (loaded by `loadPocInputs`). */
export type PocInput = Poc & {
  dealName: string
  dealOwnerId: string
  /** Closed by the as-of date. */
  dealIsClosed: boolean
  dealIsWon: boolean
  dealCloseDate: IsoDate
}

export type PocInputs = {
  /** The data's "today": the analysis never reads the clock. */
  asOf: IsoDate
  pocs: PocInput[]
  checkins: PocCheckin[]
  people: { id: string; name: string; role: string }[]
}

export type PocOptions = {
  /** A check-in meeting less than this share of the promised commitments is a miss; flagged two weeks running, or below half at once. */
  minCommitmentShare: number
  /** Weeks past the planned length before an overrunning POC is recommended to stop. */
  stopAfterOverrunWeeks: number
  /** Days without a check-in (once the POC is a week old) before it is flagged. */
  maxDaysWithoutCheckin: number
  /** SE hours a running POC takes per week, and an SE's working week: for the share of time in POCs. */
  seHoursPerPoc: number
  seWeeklyHours: number
  /** More active POCs than this per SE is overload. */
  maxActivePocsPerSe: number
  /** Share of promised commitments met across check-ins that counts as "commitments kept". */
  keptCommitmentShare: number
}

export type PocRiskFlag =
  | 'missed-commitments'
  | 'overrunning'
  | 'no-metric-movement'
  | 'behind-on-metric'
  | 'no-recent-checkin'
  | 'incomplete-agreement'

export type PocRecommendation = 'continue' | 'pause' | 'stop'

export type ProportionEstimate = {
  estimate: number | null
  ci95: [number, number] | null
  successes: number
  n: number
  method: 'wilson'
}

export type DifferenceEstimate = {
  estimate: number | null
  ci95: [number, number] | null
  method: 'newcombe-wilson'
}

export type OddsRatioEstimate = {
  estimate: number | null
  ci95: [number, number] | null
  method: 'woolf-log'
}

export type ActivePoc = {
  id: string
  dealId: string
  dealName: string
  seId: string
  seName: string
  question: string
  metric: string
  status: Poc['status']
  paid: boolean
  priceCents: number
  startedAt: IsoDate
  goNoGoDate: IsoDate
  plannedWeeks: number
  weeksElapsed: number
  /** Share of the way from baseline to target at the latest reading (1 = target met); null without a reading. */
  metricProgress: number | null
  /** What the plan expects by now: weeks elapsed / planned weeks, capped at 1. */
  expectedProgress: number
  commitmentsPromised: number
  /** Share of promised commitments met over all check-ins; null without check-ins. */
  commitmentShare: number | null
  lastCheckinAt: IsoDate | null
  flags: PocRiskFlag[]
  atRisk: boolean
  recommendation: PocRecommendation
  reason: string
}

export type SeLoad = {
  seId: string
  name: string
  activePocs: number
  /** activePocs × seHoursPerPoc / seWeeklyHours, capped at 1. */
  timeShareInPocs: number
  atRiskPocs: number
  overloaded: boolean
}

export type PocShapeComparison = {
  key: 'paid' | 'length' | 'commitments-kept' | 'full-agreement'
  label: string
  groupA: { label: string; winRate: ProportionEstimate }
  groupB: { label: string; winRate: ProportionEstimate }
  /** groupA minus groupB. */
  difference: DifferenceEstimate
  oddsRatio: OddsRatioEstimate
  sentence: string
}

export type PocAnalysis =
  | { status: 'insufficient-data'; asOf: IsoDate; needed: number; got: number; reason: string }
  | {
      status: 'ok'
      asOf: IsoDate
      options: PocOptions
      totals: {
        pocs: number
        active: number
        atRisk: number
        recommendedPause: number
        recommendedStop: number
        closed: number
        won: number
      }
      active: ActivePoc[]
      seLoad: SeLoad[]
      conversion: PocShapeComparison[]
    }
