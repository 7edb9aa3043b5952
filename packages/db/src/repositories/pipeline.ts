import { sql, type Kysely } from 'kysely'
import type { PipelineFilters, PipelineInputs } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

/** The aggregates the pipeline overview is computed from, filtered and scoped in SQL. */
export async function loadPipelineInputs(
  db: Kysely<Database>,
  filters: PipelineFilters,
  scope: OwnerScope,
): Promise<PipelineInputs> {
  let deals = db.selectFrom('deals as d')
  if (scope.kind === 'owners') {
    deals = scope.ownerIds.length
      ? deals.where('d.owner_id', 'in', scope.ownerIds)
      : deals.where(sql<boolean>`false`)
  }
  if (filters.segment) deals = deals.where('d.segment', '=', filters.segment)
  if (filters.region) deals = deals.where('d.region', '=', filters.region)
  if (filters.ownerId) deals = deals.where('d.owner_id', '=', filters.ownerId)

  const open = await deals
    .innerJoin('stages as s', (j) =>
      j.onRef('s.stage_model_id', '=', 'd.stage_model_id').onRef('s.key', '=', 'd.stage_key'),
    )
    .innerJoin('stage_models as m', 'm.id', 'd.stage_model_id')
    .where('d.is_closed', '=', false)
    .select((eb) => [
      'd.stage_model_id',
      'm.name as stage_model_name',
      'd.stage_key',
      's.name as stage_name',
      's.position',
      eb.fn.countAll<number>().as('deals'),
      eb.fn.sum<number>('d.amount_cents').as('amount_cents'),
    ])
    .groupBy(['d.stage_model_id', 'm.name', 'd.stage_key', 's.name', 's.position'])
    .orderBy('d.stage_model_id')
    .orderBy('s.position')
    .execute()

  const year = sql<number>`extract(year from d.close_date)`
  const quarter = sql<number>`extract(quarter from d.close_date)`
  const closed = await deals
    .where('d.is_closed', '=', true)
    .select((eb) => [
      year.as('year'),
      quarter.as('quarter'),
      eb.fn.countAll<number>().as('closed'),
      sql<number>`sum(case when d.is_won then 1 else 0 end)`.as('won'),
      sql<number>`sum(case when d.is_won then d.amount_cents else 0 end)`.as('won_amount_cents'),
    ])
    .groupBy([year, quarter])
    .orderBy(year)
    .orderBy(quarter)
    .execute()

  return {
    openByStage: open.map((r) => ({
      stageModelId: r.stage_model_id,
      stageModelName: r.stage_model_name,
      stageKey: r.stage_key,
      stageName: r.stage_name,
      position: Number(r.position),
      deals: Number(r.deals),
      amountCents: Number(r.amount_cents ?? 0),
    })),
    closedByQuarter: closed.map((r) => ({
      year: Number(r.year),
      quarter: Number(r.quarter),
      closed: Number(r.closed),
      won: Number(r.won),
      wonAmountCents: Number(r.won_amount_cents ?? 0),
    })),
  }
}
