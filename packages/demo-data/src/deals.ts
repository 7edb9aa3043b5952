import type { DealKind } from '@revlab/domain'
import { createRng, type Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { CYCLE_MODEL, SIGNAL_RATES, WIN_MODEL } from './planted-effects.js'

const KINDS: DealKind[] = ['new_logo', 'use_case', 'expansion', 'renewal']
const KIND_WEIGHTS = [0.35, 0.35, 0.18, 0.12]
const OPEN_SHARE = 0.12

export type ExperimentWindow = { startDay: number; seed: number }

const logistic = (x: number): number => 1 / (1 + Math.exp(-x))

/**
 * The deals' core facts, in id order: kind, planted signals, timing and outcome.
 *
 * Closed deals are drawn close-date first: closeDay is uniform over the
 * history window and days-to-close is drawn from the planted cycle model,
 * then createdAt = closeDate − days. Because closeDay is drawn independently
 * of the cycle, closed deals follow the cycle model exactly (no truncation by
 * asOf). Open deals are drawn separately: created in the last months, with
 * an expected close date after asOf.
 *
 * The experiment ("dual-champion discovery") covers every new-logo deal that
 * was open on or after its start day, i.e. closed deals with closeDay ≥ start
 * and all open new-logo deals. Eligibility never looks at the cycle draw, and
 * the assignment uses its own rng seeded with the experiment's recorded seed,
 * walking eligible deals in id order: re-running that walk reproduces it.
 */
export const planDeals = (
  rng: Rng,
  options: { count: number; asOfDay: number; historyDays: number; experiment: ExperimentWindow },
): DealPlan[] => {
  const { count, asOfDay, historyDays, experiment } = options
  const assignment = createRng(experiment.seed)
  const plans: DealPlan[] = []
  for (let i = 0; i < count; i += 1) {
    const kind = rng.weighted(KINDS, KIND_WEIGHTS)
    const isClosed = !rng.bernoulli(OPEN_SHARE)
    // Planted signals: independent Bernoulli draws, recorded on every closed deal.
    const execSponsor = rng.bernoulli(SIGNAL_RATES.execSponsor)
    const priorOssUse = rng.bernoulli(SIGNAL_RATES.priorOssUse)
    const hardDeadline = rng.bernoulli(SIGNAL_RATES.hardDeadline)
    const hasPoc = kind !== 'renewal' && rng.bernoulli(SIGNAL_RATES.poc)
    const pocPaid = hasPoc && rng.bernoulli(SIGNAL_RATES.pocPaid)
    const noise = rng.normal(0, CYCLE_MODEL.sigma)
    const winDraw = rng.next()
    const closeOffset = rng.int(0, historyDays - 1)
    const openAge = Math.min(400, Math.floor(rng.logNormal(Math.log(45), 0.7)))
    const openRemaining = rng.int(5, 120)
    const createdMinute = rng.int(8 * 60, 19 * 60)

    const closeDay = isClosed ? asOfDay - closeOffset : asOfDay + openRemaining
    const eligible = kind === 'new_logo' && (!isClosed || closeDay >= experiment.startDay)
    const experimentVariant = eligible ? (assignment.next() < 0.5 ? 'variant' : 'control') : null

    let createdDay: number
    let isWon = false
    if (isClosed) {
      // Planted effect 2 (cycle time): ln(days) = mu + ln(0.6)·hard_deadline + ln(0.8)·dual_champion_variant + N(0, sigma).
      const logDays =
        CYCLE_MODEL.mu +
        (hardDeadline ? CYCLE_MODEL.hardDeadline : 0) +
        (experimentVariant === 'variant' ? CYCLE_MODEL.dualChampionVariant : 0) +
        noise
      const days = Math.max(1, Math.round(Math.exp(logDays)))
      createdDay = closeDay - days
      // Planted effect 1 (winning): P(win) = logistic(b0 + ln2.5·exec_sponsor + ln1.8·prior_oss_use + ln2.2·poc_paid).
      const logit =
        WIN_MODEL.intercept +
        (execSponsor ? WIN_MODEL.execSponsor : 0) +
        (priorOssUse ? WIN_MODEL.priorOssUse : 0) +
        (pocPaid ? WIN_MODEL.pocPaid : 0)
      isWon = winDraw < logistic(logit)
    } else {
      createdDay = asOfDay - Math.max(1, openAge)
    }
    plans.push({
      id: `deal-${String(i + 1).padStart(6, '0')}`,
      kind,
      isClosed,
      isWon,
      createdDay,
      createdMinute,
      closeDay,
      execSponsor,
      priorOssUse,
      hardDeadline,
      hasPoc,
      pocPaid,
      experimentVariant,
      account: null,
      ownerId: '',
      seId: null,
      stageModelId: '',
      stagePath: [],
      openQuestionsPerCall: [],
      amountCents: 0,
    })
  }
  return plans
}
