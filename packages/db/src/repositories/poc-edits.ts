/**
 * Writes behind the POC edit API: POCs and their weekly check-ins, each in
 * one transaction with its audit entry.
 */
import type { Kysely } from 'kysely'
import type { Poc, PocCheckin } from '@revlab/domain'
import type { Database } from '../schema.js'
import { writeAudit } from './audit-log.js'
import { insertAuditedRecord, updateAuditedRecord } from './audited-record.js'
import type { EditActor } from './deal-edits.js'

const pocColumns = {
  dealId: 'deal_id',
  seId: 'se_id',
  question: 'question',
  metric: 'metric',
  baseline: 'baseline',
  target: 'target',
  plannedWeeks: 'planned_weeks',
  startedAt: 'started_at',
  goNoGoDate: 'go_no_go_date',
  paid: 'paid',
  priceCents: 'price_cents',
  commitments: 'commitments',
  status: 'status',
} as const satisfies Record<Exclude<keyof Poc, 'id'>, keyof Database['pocs']>

export async function findPoc(db: Kysely<Database>, id: string): Promise<Poc | undefined> {
  const r = await db.selectFrom('pocs').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) return undefined
  return {
    id: r.id,
    dealId: r.deal_id,
    seId: r.se_id,
    question: r.question,
    metric: r.metric,
    baseline: Number(r.baseline),
    target: Number(r.target),
    plannedWeeks: Number(r.planned_weeks),
    startedAt: String(r.started_at).slice(0, 10),
    goNoGoDate: String(r.go_no_go_date).slice(0, 10),
    paid: Boolean(r.paid),
    priceCents: Number(r.price_cents),
    commitments: r.commitments,
    status: r.status,
  }
}

export async function listPocCheckins(db: Kysely<Database>, pocId: string): Promise<PocCheckin[]> {
  const rows = await db
    .selectFrom('poc_checkins')
    .selectAll()
    .where('poc_id', '=', pocId)
    .orderBy('week')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    pocId: r.poc_id,
    week: Number(r.week),
    checkedAt: String(r.checked_at).slice(0, 10),
    metricValue: r.metric_value === null ? null : Number(r.metric_value),
    commitmentsMet: r.commitments_met,
    note: r.note,
  }))
}

export async function insertPoc(db: Kysely<Database>, poc: Poc, actor: EditActor): Promise<void> {
  await insertAuditedRecord(db, 'pocs', pocColumns, poc, actor, {
    entity: 'poc',
    context: { dealId: poc.dealId },
  })
}

/** Writes the fields of `after` that differ from `before`; returns them. */
export async function updatePoc(
  db: Kysely<Database>,
  before: Poc,
  after: Poc,
  actor: EditActor,
): Promise<(keyof Poc)[]> {
  return updateAuditedRecord(db, 'pocs', pocColumns, before, after, actor, {
    entity: 'poc',
    context: { dealId: before.dealId },
  })
}

export async function insertPocCheckin(
  db: Kysely<Database>,
  checkin: PocCheckin,
  dealId: string,
  actor: EditActor,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('poc_checkins')
      .values({
        id: checkin.id,
        poc_id: checkin.pocId,
        week: checkin.week,
        checked_at: checkin.checkedAt,
        metric_value: checkin.metricValue,
        commitments_met: checkin.commitmentsMet,
        note: checkin.note,
      })
      .execute()
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: 'add_checkin',
      entity: 'poc',
      entityId: checkin.pocId,
      detail: { dealId, before: null, after: checkin },
    })
  })
}
