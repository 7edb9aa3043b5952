import type {
  AccountConsumption,
  ConsumptionAnalysis,
  ConsumptionInputs,
  ConsumptionOptions,
  Move,
  OverdueReview,
  OwnerAttainment,
  Retention,
  UseCaseEvent,
  WindowSums,
} from './types.js'
import { dayNumber, inLastDays } from './iso-days.js'

export const DEFAULTS = {
  eventDays: 7,
  top: 5,
  reviewIntervalDays: 90,
} satisfies Required<ConsumptionOptions>

export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b)
export const annualize30 = (cents: number): number => Math.round((cents * 365) / 30)
export const annualize7 = (cents: number): number => Math.round((cents * 365) / 7)

export function move(
  base: { id: string; name: string; accountId: string; accountName: string },
  owner: { id: string | null; name: string | null },
  sums: Pick<WindowSums, 'last7Cents' | 'prior7Cents'>,
): Move {
  const changeCents = sums.last7Cents - sums.prior7Cents
  return {
    ...base,
    ownerId: owner.id,
    ownerName: owner.name,
    last7Cents: sums.last7Cents,
    prior7Cents: sums.prior7Cents,
    changeCents,
    changePct: ratio(changeCents, sums.prior7Cents),
    runRateChangeCents: annualize7(changeCents),
  }
}

/** Ties broken by id, so the same data always gives the same list. */
export const topBy = (moves: Move[], n: number, sign: 1 | -1): Move[] =>
  moves
    .filter((m) => Math.sign(m.changeCents) === sign)
    .sort((a, b) => sign * (b.changeCents - a.changeCents) || a.id.localeCompare(b.id))
    .slice(0, n)

/** topBy over raw window sums: the same list, building a Move only for the `n` kept. */
export function topMoves<T extends { id: string; last7Cents: number; prior7Cents: number }>(
  items: readonly T[],
  n: number,
  sign: 1 | -1,
  toMove: (item: T) => Move,
): Move[] {
  return items
    .filter((m) => Math.sign(m.last7Cents - m.prior7Cents) === sign)
    .sort(
      (a, b) =>
        sign * (b.last7Cents - b.prior7Cents - (a.last7Cents - a.prior7Cents)) || a.id.localeCompare(b.id),
    )
    .slice(0, n)
    .map(toMove)
}

/** Each account's consumption row, in input order (the analysis's `accounts` before sorting). */
export function accountConsumptionRows(inputs: ConsumptionInputs): AccountConsumption[] {
  const people = new Map(inputs.people.map((p) => [p.id, p.name]))
  const nameOf = (id: string | null): string | null => (id === null ? null : (people.get(id) ?? id))
  const daysElapsed = dayNumber(inputs.asOf) - dayNumber(`${inputs.fiscalYear}-01-01`) + 1
  return inputs.accounts.map((a) => {
    const baseline = a.baselineRunRateCents ?? 0
    const runRate30Cents = annualize30(a.last30Cents)
    return {
      id: a.id,
      name: a.name,
      segment: a.segment,
      region: a.region,
      hunterId: a.ownerId,
      hunterName: nameOf(a.ownerId),
      coreOwnerId: a.coreOwnerId,
      coreOwnerName: nameOf(a.coreOwnerId),
      cohort: a.firstDay?.slice(0, 4) ?? null,
      yesterdayCents: a.yesterdayCents,
      last7Cents: a.last7Cents,
      prior7Cents: a.prior7Cents,
      last30Cents: a.last30Cents,
      runRate30Cents,
      runRate7Cents: annualize7(a.last7Cents),
      baselineRunRateCents: baseline,
      incrementalRunRateCents: runRate30Cents - baseline,
      ytdCents: a.ytdCents,
      ytdIncrementalCents: a.ytdCents - Math.round((baseline * daysElapsed) / 365),
    }
  })
}

function retention(cohort: string, accounts: WindowSums[]): Retention {
  const base = accounts.filter((a) => a.yearAgo30Cents > 0)
  const yearAgo30Cents = base.reduce((s, a) => s + a.yearAgo30Cents, 0)
  const last30Cents = base.reduce((s, a) => s + a.last30Cents, 0)
  const kept = base.reduce((s, a) => s + Math.min(a.last30Cents, a.yearAgo30Cents), 0)
  return {
    cohort,
    accounts: base.length,
    yearAgo30Cents,
    last30Cents,
    nrr: ratio(last30Cents, yearAgo30Cents),
    grr: ratio(kept, yearAgo30Cents),
  }
}

type UseCaseFields = Omit<ConsumptionInputs['useCases'][number], keyof WindowSums>
type UseCaseNames = { accountName: string; ownerName: string | null }

/**
 * Use cases created, gone live and slipped in the `eventDays` days up to
 * asOf, largest expected value first; `names` is asked only for those listed.
 */
export function useCaseEvents<U extends UseCaseFields>(
  useCases: readonly U[],
  asOf: string,
  eventDays: number,
  names: (u: U) => UseCaseNames,
): { created: UseCaseEvent[]; wentLive: UseCaseEvent[]; slipped: UseCaseEvent[] } {
  const asOfDay = dayNumber(asOf)
  const event = (u: U, date: string, daysLate: number | null): UseCaseEvent => {
    const { accountName, ownerName } = names(u)
    return {
      id: u.id,
      name: u.name,
      accountId: u.accountId,
      accountName,
      ownerId: u.ownerId,
      ownerName,
      status: u.status,
      date: date.slice(0, 10),
      goLiveTarget: u.goLiveTarget,
      expectedMonthlyCents: u.expectedMonthlyCents,
      daysLate,
    }
  }
  const byValue = (a: UseCaseEvent, b: UseCaseEvent): number =>
    (b.expectedMonthlyCents ?? 0) - (a.expectedMonthlyCents ?? 0) || a.id.localeCompare(b.id)
  const created = useCases
    .filter((u) => inLastDays(u.createdAt, asOf, eventDays))
    .map((u) => event(u, u.createdAt, null))
    .sort(byValue)
  const wentLive = useCases
    .filter((u) => inLastDays(u.goLiveDate, asOf, eventDays))
    .map((u) =>
      event(
        u,
        u.goLiveDate ?? asOf,
        u.goLiveTarget && u.goLiveDate ? dayNumber(u.goLiveDate) - dayNumber(u.goLiveTarget) : null,
      ),
    )
    .sort(byValue)
  // A slip happens the day the target passes without the use case live.
  const slipped = useCases
    .filter(
      (u) =>
        u.status !== 'lost' &&
        u.goLiveTarget !== null &&
        inLastDays(u.goLiveTarget, asOf, eventDays + 1) &&
        dayNumber(u.goLiveTarget) < asOfDay &&
        (u.goLiveDate === null || dayNumber(u.goLiveDate) > dayNumber(u.goLiveTarget)),
    )
    .map((u) => event(u, u.goLiveTarget ?? asOf, asOfDay - dayNumber(u.goLiveTarget ?? asOf)))
    .sort(byValue)
  return { created, wentLive, slipped }
}

/**
 * Consumption as a sales leader runs it: run rates, the yearly baseline and
 * the growth above it per owner, retention by cohort, who gained and lost
 * the most this week, the use-case lifecycle and overdue business reviews.
 * See README.md for every definition.
 */
export function analyzeConsumption(
  inputs: ConsumptionInputs,
  options: ConsumptionOptions = {},
): ConsumptionAnalysis {
  const opts = { ...DEFAULTS, ...options }
  const { asOf } = inputs
  if (inputs.accounts.every((a) => a.last30Cents === 0 && a.ytdCents === 0 && a.prior30Cents === 0)) {
    return {
      status: 'insufficient-data',
      asOf,
      reason: `no consumption in the 60 days up to ${asOf}: import daily consumption first`,
    }
  }
  const people = new Map(inputs.people.map((p) => [p.id, p]))
  const nameOf = (id: string | null): string | null => (id === null ? null : (people.get(id)?.name ?? id))
  const accountById = new Map(inputs.accounts.map((a) => [a.id, a]))
  const asOfDay = dayNumber(asOf)
  const daysElapsed = asOfDay - dayNumber(`${inputs.fiscalYear}-01-01`) + 1

  const accounts = accountConsumptionRows(inputs)
  accounts.sort((a, b) => b.runRate30Cents - a.runRate30Cents || a.id.localeCompare(b.id))

  const sum = (pick: (a: AccountConsumption) => number): number => accounts.reduce((s, a) => s + pick(a), 0)
  const quotaByPerson = new Map<string, number>()
  for (const q of inputs.incrementalQuotas)
    quotaByPerson.set(q.personId, (quotaByPerson.get(q.personId) ?? 0) + q.amountCents)

  // Incremental quota follows the account: to its core owner once handed over, else its hunter.
  const byOwner = new Map<string, AccountConsumption[]>()
  for (const a of accounts) {
    const owner = a.coreOwnerId ?? a.hunterId
    if (owner === null) continue
    const list = byOwner.get(owner)
    if (list) list.push(a)
    else byOwner.set(owner, [a])
  }
  for (const personId of quotaByPerson.keys()) if (!byOwner.has(personId)) byOwner.set(personId, [])
  const owners: OwnerAttainment[] = [...byOwner.entries()]
    .map(([personId, list]) => {
      const person = people.get(personId)
      const incrementalRunRateCents = list.reduce((s, a) => s + a.incrementalRunRateCents, 0)
      const quotaCents = quotaByPerson.get(personId) ?? null
      return {
        personId,
        name: person?.name ?? personId,
        aeType: person?.aeType ?? null,
        team: person?.team ?? '',
        region: person?.region ?? '',
        accounts: list.length,
        baselineRunRateCents: list.reduce((s, a) => s + a.baselineRunRateCents, 0),
        runRate30Cents: list.reduce((s, a) => s + a.runRate30Cents, 0),
        incrementalRunRateCents,
        ytdIncrementalCents: list.reduce((s, a) => s + a.ytdIncrementalCents, 0),
        quotaCents,
        attainment: quotaCents === null || quotaCents === 0 ? null : incrementalRunRateCents / quotaCents,
      }
    })
    .sort((a, b) => (b.attainment ?? -Infinity) - (a.attainment ?? -Infinity) || a.name.localeCompare(b.name))

  // Moves are built for the few that make a list, not for every account.
  const accountMove = (a: ConsumptionInputs['accounts'][number]): Move =>
    move(
      { id: a.id, name: a.name, accountId: a.id, accountName: a.name },
      { id: a.coreOwnerId ?? a.ownerId, name: nameOf(a.coreOwnerId ?? a.ownerId) },
      a,
    )
  const useCaseMove = (u: ConsumptionInputs['useCases'][number]): Move =>
    move(
      {
        id: u.id,
        name: u.name,
        accountId: u.accountId,
        accountName: accountById.get(u.accountId)?.name ?? u.accountId,
      },
      { id: u.ownerId, name: nameOf(u.ownerId) },
      u,
    )

  const cohorts = new Map<string, WindowSums[]>()
  for (const a of inputs.accounts) {
    if (a.firstDay === null) continue
    const cohort = a.firstDay.slice(0, 4)
    const list = cohorts.get(cohort)
    if (list) list.push(a)
    else cohorts.set(cohort, [a])
  }
  const byCohort = [...cohorts.entries()]
    .map(([cohort, list]) => retention(cohort, list))
    .filter((r) => r.accounts > 0)
    .sort((a, b) => a.cohort.localeCompare(b.cohort))

  const byStatus: Record<string, number> = {}
  for (const u of inputs.useCases) {
    const key = u.status ?? 'unknown'
    byStatus[key] = (byStatus[key] ?? 0) + 1
  }
  const { created, wentLive, slipped } = useCaseEvents(inputs.useCases, asOf, opts.eventDays, (u) => ({
    accountName: accountById.get(u.accountId)?.name ?? u.accountId,
    ownerName: nameOf(u.ownerId),
  }))

  const accountConsumption = new Map(accounts.map((a) => [a.id, a]))
  const tracked = new Set(inputs.businessReviews.map((r) => r.accountId))
  const overdueByAccount = new Map<string, OverdueReview>()
  let dueNext30Days = 0
  for (const r of inputs.businessReviews) {
    if (r.heldAt !== null) continue
    const due = dayNumber(r.dueAt)
    if (due > asOfDay) {
      if (due <= asOfDay + 30) dueNext30Days += 1
      continue
    }
    const existing = overdueByAccount.get(r.accountId)
    // The oldest missed review is the one that says how long the account has gone without one.
    if (existing && existing.dueAt <= r.dueAt) continue
    const account = accountById.get(r.accountId)
    const ownerId = account ? (account.coreOwnerId ?? account.ownerId) : null
    overdueByAccount.set(r.accountId, {
      accountId: r.accountId,
      accountName: account?.name ?? r.accountId,
      ownerId,
      ownerName: nameOf(ownerId),
      dueAt: r.dueAt,
      daysOverdue: asOfDay - due,
      runRate30Cents: accountConsumption.get(r.accountId)?.runRate30Cents ?? 0,
    })
  }
  const overdue = [...overdueByAccount.values()].sort(
    (a, b) => b.runRate30Cents - a.runRate30Cents || a.accountId.localeCompare(b.accountId),
  )

  const totalBaseline = sum((a) => a.baselineRunRateCents)
  const incrementalRunRateCents = sum((a) => a.incrementalRunRateCents)
  const incrementalQuotaCents = [...quotaByPerson.values()].reduce((s, q) => s + q, 0)
  const yesterdayCents = sum((a) => a.yesterdayCents)
  const weekAgoCents = inputs.accounts.reduce((s, a) => s + a.weekAgoCents, 0)
  const last7Cents = sum((a) => a.last7Cents)
  const prior7Cents = sum((a) => a.prior7Cents)
  const ytdCents = sum((a) => a.ytdCents)
  const ytdBaselineCents = Math.round((totalBaseline * daysElapsed) / 365)
  return {
    status: 'ok',
    asOf,
    fiscalYear: inputs.fiscalYear,
    eventDays: opts.eventDays,
    totals: {
      yesterdayCents,
      weekAgoCents,
      yesterdayChangePct: ratio(yesterdayCents - weekAgoCents, weekAgoCents),
      last7Cents,
      prior7Cents,
      weekChangePct: ratio(last7Cents - prior7Cents, prior7Cents),
      last30Cents: sum((a) => a.last30Cents),
      runRate30Cents: sum((a) => a.runRate30Cents),
      runRate7Cents: annualize7(last7Cents),
      baselineRunRateCents: totalBaseline,
      baselineDailyCents: Math.round(totalBaseline / 365),
      incrementalRunRateCents,
      ytdCents,
      ytdBaselineCents,
      ytdIncrementalCents: sum((a) => a.ytdIncrementalCents),
      incrementalQuotaCents,
      attainment: incrementalQuotaCents > 0 ? incrementalRunRateCents / incrementalQuotaCents : null,
    },
    daily: inputs.daily,
    skus: inputs.skus
      .map((s) => ({
        sku: s.sku,
        last7Cents: s.last7Cents,
        prior7Cents: s.prior7Cents,
        last30Cents: s.last30Cents,
        runRate30Cents: annualize30(s.last30Cents),
        changePct: ratio(s.last7Cents - s.prior7Cents, s.prior7Cents),
      }))
      .sort((a, b) => b.last30Cents - a.last30Cents || a.sku.localeCompare(b.sku)),
    gainers: topMoves(inputs.accounts, opts.top, 1, accountMove),
    losers: topMoves(inputs.accounts, opts.top, -1, accountMove),
    useCaseGainers: topMoves(inputs.useCases, opts.top, 1, useCaseMove),
    useCaseLosers: topMoves(inputs.useCases, opts.top, -1, useCaseMove),
    accounts,
    owners,
    retention: { overall: retention('all', inputs.accounts), byCohort },
    useCases: { byStatus, created, wentLive, slipped },
    businessReviews: { accountsTracked: tracked.size, overdue, dueNext30Days },
  }
}
