/**
 * Win patterns, cycle time and the win model on public data, read straight
 * from the CSVs in ../shared/data (override with REVLAB_SAMPLE_DATA), against
 * R (fixtures/make-public-reference.R) and scikit-learn
 * (fixtures/make-sklearn-reference.py):
 * - IBM sales win-loss: per-value win rates and Wilson intervals equal R's
 *   prop.test(correct = FALSE) to 1e-9;
 * - Maven CRM: Kaplan-Meier median days from engage to close per product,
 *   and its 95% interval, equal R's survfit + quantile exactly;
 * - IBM: the win model's test AUC (test rows: Opportunity Number divisible
 *   by 5) is at least scikit-learn's logistic regression's on the same split.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DealOutcomeInputs } from '@revlab/domain'
import { rocAuc } from '@revlab/stats'
import { analyzeWinPatterns } from './analyze-win-patterns.js'
import { fitWinModel } from './win-model.js'
import { analyzeCycleTime } from '../cycle-time/analyze-cycle-time.js'

const DATA = process.env.REVLAB_SAMPLE_DATA ?? '/work/shared/data'
const IBM = path.join(DATA, 'ibm-sales-win-loss', 'WA_Fn-UseC_-Sales-Win-Loss.csv')
const MAVEN = path.join(DATA, 'maven-crm-sales-opportunities', 'sales_pipeline.csv')
const fixture = <T>(name: string): T =>
  JSON.parse(fs.readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as T

/** These two files have no quoted fields (checked), so a split on commas is exact. */
function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8')
  expect(text.includes('"')).toBe(false)
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0)
  const names = (header ?? '').split(',')
  return lines.map((line) => {
    const cells = line.split(',')
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']))
  })
}

const IBM_CATEGORIES = [
  'Supplies Subgroup',
  'Supplies Group',
  'Region',
  'Route To Market',
  'Competitor Type',
  'Client Size By Revenue',
  'Client Size By Employee Count',
  'Revenue From Client Past Two Years',
  'Deal Size Category',
]
const IBM_NUMBERS = [
  'Elapsed Days In Sales Stage',
  'Sales Stage Change Count',
  'Total Days Identified Through Closing',
  'Total Days Identified Through Qualified',
  'Opportunity Amount USD',
  'Ratio Days Identified To Total Days',
  'Ratio Days Validated To Total Days',
  'Ratio Days Qualified To Total Days',
]

/** Every IBM row is a closed deal; the columns become signals (codes are categories). */
function ibmInputs(rows: Record<string, string>[], withNumbers: boolean): DealOutcomeInputs {
  const keys = withNumbers ? [...IBM_CATEGORIES, ...IBM_NUMBERS] : IBM_CATEGORIES
  return {
    asOf: '2015-12-31',
    signals: keys.map((key) => ({
      key,
      label: key,
      group: 'ibm',
      valueType: IBM_NUMBERS.includes(key) ? 'number' : 'category',
    })),
    deals: rows.map((r, i) => ({
      id: `${r['Opportunity Number']}-${i}`,
      ownerId: 'x',
      segment: 'all',
      createdOn: '2015-01-01',
      closeDate: '2015-06-01',
      isClosed: true,
      isWon: r['Opportunity Result'] === 'Won',
      amountCents: Number(r['Opportunity Amount USD']) * 100,
      signals: Object.fromEntries(keys.map((k) => [k, r[k] ?? ''])),
    })),
  }
}

const close = (actual: number | null | undefined, expected: number, tolerance: number): void => {
  expect(actual).not.toBeNull()
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance)
}

describe.skipIf(!fs.existsSync(IBM))('IBM sales win-loss', () => {
  const rows = fs.existsSync(IBM) ? readCsv(IBM) : []
  type Ref = {
    ibm: {
      rows: number
      wins: number
      base_lo: number
      base_hi: number
      signals: { column: string; value: string; n: number; wins: number; lo: number; hi: number }[]
    }
  }
  const ref = fixture<Ref>('public-reference.json').ibm

  it('per-value win rates and Wilson intervals equal R to 1e-9', () => {
    expect(rows.length).toBe(ref.rows)
    const wp = analyzeWinPatterns(ibmInputs(rows, false), { maxCombinations: 5 })
    expect(wp.closed_deals).toBe(ref.rows)
    close(wp.base_rate.ci95?.[0], ref.base_lo, 1e-9)
    close(wp.base_rate.ci95?.[1], ref.base_hi, 1e-9)
    expect(wp.signals.length).toBe(ref.signals.length)
    for (const r of ref.signals) {
      const s = wp.signals.find((x) => x.key === r.column && x.value === r.value)
      expect(s, `${r.column} = ${r.value}`).toBeDefined()
      expect(s?.n).toBe(r.n)
      expect(s?.wins).toBe(r.wins)
      close(s?.win_rate.ci95?.[0], r.lo, 1e-9)
      close(s?.win_rate.ci95?.[1], r.hi, 1e-9)
    }
  }, 120_000)

  it("reaches at least scikit-learn's logistic regression test AUC on the same split", () => {
    const sk = fixture<{ test_auc: number; test_rows: number }>('sklearn-reference.json')
    const isTest = rows.map((r) => Number(r['Opportunity Number']) % 5 === 0)
    const model = fitWinModel(ibmInputs(rows, true), { train: (i) => !isTest[i] })
    if (model.status !== 'ok') throw new Error(model.reason)
    const testIdx = rows.map((_, i) => i).filter((i) => isTest[i])
    expect(testIdx.length).toBe(sk.test_rows)
    const auc = rocAuc(
      testIdx.map((i) => (rows[i]?.['Opportunity Result'] === 'Won' ? 1 : 0)),
      testIdx.map((i) => model.probabilities[i] as number),
    )
    expect(auc).toBeGreaterThanOrEqual(sk.test_auc)
  }, 120_000)
})

describe.skipIf(!fs.existsSync(MAVEN))('Maven CRM', () => {
  type Ref = {
    maven: {
      as_of: string
      n: number
      median: number
      lo: number
      hi: number
      products: {
        product: string
        n: number
        events: number
        median: number
        lo: number
        hi: number | null
      }[]
    }
  }
  const ref = fixture<Ref>('public-reference.json').maven

  it("Kaplan-Meier medians and intervals per product equal R's survfit", () => {
    const rows = readCsv(MAVEN).filter((r) => r.deal_stage !== 'Prospecting')
    const inputs: DealOutcomeInputs = {
      asOf: ref.as_of,
      signals: [{ key: 'product', label: 'Product', group: 'product', valueType: 'category' }],
      deals: rows.map((r) => ({
        id: r.opportunity_id ?? '',
        ownerId: r.sales_agent ?? '',
        segment: 'all',
        createdOn: r.engage_date ?? '',
        closeDate: r.close_date || ref.as_of,
        isClosed: r.deal_stage === 'Won' || r.deal_stage === 'Lost',
        isWon: r.deal_stage === 'Won',
        amountCents: Number(r.close_value || 0) * 100,
        signals: { product: r.product ?? '' },
      })),
    }
    const all = analyzeCycleTime(inputs)
    expect(all.groups[0]).toMatchObject({ n: ref.n, median_days: ref.median, ci95: [ref.lo, ref.hi] })
    const ct = analyzeCycleTime(inputs, { by: 'product' })
    expect(ct.groups.length).toBe(ref.products.length)
    for (const p of ref.products) {
      const g = ct.groups.find((x) => x.value === p.product)
      expect(g, p.product).toMatchObject({
        n: p.n,
        events: p.events,
        median_days: p.median,
        ci95: [p.lo, p.hi],
      })
    }
  })
})
