import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeRepBehavior, analyzeStoredCall, estimateTrainingEffects } from '@revlab/analyses'
import { generateDemoCompany } from '@revlab/demo-data'
import {
  listCalls,
  loadCallFilters,
  loadCallMetrics,
  loadCallTranscripts,
  loadDataset,
  loadRepCallMetrics,
  loadVerifyInputs,
  migrateToLatest,
  openStore,
  storeCallAnalyses,
  type Store,
} from '../src/index.js'
import { ENGINES, freshDatabase } from './engines.js'

// The call analysis on the demo company's stored transcripts must measure what the demo stored.
describe.each(ENGINES)('%s: call analysis of stored demo calls', (engine) => {
  let store: Store
  beforeAll(async () => {
    store = await openStore(await freshDatabase(engine))
    await migrateToLatest(store)
    await loadDataset(store, generateDemoCompany({ scale: 'small', seed: 11, asOf: '2026-11-23' }).dataset)
  })
  afterAll(async () => {
    await store.close()
  })

  it('recomputes the stored call metrics exactly, stores them and the evidence as deal signals', async () => {
    const transcripts = await loadCallTranscripts(store.db)
    expect(transcripts.length).toBeGreaterThan(50)
    const stored = await loadCallMetrics(store.db)
    const results = transcripts.map((t) => analyzeStoredCall(t))
    for (const r of results) {
      const s = stored.get(r.metrics.callId)
      expect(s).toBeDefined()
      if (s === undefined) continue
      expect(r.metrics.questions).toBe(s.questions)
      expect(r.metrics.openQuestions).toBe(s.openQuestions)
      expect(r.metrics.longestMonologueWords).toBe(s.longestMonologueWords)
      expect(r.metrics.painUncovered).toBe(s.painUncovered)
      expect(r.metrics.valueBeforePrice).toBe(s.valueBeforePrice)
      expect(r.metrics.talkRatio).toBeCloseTo(s.talkRatio ?? NaN, 3)
      expect(r.metrics.interactivity).toBeCloseTo(s.interactivity, 3)
    }

    const before = estimateTrainingEffects(await loadVerifyInputs(store.db), ['content-discovery-excellence'])
    await storeCallAnalyses(
      store.db,
      results.map((r) => ({
        callId: r.metrics.callId,
        metrics: r.metrics,
        evidence: r.evidence,
        signals: r.signals,
      })),
    )
    // Again for some calls: replacing, not adding.
    await storeCallAnalyses(
      store.db,
      results.slice(0, 25).map((r) => ({
        callId: r.metrics.callId,
        metrics: r.metrics,
        evidence: r.evidence,
        signals: r.signals,
      })),
    )
    const after = estimateTrainingEffects(await loadVerifyInputs(store.db), ['content-discovery-excellence'])
    expect(after).toEqual(before)

    const signals = await store.db
      .selectFrom('deal_signals')
      .selectAll()
      .where('source', '=', 'call')
      .where('id', 'like', '%:signal:%')
      .execute()
    expect(signals.length).toBe(results.reduce((n, r) => n + r.signals.length, 0))
    const first = results.find((r) => r.signals.length > 0)
    const call = transcripts.find((t) => t.call.id === first?.metrics.callId)?.call
    expect(first?.signals[0]?.observedAt).toBe(call?.startedAt)
    const evidenceRows = await store.db.selectFrom('call_evidence').select('id').execute()
    expect(evidenceRows.length).toBe(results.reduce((n, r) => n + r.evidence.length, 0))

    const trend = analyzeRepBehavior(await loadRepCallMetrics(store.db), { period: 'month' })
    expect(trend.status).toBe('ok')
    expect(trend.team.points.reduce((n, p) => n + p.calls, 0)).toBe(results.length)
  })

  it('lists calls by scope and filters, with the evidence kinds found', async () => {
    const all = await listCalls(store.db, { page: 1, pageSize: 200, order: 'desc' }, { kind: 'all' })
    const total = await store.db
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(all.total).toBe(Number(total.n))
    const sample = all.data.find((c) => c.evidenceKinds.length > 0)
    if (!sample?.ownerId || !sample.accountId) throw new Error('no call with evidence')
    const own = await listCalls(
      store.db,
      { page: 1, pageSize: 200, order: 'asc' },
      { kind: 'owners', ownerIds: [sample.ownerId] },
    )
    expect(own.data.every((c) => c.ownerId === sample.ownerId)).toBe(true)
    expect(own.data.map((c) => c.startedAt)).toEqual(own.data.map((c) => c.startedAt).sort())
    const day = sample.startedAt.slice(0, 10)
    const filtered = await listCalls(
      store.db,
      {
        page: 1,
        pageSize: 50,
        order: 'desc',
        accountId: sample.accountId,
        from: day,
        to: day,
        evidence: sample.evidenceKinds[0],
        q: sample.title.slice(0, 8).toUpperCase(),
      },
      { kind: 'all' },
    )
    expect(filtered.data.map((c) => c.id)).toContain(sample.id)
    const none = await listCalls(
      store.db,
      { page: 1, pageSize: 5, order: 'desc' },
      { kind: 'owners', ownerIds: [] },
    )
    expect(none.total).toBe(0)
    const filters = await loadCallFilters(store.db, { kind: 'owners', ownerIds: [sample.ownerId] })
    expect(filters.owners.map((o) => o.id)).toEqual([sample.ownerId])
    expect(filters.evidenceKinds.length).toBeGreaterThan(0)
  })
})
