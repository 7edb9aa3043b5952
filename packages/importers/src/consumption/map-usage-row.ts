/**
 * One daily usage row (date, account, optional use case, SKU, units,
 * revenue) → a consumption_daily fact, plus the account and use case it
 * names when Revlab does not know them yet (matched by id, then by name).
 */
import type { ConsumptionDaily, Deal } from '@revlab/domain'
import type { UseCaseMatcher } from '../framework/directory.js'
import { parseDay, parseMoneyCents, parseNumber, slugify } from '../framework/normalize.js'
import { referAccount, type ReferenceContext } from '../framework/references.js'
import type { MappedRow, RowIssue, StagedRecord } from '../framework/types.js'

/** The header names each field goes by in usage exports, lower-cased. */
export const USAGE_COLUMNS = {
  day: ['day', 'date', 'usage_date', 'usage_day'],
  accountId: ['account_id', 'accountid', 'customer_id'],
  accountName: ['account', 'account_name', 'customer', 'customer_name'],
  useCaseId: ['use_case_id', 'usecaseid', 'workload_id'],
  useCaseName: ['use_case', 'use_case_name', 'workload'],
  sku: ['sku', 'product', 'product_sku'],
  units: ['units', 'quantity', 'usage', 'credits'],
  revenue: ['revenue', 'revenue_usd', 'amount', 'cost'],
  revenueCents: ['revenue_cents', 'amount_cents'],
} as const

export type UsageColumns = { -readonly [K in keyof typeof USAGE_COLUMNS]: string | null }

export function findUsageColumns(header: readonly string[]): UsageColumns {
  const pick = (names: readonly string[]): string | null =>
    header.find((h) => names.includes(h.trim().toLowerCase())) ?? null
  const out = {} as UsageColumns
  for (const key of Object.keys(USAGE_COLUMNS) as (keyof UsageColumns)[]) out[key] = pick(USAGE_COLUMNS[key])
  return out
}

/** Which required fields a header lacks (empty when it has them all). */
export function missingUsageColumns(c: UsageColumns): string[] {
  return [
    c.day ? null : 'date',
    c.accountId || c.accountName ? null : 'account',
    c.sku ? null : 'sku',
    c.units ? null : 'units',
    c.revenue || c.revenueCents ? null : 'revenue',
  ].filter((x): x is string => x !== null)
}

export type UsageContext = ReferenceContext & { useCases: UseCaseMatcher }

const text = (v: unknown): string => {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString()
  return String(v).trim()
}

const num = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'bigint') return Number(v)
  return parseNumber(text(v))
}

/** Maps one row; `values` are strings (CSV) or typed values (Parquet). */
export function mapUsageRow(values: Record<string, unknown>, c: UsageColumns, ctx: UsageContext): MappedRow {
  const issues: RowIssue[] = []
  const get = (col: string | null): unknown => (col ? values[col] : undefined)
  const dayText = text(get(c.day))
  const day = dayText ? parseDay(dayText) : undefined
  if (!day)
    issues.push({ column: c.day, reason: dayText ? `"${dayText}" is not a date` : 'the date is empty' })
  const accountId = text(get(c.accountId))
  const accountName = text(get(c.accountName))
  if (!accountId && !accountName)
    issues.push({ column: c.accountId ?? c.accountName, reason: 'the account is empty' })
  const sku = text(get(c.sku))
  if (!sku) issues.push({ column: c.sku, reason: 'the SKU is empty' })
  const units = num(get(c.units))
  if (units === undefined) issues.push({ column: c.units, reason: `"${text(get(c.units))}" is not a number` })
  let revenueCents: number | undefined
  if (c.revenueCents) {
    const n = num(get(c.revenueCents))
    revenueCents = n === undefined ? undefined : Math.round(n)
  } else {
    const v = get(c.revenue)
    revenueCents = typeof v === 'number' ? Math.round(v * 100) : parseMoneyCents(text(v))
  }
  if (revenueCents === undefined)
    issues.push({
      column: c.revenueCents ?? c.revenue,
      reason: `"${text(get(c.revenueCents ?? c.revenue))}" is not an amount`,
    })
  if (issues.length > 0 || !day || units === undefined || revenueCents === undefined)
    return { records: [], issues }

  const account = referAccount(ctx, { id: accountId || null, name: accountName || accountId })
  const records: StagedRecord[] = []
  let useCaseId: string | null = null
  const ucId = text(get(c.useCaseId))
  const ucName = text(get(c.useCaseName))
  if (ucId || ucName) {
    const found = ctx.useCases.find({ id: ucId || null, accountId: account.accountId, name: ucName || null })
    if (found) useCaseId = found
    else {
      useCaseId = ucId || `use_case:${slugify(account.accountId)}:${slugify(ucName)}`
      ctx.useCases.remember(useCaseId, account.accountId, ucName || ucId)
      // Usage before the CRM: a live use case, first seen on this day; the CRM import refines it by id.
      const deal: Deal = {
        id: useCaseId,
        name: ucName || ucId,
        accountId: account.accountId,
        ownerId: '',
        seId: null,
        kind: 'use_case',
        stageModelId: '',
        stageKey: 'live',
        amountCents: 0,
        currency: 'USD',
        createdAt: `${day}T00:00:00.000Z`,
        closeDate: day,
        isClosed: true,
        isWon: true,
        lossReason: null,
        competitor: null,
        source: ctx.source,
        segment: '',
        region: '',
        goLiveTarget: null,
        goLiveDate: day,
        useCaseStatus: 'live',
        expectedMonthlyCents: null,
      }
      records.push({ table: 'deals', record: deal, mode: 'ensure' })
    }
  }
  const fact: ConsumptionDaily = { day, accountId: account.accountId, useCaseId, sku, units, revenueCents }
  return {
    records: [{ table: 'consumption_daily', record: fact }, ...account.records, ...records],
    issues: [],
  }
}
