import type { ConsumptionDaily, ConsumptionStream } from '@revlab/domain'
import { mix32, type Rng } from '@revlab/stats'
import type { AccountDraft } from './accounts.js'
import type { DealPlan } from './deal-plan.js'
import { toIsoDate, weekday } from './dates.js'

export const CHUNK_ROWS = 50_000

const SKUS = [
  { sku: 'compute', share: 0.6, unitPriceCents: 300 },
  { sku: 'storage', share: 0.25, unitPriceCents: 80 },
  { sku: 'data_transfer', share: 0.15, unitPriceCents: 9 },
] as const

/** Steady-state daily revenue of an account's core workload, by segment. */
const BASE_DAILY_CENTS: Record<string, number> = { SMB: 6_000, 'Mid-Market': 35_000, Enterprise: 180_000 }
/** Sunday … Saturday. */
const WEEKLY = [0.5, 1, 1.05, 1.05, 1.03, 0.97, 0.55]
const CHURN_DECAY_DAYS = 45
/**
 * Each account's yearly growth rate of its core usage, Normal(mean, sd), held
 * for the whole history. Kept narrow: a wide spread compounds (the fastest
 * growers come to dominate revenue), which pushed NRR to ~170%.
 */
const GROWTH_PER_YEAR = { mean: 0.04, sd: 0.15 }
/** A new customer's core workload starts at this share of its steady state and ramps up over 90 days. */
const CORE_RAMP_FLOOR = 0.5

/** A stream of usage: an account's core platform workload, or one live use case. */
export type Workload = {
  accountId: string
  useCaseId: string | null
  startDay: number
  /** Last day with a row (inclusive). */
  endDay: number
  rampStartDay: number
  rampDays: number
  rampFloor: number
  dailyCents: number
  growthPerYear: number
  churnDay: number | null
  skus: { sku: string; share: number; unitPriceCents: number; index: number }[]
  seed: number
}

/**
 * Usage for every customer: a core workload from the day the account became
 * a customer (already ramped for customers older than the history), plus one
 * workload per live use case from its go-live date, ramping over 60 days to
 * the use case's expected monthly value. Each account grows or shrinks at its
 * own yearly rate (4% ± 15%; its use cases at half that); about 7% churn and
 * decay to zero over 45 days. Net retention comes out near 120-130%: most
 * expansion is new use cases, as in a young usage-priced business.
 * Returned in account-id order.
 */
export const planWorkloads = (
  rng: Rng,
  options: {
    accounts: AccountDraft[]
    plans: DealPlan[]
    goLiveDays: Map<string, number>
    asOfDay: number
    historyStartDay: number
  },
): Workload[] => {
  const { accounts, plans, goLiveDays, asOfDay, historyStartDay } = options
  const useCasesByAccount = new Map<string, DealPlan[]>()
  for (const deal of plans) {
    if (deal.kind !== 'use_case' || !goLiveDays.has(deal.id) || deal.account === null) continue
    const list = useCasesByAccount.get(deal.account.id) ?? []
    list.push(deal)
    useCasesByAccount.set(deal.account.id, list)
  }
  const workloads: Workload[] = []
  const seedBase = rng.int(0, 0x7fffffff)
  for (const account of accounts) {
    if (account.customerSinceDay === null) continue
    const growthPerYear = rng.normal(GROWTH_PER_YEAR.mean, GROWTH_PER_YEAR.sd)
    const churnCandidate = rng.bernoulli(0.07)
      ? rng.int(Math.max(account.customerSinceDay, historyStartDay) + 120, asOfDay + 200)
      : null
    const churnDay = churnCandidate !== null && churnCandidate <= asOfDay ? churnCandidate : null
    const lastDay = churnDay === null ? asOfDay : Math.min(asOfDay, churnDay + CHURN_DECAY_DAYS)
    const startDay = Math.max(historyStartDay, account.customerSinceDay + 1)
    const coreSkus = rng.bernoulli(0.3) ? SKUS : SKUS.slice(0, 2)
    workloads.push({
      accountId: account.id,
      useCaseId: null,
      startDay,
      endDay: lastDay,
      rampStartDay: account.customerSinceDay + 1,
      rampDays: 90,
      rampFloor: CORE_RAMP_FLOOR,
      dailyCents: (BASE_DAILY_CENTS[account.segment] ?? 6_000) * rng.logNormal(0, 0.5),
      growthPerYear,
      churnDay,
      skus: coreSkus.map((s, index) => ({ ...s, index })),
      seed: mix32(seedBase + workloads.length),
    })
    for (const deal of useCasesByAccount.get(account.id) ?? []) {
      const goLive = goLiveDays.get(deal.id) ?? asOfDay
      if (goLive > lastDay) continue
      const skus = rng.bernoulli(0.7) ? [SKUS[0]] : [SKUS[0], SKUS[1]]
      const shareTotal = skus.reduce((sum, s) => sum + s.share, 0)
      workloads.push({
        accountId: account.id,
        useCaseId: deal.id,
        startDay: goLive,
        endDay: lastDay,
        rampStartDay: goLive,
        rampDays: 60,
        rampFloor: 0.1,
        dailyCents: deal.amountCents / 12 / 30.4,
        growthPerYear: growthPerYear / 2,
        churnDay,
        skus: skus.map((s, index) => ({
          sku: s.sku,
          share: s.share / shareTotal,
          unitPriceCents: s.unitPriceCents,
          index,
        })),
        seed: mix32(seedBase + workloads.length),
      })
    }
  }
  return workloads
}

/** Uniform [0, 1) from integers, so any (workload, sku, day) can be recomputed on its own. */
const hashUnit = (seed: number, sku: number, day: number, salt: number): number =>
  mix32((mix32((seed ^ Math.imul(sku + 1, 0x9e3779b1)) >>> 0) + Math.imul(day, 0x85ebca6b) + salt) >>> 0) /
  4294967296

/** Revenue in cents of one workload's SKU on one day: ramp × trend × churn decay × weekday × noise. */
export const revenueCents = (workload: Workload, skuIndex: number, day: number): number => {
  const sku = workload.skus[skuIndex]
  if (sku === undefined) return 0
  const sinceRamp = day - workload.rampStartDay
  const ramp =
    sinceRamp < workload.rampDays
      ? workload.rampFloor + ((1 - workload.rampFloor) * Math.max(0, sinceRamp)) / workload.rampDays
      : 1
  const trend = Math.exp((workload.growthPerYear * (day - workload.startDay)) / 365)
  const churn =
    workload.churnDay !== null && day > workload.churnDay
      ? Math.max(0, 1 - (day - workload.churnDay) / CHURN_DECAY_DAYS)
      : 1
  const u =
    hashUnit(workload.seed, skuIndex, day, 1) +
    hashUnit(workload.seed, skuIndex, day, 2) +
    hashUnit(workload.seed, skuIndex, day, 3)
  const noise = Math.exp(0.12 * (u - 1.5) * 2)
  return Math.round(
    workload.dailyCents * sku.share * ramp * trend * churn * (WEEKLY[weekday(day)] ?? 1) * noise,
  )
}

export const countConsumptionRows = (workloads: Workload[]): number =>
  workloads.reduce((sum, w) => sum + Math.max(0, w.endDay - w.startDay + 1) * w.skus.length, 0)

/**
 * Daily rows, account by account, day by day, workload by workload, SKU by
 * SKU, in chunks of at most 50,000. Nothing is held beyond one chunk, and
 * each call to the stream starts over and yields the same rows.
 */
export const consumptionStream = (workloads: Workload[]): ConsumptionStream => {
  const byAccount: Workload[][] = []
  for (const workload of workloads) {
    const last = byAccount[byAccount.length - 1]
    if (last !== undefined && last[0]?.accountId === workload.accountId) last.push(workload)
    else byAccount.push([workload])
  }
  return function* (): Generator<ConsumptionDaily[]> {
    let chunk: ConsumptionDaily[] = []
    const dates = new Map<number, string>()
    for (const group of byAccount) {
      const first = Math.min(...group.map((w) => w.startDay))
      const last = Math.max(...group.map((w) => w.endDay))
      for (let day = first; day <= last; day += 1) {
        let date: string | null = null
        for (const workload of group) {
          if (day < workload.startDay || day > workload.endDay) continue
          if (date === null) {
            date = dates.get(day) ?? toIsoDate(day)
            dates.set(day, date)
          }
          for (const sku of workload.skus) {
            const cents = revenueCents(workload, sku.index, day)
            chunk.push({
              day: date,
              accountId: workload.accountId,
              useCaseId: workload.useCaseId,
              sku: sku.sku,
              units: Math.round((cents / sku.unitPriceCents) * 1000) / 1000,
              revenueCents: cents,
            })
            if (chunk.length === CHUNK_ROWS) {
              yield chunk
              chunk = []
            }
          }
        }
      }
    }
    if (chunk.length > 0) yield chunk
  }
}
