import type { DealStageHistory } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { CYCLE_MODEL, WIN_MODEL } from './planted-effects.js'
import { OPEN_STAGE_KEYS } from './stage-models.js'

const MS_PER_MINUTE = 60_000
const MS_PER_DAY = 86_400_000
/** Deals close at 17:00 UTC on their close date; "now" for open deals is 07:00 UTC on asOf. */
export const CLOSE_MINUTE = 17 * 60
const NOW_MINUTE = 7 * 60

const LOST_AT_WEIGHTS = [0.34, 0.26, 0.2, 0.12, 0.08]
const OPEN_AT_WEIGHTS = [0.3, 0.25, 0.2, 0.15, 0.1]

/**
 * Which stages the deal went through. Won deals pass every open stage; lost
 * deals drop out at some stage (at or after the evaluation stage when they
 * ran a POC); open deals sit in their current stage.
 */
export const planStagePath = (rng: Rng, deal: DealPlan, asOfDay?: number): string[] => {
  const keys = OPEN_STAGE_KEYS[deal.stageModelId] ?? []
  if (deal.isClosed && deal.isWon) return [...keys, 'closed_won']
  if (!deal.isClosed && asOfDay !== undefined) return openStagePathAt(rng.fork('as-of'), deal, keys, asOfDay)
  const weights = (deal.isClosed ? LOST_AT_WEIGHTS : OPEN_AT_WEIGHTS).slice(0, keys.length)
  const minIndex = deal.hasPoc ? 1 : 0
  const indexes = keys.map((_, i) => i).filter((i) => i >= minIndex)
  const at = rng.weighted(
    indexes,
    indexes.map((i) => weights[i] ?? 0.05),
  )
  const path = keys.slice(0, at + 1)
  return deal.isClosed ? [...path, 'closed_lost'] : path
}

/**
 * An open deal's stages so far, as a closed deal of the same age looked on
 * the same day: its would-be course is drawn as closed deals' are (outcome by
 * the planted win model, stage dropped out at, days to close by the planted
 * cycle model, stages sharing the days at random), conditioned on still being
 * open at its age (redrawn while the course would have ended by then), and
 * cut at the as-of date. Drawn from its own stream, so no other draw moves.
 */
const openStagePathAt = (rng: Rng, deal: DealPlan, keys: string[], asOfDay: number): string[] => {
  const age = Math.max(0, asOfDay - deal.createdDay)
  const logit =
    WIN_MODEL.intercept +
    (deal.execSponsor ? WIN_MODEL.execSponsor : 0) +
    (deal.priorOssUse ? WIN_MODEL.priorOssUse : 0) +
    (deal.pocPaid ? WIN_MODEL.pocPaid : 0)
  const minIndex = deal.hasPoc ? 1 : 0
  const lostIndexes = keys.map((_, i) => i).filter((i) => i >= minIndex)
  const lostWeights = lostIndexes.map((i) => LOST_AT_WEIGHTS[i] ?? 0.05)
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const won = rng.next() < 1 / (1 + Math.exp(-logit))
    const stages = won ? keys.length : rng.weighted(lostIndexes, lostWeights) + 1
    const logDays =
      CYCLE_MODEL.mu +
      (deal.hardDeadline ? CYCLE_MODEL.hardDeadline : 0) +
      (deal.experimentVariant === 'variant' ? CYCLE_MODEL.dualChampionVariant : 0) +
      rng.normal(0, CYCLE_MODEL.sigma)
    const days = Math.max(1, Math.round(Math.exp(logDays)))
    const shares = keys.slice(0, stages).map(() => rng.float(0.5, 1.5))
    if (days <= age) continue
    const total = shares.reduce((sum, x) => sum + x, 0)
    let cumulative = 0
    let at = 0
    for (; at < stages - 1; at += 1) {
      cumulative += shares[at] ?? 0
      if ((days * cumulative) / total > age) break
    }
    return keys.slice(0, at + 1)
  }
  // Older than almost any course: in the last open stage.
  return keys.slice()
}

/**
 * The stage-history chain: the first stage is entered at createdAt, each
 * stage is exited when the next is entered, a closed deal enters its closed
 * stage at 17:00 on its close date (that row, and an open deal's current
 * stage, have exitedAt null). Time between stages is split at random.
 */
export const buildStageHistory = (
  rng: Rng,
  deal: DealPlan,
  asOfDay: number,
  nextId: () => string,
): DealStageHistory[] => {
  const startMs = deal.createdDay * MS_PER_DAY + deal.createdMinute * MS_PER_MINUTE
  const endMs = deal.isClosed
    ? deal.closeDay * MS_PER_DAY + CLOSE_MINUTE * MS_PER_MINUTE
    : asOfDay * MS_PER_DAY + NOW_MINUTE * MS_PER_MINUTE
  const openStages = deal.isClosed ? deal.stagePath.slice(0, -1) : deal.stagePath
  // Closed: open stages share [start, end). Open: one extra share is time spent so far in the current stage.
  const shares = openStages.map(() => rng.float(0.5, 1.5))
  if (!deal.isClosed) shares.push(rng.float(0.3, 1.2))
  const total = shares.reduce((sum, s) => sum + s, 0)
  const boundaries: number[] = [startMs]
  let cumulative = 0
  for (let i = 0; i < openStages.length - 1; i += 1) {
    cumulative += shares[i] ?? 0
    boundaries.push(Math.round((startMs + ((endMs - startMs) * cumulative) / total) / 1000) * 1000)
  }
  const rows: DealStageHistory[] = openStages.map((stageKey, i) => {
    const exit = i + 1 < boundaries.length ? boundaries[i + 1] : deal.isClosed ? endMs : null
    return {
      id: nextId(),
      dealId: deal.id,
      stageKey,
      enteredAt: new Date(boundaries[i] ?? startMs).toISOString(),
      exitedAt: exit === null || exit === undefined ? null : new Date(exit).toISOString(),
    }
  })
  const closedKey = deal.stagePath[deal.stagePath.length - 1]
  if (deal.isClosed && closedKey !== undefined) {
    rows.push({
      id: nextId(),
      dealId: deal.id,
      stageKey: closedKey,
      enteredAt: new Date(endMs).toISOString(),
      exitedAt: null,
    })
  }
  return rows
}
