/**
 * Writes behind the experiment edit API: experiment definitions (with the
 * design fields: smallest effect, assignment rule) and deal assignments, each
 * with its audit entry; plus the closed-deal history an experiment plan reads.
 */
import type { Kysely } from 'kysely'
import type { Experiment, ExperimentAssignment, IsoDate } from '@revlab/domain'
import type { Database } from '../schema.js'
import { writeAudit } from './audit-log.js'
import { insertAuditedRecord, updateAuditedRecord } from './audited-record.js'
import type { EditActor } from './deal-edits.js'

export type ExperimentDesign = Experiment & { smallestEffect: number | null; assignmentRule: string | null }

const columns = {
  name: 'name',
  hypothesis: 'hypothesis',
  controlPlaybookId: 'control_playbook_id',
  variantPlaybookId: 'variant_playbook_id',
  eligibility: 'eligibility',
  assignmentMethod: 'assignment_method',
  seed: 'seed',
  primaryMetric: 'primary_metric',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  status: 'status',
  smallestEffect: 'smallest_effect',
  assignmentRule: 'assignment_rule',
} as const satisfies Record<Exclude<keyof ExperimentDesign, 'id'>, keyof Database['experiments']>

export async function findExperimentDesign(
  db: Kysely<Database>,
  id: string,
): Promise<ExperimentDesign | undefined> {
  const r = await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) return undefined
  return {
    id: r.id,
    name: r.name,
    hypothesis: r.hypothesis,
    controlPlaybookId: r.control_playbook_id,
    variantPlaybookId: r.variant_playbook_id,
    eligibility: r.eligibility,
    assignmentMethod: r.assignment_method,
    seed: r.seed === null ? null : Number(r.seed),
    primaryMetric: r.primary_metric,
    startedAt: String(r.started_at).slice(0, 10),
    endedAt: r.ended_at === null ? null : String(r.ended_at).slice(0, 10),
    status: r.status,
    smallestEffect: r.smallest_effect === null ? null : Number(r.smallest_effect),
    assignmentRule: r.assignment_rule,
  }
}

export async function listPlaybookIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('playbooks').select('id').execute()).map((r) => r.id)
}

export async function insertExperiment(
  db: Kysely<Database>,
  e: ExperimentDesign,
  actor: EditActor,
): Promise<void> {
  await insertAuditedRecord(db, 'experiments', columns, e, actor, { entity: 'experiment' })
}

/** Writes the fields of `after` that differ from `before`; returns them. */
export async function updateExperiment(
  db: Kysely<Database>,
  before: ExperimentDesign,
  after: ExperimentDesign,
  actor: EditActor,
): Promise<(keyof ExperimentDesign)[]> {
  return updateAuditedRecord(db, 'experiments', columns, before, after, actor, { entity: 'experiment' })
}

export async function findAssignment(
  db: Kysely<Database>,
  experimentId: string,
  dealId: string,
): Promise<ExperimentAssignment | undefined> {
  const r = await db
    .selectFrom('experiment_assignments')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .where('deal_id', '=', dealId)
    .executeTakeFirst()
  return r
    ? {
        experimentId: r.experiment_id,
        dealId: r.deal_id,
        variant: r.variant,
        assignedAt: r.assigned_at,
        adherence: r.adherence === null ? null : Number(r.adherence),
      }
    : undefined
}

export async function insertAssignment(
  db: Kysely<Database>,
  a: ExperimentAssignment,
  how: Record<string, unknown>,
  actor: EditActor,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('experiment_assignments')
      .values({
        experiment_id: a.experimentId,
        deal_id: a.dealId,
        variant: a.variant,
        assigned_at: a.assignedAt,
        adherence: a.adherence,
      })
      .execute()
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: 'assign',
      entity: 'experiment',
      entityId: a.experimentId,
      detail: { dealId: a.dealId, before: null, after: { ...a, ...how } },
    })
  })
}

/** Closed deals (by `asOf`) of the eligible segments and AE types: what sets an experiment plan's baseline and flow. */
export async function loadPlanHistory(
  db: Kysely<Database>,
  filter: { segments: string[]; aeTypes: string[]; asOf: IsoDate },
): Promise<{ createdOn: IsoDate; closeDate: IsoDate; isWon: boolean; amountCents: number }[]> {
  let q = db
    .selectFrom('deals as d')
    .leftJoin('people as o', 'o.id', 'd.owner_id')
    .where('d.is_closed', '=', true)
    .where('d.close_date', '<=', filter.asOf)
  if (filter.segments.length) q = q.where('d.segment', 'in', filter.segments)
  if (filter.aeTypes.length) q = q.where('o.ae_type', 'in', filter.aeTypes as ('hunter' | 'core')[])
  const rows = await q
    .select(['d.created_at', 'd.close_date', 'd.is_won', 'd.amount_cents'])
    .orderBy('d.close_date')
    .execute()
  return rows.map((r) => ({
    createdOn: String(r.created_at).slice(0, 10),
    closeDate: String(r.close_date).slice(0, 10),
    isWon: Boolean(r.is_won),
    amountCents: Number(r.amount_cents),
  }))
}
