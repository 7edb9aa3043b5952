/**
 * The fast paths of win patterns against their plain definitions: day numbers
 * without Date.parse, bit counts per day range, and the time-ordered bitset
 * Kaplan-Meier tallies against Kaplan-Meier over the deals themselves.
 */
import { describe, expect, it } from 'vitest'
import { kaplanMeier } from '@revlab/stats'
import { analyzeWinPatterns, buildDealTable, isoDayNumber } from './index.js'
import { andCounts, count, countAndWins, countPerRange, popcount32 } from './bitset.js'

const viaDateParse = (iso: string): number =>
  Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000)

describe('win-pattern fast paths', () => {
  it('isoDayNumber equals Date.parse, rolling days past the month end and NaN for what it rejects', () => {
    const pad = (x: number, w: number): string => String(x).padStart(w, '0')
    for (const y of [0, 100, 1600, 1900, 1970, 2000, 2024, 2025, 2026, 2100, 9999])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const iso = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
          expect(isoDayNumber(iso)).toEqual(viaDateParse(iso))
        }
    expect(isoDayNumber('2026-02-30')).toBe(isoDayNumber('2026-03-02'))
    for (const odd of ['', '2026-1-01', '2026/01/01', '+02026-01-01', '2026-01-01T23:59:59Z'])
      expect(isoDayNumber(odd)).toEqual(viaDateParse(odd))
  })

  it('counts bits per range and per combination', () => {
    const bits = Uint32Array.from([0xffffffff, 0x0000f00f, 0x80000001])
    const naive = (a: number, b: number): number => {
      let n = 0
      for (let p = a; p < b; p++) n += ((bits[p >>> 5] as number) >>> (p & 31)) & 1
      return n
    }
    const starts = Int32Array.from([0, 3, 3, 31, 33, 40, 64, 65, 95, 96])
    const out = countPerRange(bits, starts, new Float64Array(starts.length - 1))
    expect(Array.from(out)).toEqual(Array.from(starts.slice(1), (b, k) => naive(starts[k] as number, b)))
    expect(popcount32(-1)).toBe(32)
    expect(count(bits)).toBe(32 + 8 + 2)
    const other = Uint32Array.from([0x0f0f0f0f, 0xffff0000, 0x80000000])
    const wins = Uint32Array.from([0x000000ff, 0xf0000000, 0xffffffff])
    const into = new Uint32Array(3)
    expect(andCounts(bits, other, wins, into)).toEqual({ n: 16 + 0 + 1, wins: 4 + 0 + 1 })
    expect(countAndWins(bits, other, wins)).toBe(17 * 2 ** 26 + 5)
  })

  it('days to close per signal value equal Kaplan-Meier over the deals with it', () => {
    const deals = Array.from({ length: 400 }, (_, i) => ({
      id: `d${i}`,
      ownerId: 'p',
      segment: 'Mid-Market',
      createdOn: `2026-0${1 + (i % 5)}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`,
      closeDate: `2026-0${6 + (i % 4)}-${String(1 + ((i * 11) % 28)).padStart(2, '0')}`,
      isClosed: i % 9 !== 0,
      isWon: i % 3 === 0,
      amountCents: 100,
      signals: { champion: String(i % 4 === 0), tier: ['a', 'b', 'c'][i % 3] as string },
    }))
    const inputs = {
      asOf: '2026-08-15',
      signals: [
        { key: 'champion', label: 'Champion', group: 'g', valueType: 'boolean' as const },
        { key: 'tier', label: 'Tier', group: 'g', valueType: 'category' as const },
      ],
      deals,
    }
    const table = buildDealTable(inputs)
    const result = analyzeWinPatterns(inputs, { minSupport: 10 })
    for (const s of result.signals) {
      const item = table.items.find((it) => it.key === s.key && it.value === s.value)
      if (!item) throw new Error(`no item ${s.key}=${s.value}`)
      const idx = Array.from(table.byDays).filter((i) => item.members[i] === 1)
      const km = kaplanMeier(
        idx.map((i) => table.days[i] as number),
        idx.map((i) => table.closed[i] as number),
      )
      expect(s.days_to_close).toEqual({ median: km.median, ci95: km.medianCi95, n: km.n, events: km.events })
      expect(s.open).toBe(idx.filter((i) => table.closed[i] === 0).length)
    }
  })
})
