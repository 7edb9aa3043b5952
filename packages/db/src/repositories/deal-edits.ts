/**
 * Writes behind the deal edit API: deals, their signals and stakeholders.
 * Each write runs in one transaction with its audit entry (who, what,
 * before/after), so an edit and its record in the audit log land together.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type {
  Contact,
  Deal,
  DealSignal,
  IsoInstant,
  SignalDefinition,
  Stage,
  StageModel,
} from '@revlab/domain'
import type { Database } from '../schema.js'
import { writeAudit } from './audit-log.js'

type Db = Kysely<Database> | Transaction<Database>

export const newId = (prefix: string): string => `${prefix}_${randomUUID()}`

export type EditActor = { userId: string; at: IsoInstant }

export async function findDealRecord(db: Db, id: string): Promise<Deal | undefined> {
  const r = await db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) return undefined
  return {
    id: r.id,
    name: r.name,
    accountId: r.account_id,
    ownerId: r.owner_id,
    seId: r.se_id,
    kind: r.kind,
    stageModelId: r.stage_model_id,
    stageKey: r.stage_key,
    amountCents: Number(r.amount_cents),
    currency: r.currency,
    createdAt: r.created_at,
    closeDate: String(r.close_date),
    isClosed: Boolean(r.is_closed),
    isWon: Boolean(r.is_won),
    lossReason: r.loss_reason,
    competitor: r.competitor,
    source: r.source,
    segment: r.segment,
    region: r.region,
    goLiveTarget: r.go_live_target,
    goLiveDate: r.go_live_date,
    useCaseStatus: r.use_case_status,
    expectedMonthlyCents: r.expected_monthly_cents === null ? null : Number(r.expected_monthly_cents),
  }
}

export async function listStageModels(db: Db): Promise<{ model: StageModel; stages: Stage[] }[]> {
  const models = await db.selectFrom('stage_models').selectAll().orderBy('id').execute()
  const stages = await db
    .selectFrom('stages')
    .selectAll()
    .orderBy('stage_model_id')
    .orderBy('position')
    .execute()
  return models.map((m) => ({
    model: { id: m.id, name: m.name, description: m.description, segment: m.segment },
    stages: stages
      .filter((s) => s.stage_model_id === m.id)
      .map((s) => ({
        id: s.id,
        stageModelId: s.stage_model_id,
        key: s.key,
        name: s.name,
        position: Number(s.position),
        probability: Number(s.probability),
        exitCriteria: s.exit_criteria,
        isClosed: Boolean(s.is_closed),
        isWon: Boolean(s.is_won),
      })),
  }))
}

export async function listSignalDefinitions(db: Db): Promise<SignalDefinition[]> {
  const rows = await db.selectFrom('signal_definitions').selectAll().orderBy('group').orderBy('key').execute()
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    group: r.group,
    valueType: r.value_type,
    description: r.description,
  }))
}

export async function findContact(db: Db, id: string): Promise<Contact | undefined> {
  const r = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst()
  return r
    ? {
        id: r.id,
        accountId: r.account_id,
        name: r.name,
        email: r.email,
        title: r.title,
        seniority: r.seniority,
        department: r.department,
      }
    : undefined
}

export async function listAccountContacts(db: Db, accountId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('name')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    email: r.email,
    title: r.title,
    seniority: r.seniority,
    department: r.department,
  }))
}

export async function findPersonBrief(
  db: Db,
  id: string,
): Promise<
  { id: string; name: string; role: string; aeType: string | null; managerId: string | null } | undefined
> {
  const r = await db
    .selectFrom('people')
    .select(['id', 'name', 'role', 'ae_type', 'manager_id'])
    .where('id', '=', id)
    .executeTakeFirst()
  return r ? { id: r.id, name: r.name, role: r.role, aeType: r.ae_type, managerId: r.manager_id } : undefined
}

export async function findAccountBrief(
  db: Db,
  id: string,
): Promise<{ id: string; name: string; segment: string; region: string } | undefined> {
  const r = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'segment', 'region'])
    .where('id', '=', id)
    .executeTakeFirst()
  return r ?? undefined
}

/** A new deal with its first stage-history row. */
export async function insertDeal(db: Kysely<Database>, deal: Deal, actor: EditActor): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('deals')
      .values({
        id: deal.id,
        name: deal.name,
        account_id: deal.accountId,
        owner_id: deal.ownerId,
        se_id: deal.seId,
        kind: deal.kind,
        stage_model_id: deal.stageModelId,
        stage_key: deal.stageKey,
        amount_cents: deal.amountCents,
        currency: deal.currency,
        created_at: deal.createdAt,
        close_date: deal.closeDate,
        is_closed: deal.isClosed,
        is_won: deal.isWon,
        loss_reason: deal.lossReason,
        competitor: deal.competitor,
        source: deal.source,
        segment: deal.segment,
        region: deal.region,
        go_live_target: deal.goLiveTarget,
        go_live_date: deal.goLiveDate,
        use_case_status: deal.useCaseStatus,
        expected_monthly_cents: deal.expectedMonthlyCents,
      })
      .execute()
    await tx
      .insertInto('deal_stage_history')
      .values({
        id: newId('dsh'),
        deal_id: deal.id,
        stage_key: deal.stageKey,
        entered_at: actor.at,
        exited_at: null,
      })
      .execute()
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: 'create',
      entity: 'deal',
      entityId: deal.id,
      detail: { before: null, after: deal },
    })
  })
}

export type DealChanges = Partial<
  Pick<
    Deal,
    | 'name'
    | 'ownerId'
    | 'stageKey'
    | 'amountCents'
    | 'closeDate'
    | 'competitor'
    | 'lossReason'
    | 'isClosed'
    | 'isWon'
  >
>

const dealColumns: Record<keyof DealChanges, keyof Database['deals']> = {
  name: 'name',
  ownerId: 'owner_id',
  stageKey: 'stage_key',
  amountCents: 'amount_cents',
  closeDate: 'close_date',
  competitor: 'competitor',
  lossReason: 'loss_reason',
  isClosed: 'is_closed',
  isWon: 'is_won',
}

/**
 * Applies the fields that differ from `before`; a stage change closes the
 * current stage-history row and opens one for the new stage. Returns the
 * fields that changed (none: nothing is written, not even an audit entry).
 */
export async function updateDeal(
  db: Kysely<Database>,
  before: Deal,
  changes: DealChanges,
  actor: EditActor,
): Promise<(keyof DealChanges)[]> {
  const changed = (Object.keys(changes) as (keyof DealChanges)[]).filter(
    (k) => changes[k] !== undefined && changes[k] !== before[k],
  )
  if (changed.length === 0) return []
  const set: Record<string, unknown> = {}
  for (const k of changed) set[dealColumns[k]] = changes[k]
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('deals').set(set).where('id', '=', before.id).execute()
    if (changed.includes('stageKey')) {
      await tx
        .updateTable('deal_stage_history')
        .set({ exited_at: actor.at })
        .where('deal_id', '=', before.id)
        .where('exited_at', 'is', null)
        .execute()
      await tx
        .insertInto('deal_stage_history')
        .values({
          id: newId('dsh'),
          deal_id: before.id,
          stage_key: changes.stageKey as string,
          entered_at: actor.at,
          exited_at: null,
        })
        .execute()
    }
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: 'update',
      entity: 'deal',
      entityId: before.id,
      detail: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, changes[k]])),
      },
    })
  })
  return changed
}

export async function insertDealSignal(
  db: Kysely<Database>,
  signal: DealSignal,
  actor: EditActor,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const previous = await tx
      .selectFrom('deal_signals')
      .select(['value', 'observed_at', 'strength'])
      .where('deal_id', '=', signal.dealId)
      .where('signal_key', '=', signal.signalKey)
      .orderBy('observed_at', 'desc')
      .executeTakeFirst()
    await tx
      .insertInto('deal_signals')
      .values({
        id: signal.id,
        deal_id: signal.dealId,
        signal_key: signal.signalKey,
        value: signal.value,
        observed_at: signal.observedAt,
        source: signal.source,
        evidence: signal.evidence,
        strength: signal.strength,
        recorded_by: signal.recordedBy,
      })
      .execute()
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: 'add_signal',
      entity: 'deal',
      entityId: signal.dealId,
      detail: {
        signalId: signal.id,
        before: previous
          ? {
              key: signal.signalKey,
              value: previous.value,
              observedAt: previous.observed_at,
              strength: previous.strength,
            }
          : null,
        after: {
          key: signal.signalKey,
          value: signal.value,
          observedAt: signal.observedAt,
          source: signal.source,
          evidence: signal.evidence,
          strength: signal.strength,
        },
      },
    })
  })
}

/** Adds a stakeholder (creating the contact when new) or, for a contact already on the deal, replaces its roles. */
export async function upsertDealStakeholder(
  db: Kysely<Database>,
  input: { dealId: string; contact: Contact; newContact: boolean; roles: string[] },
  actor: EditActor,
): Promise<{ created: boolean }> {
  return db.transaction().execute(async (tx) => {
    if (input.newContact) {
      const c = input.contact
      await tx
        .insertInto('contacts')
        .values({
          id: c.id,
          account_id: c.accountId,
          name: c.name,
          email: c.email,
          title: c.title,
          seniority: c.seniority,
          department: c.department,
        })
        .execute()
      await writeAudit(tx, {
        at: actor.at,
        userId: actor.userId,
        action: 'create',
        entity: 'contact',
        entityId: c.id,
        detail: { before: null, after: c },
      })
    }
    const existing = await tx
      .selectFrom('deal_stakeholders')
      .select(['id', 'roles'])
      .where('deal_id', '=', input.dealId)
      .where('contact_id', '=', input.contact.id)
      .executeTakeFirst()
    const roles = JSON.stringify(input.roles)
    if (existing) {
      await tx.updateTable('deal_stakeholders').set({ roles }).where('id', '=', existing.id).execute()
    } else {
      await tx
        .insertInto('deal_stakeholders')
        .values({
          id: newId('dst'),
          deal_id: input.dealId,
          contact_id: input.contact.id,
          roles,
          added_at: actor.at,
        })
        .execute()
    }
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: existing ? 'update_stakeholder' : 'add_stakeholder',
      entity: 'deal',
      entityId: input.dealId,
      detail: {
        contactId: input.contact.id,
        contactName: input.contact.name,
        before: existing ? { roles: JSON.parse(existing.roles) as unknown } : null,
        after: { roles: input.roles },
      },
    })
    return { created: !existing }
  })
}
