import type { Person } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { AccountDraft } from './accounts.js'
import type { DealPlan } from './deal-plan.js'
import { toDayNumber } from './dates.js'
import { stageModelForSegment } from './stage-models.js'

const byCreated = (a: DealPlan, b: DealPlan): number =>
  a.createdDay - b.createdDay || a.createdMinute - b.createdMinute || (a.id < b.id ? -1 : 1)

/** Number of sorted values strictly below `limit`. */
const countBelow = (sorted: number[], limit: number): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((sorted[mid] ?? 0) < limit) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Puts each deal on an account and gives it an owner, an SE and a stage model.
 * New-logo deals go to prospects (never to an account that is already a
 * customer or has a new-logo deal in flight when possible), walking deals in
 * creation order; a won new-logo deal makes its account a customer on the
 * close date. Use-case, expansion and renewal deals go to accounts that were
 * customers when the deal was created. Hunters own new logos, core owners the
 * rest; an owner who had not started yet hands the deal to a colleague.
 * Mutates the plans and accounts; returns each customer's core owner.
 */
export const assignAccounts = (
  rng: Rng,
  options: { plans: DealPlan[]; accounts: AccountDraft[]; people: Person[] },
): Map<string, string> => {
  const { plans, accounts, people } = options
  const aes = people.filter((p) => p.role === 'ae')
  const ses = people.filter((p) => p.role === 'se')
  const startDay = new Map(people.map((p) => [p.id, toDayNumber(p.startDate)]))
  const started = (personId: string, day: number): boolean => (startDay.get(personId) ?? 0) <= day

  const ownerAt = (preferredId: string, aeType: 'hunter' | 'core', region: string, day: number): string => {
    if (started(preferredId, day)) return preferredId
    const sameRegion = aes.filter((a) => a.aeType === aeType && a.region === region && started(a.id, day))
    if (sameRegion.length > 0) return rng.pick(sameRegion).id
    const anyStarted = aes.filter((a) => started(a.id, day))
    if (anyStarted.length > 0) return rng.pick(anyStarted).id
    return preferredId
  }

  // 1. New logos, in creation order.
  const prospects = accounts.filter((a) => !a.established)
  const busyUntil = new Map<string, number>()
  const isCustomerAt = (account: AccountDraft, day: number): boolean =>
    account.customerSinceDay !== null && account.customerSinceDay < day
  const newLogos = plans.filter((p) => p.kind === 'new_logo').sort(byCreated)
  for (const deal of newLogos) {
    let chosen: AccountDraft | undefined
    for (let attempt = 0; attempt < 12 && chosen === undefined; attempt += 1) {
      const candidate = rng.pick(prospects)
      if (
        !isCustomerAt(candidate, deal.createdDay) &&
        (busyUntil.get(candidate.id) ?? -Infinity) < deal.createdDay
      ) {
        chosen = candidate
      }
    }
    if (chosen === undefined) {
      const free = prospects.filter((a) => !isCustomerAt(a, deal.createdDay))
      chosen = rng.pick(free.length > 0 ? free : prospects)
    }
    deal.account = chosen
    busyUntil.set(chosen.id, Math.max(busyUntil.get(chosen.id) ?? -Infinity, deal.closeDay))
    if (
      deal.isClosed &&
      deal.isWon &&
      (chosen.customerSinceDay === null || deal.closeDay < chosen.customerSinceDay)
    ) {
      chosen.customerSinceDay = deal.closeDay
    }
    deal.ownerId = ownerAt(chosen.ownerId ?? '', 'hunter', chosen.region, deal.createdDay)
  }

  // 2. Core owners for every account that is a customer by the end.
  const coreOwners = new Map<string, string>()
  const customers = accounts
    .filter((a) => a.customerSinceDay !== null)
    .sort((a, b) => (a.customerSinceDay ?? 0) - (b.customerSinceDay ?? 0) || (a.id < b.id ? -1 : 1))
  for (const account of customers) {
    const cores = aes.filter((a) => a.aeType === 'core')
    const territory = cores.filter((c) => c.region === account.region && c.segment === account.segment)
    const regional = cores.filter((c) => c.region === account.region)
    const core = rng.pick(territory.length > 0 ? territory : regional.length > 0 ? regional : cores)
    coreOwners.set(account.id, core.id)
  }

  // 3. Customer deals, on accounts that were customers at creation.
  const customerSince = customers.map((a) => a.customerSinceDay ?? 0)
  const customerDeals = plans.filter((p) => p.kind !== 'new_logo').sort(byCreated)
  for (const deal of customerDeals) {
    const eligible = countBelow(customerSince, deal.createdDay)
    const account = customers[rng.int(0, Math.max(1, eligible) - 1)]
    if (account === undefined) throw new Error('demo-data: no customer accounts to put customer deals on')
    deal.account = account
    deal.ownerId = ownerAt(coreOwners.get(account.id) ?? '', 'core', account.region, deal.createdDay)
  }

  // 4. SEs and stage models.
  for (const deal of plans) {
    const account = deal.account
    if (account === null) throw new Error(`demo-data: deal ${deal.id} has no account`)
    const needsSe = deal.hasPoc || rng.bernoulli(account.segment === 'SMB' ? 0.15 : 0.6)
    const regional = ses.filter((s) => s.region === account.region)
    deal.seId = needsSe ? rng.pick(regional.length > 0 ? regional : ses).id : null
    deal.stageModelId = stageModelForSegment(account.segment)
  }
  return coreOwners
}
