/**
 * The inputs of the POC analysis: every POC with its deal's outcome (closed
 * only if it closed by the as-of date), the weekly check-ins, and the SEs.
 * The as-of date defaults to the data's own "today": the newest check-in or
 * close date, so a demo store is not read against the wall clock.
 */
import { sql, type Kysely } from 'kysely'
import type { IsoDate, Poc, PocCheckin } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

export type PocInputRows = {
  asOf: IsoDate
  pocs: (Poc & {
    dealName: string
    dealOwnerId: string
    dealIsClosed: boolean
    dealIsWon: boolean
    dealCloseDate: IsoDate
  })[]
  checkins: PocCheckin[]
  people: { id: string; name: string; role: string }[]
}

const dateOf = (value: unknown): IsoDate =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)

export async function loadPocInputs(
  db: Kysely<Database>,
  options: { asOf?: IsoDate | null; scope?: OwnerScope } = {},
): Promise<PocInputRows> {
  const scope = options.scope ?? { kind: 'all' }
  let pocQuery = db.selectFrom('pocs as p').innerJoin('deals as d', 'd.id', 'p.deal_id')
  // A rep sees the POCs on their own deals, an SE the ones they run.
  if (scope.kind === 'owners') {
    pocQuery = scope.ownerIds.length
      ? pocQuery.where((eb) =>
          eb.or([eb('d.owner_id', 'in', scope.ownerIds), eb('p.se_id', 'in', scope.ownerIds)]),
        )
      : pocQuery.where(sql<boolean>`false`)
  }
  const rows = await pocQuery
    .selectAll('p')
    .select(['d.name as deal_name', 'd.owner_id as deal_owner_id', 'd.is_closed', 'd.is_won', 'd.close_date'])
    .orderBy('p.id')
    .execute()
  const ids = rows.map((r) => r.id)
  const checkinRows = ids.length
    ? await db
        .selectFrom('poc_checkins')
        .selectAll()
        .where('poc_id', 'in', ids)
        .orderBy('poc_id')
        .orderBy('week')
        .execute()
    : []
  let asOf = options.asOf ?? null
  if (!asOf) {
    // Not the start dates: a planned POC starts in the future.
    const dates = [
      ...checkinRows.map((c) => dateOf(c.checked_at)),
      ...rows.filter((r) => r.is_closed).map((r) => dateOf(r.close_date)),
    ]
    asOf = dates.reduce<IsoDate>((max, d) => (d > max ? d : max), '1970-01-01')
  }
  const people = await db
    .selectFrom('people')
    .select(['id', 'name', 'role'])
    .where('role', '=', 'se')
    .orderBy('id')
    .execute()
  return {
    asOf,
    pocs: rows.map((r) => {
      const closeDate = dateOf(r.close_date)
      const isClosed = Boolean(r.is_closed) && closeDate <= (asOf as IsoDate)
      return {
        id: r.id,
        dealId: r.deal_id,
        seId: r.se_id,
        question: r.question,
        metric: r.metric,
        baseline: Number(r.baseline),
        target: Number(r.target),
        plannedWeeks: Number(r.planned_weeks),
        startedAt: dateOf(r.started_at),
        goNoGoDate: dateOf(r.go_no_go_date),
        paid: Boolean(r.paid),
        priceCents: Number(r.price_cents),
        commitments: r.commitments,
        status: r.status,
        dealName: r.deal_name,
        dealOwnerId: r.deal_owner_id,
        dealIsClosed: isClosed,
        dealIsWon: isClosed && Boolean(r.is_won),
        dealCloseDate: closeDate,
      }
    }),
    checkins: checkinRows.map((c) => ({
      id: c.id,
      pocId: c.poc_id,
      week: Number(c.week),
      checkedAt: dateOf(c.checked_at),
      metricValue: c.metric_value === null ? null : Number(c.metric_value),
      commitmentsMet: c.commitments_met,
      note: c.note,
    })),
    people: people.map((p) => ({ id: p.id, name: p.name, role: p.role })),
  }
}
