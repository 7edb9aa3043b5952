import type { ConsumptionDaily } from '@revlab/domain'
import { describe, expect, it } from 'vitest'
import { CHUNK_ROWS } from './consumption.js'
import { generateDemoCompany } from './generate-demo-company.js'

const asOf = '2025-06-30'
const company = generateDemoCompany({ scale: 'small', seed: 7, asOf })

const collect = (): { chunks: number[]; rows: ConsumptionDaily[] } => {
  const chunks: number[] = []
  const rows: ConsumptionDaily[] = []
  for (const chunk of company.consumption()) {
    chunks.push(chunk.length)
    for (const row of chunk) rows.push(row)
  }
  return { chunks, rows }
}
const first = collect()

describe('consumption stream', () => {
  it('yields exactly the estimated rows in chunks of at most 50,000', () => {
    expect(first.rows.length).toBe(company.consumptionRowEstimate)
    expect(first.rows.length).toBeGreaterThan(50_000)
    expect(Math.max(...first.chunks)).toBeLessThanOrEqual(CHUNK_ROWS)
  })

  it('is re-iterable and deterministic', () => {
    const second = collect()
    expect(second.rows).toEqual(first.rows)
    const again = generateDemoCompany({ scale: 'small', seed: 7, asOf })
    const firstChunk = again.consumption()[Symbol.iterator]().next().value
    expect(firstChunk).toEqual(first.rows.slice(0, CHUNK_ROWS))
  })

  it('has integer revenue, known accounts and live use cases, and nothing after asOf', () => {
    const accounts = new Set(company.dataset.accounts.map((a) => a.id))
    const deals = new Map(company.dataset.deals.map((d) => [d.id, d]))
    // Plain checks, one expect at the end: a per-row expect would take seconds.
    const bad = first.rows.filter((row) => {
      if (
        !Number.isInteger(row.revenueCents) ||
        row.revenueCents < 0 ||
        !accounts.has(row.accountId) ||
        row.day > asOf
      )
        return true
      if (row.useCaseId === null) return false
      const useCase = deals.get(row.useCaseId)
      return (
        useCase?.kind !== 'use_case' ||
        useCase.accountId !== row.accountId ||
        row.day < (useCase.goLiveDate ?? '9999')
      )
    })
    expect(bad.slice(0, 3)).toEqual([])
  })

  it('has weekly seasonality: weekends consume less than weekdays', () => {
    const byWeekday = new Array<number>(7).fill(0)
    for (const row of first.rows) byWeekday[new Date(`${row.day}T00:00:00Z`).getUTCDay()]! += row.revenueCents
    expect(byWeekday[0]!).toBeLessThan(byWeekday[3]! * 0.7)
    expect(byWeekday[6]!).toBeLessThan(byWeekday[3]! * 0.7)
  })

  it('snaps each baseline as the trailing 30 days before Jan 1, annualized', () => {
    const sums = new Map<string, number>()
    for (const row of first.rows) {
      if (row.day >= '2024-12-02' && row.day <= '2024-12-31')
        sums.set(row.accountId, (sums.get(row.accountId) ?? 0) + row.revenueCents)
    }
    const baselines = company.dataset.baselines.filter((b) => b.fiscalYear === 2025)
    expect(baselines.length).toBeGreaterThan(20)
    for (const baseline of baselines) {
      expect(baseline.snappedAt).toBe('2025-01-01')
      expect(baseline.runRateCents).toBe(Math.round(((sums.get(baseline.accountId) ?? 0) * 365) / 30))
    }
  })

  it('has figures a CFO would believe: NRR, GRR, incremental attainment, overdue reviews', () => {
    // 30 days to asOf, and the same 30 days a year before, by account.
    const now = new Map<string, number>()
    const yearAgo = new Map<string, number>()
    for (const row of first.rows) {
      const into =
        row.day >= '2025-06-01' ? now : row.day >= '2024-06-01' && row.day <= '2024-06-30' ? yearAgo : null
      into?.set(row.accountId, (into.get(row.accountId) ?? 0) + row.revenueCents)
    }
    let before = 0
    let after = 0
    let kept = 0
    for (const [accountId, cents] of yearAgo) {
      before += cents
      after += now.get(accountId) ?? 0
      kept += Math.min(cents, now.get(accountId) ?? 0)
    }
    // Was 191% NRR with 25% ± 35% yearly growth per account.
    expect(after / before).toBeGreaterThan(1.05)
    expect(after / before).toBeLessThan(1.5)
    expect(kept / before).toBeGreaterThan(0.85)
    // Halfway through fiscal 2025, the run rate above the baseline is about half the incremental quota (was 193%).
    const runRate = ([...now.values()].reduce((sum, c) => sum + c, 0) * 365) / 30
    const baseline = company.dataset.baselines
      .filter((b) => b.fiscalYear === 2025)
      .reduce((sum, b) => sum + b.runRateCents, 0)
    const quota = company.dataset.quotas
      .filter((q) => q.fiscalYear === 2025 && q.kind === 'incremental')
      .reduce((sum, q) => sum + q.amountCents, 0)
    expect((runRate - baseline) / quota).toBeGreaterThan(0.3)
    expect((runRate - baseline) / quota).toBeLessThan(1)
    // A minority of accounts has a review overdue; old misses were held late, not left open.
    const reviews = company.dataset.businessReviews
    const tracked = new Set(reviews.map((r) => r.accountId))
    const overdue = new Set(reviews.filter((r) => r.status === 'overdue').map((r) => r.accountId))
    expect(overdue.size / tracked.size).toBeLessThan(0.25)
    expect(reviews.filter((r) => r.status === 'overdue' && r.dueAt < '2025-03-02')).toEqual([])
  })
})
