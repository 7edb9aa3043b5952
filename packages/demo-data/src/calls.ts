import type { Call, CallEvidence, CallMetrics, Person, Utterance } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import type { Competition } from './deal-signals.js'
import type { DealStakeholderPlan } from './stakeholders.js'
import { buildCallScript, type Speaker } from './call-script.js'
import { MONTHS } from './call-sentences.js'
import { quarterOf, toIsoDate } from './dates.js'
import { measureCall } from './measure-call.js'
import { TRAINING_MODEL } from './planted-effects.js'

const MS_PER_DAY = 86_400_000

export type CallTables = {
  calls: Call[]
  utterances: Utterance[]
  callMetrics: CallMetrics[]
  callEvidence: CallEvidence[]
}

export type CallContext = {
  people: Map<string, Person>
  /** Each AE's base rate of open discovery questions per call (constant over time). */
  baseRates: Map<string, number>
  /** personId → epoch ms of completing Discovery Excellence. */
  discoveryCompletedMs: Map<string, number>
  asOfDay: number
  /** Store calls (with utterances) for deals whose index is a multiple of this. */
  storeEvery: number
}

const TITLES = [
  'Discovery call',
  'Technical deep dive',
  'Follow-up',
  'Stakeholder alignment',
  'Commercial discussion',
]

/**
 * The deal's calls. Planted effect 3 (training → behaviour): the number of
 * open discovery questions the AE asks on a call is
 *   Poisson(baseRate[AE] + 1.5 × [AE completed Discovery Excellence before the call]),
 * with no time trend, and the AE asks exactly that many in the transcript, so
 * callMetrics.openQuestions equals the draw. Counts are drawn for every call
 * and kept on the plan (deal size depends on them, see amounts.ts); at large
 * scale only 1 deal in `storeEvery` keeps its calls, utterances and metrics,
 * which bounds memory. Calls happen 08:00-19:59 UTC between createdAt and
 * the close (or asOf); the first is usually within the first days.
 */
/**
 * The script tags a few lines by what the generator needs to know (value
 * talk, price talk); stored evidence uses the call analysis's kinds, so a
 * demo call's evidence reads the same as an imported call's.
 */
const STORED_EVIDENCE_KIND: Record<string, string> = {
  competitor: 'competition',
  pricing: 'budget',
  value: 'metrics',
}

export const generateDealCalls = (
  rng: Rng,
  options: {
    deal: DealPlan
    dealIndex: number
    stakeholders: DealStakeholderPlan[]
    competition: Competition
    context: CallContext
    tables: CallTables
  },
): void => {
  const { deal, dealIndex, stakeholders, competition, context, tables } = options
  // Open deals: calls up to the day before asOf, so none lies in asOf's future hours.
  const endDay = deal.isClosed ? deal.closeDay : context.asOfDay - 1
  const spanDays = Math.max(0, endDay - deal.createdDay)
  const count = 1 + rng.poisson(Math.min(2.2, spanDays / 40))
  const days = [deal.createdDay + rng.int(0, Math.min(3, spanDays))]
  for (let i = 1; i < count; i += 1) days.push(deal.createdDay + rng.int(0, spanDays))
  days.sort((a, b) => a - b)
  const baseRate = context.baseRates.get(deal.ownerId) ?? Math.exp(TRAINING_MODEL.baseRateLogMean)
  const completedMs = context.discoveryCompletedMs.get(deal.ownerId) ?? Infinity
  const store = dealIndex % context.storeEvery === 0
  const owner = context.people.get(deal.ownerId)
  const se = deal.seId === null ? undefined : context.people.get(deal.seId)
  days.forEach((day, i) => {
    // Never before createdAt, never after a closed deal's 17:00 close.
    const earliest = day === deal.createdDay ? Math.max(8 * 60, deal.createdMinute) : 8 * 60
    const latest = deal.isClosed && day === deal.closeDay ? 16 * 60 + 59 : 19 * 60 + 59
    const minute = rng.int(Math.min(earliest, latest), latest)
    const startMs = day * MS_PER_DAY + minute * 60_000
    const trained = completedMs < startMs ? 1 : 0
    const openQuestions = rng.poisson(baseRate + TRAINING_MODEL.lift * trained)
    deal.openQuestionsPerCall.push(openQuestions)
    if (!store || owner === undefined) return

    const callId = `call-${deal.id.slice(5)}-${i + 1}`
    const ae: Speaker = { name: owner.name, side: 'internal', personId: owner.id, contactId: null }
    const seSpeaker: Speaker | null =
      se !== undefined && rng.bernoulli(0.6)
        ? { name: se.name, side: 'internal', personId: se.id, contactId: null }
        : null
    // Dual-champion variant: the first call has both the technical champion and the business stakeholder.
    const champions = stakeholders.filter(
      (s) => s.roles.includes('technical_champion') || s.roles.includes('business_stakeholder'),
    )
    const attendees =
      i === 0 && deal.experimentVariant === 'variant' && champions.length > 0
        ? champions
        : rng.sample(stakeholders, rng.int(1, Math.min(3, Math.max(1, stakeholders.length))))
    const externals: Speaker[] = attendees.map((s) => ({
      name: s.contact.name,
      side: 'external',
      personId: null,
      contactId: s.contact.id,
    }))
    if (externals.length === 0)
      externals.push({ name: 'Guest', side: 'external', personId: null, contactId: null })
    const script = buildCallScript(rng, {
      callId,
      ae,
      se: seSpeaker,
      externals,
      openQuestions,
      competitorName: competition.kind === 'vendor' ? competition.name : null,
      ossName: competition.kind === 'open_source' ? competition.name : null,
      moneyText: `$${rng.int(5, 60) * 10}k`,
      quarterText: quarterOf(day + 120).replace(/^(\d+)-(Q\d)$/, '$2 $1'),
      monthText: MONTHS[Number(toIsoDate(day + rng.int(60, 200)).slice(5, 7)) - 1] ?? 'June',
    })
    const metrics = measureCall(callId, script.utterances)
    if (metrics.openQuestions !== openQuestions) {
      throw new Error(
        `demo-data: call ${callId} has ${metrics.openQuestions} open questions, planned ${openQuestions}`,
      )
    }
    const account = deal.account
    tables.calls.push({
      id: callId,
      dealId: deal.id,
      accountId: account?.id ?? null,
      ownerId: owner.id,
      title: `${TITLES[Math.min(i, TITLES.length - 1)] ?? 'Call'}: ${account?.name ?? ''}`,
      startedAt: new Date(startMs).toISOString(),
      durationS: script.durationS,
      source: 'gong',
      metadata: JSON.stringify({
        platform: rng.pick(['zoom', 'teams', 'meet']),
        participants: [ae, ...(seSpeaker === null ? [] : [seSpeaker]), ...externals].map((s) => ({
          name: s.name,
          side: s.side,
        })),
      }),
    })
    for (const u of script.utterances) tables.utterances.push(u)
    tables.callMetrics.push(metrics)
    script.evidence.forEach((e, n) => {
      tables.callEvidence.push({
        id: `${callId}-ev${n + 1}`,
        callId,
        kind: STORED_EVIDENCE_KIND[e.kind] ?? e.kind,
        quote: e.quote,
        speaker: e.speaker,
        positionMs: e.positionMs,
      })
    })
  })
}
