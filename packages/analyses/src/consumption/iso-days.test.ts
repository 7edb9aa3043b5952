import { describe, expect, it } from 'vitest'
import { addDays, dayNumber, inLastDays, isoDay } from './iso-days.js'

const viaDateParse = (date: string): number =>
  Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000)

describe('dayNumber', () => {
  it('counts days exactly as Date.parse does, for every day of eight centuries, dates and instants', () => {
    let mismatches = 0
    for (let t = Date.UTC(1600, 0, 1); t < Date.UTC(2400, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString()
      if (dayNumber(iso.slice(0, 10)) !== viaDateParse(iso) || dayNumber(iso) !== viaDateParse(iso))
        mismatches++
    }
    expect(mismatches).toBe(0)
    expect(dayNumber('1970-01-01')).toBe(0)
    expect(dayNumber('2026-03-31')).toBe(20_543)
  })

  it('gives what Date.parse gives for text that is not a valid date', () => {
    for (const s of ['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', 'abc', ''])
      expect(Object.is(dayNumber(s), viaDateParse(s)), s).toBe(true)
    expect(dayNumber('2024-02-29')).toBe(dayNumber('2024-03-01') - 1)
  })

  it('round-trips with isoDay and addDays, and bounds windows inclusively', () => {
    expect(isoDay(dayNumber('2026-11-23'))).toBe('2026-11-23')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(inLastDays('2026-11-17', '2026-11-23', 7)).toBe(true)
    expect(inLastDays('2026-11-16', '2026-11-23', 7)).toBe(false)
    expect(inLastDays('2026-11-24', '2026-11-23', 7)).toBe(false)
  })
})
