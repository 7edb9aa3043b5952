import type { Experiment, IsoDate, IsoInstant } from '@revlab/domain'
import type { DifferenceEstimate, ProportionEstimate } from '../pocs/types.js'

/** One assigned deal with the outcome facts (loaded by `loadExperimentInputs`). */
export type ExperimentDealInput = {
  experimentId: string
  dealId: string
  variant: 'control' | 'variant'
  assignedAt: IsoInstant
  adherence: number | null
  segment: string
  aeType: string | null
  createdOn: IsoDate
  /** Closed by the as-of date. */
  isClosed: boolean
  isWon: boolean
  closeDate: IsoDate
  amountCents: number
}

export type ExperimentInputs = {
  asOf: IsoDate
  experiments: Experiment[]
  playbooks: { id: string; name: string }[]
  assignments: ExperimentDealInput[]
}

export type ExperimentOptions = {
  /** Per protocol keeps deals whose adherence is at least this (both arms). */
  adherenceThreshold: number
  /** Percentile-bootstrap resamples for the ratio of median days (per segment a quarter of these). */
  bootstrapResamples: number
  /** Monte Carlo draws from the Beta posteriors. */
  posteriorDraws: number
  seed: number
  /** Two-sided significance and power for the sample size. */
  alpha: number
  power: number
  /** The smallest effects worth detecting, per primary metric. */
  smallestWinRateDifference: number
  smallestDaysRatio: number
  smallestDealSizeRatio: number
  /** Weeks of recent assignments that set the current deal flow. */
  flowWeeks: number
}

export type RatioEstimate = { estimate: number | null; ci95: [number, number] | null; method: string }

export type SurvivalArm = {
  n: number
  /** Closed deals (the event); open deals are censored at the as-of date. */
  events: number
  medianDays: number | null
  medianCi95: [number | null, number | null]
}

export type ArmComparison = {
  n: { control: number; variant: number }
  winRate: {
    control: ProportionEstimate
    variant: ProportionEstimate
    /** variant minus control. */
    difference: DifferenceEstimate
    /** P(variant win rate > control) under Beta(1 + won, 1 + lost) posteriors, by seeded Monte Carlo. */
    probabilityVariantBetter: number | null
  }
  daysToClose: {
    control: SurvivalArm
    variant: SurvivalArm
    /** Variant median over control median (below 1 = faster). */
    ratioOfMedians: RatioEstimate
    /** P(variant median < control median) across bootstrap resamples. */
    probabilityVariantFaster: number | null
    logRank: { chisq: number; pValue: number } | null
  }
  dealSize: {
    control: { n: number; geometricMeanCents: number | null }
    variant: { n: number; geometricMeanCents: number | null }
    /** exp(mean ln amount variant − control) over won deals, Welch t interval. */
    ratio: RatioEstimate
  }
}

export type SampleSizePlan = {
  primaryMetric: Experiment['primaryMetric']
  smallestEffect: number
  /** Closed (win rate, days) or won (deal size) deals needed per arm. */
  neededPerArm: number | null
  /** What counts toward the plan: closed or won deals. */
  unit: 'closed deals' | 'won deals'
  current: { control: number; variant: number }
  /** Units per week over the last flowWeeks weeks, both arms together. */
  weeklyFlow: number
  weeksToGo: number | null
  reached: boolean
  basis: string
}

export type ExperimentResult = {
  id: string
  name: string
  hypothesis: string
  status: Experiment['status']
  assignmentMethod: Experiment['assignmentMethod']
  seed: number | null
  primaryMetric: Experiment['primaryMetric']
  startedAt: IsoDate
  controlPlaybook: string
  variantPlaybook: string
  meanAdherence: { control: number | null; variant: number | null }
  intentionToTreat: ArmComparison
  perProtocol: ArmComparison & { excluded: number }
  bySegment: { segment: string; intentionToTreat: ArmComparison }[]
  byAeType: { aeType: string; intentionToTreat: ArmComparison }[]
  sampleSize: SampleSizePlan
  warnings: string[]
}

export type ExperimentAnalysis =
  | { status: 'insufficient-data'; asOf: IsoDate; needed: number; got: number; reason: string }
  | { status: 'ok'; asOf: IsoDate; options: ExperimentOptions; experiments: ExperimentResult[] }
