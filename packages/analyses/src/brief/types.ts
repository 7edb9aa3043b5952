import type {
  BriefCertificationInput,
  BriefDealInput,
  BriefInputs,
  BriefPocInput,
  IsoDate,
} from '@revlab/domain'

export type { BriefCertificationInput, BriefDealInput, BriefInputs, BriefPocInput }

export type BriefOptions = {
  team?: string | null
  /** How many items at most (a leader reads ~15). */
  maxItems?: number
  /** A check-in with fewer commitments met than promised, this many weeks running, puts a POC at risk. */
  missedCommitmentWeeks?: number
  /** Less than this share of the way from baseline to target after half the planned weeks is "no movement". */
  minMetricProgress?: number
}

export type PocRisk = {
  pocId: string
  dealId: string
  dealName: string
  ownerName: string
  seName: string | null
  reasons: string[]
}

export const BRIEF_ITEM_KINDS = [
  'consumption',
  'gainer',
  'loser',
  'use_case_gainer',
  'use_case_loser',
  'use_cases_live',
  'use_cases_slipped',
  'use_cases_created',
  'deals_won',
  'deals_lost',
  'deals_created',
  'deals_pushed',
  'poc_at_risk',
  'reviews_overdue',
  'certifications',
] as const
export type BriefItemKind = (typeof BRIEF_ITEM_KINDS)[number]

export type BriefItem = {
  kind: BriefItemKind
  tone: 'good' | 'bad' | 'neutral'
  /** One sentence, written for a sales leader. */
  text: string
  /** The page to open for detail (`/deals/:id`, `/consumption?account=…`). */
  link: string | null
  /** Who to ask: material changes name the owner. */
  ownerId: string | null
  ownerName: string | null
  /** The size of the move in cents, where there is one (for ranking and charts). */
  amountCents: number | null
}

export type Brief = {
  date: IsoDate
  team: string | null
  eventDays: number
  headline: string
  items: BriefItem[]
  /** The figures the items were written from, for scripts. */
  figures: {
    yesterdayCents: number
    weekAgoCents: number
    last7Cents: number
    prior7Cents: number
    runRate30Cents: number
    baselineRunRateCents: number
    baselineDailyCents: number
    incrementalRunRateCents: number
    attainment: number | null
    useCasesCreated: number
    useCasesLive: number
    useCasesSlipped: number
    dealsCreated: number
    dealsWon: number
    dealsWonCents: number
    dealsLost: number
    dealsPushed: number
    pocsAtRisk: number
    reviewsOverdue: number
    certificationsEarned: number
    certificationsDue: number
  }
  pocsAtRisk: PocRisk[]
  daily: { day: IsoDate; revenueCents: number }[]
}
