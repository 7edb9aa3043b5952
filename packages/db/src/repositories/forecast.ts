/**
 * Forecast inputs: every deal in scope with its dated history (signal values
 * with the day they were observed, stages with the day they were entered and
 * the CRM's probability of each, a POC as the derived `poc` signal from the
 * day it started), the people, and the bookings quotas. Nothing is cut at an
 * as-of date here: the analysis rebuilds what was known on each day it
 * forecasts from (the forecast date and every backtest period's first day).
 * On DuckDB the columnar read path (forecast-duckdb.ts) reads the deals and
 * their history; the row path below serves PostgreSQL and stores it cannot encode.
 */
import { sql, type Kysely } from 'kysely'
import type { ForecastDealInput, ForecastInputs } from '@revlab/domain'
import { withDuckDbConnection } from '../dialects/duckdb-dialect.js'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'
import { POC_SIGNAL } from './deal-outcomes.js'
import { normaliseSignalValue } from './deal-outcomes-duckdb.js'
import { readForecastDealsDuckDb } from './forecast-duckdb.js'

const dateOf = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)

export async function loadForecastInputs(
  db: Kysely<Database>,
  scope: OwnerScope = { kind: 'all' },
): Promise<ForecastInputs> {
  const definitions = await db
    .selectFrom('signal_definitions')
    .select(['key', 'label', 'group', 'value_type'])
    .orderBy('key')
    .execute()
  const booleans = new Set(definitions.filter((d) => d.value_type === 'boolean').map((d) => d.key))
  const read =
    (await withDuckDbConnection(db, (connection) => readForecastDealsDuckDb(connection, scope, booleans))) ??
    (await readForecastDealRows(db, scope, booleans))
  // People and quotas in the same scope as the deals: a rep sees their own target only.
  let peopleQuery = db.selectFrom('people').select(['id', 'name', 'team'])
  let quotaQuery = db.selectFrom('quotas').where('kind', '=', 'bookings')
  if (scope.kind === 'owners') {
    peopleQuery = scope.ownerIds.length
      ? peopleQuery.where('id', 'in', scope.ownerIds)
      : peopleQuery.where(sql<boolean>`false`)
    quotaQuery = scope.ownerIds.length
      ? quotaQuery.where('person_id', 'in', scope.ownerIds)
      : quotaQuery.where(sql<boolean>`false`)
  }
  const people = await peopleQuery.orderBy('id').execute()
  const quotas = await quotaQuery
    .select(['person_id', 'period', 'amount_cents'])
    .orderBy('person_id')
    .orderBy('period')
    .execute()

  const signals: ForecastInputs['signals'] = definitions.map((d) => ({
    key: d.key,
    label: d.label,
    group: d.group,
    valueType: d.value_type === 'boolean' || d.value_type === 'number' ? d.value_type : 'category',
  }))
  if (read.hasPocs) signals.push(POC_SIGNAL)
  return {
    signals,
    deals: read.deals,
    people: people.map((p) => ({ id: p.id, name: p.name, team: p.team })),
    quotas: quotas.map((q) => ({
      personId: q.person_id,
      period: q.period,
      amountCents: Number(q.amount_cents),
    })),
  }
}

/** The row path (PostgreSQL, and DuckDB stores whose values are too varied to encode). */
async function readForecastDealRows(
  db: Kysely<Database>,
  scope: OwnerScope,
  booleans: ReadonlySet<string>,
): Promise<{ deals: ForecastDealInput[]; hasPocs: boolean }> {
  let deals = db.selectFrom('deals as d')
  if (scope.kind === 'owners') {
    deals = scope.ownerIds.length
      ? deals.where('d.owner_id', 'in', scope.ownerIds)
      : deals.where(sql<boolean>`false`)
  }
  const dealRows = await deals
    .select([
      'd.id',
      'd.owner_id',
      'd.kind',
      'd.amount_cents',
      'd.created_at',
      'd.close_date',
      'd.is_closed',
      'd.is_won',
      'd.stage_model_id',
    ])
    .orderBy('d.id')
    .execute()
  const signalRows = await deals
    .innerJoin('deal_signals as s', 's.deal_id', 'd.id')
    .select(['s.deal_id', 's.signal_key', 's.value', 's.observed_at'])
    .orderBy('s.deal_id')
    .orderBy('s.observed_at')
    .orderBy('s.id')
    .execute()
  const stageRows = await deals
    .innerJoin('deal_stage_history as h', 'h.deal_id', 'd.id')
    .innerJoin('stages as st', (join) =>
      join.onRef('st.stage_model_id', '=', 'd.stage_model_id').onRef('st.key', '=', 'h.stage_key'),
    )
    .select(['h.deal_id', 'h.stage_key', 'h.entered_at', 'st.probability'])
    .orderBy('h.deal_id')
    .orderBy('h.entered_at')
    .orderBy('h.id')
    .execute()
  const pocRows = await deals
    .innerJoin('pocs as p', 'p.deal_id', 'd.id')
    .select(['p.deal_id', 'p.paid', 'p.started_at'])
    .orderBy('p.deal_id')
    .orderBy('p.started_at')
    .orderBy('p.id')
    .execute()

  const byId = new Map<string, ForecastDealInput>()
  const out: ForecastDealInput[] = dealRows.map((d) => {
    const deal: ForecastDealInput = {
      id: d.id,
      ownerId: d.owner_id,
      kind: d.kind,
      amountCents: Number(d.amount_cents),
      createdOn: dateOf(d.created_at),
      closeDate: dateOf(d.close_date),
      isClosed: Boolean(d.is_closed),
      isWon: Boolean(d.is_closed) && Boolean(d.is_won),
      signals: [],
      stages: [],
    }
    byId.set(d.id, deal)
    return deal
  })
  for (const s of signalRows) {
    const value = normaliseSignalValue(s.value, booleans.has(s.signal_key))
    if (value === '') continue
    byId.get(s.deal_id)?.signals.push({ key: s.signal_key, value, observedOn: dateOf(s.observed_at) })
  }
  for (const p of pocRows) {
    // A free POC may turn paid; a paid one stays paid.
    const deal = byId.get(p.deal_id)
    if (!deal) continue
    const paidBefore = deal.signals.some((s) => s.key === POC_SIGNAL.key && s.value === 'paid')
    deal.signals.push({
      key: POC_SIGNAL.key,
      value: paidBefore || p.paid ? 'paid' : 'free',
      observedOn: dateOf(p.started_at),
    })
  }
  for (const deal of out)
    deal.signals.sort((a, b) => (a.observedOn < b.observedOn ? -1 : a.observedOn > b.observedOn ? 1 : 0))
  for (const h of stageRows) {
    byId.get(h.deal_id)?.stages.push({
      key: h.stage_key,
      enteredOn: dateOf(h.entered_at),
      probability: Number(h.probability),
    })
  }
  return { deals: out, hasPocs: pocRows.length > 0 }
}
