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
})
