/**
 * Deal outcomes for win patterns and cycle time, point in time: deals created
 * on or before the as-of date, closed only if they closed by then, and each
 * signal's latest value observed by the end of that day. A deal's POC adds a
 * derived signal `poc` (none / free / paid) once the POC has started.
 */
import { sql, type Kysely } from 'kysely'
import type { DealOutcome, DealOutcomeFilters, DealOutcomeInputs, DealOutcomeSignal } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

const TRUE_VALUES = new Set(['true', 'yes', '1', 'y'])
const FALSE_VALUES = new Set(['false', 'no', '0', 'n'])

export const POC_SIGNAL: DealOutcomeSignal = { key: 'poc', label: 'POC', group: 'poc', valueType: 'category' }

const dateOf = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)

export async function loadDealOutcomeInputs(
  db: Kysely<Database>,
  filters: DealOutcomeFilters,
  scope: OwnerScope = { kind: 'all' },
): Promise<DealOutcomeInputs> {
  let deals = db.selectFrom('deals as d')
  if (scope.kind === 'owners') {
    deals = scope.ownerIds.length
      ? deals.where('d.owner_id', 'in', scope.ownerIds)
      : deals.where(sql<boolean>`false`)
  }
  if (filters.segment) deals = deals.where('d.segment', '=', filters.segment)
  const dealRows = await deals
    .select([
      'd.id',
      'd.owner_id',
      'd.segment',
      'd.created_at',
      'd.close_date',
      'd.is_closed',
      'd.is_won',
      'd.amount_cents',
    ])
    .orderBy('d.id')
    .execute()
  const asOf = filters.asOf
  const kept = dealRows.filter((d) => {
    const created = dateOf(d.created_at)
    return created <= asOf && (!filters.since || created >= filters.since)
  })
  const definitions = await db
    .selectFrom('signal_definitions')
    .select(['key', 'label', 'group', 'value_type'])
    .orderBy('key')
    .execute()
  const signalRows = await deals
    .innerJoin('deal_signals as s', 's.deal_id', 'd.id')
    .select(['s.deal_id', 's.signal_key', 's.value', 's.observed_at'])
    .orderBy('s.deal_id')
    .orderBy('s.observed_at')
    .execute()
  const pocRows = await deals
    .innerJoin('pocs as p', 'p.deal_id', 'd.id')
    .select(['p.deal_id', 'p.paid', 'p.started_at'])
    .execute()

  const types = new Map(definitions.map((d) => [d.key, d.value_type]))
  const byDeal = new Map<string, Record<string, string>>()
  for (const s of signalRows) {
    if (dateOf(s.observed_at) > asOf) continue
    const own = byDeal.get(s.deal_id) ?? {}
    let value = s.value.trim()
    if (types.get(s.signal_key) === 'boolean') {
      const lower = value.toLowerCase()
      value = TRUE_VALUES.has(lower) ? 'true' : FALSE_VALUES.has(lower) ? 'false' : ''
    }
    if (value !== '') own[s.signal_key] = value
    byDeal.set(s.deal_id, own)
  }
  const poc = new Map<string, string>()
  for (const p of pocRows) {
    if (dateOf(p.started_at) > asOf) continue
    if (poc.get(p.deal_id) !== 'paid') poc.set(p.deal_id, p.paid ? 'paid' : 'free')
  }
  const signals: DealOutcomeSignal[] = definitions.map((d) => ({
    key: d.key,
    label: d.label,
    group: d.group,
    valueType: d.value_type === 'boolean' || d.value_type === 'number' ? d.value_type : 'category',
  }))
  if (pocRows.length > 0) signals.push(POC_SIGNAL)
  const outcomes: DealOutcome[] = kept.map((d) => {
    const own = { ...(byDeal.get(d.id) ?? {}) }
    if (pocRows.length > 0) own.poc = poc.get(d.id) ?? 'none'
    const closeDate = dateOf(d.close_date)
    const isClosed = d.is_closed && closeDate <= asOf
    return {
      id: d.id,
      ownerId: d.owner_id,
      segment: d.segment,
      createdOn: dateOf(d.created_at),
      closeDate,
      isClosed,
      isWon: isClosed && d.is_won,
      amountCents: Number(d.amount_cents),
      signals: own,
    }
  })
  return { asOf, signals, deals: outcomes }
}

/** The newest close date of a closed deal (a demo company's "today"), or null when nothing has closed. */
export async function latestCloseDate(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('deals')
    .where('is_closed', '=', true)
    .select((eb) => eb.fn.max('close_date').as('d'))
    .executeTakeFirst()
  return row?.d ? dateOf(row.d) : null
}
