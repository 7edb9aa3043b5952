import type { Kysely } from 'kysely'
import type { CallEvidence, CallMetrics, DealSignal, Utterance } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

export type StoredCallHeader = {
  id: string
  dealId: string | null
  accountId: string | null
  ownerId: string | null
  title: string
  startedAt: string
  durationS: number | null
  source: string
  metadata: string
}

export type StoredCallTranscript = { call: StoredCallHeader; utterances: Utterance[] }

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

/**
 * Calls with their utterances in order, for the call analysis. Reads the
 * calls that have utterances; `callIds` narrows, `scope` limits to owners.
 */
export async function loadCallTranscripts(
  db: Kysely<Database>,
  options: { callIds?: readonly string[]; scope?: OwnerScope } = {},
): Promise<StoredCallTranscript[]> {
  let calls = db
    .selectFrom('calls')
    .select([
      'id',
      'deal_id',
      'account_id',
      'owner_id',
      'title',
      'started_at',
      'duration_s',
      'source',
      'metadata',
    ])
    .orderBy('id')
  if (options.callIds !== undefined) {
    if (options.callIds.length === 0) return []
    calls = calls.where('id', 'in', [...options.callIds])
  }
  const scope = options.scope
  if (scope !== undefined && scope.kind === 'owners') {
    if (scope.ownerIds.length === 0) return []
    calls = calls.where('owner_id', 'in', scope.ownerIds)
  }
  const callRows = await calls.execute()
  if (callRows.length === 0) return []
  let utterances = db
    .selectFrom('utterances')
    .select(['call_id', 'seq', 'speaker', 'side', 'person_id', 'contact_id', 'start_ms', 'end_ms', 'text'])
    .orderBy('call_id')
    .orderBy('seq')
  if (options.callIds !== undefined || scope?.kind === 'owners')
    utterances = utterances.where(
      'call_id',
      'in',
      callRows.map((c) => c.id),
    )
  const byCall = new Map<string, Utterance[]>()
  for (const u of await utterances.execute()) {
    const list = byCall.get(u.call_id) ?? []
    list.push({
      callId: u.call_id,
      seq: Number(u.seq),
      speaker: u.speaker,
      side: u.side,
      personId: u.person_id,
      contactId: u.contact_id,
      startMs: num(u.start_ms),
      endMs: num(u.end_ms),
      text: u.text,
    })
    byCall.set(u.call_id, list)
  }
  return callRows.flatMap((c) => {
    const list = byCall.get(c.id)
    if (list === undefined) return []
    return [
      {
        call: {
          id: c.id,
          dealId: c.deal_id,
          accountId: c.account_id,
          ownerId: c.owner_id,
          title: c.title,
          startedAt: c.started_at,
          durationS: num(c.duration_s),
          source: c.source,
          metadata: c.metadata,
        },
        utterances: list,
      },
    ]
  })
}

/** The stored metrics of calls, by call id. */
export async function loadCallMetrics(
  db: Kysely<Database>,
  callIds?: readonly string[],
): Promise<Map<string, CallMetrics>> {
  let q = db.selectFrom('call_metrics').selectAll().orderBy('call_id')
  if (callIds !== undefined) {
    if (callIds.length === 0) return new Map()
    q = q.where('call_id', 'in', [...callIds])
  }
  const rows = await q.execute()
  return new Map(
    rows.map((r) => [
      r.call_id,
      {
        callId: r.call_id,
        talkRatio: r.talk_ratio === null ? null : Number(r.talk_ratio),
        questions: Number(r.questions),
        openQuestions: Number(r.open_questions),
        longestMonologueWords: Number(r.longest_monologue_words),
        interactivity: Number(r.interactivity),
        painUncovered: r.pain_uncovered,
        valueBeforePrice: r.value_before_price,
      },
    ]),
  )
}

export type CallAnalysisRecords = {
  callId: string
  metrics: CallMetrics
  evidence: CallEvidence[]
  signals: DealSignal[]
}

const chunks = <T>(xs: readonly T[], size: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}

/**
 * Store analysed calls in one transaction: each call's metrics and evidence
 * are replaced, and its call-sourced deal signals (ids `<callId>:signal:*`)
 * are replaced, so running the analysis again changes nothing.
 */
export async function storeCallAnalyses(
  db: Kysely<Database>,
  records: readonly CallAnalysisRecords[],
): Promise<void> {
  if (records.length === 0) return
  await db.transaction().execute(async (tx) => writeCallAnalyses(tx, records))
}

/** `storeCallAnalyses` inside a transaction the caller already holds (an import's). */
export async function writeCallAnalyses(
  tx: Kysely<Database>,
  records: readonly CallAnalysisRecords[],
): Promise<void> {
  {
    for (const batch of chunks(records, 500)) {
      const ids = batch.map((r) => r.callId)
      await tx.deleteFrom('call_metrics').where('call_id', 'in', ids).execute()
      await tx.deleteFrom('call_evidence').where('call_id', 'in', ids).execute()
      await tx
        .deleteFrom('deal_signals')
        .where('source', '=', 'call')
        .where((eb) =>
          eb.or(ids.map((id) => eb('id', 'like', `${id.replace(/[%_\\]/g, (c) => `\\${c}`)}:signal:%`))),
        )
        .execute()
      await tx
        .insertInto('call_metrics')
        .values(
          batch.map(({ metrics: m }) => ({
            call_id: m.callId,
            talk_ratio: m.talkRatio,
            questions: m.questions,
            open_questions: m.openQuestions,
            longest_monologue_words: m.longestMonologueWords,
            interactivity: m.interactivity,
            pain_uncovered: m.painUncovered,
            value_before_price: m.valueBeforePrice,
          })),
        )
        .execute()
      const evidence = batch.flatMap((r) => r.evidence)
      for (const part of chunks(evidence, 1000))
        await tx
          .insertInto('call_evidence')
          .values(
            part.map((e) => ({
              id: e.id,
              call_id: e.callId,
              kind: e.kind,
              quote: e.quote,
              speaker: e.speaker,
              position_ms: e.positionMs,
            })),
          )
          .execute()
      const signals = batch.flatMap((r) => r.signals)
      for (const part of chunks(signals, 1000))
        await tx
          .insertInto('deal_signals')
          .values(
            part.map((s) => ({
              id: s.id,
              deal_id: s.dealId,
              signal_key: s.signalKey,
              value: s.value,
              observed_at: s.observedAt,
              source: s.source,
              evidence: s.evidence,
              strength: s.strength,
              recorded_by: s.recordedBy,
            })),
          )
          .execute()
    }
  }
}

/** Per analysed call: owner, team (the owner's manager), start and behaviour metrics, for rep trends. */
export async function loadRepCallMetrics(
  db: Kysely<Database>,
  scope: OwnerScope = { kind: 'all' },
): Promise<
  {
    callId: string
    ownerId: string
    ownerName: string
    team: string | null
    startedAt: string
    talkRatio: number | null
    openQuestions: number
    questions: number
  }[]
> {
  let q = db
    .selectFrom('calls as c')
    .innerJoin('call_metrics as m', 'm.call_id', 'c.id')
    .innerJoin('people as p', 'p.id', 'c.owner_id')
    .select([
      'c.id',
      'c.owner_id',
      'p.name',
      'p.team',
      'c.started_at',
      'm.talk_ratio',
      'm.open_questions',
      'm.questions',
    ])
    .orderBy('c.started_at')
    .orderBy('c.id')
  if (scope.kind === 'owners') {
    if (scope.ownerIds.length === 0) return []
    q = q.where('c.owner_id', 'in', scope.ownerIds)
  }
  const rows = await q.execute()
  return rows.map((r) => ({
    callId: r.id,
    ownerId: r.owner_id ?? '',
    ownerName: r.name,
    team: r.team,
    startedAt: r.started_at,
    talkRatio: r.talk_ratio === null ? null : Number(r.talk_ratio),
    openQuestions: Number(r.open_questions),
    questions: Number(r.questions),
  }))
}
