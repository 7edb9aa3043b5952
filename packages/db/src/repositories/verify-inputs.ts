/**
 * What `revlab demo verify` needs from the store to re-estimate each planted
 * effect: closed deals with their signals, calls with their behaviour and
 * the caller's training state at the time, and deal amounts with the
 * behaviour on their calls.
 */
import type { Kysely } from 'kysely'
import type { VerifyData } from '@revlab/domain'
import type { Database } from '../schema.js'

const TRUE_VALUES = new Set(['true', 'yes', '1', 'y'])
const DAY_MS = 86_400_000

export async function loadVerifyInputs(db: Kysely<Database>): Promise<VerifyData> {
  const deals = await db
    .selectFrom('deals')
    .select(['id', 'is_won', 'created_at', 'close_date'])
    .where('is_closed', '=', true)
    .orderBy('id')
    .execute()
  const signals = await db
    .selectFrom('deal_signals as s')
    .innerJoin('deals as d', 'd.id', 's.deal_id')
    .where('d.is_closed', '=', true)
    .select(['s.deal_id', 's.signal_key', 's.value'])
    .execute()
  const paidPocs = await db.selectFrom('pocs').select('deal_id').where('paid', '=', true).execute()
  const assignments = await db.selectFrom('experiment_assignments').select(['deal_id', 'variant']).execute()

  const signalsByDeal = new Map<string, Record<string, boolean>>()
  for (const s of signals) {
    const own = signalsByDeal.get(s.deal_id) ?? {}
    own[s.signal_key] = (own[s.signal_key] ?? false) || TRUE_VALUES.has(s.value.trim().toLowerCase())
    signalsByDeal.set(s.deal_id, own)
  }
  const paid = new Set(paidPocs.map((p) => p.deal_id))
  const variantByDeal = new Map(assignments.map((a) => [a.deal_id, a.variant]))

  const calls = await db
    .selectFrom('calls as c')
    .innerJoin('call_metrics as m', 'm.call_id', 'c.id')
    .select(['c.owner_id', 'c.started_at', 'c.deal_id', 'm.open_questions'])
    .where('c.owner_id', 'is not', null)
    .orderBy('c.id')
    .execute()
  const completions = await db
    .selectFrom('learning_events')
    .select(['person_id', 'content_id', (eb) => eb.fn.min('occurred_at').as('at')])
    .where('verb', 'in', ['completed', 'passed'])
    .groupBy(['person_id', 'content_id'])
    .orderBy('person_id')
    .orderBy('content_id')
    .execute()

  const openByDeal = new Map<string, { sum: number; n: number }>()
  for (const c of calls) {
    if (!c.deal_id) continue
    const acc = openByDeal.get(c.deal_id) ?? { sum: 0, n: 0 }
    acc.sum += c.open_questions
    acc.n += 1
    openByDeal.set(c.deal_id, acc)
  }
  const dealRows = await db
    .selectFrom('deals')
    .select(['id', 'amount_cents', 'segment', 'kind'])
    .orderBy('id')
    .execute()

  return {
    closedDeals: deals.map((d) => ({
      id: d.id,
      won: d.is_won,
      daysToClose: Math.round((Date.parse(d.close_date) - Date.parse(d.created_at.slice(0, 10))) / DAY_MS),
      signals: signalsByDeal.get(d.id) ?? {},
      pocPaid: paid.has(d.id),
      experimentVariant: variantByDeal.get(d.id) ?? null,
    })),
    calls: calls.map((c) => ({
      ownerId: c.owner_id as string,
      startedAt: c.started_at,
      openQuestions: c.open_questions,
    })),
    completions: completions.map((c) => ({
      personId: c.person_id,
      contentId: c.content_id,
      at: String(c.at),
    })),
    dealsWithCalls: dealRows
      .filter((d) => openByDeal.has(d.id))
      .map((d) => {
        const acc = openByDeal.get(d.id) as { sum: number; n: number }
        return {
          id: d.id,
          amountCents: Number(d.amount_cents),
          segment: d.segment,
          kind: d.kind,
          meanOpenQuestions: acc.sum / acc.n,
        }
      }),
  }
}
