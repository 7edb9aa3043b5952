import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isRevlabError } from '@revlab/domain'
import { createAccountMatcher, createPersonMatcher } from '../framework/directory.js'
import type { ReferenceContext } from '../framework/references.js'
import { mapDealRow } from './map-deal-row.js'
import { parseDealMapping, mappedColumns } from './mapping.js'

const shipped = (name: string): unknown =>
  JSON.parse(fs.readFileSync(new URL(`../../mappings/${name}.json`, import.meta.url), 'utf8')) as unknown
const context = (): ReferenceContext => ({
  people: createPersonMatcher([]),
  accounts: createAccountMatcher([]),
  now: '2026-01-05T12:00:00.000Z',
  source: 'test',
})

describe('shipped mappings', () => {
  it('IBM: categorical columns become snake_cased signals; cycle days set the created date', () => {
    const mapping = parseDealMapping(shipped('ibm-sales-win-loss'), 'ibm')
    expect(mapping.signals.map((s) => s.key)).toContain('competitor_type')
    const header =
      'Opportunity Number,Supplies Subgroup,Supplies Group,Region,Route To Market,Elapsed Days In Sales Stage,Opportunity Result,Sales Stage Change Count,Total Days Identified Through Closing,Total Days Identified Through Qualified,Opportunity Amount USD,Client Size By Revenue,Client Size By Employee Count,Revenue From Client Past Two Years,Competitor Type,Ratio Days Identified To Total Days,Ratio Days Validated To Total Days,Ratio Days Qualified To Total Days,Deal Size Category'.split(
        ',',
      )
    const row =
      '1641984,Exterior Accessories,Car Accessories,Northwest,Fields Sales,76,Won,13,104,101,0,5,5,0,Unknown,0.69636,0.113985,0.154215,1'.split(
        ',',
      )
    const values = Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']))
    expect(mappedColumns(mapping).every((c) => header.includes(c))).toBe(true)
    const { records, issues } = mapDealRow(values, mapping, context())
    expect(issues).toEqual([])
    expect(records[0]?.record).toMatchObject({
      id: 'ibm:1641984',
      stageKey: 'won',
      isWon: true,
      closeDate: '2015-04-01',
      createdAt: '2014-12-18T00:00:00.000Z',
      region: 'Northwest',
    })
    const signals = records
      .filter((r) => r.table === 'deal_signals')
      .map((r) => [r.record.signalKey, r.record.value])
    expect(signals).toContainEqual(['competitor_type', 'Unknown'])
    expect(signals).toContainEqual(['client_size_by_revenue', '5'])
  })

  it('Maven: an open deal without dates takes the snapshot day', () => {
    const mapping = parseDealMapping(shipped('maven-crm-sales-pipeline'), 'maven')
    const { records, issues } = mapDealRow(
      {
        opportunity_id: '6CWZFOHJ',
        sales_agent: 'Anna Snelling',
        product: 'GTX Basic',
        account: '',
        deal_stage: 'Prospecting',
        engage_date: '',
        close_date: '',
        close_value: '',
      },
      mapping,
      context(),
    )
    expect(issues).toEqual([])
    expect(records[0]?.record).toMatchObject({
      stageKey: 'prospecting',
      isClosed: false,
      closeDate: '2017-12-31',
      amountCents: 0,
    })
    expect(records.find((r) => r.table === 'accounts')?.record.name).toBe('(no account)')
  })
})

describe('parseDealMapping', () => {
  it('says what is wrong in a mapping', () => {
    expect(() =>
      parseDealMapping(
        {
          name: 'x',
          id: 'Id',
          stageModel: { id: 's', stages: [{ key: 'a' }] },
          fields: { stage: 'S', bogus: 'B', closeDate: 'C' },
        },
        'm.json',
      ),
    ).toThrow('m.json: unknown deal field "bogus"')
  })
  it('gives a mapping or a RevlabError for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          parseDealMapping(json, 'm.json')
          return true
        } catch (e) {
          return isRevlabError(e)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('mapDealRow on random values', () => {
  it('returns records or issues, never throws', () => {
    const mapping = parseDealMapping(shipped('maven-crm-sales-pipeline'), 'maven')
    const columns = mappedColumns(mapping)
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('Won', 'Lost', 'Engaging', '2017-01-05', '1/2/2017 3:04 PM', '12.5', ''),
    )
    fc.assert(
      fc.property(fc.array(value, { minLength: columns.length, maxLength: columns.length }), (vals) => {
        const row = Object.fromEntries(columns.map((c, i) => [c, vals[i] ?? '']))
        const { records, issues } = mapDealRow(row, mapping, context())
        return records.length > 0 !== issues.length > 0
      }),
      { numRuns: 500 },
    )
  })
})
