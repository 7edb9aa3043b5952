import { sql, type Kysely } from 'kysely'
import type { DealDetail, DealFilters, DealListQuery, DealStatus, DealSummary } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

const sortColumns = {
  amount: 'd.amount_cents',
  closeDate: 'd.close_date',
  createdAt: 'd.created_at',
  name: 'd.name',
} as const

function baseDeals(db: Kysely<Database>) {
  return db
    .selectFrom('deals as d')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .innerJoin('people as p', 'p.id', 'd.owner_id')
    .leftJoin('stages as s', (join) =>
      join.onRef('s.stage_model_id', '=', 'd.stage_model_id').onRef('s.key', '=', 'd.stage_key'),
    )
}

type BaseDeals = ReturnType<typeof baseDeals>

function inScope(query: BaseDeals, scope: OwnerScope): BaseDeals {
  if (scope.kind === 'all') return query
  // No owners in scope: nothing is visible (an empty IN list is not valid SQL).
  if (scope.ownerIds.length === 0) return query.where(sql<boolean>`false`)
  return query.where('d.owner_id', 'in', scope.ownerIds)
}

function filtered(query: BaseDeals, filter: Partial<DealListQuery>): BaseDeals {
  let q = query
  if (filter.status === 'open') q = q.where('d.is_closed', '=', false)
  if (filter.status === 'won') q = q.where('d.is_won', '=', true)
  if (filter.status === 'lost') q = q.where('d.is_closed', '=', true).where('d.is_won', '=', false)
  if (filter.stageKey) q = q.where('d.stage_key', '=', filter.stageKey)
  if (filter.stageModelId) q = q.where('d.stage_model_id', '=', filter.stageModelId)
  if (filter.ownerId) q = q.where('d.owner_id', '=', filter.ownerId)
  if (filter.segment) q = q.where('d.segment', '=', filter.segment)
  if (filter.region) q = q.where('d.region', '=', filter.region)
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['d.name']), 'like', like), eb(eb.fn('lower', ['a.name']), 'like', like)]),
    )
  }
  return q
}

const summaryColumns = [
  'd.id',
  'd.name',
  'd.account_id',
  'a.name as account_name',
  'd.owner_id',
  'p.name as owner_name',
  'd.kind',
  'd.stage_model_id',
  'd.stage_key',
  's.name as stage_name',
  'd.amount_cents',
  'd.currency',
  'd.created_at',
  'd.close_date',
  'd.is_closed',
  'd.is_won',
  'd.segment',
  'd.region',
  'd.competitor',
  'd.loss_reason',
] as const

type SummaryRow = {
  id: string
  name: string
  account_id: string
  account_name: string
  owner_id: string
  owner_name: string
  kind: string
  stage_model_id: string
  stage_key: string
  stage_name: string | null
  amount_cents: number
  currency: string
  created_at: string
  close_date: string
  is_closed: boolean
  is_won: boolean
  segment: string
  region: string
  competitor: string | null
  loss_reason: string | null
}

const statusOf = (row: { is_closed: boolean; is_won: boolean }): DealStatus =>
  row.is_won ? 'won' : row.is_closed ? 'lost' : 'open'

const toSummary = (row: SummaryRow): DealSummary => ({
  id: row.id,
  name: row.name,
  accountId: row.account_id,
  accountName: row.account_name,
  ownerId: row.owner_id,
  ownerName: row.owner_name,
  kind: row.kind,
  stageModelId: row.stage_model_id,
  stageKey: row.stage_key,
  stageName: row.stage_name ?? row.stage_key,
  amountCents: Number(row.amount_cents),
  currency: row.currency,
  createdAt: row.created_at,
  closeDate: row.close_date,
  status: statusOf(row),
  segment: row.segment,
  region: row.region,
  competitor: row.competitor,
  lossReason: row.loss_reason,
})

export async function listDeals(
  db: Kysely<Database>,
  query: DealListQuery,
  scope: OwnerScope,
): Promise<{ data: DealSummary[]; total: number }> {
  const scoped = filtered(inScope(baseDeals(db), scope), query)
  const countRow = await scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await scoped
    .select(summaryColumns)
    .orderBy(sortColumns[query.sort], query.order)
    .orderBy('d.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute()
  return { data: (rows as SummaryRow[]).map(toSummary), total: Number(countRow?.n ?? 0) }
}

/** One deal as its page shows it; `now` ends the current stage of an open deal. */
export async function findDealDetail(
  db: Kysely<Database>,
  id: string,
  scope: OwnerScope,
  now: string,
): Promise<DealDetail | undefined> {
  const row = await inScope(baseDeals(db), scope)
    .where('d.id', '=', id)
    .select(summaryColumns)
    .executeTakeFirst()
  if (!row) return undefined
  const deal = toSummary(row as SummaryRow)

  const history = await db
    .selectFrom('deal_stage_history as h')
    .leftJoin('stages as s', (join) =>
      join.on('s.stage_model_id', '=', deal.stageModelId).onRef('s.key', '=', 'h.stage_key'),
    )
    .select(['h.stage_key', 's.name as stage_name', 'h.entered_at', 'h.exited_at'])
    .where('h.deal_id', '=', id)
    .orderBy('h.entered_at')
    .execute()

  const signals = await db
    .selectFrom('deal_signals as g')
    .leftJoin('signal_definitions as def', 'def.key', 'g.signal_key')
    .select(['g.signal_key', 'def.label', 'g.value', 'g.observed_at', 'g.source', 'g.evidence', 'g.strength'])
    .where('g.deal_id', '=', id)
    .orderBy('g.observed_at')
    .execute()

  const stakeholders = await db
    .selectFrom('deal_stakeholders as k')
    .innerJoin('contacts as c', 'c.id', 'k.contact_id')
    .select(['k.contact_id', 'c.name', 'c.title', 'k.roles'])
    .where('k.deal_id', '=', id)
    .orderBy('c.name')
    .execute()

  const dayMs = 86_400_000
  // A stage with no exit runs to today while the deal is open, else to its close date.
  const openEnd = deal.status === 'open' ? now : `${deal.closeDate}T00:00:00.000Z`
  const daysIn = (from: string, to: string): number =>
    Math.max(0, Math.round(((Date.parse(to) - Date.parse(from)) / dayMs) * 10) / 10)
  return {
    asOf: now.slice(0, 10),
    deal,
    stageHistory: history.map((h) => ({
      stageKey: h.stage_key,
      stageName: h.stage_name ?? h.stage_key,
      enteredAt: h.entered_at,
      exitedAt: h.exited_at,
      days: daysIn(h.entered_at, h.exited_at ?? openEnd),
    })),
    signals: signals.map((s) => ({
      key: s.signal_key,
      label: s.label ?? s.signal_key,
      value: s.value,
      observedAt: s.observed_at,
      source: s.source,
      evidence: s.evidence,
      strength: s.strength,
    })),
    stakeholders: stakeholders.map((k) => ({
      contactId: k.contact_id,
      name: k.name,
      title: k.title,
      roles: JSON.parse(k.roles) as string[],
    })),
  }
}

export async function loadDealFilters(db: Kysely<Database>, scope: OwnerScope): Promise<DealFilters> {
  const owners = await inScope(baseDeals(db), scope)
    .select(['p.id', 'p.name'])
    .distinct()
    .orderBy('p.name')
    .execute()
  const stages = await db
    .selectFrom('stages as s')
    .innerJoin('stage_models as m', 'm.id', 's.stage_model_id')
    .select(['s.stage_model_id', 'm.name as stage_model_name', 's.key', 's.name', 's.position'])
    .orderBy('s.stage_model_id')
    .orderBy('s.position')
    .execute()
  const segments = await db.selectFrom('deals').select('segment').distinct().orderBy('segment').execute()
  const regions = await db.selectFrom('deals').select('region').distinct().orderBy('region').execute()
  return {
    owners: owners.map((o) => ({ id: o.id, name: o.name })),
    stages: stages.map((s) => ({
      stageModelId: s.stage_model_id,
      stageModelName: s.stage_model_name,
      key: s.key,
      name: s.name,
      position: s.position,
    })),
    segments: segments.map((s) => s.segment),
    regions: regions.map((r) => r.region),
  }
}
