import type { IsoDate } from './records.js'

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
