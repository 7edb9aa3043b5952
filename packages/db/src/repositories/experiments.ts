/**
 * The inputs of the experiment analysis: experiments, playbook names, and
 * every assignment with its deal's segment, owner's AE type and outcome
 * (closed only if it closed by the as-of date). The as-of date defaults to the
 * newest close date, the data's own "today".
 */
import { sql, type Kysely } from 'kysely'
import type { Experiment, IsoDate } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

export type ExperimentInputRows = {
  asOf: IsoDate
  experiments: Experiment[]
  playbooks: { id: string; name: string }[]
  assignments: {
    experimentId: string
    dealId: string
    variant: 'control' | 'variant'
    assignedAt: string
    adherence: number | null
    segment: string
    aeType: string | null
    createdOn: IsoDate
    isClosed: boolean
    isWon: boolean
    closeDate: IsoDate
    amountCents: number
  }[]
}

const dateOf = (value: unknown): IsoDate =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)
const instantOf = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value))

export async function loadExperimentInputs(
  db: Kysely<Database>,
  options: { asOf?: IsoDate | null; scope?: OwnerScope } = {},
): Promise<ExperimentInputRows> {
  const scope = options.scope ?? { kind: 'all' }
  const experiments = await db.selectFrom('experiments').selectAll().orderBy('id').execute()
  const playbooks = await db.selectFrom('playbooks').select(['id', 'name']).orderBy('id').execute()
  let q = db
    .selectFrom('experiment_assignments as a')
    .innerJoin('deals as d', 'd.id', 'a.deal_id')
    .leftJoin('people as o', 'o.id', 'd.owner_id')
  if (scope.kind === 'owners') {
    q = scope.ownerIds.length ? q.where('d.owner_id', 'in', scope.ownerIds) : q.where(sql<boolean>`false`)
  }
  const rows = await q
    .select([
      'a.experiment_id',
      'a.deal_id',
      'a.variant',
      'a.assigned_at',
      'a.adherence',
      'd.segment',
      'o.ae_type',
      'd.created_at',
      'd.is_closed',
      'd.is_won',
      'd.close_date',
      'd.amount_cents',
    ])
    .orderBy('a.experiment_id')
    .orderBy('a.deal_id')
    .execute()
  let asOf = options.asOf ?? null
  if (!asOf) {
    const row = await db
      .selectFrom('deals')
      .where('is_closed', '=', true)
      .select((eb) => eb.fn.max('close_date').as('d'))
      .executeTakeFirst()
    asOf = row?.d ? dateOf(row.d) : '1970-01-01'
  }
  return {
    asOf,
    experiments: experiments.map((e) => ({
      id: e.id,
      name: e.name,
      hypothesis: e.hypothesis,
      controlPlaybookId: e.control_playbook_id,
      variantPlaybookId: e.variant_playbook_id,
      eligibility: e.eligibility,
      assignmentMethod: e.assignment_method,
      seed: e.seed === null ? null : Number(e.seed),
      primaryMetric: e.primary_metric,
      startedAt: dateOf(e.started_at),
      endedAt: e.ended_at === null ? null : dateOf(e.ended_at),
      status: e.status,
    })),
    playbooks: playbooks.map((p) => ({ id: p.id, name: p.name })),
    assignments: rows.map((r) => {
      const closeDate = dateOf(r.close_date)
      const isClosed = Boolean(r.is_closed) && closeDate <= (asOf as IsoDate)
      return {
        experimentId: r.experiment_id,
        dealId: r.deal_id,
        variant: r.variant,
        assignedAt: instantOf(r.assigned_at),
        adherence: r.adherence === null ? null : Number(r.adherence),
        segment: r.segment,
        aeType: r.ae_type ?? null,
        createdOn: dateOf(instantOf(r.created_at)),
        isClosed,
        isWon: isClosed && Boolean(r.is_won),
        closeDate,
        amountCents: Number(r.amount_cents),
      }
    }),
  }
}
