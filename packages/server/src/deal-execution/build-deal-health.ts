/**
 * The deal-execution checks for one deal (exit criteria of its stage,
 * stakeholder gaps, the explained score), the score's calibration, and the
 * coaching view of a rep, from one load of the store.
 */
import {
  coachRep,
  exitCriteriaStatus,
  fitDealScore,
  scoreDeal,
  stakeholderGaps,
  type DealHealthInputs,
  type FittedScoreModel,
} from '@revlab/analyses'
import { loadDealHealthInputs, type Store } from '@revlab/db'
import type { DealExecutionView } from '@revlab/domain'

/**
 * The fitted score, kept per store and as-of day for a minute: the model
 * reads every closed deal, and a deal page should not refit it on each view.
 * Edits to one open deal do not change the model (closed deals train it).
 */
const cache = new WeakMap<
  Store,
  { key: string; at: number; inputs: DealHealthInputs; scored: FittedScoreModel }
>()
const TTL_MS = 60_000

export async function dealHealthModel(store: Store, asOf: string, nowMs: number) {
  const hit = cache.get(store)
  if (hit && hit.key === asOf && nowMs - hit.at < TTL_MS) return hit
  const inputs = await loadDealHealthInputs(store.db, { asOf })
  const entry = { key: asOf, at: nowMs, inputs, scored: fitDealScore(inputs) }
  cache.set(store, entry)
  return entry
}

export async function buildCoaching(store: Store, repId: string, asOf: string) {
  const { inputs } = await dealHealthModel(store, asOf, Date.now())
  return coachRep(inputs, repId)
}

export async function buildDealExecution(
  store: Store,
  dealId: string,
  asOf: string,
): Promise<DealExecutionView | null> {
  // The deal's own rows are always read fresh, so an edit shows at once.
  const fresh = await loadDealHealthInputs(store.db, { asOf, dealId })
  const { scored } = await dealHealthModel(store, asOf, Date.now())
  const deal = fresh.deals.find((d) => d.id === dealId)
  if (!deal) return null
  const stages = fresh.stages.filter((s) => s.stageModelId === deal.stageModelId)
  const own = <T extends { dealId: string }>(rows: T[]) => rows.filter((r) => r.dealId === dealId)
  const stage = stages.find((s) => s.key === deal.stageKey)
  const grouped = {
    pocs: new Map([[dealId, own(fresh.pocs)]]),
    signals: new Map([[dealId, own(fresh.signals)]]),
    stakeholders: new Map([[dealId, own(fresh.stakeholders)]]),
    activities: new Map([[dealId, own(fresh.activities)]]),
  }
  const score = scoreDeal({ ...scored, grouped }, fresh, deal)
  return {
    dealId,
    asOf,
    exitCriteria: exitCriteriaStatus(stages, deal.stageKey, own(fresh.signals), fresh.signalLabels),
    stakeholderGaps: stakeholderGaps(stage, own(fresh.stakeholders), own(fresh.activities)),
    score,
    model:
      scored.model.status === 'ok'
        ? {
            status: 'ok' as const,
            n: scored.model.n,
            baseRate: scored.model.baseRate,
            calibration: scored.model.calibration,
          }
        : scored.model,
  }
}
