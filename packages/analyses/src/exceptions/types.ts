import type { IsoDate } from '@revlab/domain'

export type QuotaKind = 'bookings' | 'incremental'

/** One quota row of the fiscal year: a quarter (`2026-Q3`) or the whole year (`FY2026`). */
export type ExceptionQuotaInput = { kind: QuotaKind; period: string; amountCents: number }

export type ExceptionCertificationInput = {
  name: string
  /** The SKU the certification covers, or null for a general one. */
  product: string | null
  status: 'earned' | 'due' | 'expired'
  earnedAt: IsoDate | null
  expiresAt: IsoDate | null
}

export type ExceptionRepInput = {
  id: string
  name: string
  aeType: string | null
  team: string
  region: string
  quotas: ExceptionQuotaInput[]
  /** Closed-won bookings (deals other than use cases) with a close date from 1 January to asOf. */
  wonBookingsCents: number
  /** Incremental consumption run rate of the accounts this rep owns (from the consumption analysis). */
  incrementalRunRateCents: number
  /** Open deals (not use cases) closing by the fiscal year end, overdue ones included. */
  openBookingsCents: number
  openDeals: number
  /** Open use cases (not live, not lost), expected monthly value × 12: run rate still to land. */
  openUseCaseRunRateCents: number
  openUseCases: number
  /** Activities in the `activityDays` ending on asOf, and their weights (type × seniority) summed. */
  activities: number
  weightedActivity: number
  /** Consumption of the rep's accounts over the last 30 days by SKU. */
  skuRevenue: { sku: string; revenueCents: number }[]
  certifications: ExceptionCertificationInput[]
  /** Courses and modules completed or passed in the 365 days up to asOf. */
  trainingCompleted: number
}

export type ExceptionInputs = {
  asOf: IsoDate
  fiscalYear: number
  /** The days `activities` and `weightedActivity` cover. */
  activityDays: number
  reps: ExceptionRepInput[]
  /** Every product some certification covers: a SKU with no certification cannot be a gap. */
  certifiableProducts: string[]
}

/** Thresholds of the chain; every one can be overridden (CLI flags, API query). */
export type ExceptionThresholds = {
  /** Making the number: attainment to date at least this (0.9 = 90% of the quota to date). */
  minAttainment: number
  /** Enough pipeline: open pipeline at least this multiple of the quota still to go. */
  minCoverage: number
  /** Enough activity: weighted activity at least this share of the team norm (the peers' median). */
  minActivityRatio: number
  /** Trained and certified: share of the products they sell that they hold a valid certification on. */
  minCertifiedShare: number
  /** A SKU counts as "what they sell" from this share of their accounts' last-30-day consumption. */
  minProductShare: number
  /** Fewest peers for a norm; below it the norm widens from team + AE type to team, then everyone. */
  minPeers: number
}

export type LinkKey = 'number' | 'pipeline' | 'activity' | 'enablement'
export type LinkStatus = 'pass' | 'fail' | 'no-data'

export type ExceptionLink = {
  key: LinkKey
  question: string
  status: LinkStatus
  /** Whether the chain got this far (a passed link ends it). Every link is measured either way. */
  reached: boolean
  /** attainment (fraction), coverage (multiple), activity ratio (fraction of norm), certified share. */
  figure: number | null
  threshold: number
  /** The figure as a sentence with the numbers behind it. */
  detail: string
}

export type ExceptionCause =
  'on_track' | 'conversion' | 'pipeline_generation' | 'effort' | 'enablement' | 'no_quota'

export type RepException = {
  personId: string
  name: string
  team: string
  region: string
  aeType: string | null
  quotaKind: QuotaKind | null
  quotaCents: number
  quotaToDateCents: number
  achievedCents: number
  remainingCents: number
  pipelineCents: number
  weightedActivity: number
  activityNorm: number | null
  missingCertifications: string[]
  onTrack: boolean
  cause: ExceptionCause
  /** The most likely cause, in a sentence. */
  diagnosis: string
  action: string
  links: ExceptionLink[]
}

export type TeamException = {
  team: string
  reps: number
  repsOffTrack: number
  quotaToDateCents: number
  achievedCents: number
  remainingCents: number
  pipelineCents: number
  onTrack: boolean
  cause: ExceptionCause
  diagnosis: string
  action: string
  links: ExceptionLink[]
}

export type ExceptionsAnalysis =
  | { status: 'insufficient-data'; asOf: IsoDate; reason: string }
  | {
      status: 'ok'
      asOf: IsoDate
      fiscalYear: number
      activityDays: number
      thresholds: ExceptionThresholds
      summary: { reps: number; onTrack: number; exceptions: number; byCause: Record<string, number> }
      reps: RepException[]
      teams: TeamException[]
    }
