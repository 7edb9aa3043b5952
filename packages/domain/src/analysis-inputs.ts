import type { IsoDate, IsoInstant, UseCaseStatus } from './records.js'

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

/** What the morning-coffee briefing reads besides consumption (loaded by packages/db, composed by packages/analyses). */
export type BriefDealInput = {
  id: string
  name: string
  kind: string
  accountName: string
  ownerId: string
  ownerName: string
  amountCents: number
  createdAt: string
  closeDate: IsoDate
  isClosed: boolean
  isWon: boolean
  lossReason: string | null
  competitor: string | null
}

export type BriefPocInput = {
  id: string
  dealId: string
  dealName: string
  ownerName: string
  seName: string | null
  metric: string
  baseline: number
  target: number
  plannedWeeks: number
  startedAt: IsoDate
  goNoGoDate: IsoDate
  status: string
  /** JSON object of the commitment agreement ({ key: promised }). */
  commitments: string
  checkins: { week: number; checkedAt: IsoDate; metricValue: number | null; commitmentsMet: string }[]
}

export type BriefCertificationInput = {
  personId: string
  personName: string
  name: string
  earnedAt: IsoDate | null
  expiresAt: IsoDate | null
  status: string
}

/** What the briefing needs beyond the consumption analysis: deals, POCs and certifications around the date. */
export type BriefInputs = {
  /** Deals created, closed, or due to close in the event window. */
  deals: BriefDealInput[]
  /** Running and paused POCs with their check-ins. */
  pocs: BriefPocInput[]
  certifications: BriefCertificationInput[]
}

/**
 * Revenue summed over the fixed windows every consumption figure is built
 * from, all ending on `asOf` (day D, inclusive). Summed in SQL.
 */
export type WindowSums = {
  /** Day D. */
  yesterdayCents: number
  /** Day D−7 (the same weekday a week earlier). */
  weekAgoCents: number
  /** D−6 … D. */
  last7Cents: number
  /** D−13 … D−7. */
  prior7Cents: number
  /** D−29 … D. */
  last30Cents: number
  /** D−59 … D−30. */
  prior30Cents: number
  /** D−394 … D−365: the same 30 days a year earlier (for NRR and GRR). */
  yearAgo30Cents: number
  /** 1 January of D's fiscal year … D. */
  ytdCents: number
}

export type ConsumptionPerson = {
  id: string
  name: string
  role: string
  aeType: string | null
  team: string
  region: string
}

export type ConsumptionAccountInput = WindowSums & {
  id: string
  name: string
  /** The hunter who landed the account (or its only owner). */
  ownerId: string | null
  /** The core owner it was handed to; incremental quota follows this owner. */
  coreOwnerId: string | null
  segment: string
  region: string
  /** First day with consumption in the store, or null if none. */
  firstDay: IsoDate | null
  /** The baseline snapped on 1 January of the fiscal year (annualized), or null (new this year). */
  baselineRunRateCents: number | null
}

export type ConsumptionUseCaseInput = WindowSums & {
  id: string
  name: string
  accountId: string
  ownerId: string
  status: UseCaseStatus | null
  createdAt: IsoInstant
  goLiveTarget: IsoDate | null
  goLiveDate: IsoDate | null
  expectedMonthlyCents: number | null
}

export type ConsumptionSkuInput = WindowSums & { sku: string }

export type ConsumptionBusinessReviewInput = {
  id: string
  accountId: string
  dueAt: IsoDate
  heldAt: IsoDate | null
  status: string
}

export type ConsumptionInputs = {
  asOf: IsoDate
  fiscalYear: number
  people: ConsumptionPerson[]
  accounts: ConsumptionAccountInput[]
  useCases: ConsumptionUseCaseInput[]
  skus: ConsumptionSkuInput[]
  /** Total revenue per day, oldest first, for the chart (days without rows are absent). */
  daily: { day: IsoDate; revenueCents: number }[]
  /** Incremental quotas of the fiscal year, one per person (periods summed). */
  incrementalQuotas: { personId: string; amountCents: number }[]
  businessReviews: ConsumptionBusinessReviewInput[]
}
