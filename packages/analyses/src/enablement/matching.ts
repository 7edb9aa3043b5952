/**
 * Trained reps against matched untrained reps. Each trained rep is matched
 * (nearest neighbour, with replacement) to a rep still untrained through the
 * comparison window, on tenure, prior win rate, prior deals and bookings,
 * segment and manager; the balance table shows the standardized mean
 * differences before and after matching. The comparison is a difference in
 * differences: (after − before) for the trained rep minus (after − before) for
 * its match, over deals created in the windows either side of training (so a
 * deal closed months later still counts for the window it was created in).
 */
import { bootstrap, deriveSeed } from '@revlab/stats'
import type { BalanceRow, EnablementInputs, EnablementOptions, Interval95, OutcomeKey } from './types.js'
import { closeMs, createdMs } from './times.js'

const DAY_MS = 86_400_000

type Deal = EnablementInputs['deals'][number]
type Person = EnablementInputs['people'][number]

export type WindowOutcomes = Record<OutcomeKey, number | null>

/** Outcomes over deals a rep created in [from, to). */
export function windowOutcomes(
  deals: readonly Deal[],
  from: number,
  to: number,
  adjusted: ReadonlyMap<string, number>,
  matureBefore: number,
): WindowOutcomes {
  const inWindow = deals.filter((d) => {
    const ms = createdMs(d)
    return ms >= from && ms < to
  })
  const closed = inWindow.filter((d) => d.isClosed && createdMs(d) <= matureBefore)
  const months = (to - from) / (30.4375 * DAY_MS)
  const sized = inWindow.map((d) => adjusted.get(d.id)).filter((x): x is number => x !== undefined)
  return {
    winRate: closed.length ? closed.filter((d) => d.isWon).length / closed.length : null,
    daysToClose: closed.length
      ? closed.reduce((s, d) => s + (closeMs(d) - createdMs(d)) / DAY_MS, 0) / closed.length
      : null,
    logDealSize: sized.length ? sized.reduce((s, x) => s + x, 0) / sized.length : null,
    pipelineCreated: months > 0 ? inWindow.reduce((s, d) => s + d.amountCents / 100, 0) / months : null,
  }
}

type Covariates = {
  tenureMonths: number
  priorWinRate: number | null
  priorDeals: number
  priorBookingsK: number
}

const covariatesAt = (person: Person, deals: readonly Deal[], at: number, windowMs: number): Covariates => {
  const pre = deals.filter((d) => {
    const ms = createdMs(d)
    return ms >= at - windowMs && ms < at
  })
  const closedPre = deals.filter((d) => {
    const ms = closeMs(d)
    return d.isClosed && ms >= at - windowMs && ms < at
  })
  return {
    tenureMonths: (at - Date.parse(`${person.startDate}T00:00:00Z`)) / (30.4375 * DAY_MS),
    priorWinRate: closedPre.length ? closedPre.filter((d) => d.isWon).length / closedPre.length : null,
    priorDeals: pre.length,
    priorBookingsK: closedPre.filter((d) => d.isWon).reduce((s, d) => s + d.amountCents, 0) / 100_000,
  }
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)
const variance = (xs: number[]): number => {
  const m = mean(xs)
  return m === null || xs.length < 2 ? 0 : xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)
}
const smd = (a: number[], b: number[]): number | null => {
  const ma = mean(a)
  const mb = mean(b)
  if (ma === null || mb === null) return null
  const sd = Math.sqrt((variance(a) + variance(b)) / 2)
  return sd > 0 ? (ma - mb) / sd : ma === mb ? 0 : null
}

export type MatchedComparison = {
  balance: BalanceRow[]
  pairs: {
    trainedId: string
    trainedName: string
    controlId: string
    controlName: string
    trainedAt: string
  }[]
  trained: number
  unmatched: number
  effects: Record<OutcomeKey, { estimate: number | null; ci95: Interval95 | null; pairs: number }>
  method: string
}

export function matchedComparison(
  inputs: EnablementInputs,
  completedAt: ReadonlyMap<string, number>,
  options: EnablementOptions,
  adjusted: ReadonlyMap<string, number>,
): MatchedComparison {
  const windowMs = options.windowDays * DAY_MS
  const asOfMs = Date.parse(`${inputs.asOf}T23:59:59Z`)
  const matureBefore = Date.parse(`${inputs.asOf}T00:00:00Z`) - 180 * DAY_MS
  const reps = inputs.people.filter((p) => p.role === 'ae')
  const byId = new Map(inputs.people.map((p) => [p.id, p]))
  const dealsOf = new Map<string, Deal[]>()
  for (const d of inputs.deals) {
    const list = dealsOf.get(d.ownerId)
    if (list) list.push(d)
    else dealsOf.set(d.ownerId, [d])
  }
  const started = (p: Person): number => Date.parse(`${p.startDate}T00:00:00Z`)

  type Unit = { person: Person; cov: Covariates }
  type Pair = { trained: Unit; pool: Unit[]; control: Unit; at: number; postEnd: number }
  const pairs: Pair[] = []
  let trainedCount = 0
  for (const person of reps) {
    const at = completedAt.get(person.id)
    if (at === undefined || started(person) > at - windowMs) continue
    const postEnd = Math.min(at + windowMs, asOfMs)
    if (postEnd - at < 60 * DAY_MS) continue
    trainedCount += 1
    const pool: Unit[] = reps
      .filter((c) => {
        if (c.id === person.id || started(c) > at - windowMs) return false
        const cAt = completedAt.get(c.id)
        return cAt === undefined || cAt >= postEnd
      })
      .map((c) => ({ person: c, cov: covariatesAt(c, dealsOf.get(c.id) ?? [], at, windowMs) }))
    if (pool.length === 0) continue
    const trained: Unit = { person, cov: covariatesAt(person, dealsOf.get(person.id) ?? [], at, windowMs) }
    // Scale each numeric covariate by its spread over the trained rep and its pool.
    const keys = ['tenureMonths', 'priorWinRate', 'priorDeals', 'priorBookingsK'] as const
    const scale = Object.fromEntries(
      keys.map((k) => {
        const xs = [trained, ...pool].map((u) => u.cov[k]).filter((x): x is number => x !== null)
        return [k, Math.sqrt(variance(xs)) || 1]
      }),
    ) as Record<(typeof keys)[number], number>
    const distance = (u: Unit): number =>
      keys.reduce((s, k) => {
        const a = trained.cov[k]
        const b = u.cov[k]
        return a === null || b === null ? s + 1 : s + ((a - b) / scale[k]) ** 2
      }, 0) +
      (u.person.segment === person.segment ? 0 : 1) +
      (u.person.managerId === person.managerId ? 0 : 0.5)
    const control = pool.reduce((best, u) => (distance(u) < distance(best) ? u : best))
    pairs.push({ trained, pool, control, at, postEnd })
  }

  // Balance: numeric covariates and category shares, trained vs the untrained pool and vs the matches.
  const balance: BalanceRow[] = []
  const row = (label: string, value: (u: Unit) => number | null): void => {
    const t = pairs.map((p) => value(p.trained)).filter((x): x is number => x !== null)
    const pool = pairs.flatMap((p) => p.pool.map(value)).filter((x): x is number => x !== null)
    const m = pairs.map((p) => value(p.control)).filter((x): x is number => x !== null)
    balance.push({
      covariate: label,
      trainedMean: mean(t),
      poolMean: mean(pool),
      matchedMean: mean(m),
      smdBefore: smd(t, pool),
      smdAfter: smd(t, m),
    })
  }
  row('tenure (months)', (u) => u.cov.tenureMonths)
  row('prior win rate', (u) => u.cov.priorWinRate)
  row('prior deals created', (u) => u.cov.priorDeals)
  row('prior bookings ($k)', (u) => u.cov.priorBookingsK)
  const levels = (key: (p: Person) => string | null): string[] =>
    [...new Set(reps.map(key).filter((x): x is string => x !== null))].sort()
  for (const s of levels((p) => p.segment)) row(`segment: ${s}`, (u) => (u.person.segment === s ? 1 : 0))
  for (const r of levels((p) => p.region)) row(`region: ${r}`, (u) => (u.person.region === r ? 1 : 0))
  const managers = levels((p) => p.managerId)
  if (managers.length <= 12)
    for (const m of managers)
      row(`manager: ${byId.get(m)?.name ?? m}`, (u) => (u.person.managerId === m ? 1 : 0))

  const outcomes: OutcomeKey[] = ['winRate', 'daysToClose', 'logDealSize', 'pipelineCreated']
  const diffs = pairs.map((p) => {
    const span = p.postEnd - p.at
    const tDeals = dealsOf.get(p.trained.person.id) ?? []
    const cDeals = dealsOf.get(p.control.person.id) ?? []
    const tPre = windowOutcomes(tDeals, p.at - span, p.at, adjusted, matureBefore)
    const tPost = windowOutcomes(tDeals, p.at, p.postEnd, adjusted, matureBefore)
    const cPre = windowOutcomes(cDeals, p.at - span, p.at, adjusted, matureBefore)
    const cPost = windowOutcomes(cDeals, p.at, p.postEnd, adjusted, matureBefore)
    return Object.fromEntries(
      outcomes.map((k) => {
        const parts = [tPost[k], tPre[k], cPost[k], cPre[k]]
        return [
          k,
          parts.some((x) => x === null)
            ? null
            : (parts[0] as number) - (parts[1] as number) - ((parts[2] as number) - (parts[3] as number)),
        ]
      }),
    ) as Record<OutcomeKey, number | null>
  })
  // Controls are matched with replacement, so pairs sharing a control are not independent:
  // the bootstrap resamples whole controls (each with all its pairs), not single pairs.
  const effects = Object.fromEntries(
    outcomes.map((k) => {
      const byControl = new Map<string, number[]>()
      diffs.forEach((d, i) => {
        const v = d[k]
        if (v === null) return
        const id = (pairs[i] as Pair).control.person.id
        const list = byControl.get(id)
        if (list) list.push(v)
        else byControl.set(id, [v])
      })
      const groups = [...byControl.values()]
      const values = groups.flat()
      if (values.length < 3 || groups.length < 3)
        return [k, { estimate: mean(values), ci95: null, pairs: values.length }]
      const boot = bootstrap(
        groups.length,
        (idx) => {
          let s = 0
          let n = 0
          for (const g of idx)
            for (const v of groups[g] as number[]) {
              s += v
              n += 1
            }
          return s / n
        },
        { replicates: options.bootstrapReplicates, seed: deriveSeed(options.seed, `matched:${k}`) },
      )
      return [k, { estimate: boot.estimate, ci95: boot.ci95, pairs: values.length }]
    }),
  ) as MatchedComparison['effects']

  return {
    balance,
    pairs: pairs.map((p) => ({
      trainedId: p.trained.person.id,
      trainedName: p.trained.person.name,
      controlId: p.control.person.id,
      controlName: p.control.person.name,
      trainedAt: new Date(p.at).toISOString().slice(0, 10),
    })),
    trained: trainedCount,
    unmatched: trainedCount - pairs.length,
    effects,
    method:
      `nearest neighbour with replacement among reps untrained through ${options.windowDays} days after the trained rep's completion ` +
      `(tenure, prior win rate, prior deals, prior bookings scaled by their spread; +1 if the segment differs, +0.5 if the manager differs); ` +
      `difference in differences over deals created ${options.windowDays} days either side; a cluster bootstrap over the matched controls (each with all its pairs; seed ${options.seed})`,
  }
}
