/**
 * What the Accounts and Use Cases pages read: the consumption analysis
 * (GET /consumption, the `ConsumptionAnalysis` type of @revlab/analyses; the
 * fields these pages use) and the detail routes beside it.
 */
import { useApi, type ApiState } from '../../lib/use-api'

export type UseCaseStatusName =
  'identified' | 'evaluating' | 'approved' | 'onboarding' | 'live' | 'slipped' | 'lost'

export const LIFECYCLE: UseCaseStatusName[] = [
  'identified',
  'evaluating',
  'approved',
  'onboarding',
  'live',
  'slipped',
  'lost',
]

export type AccountRow = {
  id: string
  name: string
  segment: string
  region: string
  hunterName: string | null
  coreOwnerName: string | null
  cohort: string | null
  last7Cents: number
  prior7Cents: number
  runRate30Cents: number
  runRate7Cents: number
  baselineRunRateCents: number
  incrementalRunRateCents: number
  ytdIncrementalCents: number
}

export type MoveRow = { id: string; name: string; ownerName: string | null; changeCents: number }

export type Retention = { cohort: string; accounts: number; nrr: number | null; grr: number | null }

export type ConsumptionView =
  | { status: 'insufficient-data'; asOf: string; reason: string }
  | {
      status: 'ok'
      asOf: string
      totals: {
        runRate30Cents: number
        baselineRunRateCents: number
        incrementalRunRateCents: number
        incrementalQuotaCents: number
        attainment: number | null
        weekChangePct: number | null
      }
      accounts: AccountRow[]
      gainers: MoveRow[]
      losers: MoveRow[]
      retention: { overall: Retention; byCohort: Retention[] }
      businessReviews: { overdue: { accountId: string; dueAt: string; daysOverdue: number }[] }
    }

export type UseCaseRow = {
  id: string
  name: string
  accountId: string
  accountName: string
  ownerName: string | null
  status: UseCaseStatusName | null
  createdAt: string
  goLiveTarget: string | null
  goLiveDate: string | null
  expectedMonthlyCents: number | null
  daysLate: number | null
}

export type UseCaseListView = { asOf: string; byStatus: Record<string, number>; useCases: UseCaseRow[] }

export type LastReviewsView = { asOf: string; lastReviews: { accountId: string; lastHeldAt: string }[] }

export type AccountDetailView = {
  asOf: string
  account: { id: string; name: string; segment: string; region: string }
  summary: AccountRow | null
  daily: { day: string; sku: string; revenueCents: number }[]
  useCases: UseCaseRow[]
  businessReviews: { id: string; dueAt: string; heldAt: string | null; status: string }[]
}

async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    signal,
    headers: { accept: 'application/json' },
  })
  const body = (await res.json()) as T | { error: { message: string; hint?: string } }
  if (!res.ok || (body && typeof body === 'object' && 'error' in body)) {
    const error = (body as { error?: { message: string; hint?: string } }).error
    throw new Error(error ? `${error.message}${error.hint ? ` — ${error.hint}` : ''}` : `HTTP ${res.status}`)
  }
  return body as T
}

/** `?date=` for a day other than the latest with data; empty = latest. */
const dateQuery = (date: string): string => (date ? `?date=${encodeURIComponent(date)}` : '')

export function useConsumption(date = ''): ApiState<ConsumptionView> {
  return useApi(`consumption:${date}`, (signal) =>
    getJson<ConsumptionView>(`/api/v1/consumption${dateQuery(date)}`, signal),
  )
}

export function useLastReviews(date = ''): ApiState<LastReviewsView> {
  return useApi(`consumption-reviews:${date}`, (signal) =>
    getJson<LastReviewsView>(`/api/v1/consumption/reviews${dateQuery(date)}`, signal),
  )
}

export function useUseCases(date = ''): ApiState<UseCaseListView> {
  return useApi(`consumption-use-cases:${date}`, (signal) =>
    getJson<UseCaseListView>(`/api/v1/consumption/use-cases${dateQuery(date)}`, signal),
  )
}

export function useAccountDetail(id: string): ApiState<AccountDetailView> {
  return useApi(`consumption-account:${id}`, (signal) =>
    getJson<AccountDetailView>(`/api/v1/consumption/accounts/${encodeURIComponent(id)}?days=90`, signal),
  )
}
