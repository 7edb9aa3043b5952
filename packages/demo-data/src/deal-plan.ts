import type { DealKind } from '@revlab/domain'
import type { AccountDraft } from './accounts.js'

/** Everything decided about one deal while generating it; the records are built from this. */
export type DealPlan = {
  id: string
  kind: DealKind
  isClosed: boolean
  isWon: boolean
  createdDay: number
  createdMinute: number
  /** Actual close for closed deals, expected close (after asOf) for open ones. */
  closeDay: number
  /** Planted signals, drawn independently for every deal. */
  execSponsor: boolean
  priorOssUse: boolean
  hardDeadline: boolean
  hasPoc: boolean
  pocPaid: boolean
  experimentVariant: 'control' | 'variant' | null
  /** Filled in by assignAccounts. */
  account: AccountDraft | null
  ownerId: string
  seId: string | null
  stageModelId: string
  /** Stage keys entered, in order; the last is the current (or closed) stage. */
  stagePath: string[]
  /** Open discovery questions in each of the deal's calls (stored or not), filled in by calls. */
  openQuestionsPerCall: number[]
  amountCents: number
}

/** The last day the deal has been live: its close for closed deals, asOf for open ones. */
export const dealEndDay = (deal: DealPlan, asOfDay: number): number =>
  deal.isClosed ? deal.closeDay : asOfDay
