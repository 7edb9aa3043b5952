/**
 * The win-pattern and cycle-time checks of `revlab demo verify`: the planted
 * win effects must be found by the win-patterns model (each odds ratio's 95%
 * interval covers the planted value), no unplanted signal may come out strong
 * there, and the planted cycle-time effect must be found by Kaplan-Meier
 * (the ratio of median days with and without a hard deadline, with a seeded
 * bootstrap interval, covers the planted ratio).
 */
import type { DealOutcomeInputs, PlantedEffect, WinPatterns } from '@revlab/domain'
import { createRng, quantileSorted } from '@revlab/stats'
import { analyzeWinPatterns } from '../win-patterns/analyze-win-patterns.js'
import { dayCells, poissonCells } from '../cycle-time/analyze-cycle-time.js'
import { buildDealTable } from '../win-patterns/deal-table.js'
import type { EffectCheck } from './types.js'

/** Which model term estimates each planted win effect. */
const WIN_TERMS: Record<string, string> = {
  win_exec_sponsor: 'exec_sponsor',
  win_prior_oss_use: 'prior_oss_use',
  poc_paid_conversion: 'poc=paid',
}

export type WinPatternVerification = {
  checks: EffectCheck[]
  /** Model terms for unplanted signals that the analysis reports as strong (should be empty). */
  unplantedStrong: { term: string; ratio: number; ci95: [number, number]; q: number }[]
  /** Signal values whose single win rate is strong though no planted effect explains it. */
  unplantedStrongSingles: { key: string; value: string; q: number }[]
}

/** Kaplan-Meier median from (weighted) per-day counts: the first day S(t) ≤ ½. */
function medianFromCells(
  uniqueDays: Float64Array,
  events: Float64Array,
  censored: Float64Array,
): number | null {
  let atRisk = 0
  for (let k = 0; k < uniqueDays.length; k++) atRisk += (events[k] as number) + (censored[k] as number)
  let surv = 1
  for (let k = 0; k < uniqueDays.length; k++) {
    const d = events[k] as number
    if (atRisk > 0 && d > 0) {
      surv *= 1 - d / atRisk
      if (surv <= 0.5 + 1e-12) return uniqueDays[k] as number
    }
    atRisk -= d + (censored[k] as number)
  }
  return null
}

/** Ratio of Kaplan-Meier median days (value true ÷ false) with a seeded Poisson-bootstrap percentile interval. */
export function medianDaysRatio(
  inputs: DealOutcomeInputs,
  key: string,
  options: { replicates?: number; seed?: number; closedOnly?: boolean } = {},
): { estimate: number | null; ci95: [number, number] | null; n: number } {
  const table = buildDealTable(inputs)
  const cellsOf = (value: string): { events: Float64Array; censored: Float64Array; n: number } => {
    const c = dayCells(
      table,
      (i) => inputs.deals[i]?.signals[key] === value && (!options.closedOnly || table.closed[i] === 1),
    )
    const events = c.won.map((w, k) => w + (c.lost[k] as number))
    return { events, censored: c.open, n: [...events, ...c.open].reduce((a, b) => a + b, 0) }
  }
  const yes = cellsOf('true')
  const no = cellsOf('false')
  const a = medianFromCells(table.uniqueDays, yes.events, yes.censored)
  const b = medianFromCells(table.uniqueDays, no.events, no.censored)
  if (a === null || b === null) return { estimate: null, ci95: null, n: yes.n + no.n }
  const rng = createRng(options.seed ?? 1)
  const replicates = options.replicates ?? 400
  const ratios: number[] = []
  for (let r = 0; r < replicates; r++) {
    const ma = medianFromCells(
      table.uniqueDays,
      poissonCells(rng, yes.events),
      poissonCells(rng, yes.censored),
    )
    const mb = medianFromCells(table.uniqueDays, poissonCells(rng, no.events), poissonCells(rng, no.censored))
    if (ma !== null && mb !== null && mb > 0) ratios.push(ma / mb)
  }
  const sorted = Float64Array.from(ratios).sort()
  return {
    estimate: a / b,
    ci95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    n: yes.n + no.n,
  }
}

export function verifyWinPatterns(
  planted: PlantedEffect[],
  inputs: DealOutcomeInputs,
  analysis: WinPatterns = analyzeWinPatterns(inputs),
): WinPatternVerification {
  const terms = analysis.model.logistic?.terms ?? []
  const checks: EffectCheck[] = []
  for (const effect of planted) {
    const term = WIN_TERMS[effect.key]
    const base = {
      key: `win_patterns:${effect.key}`,
      description: effect.description,
      metric: effect.metric,
      planted: effect.planted,
    }
    if (term) {
      const t = terms.find((x) => x.term === term)
      const ci = t?.ratio.ci95 ?? null
      checks.push({
        ...base,
        estimate: t?.ratio.estimate ?? null,
        ci95: ci,
        covered: ci !== null && ci[0] <= effect.planted && effect.planted <= ci[1],
        method: `win patterns: ${analysis.model.logistic?.method ?? 'no model'}`,
        n: analysis.closed_deals,
        ...(t ? {} : { note: analysis.model.note || `no model term ${term}` }),
      })
    }
    if (effect.key === 'cycle_hard_deadline') {
      const r = medianDaysRatio(inputs, 'hard_deadline', { closedOnly: true })
      checks.push({
        ...base,
        key: 'cycle_time:cycle_hard_deadline',
        estimate: r.estimate,
        ci95: r.ci95,
        covered: r.ci95 !== null && r.ci95[0] <= effect.planted && effect.planted <= r.ci95[1],
        method:
          'cycle time: ratio of Kaplan-Meier median days to close, hard_deadline true ÷ false, closed deals (as the effect is defined); 400 Poisson-bootstrap replicates',
        n: r.n,
      })
    }
  }
  const plantedTerms = new Set(Object.values(WIN_TERMS))
  const plantedKeys = new Set(['exec_sponsor', 'prior_oss_use', 'poc'])
  return {
    checks,
    unplantedStrong: terms
      .filter((t) => t.evidence === 'strong' && !plantedTerms.has(t.term))
      .map((t) => ({
        term: t.term,
        ratio: t.ratio.estimate ?? NaN,
        ci95: t.ratio.ci95 ?? [NaN, NaN],
        q: t.q_value,
      })),
    unplantedStrongSingles: analysis.signals
      .filter((s) => s.evidence === 'strong' && !plantedKeys.has(s.key))
      .map((s) => ({ key: s.key, value: s.value, q: s.q_value ?? NaN })),
  }
}
