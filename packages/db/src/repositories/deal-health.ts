/**
 * The inputs of the deal-execution checks (exit criteria, stakeholder gaps,
 * the explained deal score, coaching): deals with their owners, signals,
 * stakeholders with seniority, deal activities with attendees, stage visits.
 * Activities are a fact table; this reads the ones tied to deals.
 */
import type { Kysely } from 'kysely'
import type { ActivityType, IsoDate, Seniority, SignalDefinition, Stage } from '@revlab/domain'
import type { Database } from '../schema.js'
import { listStageModels } from './deal-edits.js'

export type DealHealthRows = {
  asOf: IsoDate
  stages: Stage[]
  signalLabels: Record<string, string>
  deals: {
    id: string
    name: string
    ownerId: string
    ownerName: string
    stageModelId: string
    stageKey: string
    createdAt: string
    closeDate: IsoDate
    isClosed: boolean
    isWon: boolean
  }[]
  signals: {
    dealId: string
    key: string
    value: string
    observedAt: string
    strength: 'strong' | 'weak' | null
  }[]
  stakeholders: {
    dealId: string
    contactId: string
    name: string
    seniority: Seniority
    roles: string[]
    addedAt: string
  }[]
  activities: {
    dealId: string
    type: ActivityType
    occurredAt: string
    attendees: { contactId: string; seniority: Seniority }[]
  }[]
  history: { dealId: string; stageKey: string; enteredAt: string; exitedAt: string | null }[]
  pocs: { dealId: string; paid: boolean; startedAt: string }[]
}

/** `dealId` narrows the deal rows to one deal (stages and labels stay whole). */
export async function loadDealHealthInputs(
  db: Kysely<Database>,
  options: { asOf: IsoDate; dealId?: string },
): Promise<DealHealthRows> {
  const one = options.dealId
  const models = await listStageModels(db)
  const defs: Pick<SignalDefinition, 'key' | 'label'>[] = await db
    .selectFrom('signal_definitions')
    .select(['key', 'label'])
    .execute()
  const deals = await db
    .selectFrom('deals as d')
    .innerJoin('people as p', 'p.id', 'd.owner_id')
    .select([
      'd.id',
      'd.name',
      'd.owner_id',
      'p.name as owner_name',
      'd.stage_model_id',
      'd.stage_key',
      'd.created_at',
      'd.close_date',
      'd.is_closed',
      'd.is_won',
    ])
    // Use cases are a consumption motion of their own: the model learns from deals; one asked for by id is read anyway.
    .$if(one === undefined, (q) => q.where('d.kind', '!=', 'use_case'))
    .$if(one !== undefined, (q) => q.where('d.id', '=', one as string))
    .orderBy('d.id')
    .execute()
  const signals = await db
    .selectFrom('deal_signals')
    .select(['deal_id', 'signal_key', 'value', 'observed_at', 'strength'])
    .$if(one !== undefined, (q) => q.where('deal_id', '=', one as string))
    .execute()
  const stakeholders = await db
    .selectFrom('deal_stakeholders as k')
    .innerJoin('contacts as c', 'c.id', 'k.contact_id')
    .select(['k.deal_id', 'k.contact_id', 'c.name', 'c.seniority', 'k.roles', 'k.added_at'])
    .$if(one !== undefined, (q) => q.where('k.deal_id', '=', one as string))
    .execute()
  const activities = await db
    .selectFrom('activities')
    .select(['deal_id', 'type', 'occurred_at', 'attendees'])
    .where('deal_id', 'is not', null)
    .$if(one !== undefined, (q) => q.where('deal_id', '=', one as string))
    .execute()
  const history = await db
    .selectFrom('deal_stage_history')
    .select(['deal_id', 'stage_key', 'entered_at', 'exited_at'])
    .$if(one !== undefined, (q) => q.where('deal_id', '=', one as string))
    .execute()
  const pocs = await db
    .selectFrom('pocs')
    .select(['deal_id', 'paid', 'started_at'])
    .$if(one !== undefined, (q) => q.where('deal_id', '=', one as string))
    .execute()
  return {
    asOf: options.asOf,
    pocs: pocs.map((q) => ({
      dealId: q.deal_id,
      paid: Boolean(q.paid),
      startedAt: `${String(q.started_at).slice(0, 10)}T00:00:00.000Z`,
    })),
    stages: models.flatMap((m) => m.stages),
    signalLabels: Object.fromEntries(defs.map((d) => [d.key, d.label])),
    deals: deals.map((d) => ({
      id: d.id,
      name: d.name,
      ownerId: d.owner_id,
      ownerName: d.owner_name,
      stageModelId: d.stage_model_id,
      stageKey: d.stage_key,
      createdAt: String(d.created_at),
      closeDate: String(d.close_date).slice(0, 10),
      isClosed: Boolean(d.is_closed) && String(d.close_date).slice(0, 10) <= options.asOf,
      isWon: Boolean(d.is_won) && Boolean(d.is_closed) && String(d.close_date).slice(0, 10) <= options.asOf,
    })),
    signals: signals.map((s) => ({
      dealId: s.deal_id,
      key: s.signal_key,
      value: s.value,
      observedAt: String(s.observed_at),
      strength: s.strength,
    })),
    stakeholders: stakeholders.map((k) => ({
      dealId: k.deal_id,
      contactId: k.contact_id,
      name: k.name,
      seniority: k.seniority,
      roles: JSON.parse(k.roles) as string[],
      addedAt: String(k.added_at),
    })),
    activities: activities.map((a) => ({
      dealId: a.deal_id as string,
      type: a.type,
      occurredAt: String(a.occurred_at),
      attendees: JSON.parse(a.attendees) as { contactId: string; seniority: Seniority }[],
    })),
    history: history.map((h) => ({
      dealId: h.deal_id,
      stageKey: h.stage_key,
      enteredAt: String(h.entered_at),
      exitedAt: h.exited_at === null ? null : String(h.exited_at),
    })),
  }
}
