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

/**
 * What `revlab analyze forecast` reads: every deal with its dated history
 * (signals with the day they became known, stages with the day they were
 * entered), so the analysis can rebuild what was known on any past day for
 * its backtest, and the bookings quotas that are the targets. Dates are UTC
 * days; "known on day D" means dated before D.
 */
export type ForecastDealInput = {
  id: string
  ownerId: string
  kind: string
  amountCents: number
  createdOn: IsoDate
  /** The actual close date for closed deals; the expected one for open deals. */
  closeDate: IsoDate
  isClosed: boolean
  isWon: boolean
  /** Each signal value with the day it was observed, oldest first ('true'/'false' for booleans). */
  signals: { key: string; value: string; observedOn: IsoDate }[]
  /** The stages the deal entered, oldest first, with the CRM's probability of each. */
  stages: { key: string; enteredOn: IsoDate; probability: number }[]
}

export type ForecastInputs = {
  signals: { key: string; label: string; group: string; valueType: 'boolean' | 'category' | 'number' }[]
  deals: ForecastDealInput[]
  people: { id: string; name: string; team: string }[]
  /** Bookings quotas per person and period ('2026-Q1'). */
  quotas: { personId: string; period: string; amountCents: number }[]
}

/** What the enablement ROI analysis reads (loaded by `loadEnablementInputs`, analysed by `analyzeEnablement`). */
export type EnablementInputs = {
  /** The data's "today": the analysis never reads the clock. */
  asOf: IsoDate
  people: {
    id: string
    name: string
    email: string
    role: string
    managerId: string | null
    region: string
    segment: string
    startDate: IsoDate
    active: boolean
  }[]
  content: {
    id: string
    kind: string
    title: string
    program: string | null
    /** Parsed from the stored JSON list. */
    skills: string[]
    durationMin: number | null
    /** Cost per learner; null when the LMS does not say. */
    costCents: number | null
  }[]
  learningEvents: {
    personId: string
    contentId: string
    verb: string
    score: number | null
    occurredAt: IsoInstant
  }[]
  certifications: { personId: string; name: string; status: string; earnedAt: IsoDate | null }[]
  /** Calls with their measured behaviours (calls without metrics are absent). */
  calls: {
    id: string
    ownerId: string | null
    dealId: string | null
    startedAt: IsoInstant
    openQuestions: number
    talkRatio: number | null
    painUncovered: boolean
    valueBeforePrice: boolean | null
  }[]
  deals: {
    id: string
    ownerId: string
    kind: string
    segment: string
    amountCents: number
    createdAt: IsoInstant
    closeDate: IsoDate
    isClosed: boolean
    isWon: boolean
  }[]
}

/**
 * What the briefing and the exception chain need of consumption, summed in
 * SQL (monthly rollup for whole months, daily rows for the recent ones) so
 * no per-account list leaves the engine: totals over every account in scope
 * (annualized figures rounded per account, as the full analysis does), the
 * incremental run rate per owner, and only the rows that can reach a top-N
 * list or an event (candidates include every tie at the cut).
 */
export type ConsumptionSummaryInputs = {
  asOf: IsoDate
  fiscalYear: number
  /** Accounts in scope with any consumption in the last 60 days or the year to date (0: no data). */
  activeAccounts: number
  totals: {
    yesterdayCents: number
    weekAgoCents: number
    last7Cents: number
    prior7Cents: number
    last30Cents: number
    /** Σ round(last30 × 365 / 30) per account. */
    runRate30Cents: number
    baselineRunRateCents: number
    ytdCents: number
    /** Σ round(baseline × days elapsed / 365) per account. */
    ytdBaselineByAccountCents: number
  }
  /** Σ (run rate − baseline) per owner (the core owner, else the hunter). */
  owners: { personId: string; incrementalRunRateCents: number }[]
  incrementalQuotaCents: number
  /** Account moves: last 7 days against the 7 before; owner is the core owner, else the hunter. */
  accountMoves: ConsumptionMoveInput[]
  /** Use-case moves (use cases with consumption in the last 14 days). */
  useCaseMoves: ConsumptionMoveInput[]
  /** Use cases whose creation, go-live or target date falls near the event window. */
  useCases: (Omit<ConsumptionUseCaseInput, keyof WindowSums> & {
    accountName: string
    ownerName: string | null
  })[]
  /** Accounts whose oldest unheld review (due in the last 730 days) is past due. */
  overdueReviews: {
    count: number
    top: {
      accountId: string
      accountName: string
      ownerId: string | null
      ownerName: string | null
      dueAt: IsoDate
      runRate30Cents: number
    }[]
  }
  daily: { day: IsoDate; revenueCents: number }[]
}

export type ConsumptionMoveInput = {
  id: string
  name: string
  accountId: string
  accountName: string
  ownerId: string | null
  ownerName: string | null
  last7Cents: number
  prior7Cents: number
}
