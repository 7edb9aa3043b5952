/**
 * The inputs of the enablement ROI analysis: the sales team, the learning
 * content (with its cost), every learning event and certification, every
 * call with its measured behaviours, and every deal. A scoped viewer (a rep,
 * a manager) gets only their own people's rows, so the comparison runs over
 * the reps they may see. The as-of date defaults to the data's own "today"
 * (the newest call, learning event or close date), never the wall clock.
 */
import { sql, type Kysely } from 'kysely'
import type { EnablementInputs, IsoDate, IsoInstant } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

const dateOf = (value: unknown): IsoDate =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)
/** Already canonical (DuckDB hands back `toISOString()` text): kept as is, not parsed again for every call. */
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const instantOf = (value: unknown): IsoInstant =>
  value instanceof Date
    ? value.toISOString()
    : typeof value === 'string' && CANONICAL_INSTANT.test(value)
      ? value
      : new Date(String(value)).toISOString()
const skillsOf = (raw: string): string[] => {
  try {
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) ? parsed.map(String) : []
  } catch {
    return []
  }
}

export async function loadEnablementInputs(
  db: Kysely<Database>,
  options: { asOf?: IsoDate | null; scope?: OwnerScope } = {},
): Promise<EnablementInputs> {
  const scope = options.scope ?? { kind: 'all' }
  const ids = scope.kind === 'owners' ? scope.ownerIds : null
  const none = ids !== null && ids.length === 0

  let peopleQuery = db.selectFrom('people').selectAll()
  if (ids) peopleQuery = none ? peopleQuery.where(sql<boolean>`false`) : peopleQuery.where('id', 'in', ids)
  const people = await peopleQuery.orderBy('id').execute()

  const content = await db.selectFrom('content').selectAll().orderBy('id').execute()

  let eventQuery = db
    .selectFrom('learning_events')
    .select(['person_id', 'content_id', 'verb', 'score', 'occurred_at'])
  if (ids)
    eventQuery = none ? eventQuery.where(sql<boolean>`false`) : eventQuery.where('person_id', 'in', ids)
  const events = await eventQuery.orderBy('occurred_at').orderBy('id').execute()

  let certQuery = db.selectFrom('certifications').select(['person_id', 'name', 'status', 'earned_at'])
  if (ids) certQuery = none ? certQuery.where(sql<boolean>`false`) : certQuery.where('person_id', 'in', ids)
  const certs = await certQuery.orderBy('id').execute()

  let callQuery = db
    .selectFrom('calls as c')
    .innerJoin('call_metrics as m', 'm.call_id', 'c.id')
    .select([
      'c.id',
      'c.owner_id',
      'c.deal_id',
      'c.started_at',
      'm.open_questions',
      'm.talk_ratio',
      'm.pain_uncovered',
      'm.value_before_price',
    ])
  if (ids) callQuery = none ? callQuery.where(sql<boolean>`false`) : callQuery.where('c.owner_id', 'in', ids)
  const calls = await callQuery.orderBy('c.started_at').orderBy('c.id').execute()

  let dealQuery = db
    .selectFrom('deals')
    .select([
      'id',
      'owner_id',
      'kind',
      'segment',
      'amount_cents',
      'created_at',
      'close_date',
      'is_closed',
      'is_won',
    ])
  if (ids) dealQuery = none ? dealQuery.where(sql<boolean>`false`) : dealQuery.where('owner_id', 'in', ids)
  const deals = await dealQuery.orderBy('id').execute()

  let asOf = options.asOf ?? null
  if (!asOf) {
    let max: IsoDate = '1970-01-01'
    const see = (d: IsoDate): void => {
      if (d > max) max = d
    }
    for (const c of calls) see(dateOf(instantOf(c.started_at)))
    for (const e of events) see(dateOf(instantOf(e.occurred_at)))
    for (const d of deals) if (d.is_closed) see(dateOf(d.close_date))
    asOf = max
  }
  const cutoff = asOf
  return {
    asOf,
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      role: p.role,
      managerId: p.manager_id,
      region: p.region,
      segment: p.segment,
      startDate: dateOf(p.start_date),
      active: Boolean(p.active),
    })),
    content: content.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      program: c.program,
      skills: skillsOf(c.skills),
      durationMin: c.duration_min === null ? null : Number(c.duration_min),
      costCents: c.cost_cents === null ? null : Number(c.cost_cents),
    })),
    learningEvents: events
      .map((e) => ({
        personId: e.person_id,
        contentId: e.content_id,
        verb: e.verb,
        score: e.score === null ? null : Number(e.score),
        occurredAt: instantOf(e.occurred_at),
      }))
      .filter((e) => e.occurredAt.slice(0, 10) <= cutoff),
    certifications: certs.map((c) => ({
      personId: c.person_id,
      name: c.name,
      status: c.status,
      earnedAt: c.earned_at === null ? null : dateOf(c.earned_at),
    })),
    calls: calls
      .map((c) => ({
        id: c.id,
        ownerId: c.owner_id,
        dealId: c.deal_id,
        startedAt: instantOf(c.started_at),
        openQuestions: Number(c.open_questions),
        talkRatio: c.talk_ratio === null ? null : Number(c.talk_ratio),
        painUncovered: Boolean(c.pain_uncovered),
        valueBeforePrice: c.value_before_price === null ? null : Boolean(c.value_before_price),
      }))
      .filter((c) => c.startedAt.slice(0, 10) <= cutoff),
    deals: deals
      .map((d) => {
        const closeDate = dateOf(d.close_date)
        const isClosed = Boolean(d.is_closed) && closeDate <= cutoff
        return {
          id: d.id,
          ownerId: d.owner_id,
          kind: d.kind,
          segment: d.segment,
          amountCents: Number(d.amount_cents),
          createdAt: instantOf(d.created_at),
          closeDate,
          isClosed,
          isWon: isClosed && Boolean(d.is_won),
        }
      })
      .filter((d) => d.createdAt.slice(0, 10) <= cutoff),
  }
}
