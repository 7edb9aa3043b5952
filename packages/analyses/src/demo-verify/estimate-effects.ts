/**
 * Re-estimates each planted effect from the stored data with a correctly
 * specified model, so `demo verify` can say whether the analyses find what is
 * really there. Each estimator states its method; each has its interval.
 */
import { fitLinear, fitLogistic, fitWithinGroups, type Coefficient } from '@revlab/stats'
import type { VerifyData } from './types.js'

export type Estimate = { estimate: number; ci95: [number, number]; method: string; n: number }
export type EstimateResult =
  Estimate | { estimate: null; ci95: null; method: string; n: number; note: string }

const indicator = (b: boolean): number => (b ? 1 : 0)
const find = (coefs: Coefficient[], name: string): Coefficient | undefined =>
  coefs.find((c) => c.name === name)
const exp = (c: Coefficient): { estimate: number; ci95: [number, number] } => ({
  estimate: Math.exp(c.estimate),
  ci95: [Math.exp(c.ci95[0]), Math.exp(c.ci95[1])],
})

/** Odds ratios of winning from one logistic model over closed deals. */
export function estimateWinOddsRatios(
  data: VerifyData,
): Record<'exec_sponsor' | 'prior_oss_use' | 'poc_paid', EstimateResult> {
  const deals = data.closedDeals
  const method = 'logistic regression (IRLS): won ~ exec_sponsor + prior_oss_use + poc_paid; Wald 95% CI'
  const fit = fitLogistic(
    deals.map((d) => d.won),
    {
      exec_sponsor: deals.map((d) => indicator(d.signals.exec_sponsor ?? false)),
      prior_oss_use: deals.map((d) => indicator(d.signals.prior_oss_use ?? false)),
      poc_paid: deals.map((d) => indicator(d.pocPaid)),
    },
  )
  const out = (name: string): EstimateResult => {
    const c = fit.status === 'ok' ? find(fit.coefficients, name) : undefined
    return c
      ? { ...exp(c), method, n: deals.length }
      : {
          estimate: null,
          ci95: null,
          method,
          n: deals.length,
          note: fit.status === 'ok' ? 'term missing' : fit.reason,
        }
  }
  return { exec_sponsor: out('exec_sponsor'), prior_oss_use: out('prior_oss_use'), poc_paid: out('poc_paid') }
}

/** Ratios of median days to close from a log-linear model over closed deals. */
export function estimateCycleRatios(
  data: VerifyData,
): Record<'hard_deadline' | 'dual_champion_variant', EstimateResult> {
  const deals = data.closedDeals.filter((d) => d.daysToClose > 0)
  const method =
    'linear regression on ln(days to close) ~ hard_deadline + dual_champion_variant; exp(coef), t 95% CI'
  const fit = fitLinear(
    deals.map((d) => Math.log(d.daysToClose)),
    {
      hard_deadline: deals.map((d) => indicator(d.signals.hard_deadline ?? false)),
      dual_champion_variant: deals.map((d) => indicator(d.experimentVariant === 'variant')),
    },
  )
  const out = (name: string): EstimateResult => {
    const c = fit.status === 'ok' ? find(fit.coefficients, name) : undefined
    return c
      ? { ...exp(c), method, n: deals.length }
      : {
          estimate: null,
          ci95: null,
          method,
          n: deals.length,
          note: fit.status === 'ok' ? 'term missing' : fit.reason,
        }
  }
  return { hard_deadline: out('hard_deadline'), dual_champion_variant: out('dual_champion_variant') }
}

/**
 * Change in open questions per call after each program, within rep (rep fixed
 * effects absorb each rep's own level; staggered regional rollouts give the
 * not-yet-trained comparison). All programs enter one model, since rollouts
 * overlap in time.
 */
export function estimateTrainingEffects(
  data: VerifyData,
  programIds: string[],
): Record<string, EstimateResult> {
  const firstCompletion = new Map(data.completions.map((c) => [`${c.personId}|${c.contentId}`, c.at]))
  const trainedAt = (personId: string, programId: string): string | undefined =>
    firstCompletion.get(`${personId}|${programId}`)
  const calls = data.calls
  const method = 'within-rep regression: open_questions ~ trained(program) + rep fixed effects; t 95% CI'
  const columns = Object.fromEntries(
    programIds.map((program) => [
      program,
      calls.map((c) => {
        const at = trainedAt(c.ownerId, program)
        return indicator(at !== undefined && at <= c.startedAt)
      }),
    ]),
  )
  const fit = fitWithinGroups(
    calls.map((c) => c.openQuestions),
    columns,
    calls.map((c) => c.ownerId),
  )
  return Object.fromEntries(
    programIds.map((program) => {
      const c = fit.status === 'ok' ? find(fit.coefficients, program) : undefined
      const result: EstimateResult = c
        ? { estimate: c.estimate, ci95: c.ci95, method, n: calls.length }
        : {
            estimate: null,
            ci95: null,
            method,
            n: calls.length,
            note: fit.status === 'ok' ? 'no trained calls' : fit.reason,
          }
      return [program, result]
    }),
  )
}

/** Effect of the deal's mean open questions on ln(amount), adjusting for segment and deal kind. */
export function estimateDealSizeEffect(data: VerifyData): EstimateResult {
  const deals = data.dealsWithCalls.filter((d) => d.amountCents > 0)
  const method = 'linear regression: ln(amount) ~ mean open questions + segment + kind; t 95% CI'
  const dummies = (values: string[], prefix: string): Record<string, number[]> => {
    const levels = [...new Set(values)].sort().slice(1)
    return Object.fromEntries(levels.map((l) => [`${prefix}:${l}`, values.map((v) => indicator(v === l))]))
  }
  const fit = fitLinear(
    deals.map((d) => Math.log(d.amountCents)),
    {
      mean_open_questions: deals.map((d) => d.meanOpenQuestions),
      ...dummies(
        deals.map((d) => d.segment),
        'segment',
      ),
      ...dummies(
        deals.map((d) => d.kind),
        'kind',
      ),
    },
  )
  const c = fit.status === 'ok' ? find(fit.coefficients, 'mean_open_questions') : undefined
  return c
    ? { estimate: c.estimate, ci95: c.ci95, method, n: deals.length }
    : {
        estimate: null,
        ci95: null,
        method,
        n: deals.length,
        note: fit.status === 'ok' ? 'term missing' : fit.reason,
      }
}
