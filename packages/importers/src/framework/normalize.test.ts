import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  normalizePersonName,
  parseDay,
  parseInstant,
  parseMoneyCents,
  parseNumber,
  toSignalKey,
} from './normalize.js'

describe('parseInstant', () => {
  it.each([
    ['2024-03-15', '2024-03-15T00:00:00.000Z'],
    ['2024-03-15T10:30:00Z', '2024-03-15T10:30:00.000Z'],
    ['2024-03-15T10:30:00.000+0200', '2024-03-15T08:30:00.000Z'],
    ['2024-03-15 10:30', '2024-03-15T10:30:00.000Z'],
    ['3/15/2024', '2024-03-15T00:00:00.000Z'],
    ['3/15/2024 10:30 AM', '2024-03-15T10:30:00.000Z'],
    ['3/15/2024 12:05 AM', '2024-03-15T00:05:00.000Z'],
    ['12/1/2024 12:00 PM', '2024-12-01T12:00:00.000Z'],
    ['3/15/2024 1:07 pm', '2024-03-15T13:07:00.000Z'],
    ['2024-02-30', undefined],
    ['13/1/2024', undefined],
    ['3/15/2024 13:00 PM', undefined],
    ['yesterday', undefined],
    ['', undefined],
  ] satisfies [string, string | undefined][])('%s → %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected)
  })

  it('never throws and always returns a parseable instant or nothing', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const t = parseInstant(s)
        return t === undefined || !Number.isNaN(Date.parse(t))
      }),
    )
    expect(parseDay('1/2/2020 3:04 PM')).toBe('2020-01-02')
  })
})

describe('parseMoneyCents', () => {
  it.each([
    ['1,200.50', 120_050],
    ['$1234.5', 123_450],
    ['(12.00)', -1_200],
    ['0', 0],
    ['12k', undefined],
    ['1.2.3', undefined],
    ['', undefined],
  ] satisfies [string, number | undefined][])('%s → %s', (text, expected) => {
    expect(parseMoneyCents(text)).toBe(expected)
  })

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string(), (s) =>
        [undefined, 'number'].includes(typeof parseMoneyCents(s) === 'number' ? 'number' : undefined),
      ),
    )
    fc.assert(
      fc.property(fc.string(), (s) => parseNumber(s) === undefined || Number.isFinite(parseNumber(s))),
    )
  })
})

describe('names and keys', () => {
  it('matches name variants', () => {
    expect(normalizePersonName('Doe, Jane')).toBe('jane doe')
    expect(normalizePersonName('  JANE   Doe ')).toBe('jane doe')
    expect(normalizePersonName('Jäne Doe')).toBe('jane doe')
  })
  it.each([
    ['Competitor Type', 'competitor_type'],
    ['Revenue From Client Past Two Years', 'revenue_from_client_past_two_years'],
    ['LeadSource', 'lead_source'],
    ['Budget_Confirmed__c', 'budget_confirmed_c'],
  ])('%s → %s', (column, key) => {
    expect(toSignalKey(column)).toBe(key)
  })
})
