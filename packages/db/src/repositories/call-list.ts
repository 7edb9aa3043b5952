import type { Kysely } from 'kysely'
import type { CallFilters, CallListQuery, CallSummary } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

const DAY_MS = 86_400_000

function baseCalls(db: Kysely<Database>) {
  return db
    .selectFrom('calls as c')
    .leftJoin('people as p', 'p.id', 'c.owner_id')
    .leftJoin('deals as d', 'd.id', 'c.deal_id')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('call_metrics as m', 'm.call_id', 'c.id')
}

type BaseCalls = ReturnType<typeof baseCalls>

/** A rep sees the calls they own, a manager their team's; a call without an owner only the unscoped. */
function inScope(query: BaseCalls, scope: OwnerScope): BaseCalls {
  if (scope.kind === 'all') return query
  // No owners: nothing (the primary key is never null). A NUL sentinel would be invalid text on PostgreSQL.
  if (scope.ownerIds.length === 0) return query.where('c.id', 'is', null)
  return query.where('c.owner_id', 'in', scope.ownerIds)
}

const likePattern = (text: string): string => `%${text.toLowerCase().replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`

/** `to` is a day: calls up to the end of it (UTC). */
export const dayAfter = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString()

function filtered(query: BaseCalls, filter: Partial<CallListQuery>): BaseCalls {
  let q = query
  if (filter.ownerId) q = q.where('c.owner_id', '=', filter.ownerId)
  if (filter.dealId) q = q.where('c.deal_id', '=', filter.dealId)
  if (filter.accountId) q = q.where('c.account_id', '=', filter.accountId)
  if (filter.from) q = q.where('c.started_at', '>=', `${filter.from}T00:00:00.000Z`)
  if (filter.to) q = q.where('c.started_at', '<', dayAfter(filter.to))
  if (filter.evidence) {
    const kind = filter.evidence
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('call_evidence as e')
          .select('e.id')
          .whereRef('e.call_id', '=', 'c.id')
          .where('e.kind', '=', kind),
      ),
    )
  }
  const text = filter.q?.trim()
  if (text) {
    const like = likePattern(text)
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['c.title']), 'like', like),
        eb(eb.fn('lower', ['d.name']), 'like', like),
        eb(eb.fn('lower', ['a.name']), 'like', like),
        eb.exists(
          eb
            .selectFrom('utterances as u')
            .select('u.seq')
            .whereRef('u.call_id', '=', 'c.id')
            .where((ub) => ub(ub.fn('lower', ['u.text']), 'like', like)),
        ),
      ]),
    )
  }
  return q
}

const summaryColumns = [
  'c.id',
  'c.title',
  'c.started_at',
  'c.duration_s',
  'c.source',
  'c.owner_id',
  'p.name as owner_name',
  'c.deal_id',
  'd.name as deal_name',
  'c.account_id',
  'a.name as account_name',
  'm.talk_ratio',
  'm.questions',
  'm.open_questions',
] as const

type SummaryRow = {
  id: string
  title: string
  started_at: string
  duration_s: number | bigint | null
  source: string
  owner_id: string | null
  owner_name: string | null
  deal_id: string | null
  deal_name: string | null
  account_id: string | null
  account_name: string | null
  talk_ratio: number | null
  questions: number | bigint | null
  open_questions: number | bigint | null
}

const num = (v: number | bigint | null): number | null => (v === null ? null : Number(v))

const toSummary = (row: SummaryRow, kinds: readonly string[]): CallSummary => ({
  id: row.id,
  title: row.title,
  startedAt: row.started_at,
  durationS: num(row.duration_s),
  source: row.source,
  ownerId: row.owner_id,
  ownerName: row.owner_name,
  dealId: row.deal_id,
  dealName: row.deal_name,
  accountId: row.account_id,
  accountName: row.account_name,
  talkRatio: row.talk_ratio === null ? null : Number(row.talk_ratio),
  questions: num(row.questions),
  openQuestions: num(row.open_questions),
  evidenceKinds: [...kinds],
})

async function evidenceKindsOf(
  db: Kysely<Database>,
  callIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byCall = new Map<string, string[]>()
  if (callIds.length === 0) return byCall
  const rows = await db
    .selectFrom('call_evidence')
    .select(['call_id', 'kind'])
    .distinct()
    .where('call_id', 'in', [...callIds])
    .orderBy('call_id')
    .orderBy('kind')
    .execute()
  for (const r of rows) {
    const list = byCall.get(r.call_id)
    if (list === undefined) byCall.set(r.call_id, [r.kind])
    else list.push(r.kind)
  }
  return byCall
}

/** Calls the caller may see, filtered and paged, newest first by default. */
export async function listCalls(
  db: Kysely<Database>,
  query: CallListQuery,
  scope: OwnerScope,
): Promise<{ data: CallSummary[]; total: number }> {
  const scoped = filtered(inScope(baseCalls(db), scope), query)
  const countRow = await scoped.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = (await scoped
    .select(summaryColumns)
    .orderBy('c.started_at', query.order)
    .orderBy('c.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute()) as SummaryRow[]
  const kinds = await evidenceKindsOf(
    db,
    rows.map((r) => r.id),
  )
  return {
    data: rows.map((r) => toSummary(r, kinds.get(r.id) ?? [])),
    total: Number(countRow?.n ?? 0),
  }
}

/** One call's header as the list shows it, or undefined when missing or out of scope. */
export async function findCallSummary(
  db: Kysely<Database>,
  id: string,
  scope: OwnerScope,
): Promise<CallSummary | undefined> {
  const row = (await inScope(baseCalls(db), scope)
    .where('c.id', '=', id)
    .select(summaryColumns)
    .executeTakeFirst()) as SummaryRow | undefined
  if (row === undefined) return undefined
  const kinds = await evidenceKindsOf(db, [id])
  return toSummary(row, kinds.get(id) ?? [])
}

/** Values for the call filters, from the calls the caller may see. */
export async function loadCallFilters(
  db: Kysely<Database>,
  scope: OwnerScope,
): Promise<Omit<CallFilters, 'methodologies'>> {
  const scoped = inScope(baseCalls(db), scope)
  const owners = await scoped
    .select(['c.owner_id as id', 'p.name as name'])
    .distinct()
    .where('c.owner_id', 'is not', null)
    .orderBy('p.name')
    .execute()
  const accounts = await scoped
    .select(['c.account_id as id', 'a.name as name'])
    .distinct()
    .where('c.account_id', 'is not', null)
    .orderBy('a.name')
    .execute()
  const kinds = await db.selectFrom('call_evidence').select('kind').distinct().orderBy('kind').execute()
  const named = (rows: { id: string | null; name: string | null }[]) =>
    rows.flatMap((r) => (r.id === null ? [] : [{ id: r.id, name: r.name ?? r.id }]))
  return {
    owners: named(owners),
    accounts: named(accounts),
    evidenceKinds: kinds.map((k) => k.kind),
  }
}
