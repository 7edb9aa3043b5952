import type { IsoDate, UseCaseStatus } from '@revlab/domain'
import type {
  WindowSums,
  ConsumptionPerson,
  ConsumptionAccountInput,
  ConsumptionUseCaseInput,
  ConsumptionSkuInput,
  ConsumptionBusinessReviewInput,
  ConsumptionInputs,
} from '@revlab/domain'

export type {
  WindowSums,
  ConsumptionPerson,
  ConsumptionAccountInput,
  ConsumptionUseCaseInput,
  ConsumptionSkuInput,
  ConsumptionBusinessReviewInput,
  ConsumptionInputs,
}

export type ConsumptionOptions = {
  /** Use-case events (created, live, slipped) are counted over the last `eventDays` days up to asOf. */
  eventDays?: number
  /** How many gainers and losers to list. */
  top?: number
  /** A business review is due every `reviewIntervalDays`. */
  reviewIntervalDays?: number
}

export type Move = {
  id: string
  name: string
  accountId: string
  accountName: string
  ownerId: string | null
  ownerName: string | null
  last7Cents: number
  prior7Cents: number
  /** last7 − prior7. */
  changeCents: number
  /** change / prior7, null when prior7 is 0. */
  changePct: number | null
  /** The change annualized (× 365 / 7): what the move is worth in run rate. */
  runRateChangeCents: number
}

export type AccountConsumption = {
  id: string
  name: string
  segment: string
  region: string
  hunterId: string | null
  hunterName: string | null
  coreOwnerId: string | null
  coreOwnerName: string | null
  cohort: string | null
  yesterdayCents: number
  last7Cents: number
  prior7Cents: number
  last30Cents: number
  runRate30Cents: number
  runRate7Cents: number
  baselineRunRateCents: number
  incrementalRunRateCents: number
  ytdCents: number
  ytdIncrementalCents: number
}

export type OwnerAttainment = {
  personId: string
  name: string
  aeType: string | null
  team: string
  region: string
  accounts: number
  baselineRunRateCents: number
  runRate30Cents: number
  incrementalRunRateCents: number
  ytdIncrementalCents: number
  quotaCents: number | null
  /** incrementalRunRate / quota; null without a quota. */
  attainment: number | null
}

export type Retention = {
  cohort: string
  accounts: number
  yearAgo30Cents: number
  last30Cents: number
  nrr: number | null
  grr: number | null
}

export type UseCaseEvent = {
  id: string
  name: string
  accountId: string
  accountName: string
  ownerId: string
  ownerName: string | null
  status: UseCaseStatus | null
  date: IsoDate
  goLiveTarget: IsoDate | null
  expectedMonthlyCents: number | null
  /** For slips: days past the target as of asOf (live ones: days late). */
  daysLate: number | null
}

export type OverdueReview = {
  accountId: string
  accountName: string
  ownerId: string | null
  ownerName: string | null
  dueAt: IsoDate
  daysOverdue: number
  /** The account's consumption run rate, to rank which overdue reviews matter most. */
  runRate30Cents: number
}

export type ConsumptionAnalysis =
  | { status: 'insufficient-data'; asOf: IsoDate; reason: string }
  | {
      status: 'ok'
      asOf: IsoDate
      fiscalYear: number
      eventDays: number
      totals: {
        yesterdayCents: number
        weekAgoCents: number
        yesterdayChangePct: number | null
        last7Cents: number
        prior7Cents: number
        weekChangePct: number | null
        last30Cents: number
        runRate30Cents: number
        runRate7Cents: number
        baselineRunRateCents: number
        /** The baseline's daily line (baseline run rate / 365). */
        baselineDailyCents: number
        incrementalRunRateCents: number
        ytdCents: number
        ytdBaselineCents: number
        ytdIncrementalCents: number
        incrementalQuotaCents: number
        attainment: number | null
      }
      daily: { day: IsoDate; revenueCents: number }[]
      skus: {
        sku: string
        last7Cents: number
        prior7Cents: number
        last30Cents: number
        runRate30Cents: number
        changePct: number | null
      }[]
      gainers: Move[]
      losers: Move[]
      useCaseGainers: Move[]
      useCaseLosers: Move[]
      accounts: AccountConsumption[]
      owners: OwnerAttainment[]
      retention: { overall: Retention; byCohort: Retention[] }
      useCases: {
        byStatus: Record<string, number>
        created: UseCaseEvent[]
        wentLive: UseCaseEvent[]
        slipped: UseCaseEvent[]
      }
      businessReviews: {
        accountsTracked: number
        overdue: OverdueReview[]
        dueNext30Days: number
      }
    }

type OkConsumption = Extract<ConsumptionAnalysis, { status: 'ok' }>

/**
 * What the briefing and the exception chain read of consumption: the
 * analysis's totals, moves and use-case events, the incremental run rate
 * per owner with accounts, and the overdue reviews as a count plus the
 * largest few. `summarizeConsumption` builds it from SQL sums;
 * `digestConsumption` from a full analysis — the two agree exactly.
 */
export type ConsumptionDigest = Pick<
  OkConsumption,
  | 'status'
  | 'asOf'
  | 'fiscalYear'
  | 'eventDays'
  | 'totals'
  | 'daily'
  | 'gainers'
  | 'losers'
  | 'useCaseGainers'
  | 'useCaseLosers'
> & {
  useCases: Pick<OkConsumption['useCases'], 'created' | 'wentLive' | 'slipped'>
  /** Owners with accounts, by person id. */
  owners: { personId: string; incrementalRunRateCents: number }[]
  businessReviews: { overdueCount: number; overdue: OverdueReview[] }
}
