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
import { buildDealTable, type DealTable } from '../win-patterns/deal-table.js'
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

/** Weighted Kaplan-Meier median over deals in time order: the first time S(t) ≤ ½. */
function weightedMedian(table: DealTable, order: number[], weights: Float64Array): number | null {
  let atRisk = 0
  for (let k = 0; k < order.length; k++) atRisk += weights[k] as number
  let surv = 1
  for (let k = 0; k < order.length;) {
    const t = table.days[order[k] as number] as number
    let events = 0
    let leaving = 0
    for (; k < order.length && table.days[order[k] as number] === t; k++) {
      const w = weights[k] as number
      leaving += w
      if (table.closed[order[k] as number] === 1) events += w
    }
    if (atRisk > 0 && events > 0) {
      surv *= 1 - events / atRisk
      if (surv <= 0.5 + 1e-12) return t
    }
    atRisk -= leaving
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
  const take = (value: string): number[] =>
    Array.from(table.byDays).filter(
      (i) => inputs.deals[i]?.signals[key] === value && (!options.closedOnly || table.closed[i] === 1),
    )
  const yes = take('true')
  const no = take('false')
  const ones = (k: number): Float64Array => new Float64Array(k).fill(1)
  const a = weightedMedian(table, yes, ones(yes.length))
  const b = weightedMedian(table, no, ones(no.length))
  if (a === null || b === null) return { estimate: null, ci95: null, n: yes.length + no.length }
  const rng = createRng(options.seed ?? 1)
  const replicates = options.replicates ?? 400
  const ratios: number[] = []
  for (let r = 0; r < replicates; r++) {
    const wa = Float64Array.from(yes, () => rng.poisson(1))
    const wb = Float64Array.from(no, () => rng.poisson(1))
    const ma = weightedMedian(table, yes, wa)
    const mb = weightedMedian(table, no, wb)
    if (ma !== null && mb !== null && mb > 0) ratios.push(ma / mb)
  }
  const sorted = Float64Array.from(ratios).sort()
  return {
    estimate: a / b,
    ci95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    n: yes.length + no.length,
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
