import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeRepBehavior, analyzeStoredCall, estimateTrainingEffects } from '@revlab/analyses'
import { generateDemoCompany } from '@revlab/demo-data'
import {
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

// The call analysis on the demo company's stored transcripts must measure what the demo stored.
describe('duckdb: call analysis of stored demo calls', () => {
  let store: Store
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-calls-'))
    store = await openStore({ engine: 'duckdb', path: path.join(dir, 'calls.duckdb') })
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
})
