import { describe, expect, it } from 'vitest'
import { DISCOVERY_EXCELLENCE_ID, NEGOTIATION_FOUNDATIONS_ID } from './enablement.js'
import { generateDemoCompany } from './generate-demo-company.js'

const { dataset } = generateDemoCompany({ scale: 'small', seed: 7, asOf: '2025-06-30' })
const closed = dataset.deals.filter((d) => d.isClosed)

const signalValue = new Map<string, string>()
for (const s of dataset.dealSignals) signalValue.set(`${s.dealId}:${s.signalKey}`, s.value)
const has = (dealId: string, key: string): boolean => signalValue.get(`${dealId}:${key}`) === 'true'

const winRate = (deals: typeof closed): number => deals.filter((d) => d.isWon).length / deals.length
const median = (values: number[]): number => {
  const sorted = values.slice().sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2
}
const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length
const days = (d: (typeof closed)[number]): number =>
  (Date.parse(d.closeDate) - Date.parse(d.createdAt.slice(0, 10))) / 86_400_000

/** Least squares by the normal equations (small designs only). */
const ols = (rows: number[][], y: number[]): number[] => {
  const k = rows[0]?.length ?? 0
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0))
  rows.forEach((x, n) => {
    for (let i = 0; i < k; i += 1) {
      for (let j = 0; j < k; j += 1) a[i]![j]! += x[i]! * x[j]!
      a[i]![k]! += x[i]! * y[n]!
    }
  })
  for (let c = 0; c < k; c += 1) {
    let pivot = c
    for (let r = c + 1; r < k; r += 1) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r
    ;[a[c], a[pivot]] = [a[pivot]!, a[c]!]
    for (let r = 0; r < k; r += 1) {
      if (r === c) continue
      const f = a[r]![c]! / a[c]![c]!
      for (let j = c; j <= k; j += 1) a[r]![j]! -= f * a[c]![j]!
    }
  }
  return a.map((row, i) => row[k]! / row[i]!)
}

describe('planted effects show up in the raw data', () => {
  it('lists every planted effect with its size and metric', () => {
    const byKey = new Map(dataset.plantedEffects.map((e) => [e.key, e]))
    expect([...byKey.keys()].sort()).toEqual(
      [
        'cycle_dual_champion',
        'cycle_hard_deadline',
        'open_questions_deal_size',
        'poc_paid_conversion',
        'training_null_program',
        'training_open_questions',
        'win_exec_sponsor',
        'win_prior_oss_use',
      ].sort(),
    )
    expect(byKey.get('win_exec_sponsor')).toMatchObject({ planted: 2.5, metric: 'odds_ratio' })
    expect(JSON.parse(byKey.get('training_open_questions')!.detail)).toMatchObject({
      program: DISCOVERY_EXCELLENCE_ID,
      metric: 'open_questions',
    })
  })

  it('has a base win rate of 25-35%', () => {
    expect(winRate(closed)).toBeGreaterThan(0.25)
    expect(winRate(closed)).toBeLessThan(0.35)
  })

  it.each(['exec_sponsor', 'prior_oss_use'])('wins more often with %s', (key) => {
    const withSignal = closed.filter((d) => has(d.id, key))
    const without = closed.filter((d) => !has(d.id, key))
    expect(winRate(withSignal) - winRate(without)).toBeGreaterThan(0.05)
  })

  it('wins more often with a paid POC, and a free POC is no better than none', () => {
    const pocByDeal = new Map(dataset.pocs.map((p) => [p.dealId, p]))
    const paid = closed.filter((d) => pocByDeal.get(d.id)?.paid === true)
    const free = closed.filter((d) => pocByDeal.get(d.id)?.paid === false)
    const none = closed.filter((d) => !pocByDeal.has(d.id))
    expect(winRate(paid) - winRate(none)).toBeGreaterThan(0.08)
    expect(Math.abs(winRate(free) - winRate(none))).toBeLessThan(0.08)
  })

  it('closes faster with a hard deadline (median ratio near 0.6)', () => {
    const ratio =
      median(closed.filter((d) => has(d.id, 'hard_deadline')).map(days)) /
      median(closed.filter((d) => !has(d.id, 'hard_deadline')).map(days))
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(0.72)
  })

  it('closes faster in the dual-champion variant, with medians of 60-90 days overall', () => {
    const variant = new Map(dataset.experimentAssignments.map((a) => [a.dealId, a.variant]))
    const inExperiment = closed.filter((d) => variant.has(d.id))
    const logDays = (v: string): number[] =>
      inExperiment.filter((d) => variant.get(d.id) === v).map((d) => Math.log(days(d)))
    expect(Math.exp(mean(logDays('variant')) - mean(logDays('control')))).toBeLessThan(0.95)
    expect(median(closed.map(days))).toBeGreaterThan(55)
    expect(median(closed.map(days))).toBeLessThan(90)
  })

  it('adds about 1.5 open questions per call after Discovery Excellence, and nothing for Negotiation Foundations', () => {
    const completed = (contentId: string): Map<string, string> =>
      new Map(
        dataset.learningEvents
          .filter((e) => e.contentId === contentId && e.verb === 'completed')
          .map((e) => [e.personId, e.occurredAt]),
      )
    const discovery = completed(DISCOVERY_EXCELLENCE_ID)
    const negotiation = completed(NEGOTIATION_FOUNDATIONS_ID)
    const metricsByCall = new Map(dataset.callMetrics.map((m) => [m.callId, m]))
    const calls = dataset.calls.map((c) => ({
      open: metricsByCall.get(c.id)!.openQuestions,
      rep: c.ownerId!,
      discovery: (discovery.get(c.ownerId!) ?? '9999') < c.startedAt,
      negotiation: (negotiation.get(c.ownerId!) ?? '9999') < c.startedAt,
    }))
    // Within-rep difference (trained − untrained calls), averaged over reps with both.
    const withinRep = (flag: 'discovery' | 'negotiation', subset: typeof calls): number => {
      const diffs: number[] = []
      for (const rep of new Set(subset.map((c) => c.rep))) {
        const mine = subset.filter((c) => c.rep === rep)
        const after = mine.filter((c) => c[flag]).map((c) => c.open)
        const before = mine.filter((c) => !c[flag]).map((c) => c.open)
        if (after.length >= 10 && before.length >= 10) diffs.push(mean(after) - mean(before))
      }
      return mean(diffs)
    }
    expect(withinRep('discovery', calls)).toBeGreaterThan(1.1)
    expect(withinRep('discovery', calls)).toBeLessThan(1.9)
    expect(
      Math.abs(
        withinRep(
          'negotiation',
          calls.filter((c) => !c.discovery),
        ),
      ),
    ).toBeLessThan(0.5)
  })

  it('makes deals about 8% bigger per extra open question (log amount, controlling segment and kind)', () => {
    const metricsByCall = new Map(dataset.callMetrics.map((m) => [m.callId, m]))
    const openByDeal = new Map<string, number[]>()
    for (const call of dataset.calls)
      openByDeal.set(call.dealId!, [
        ...(openByDeal.get(call.dealId!) ?? []),
        metricsByCall.get(call.id)!.openQuestions,
      ])
    const deals = dataset.deals.filter((d) => openByDeal.has(d.id))
    expect(deals.length).toBe(dataset.deals.length)
    const x = deals.map((d) => [
      1,
      mean(openByDeal.get(d.id)!),
      d.segment === 'Mid-Market' ? 1 : 0,
      d.segment === 'Enterprise' ? 1 : 0,
      d.kind === 'expansion' ? 1 : 0,
      d.kind === 'renewal' ? 1 : 0,
      d.kind === 'use_case' ? 1 : 0,
    ])
    const beta = ols(
      x,
      deals.map((d) => Math.log(d.amountCents)),
    )
    expect(beta[1]).toBeGreaterThan(0.05)
    expect(beta[1]).toBeLessThan(0.11)
  })
})
