/**
 * Behaviour to outcome: do deals whose calls had more open discovery
 * questions end bigger? OLS of ln(amount) on the deal's mean open questions
 * per call, adjusting for segment, deal kind and the year the deal was
 * created (the obvious confounders of size), with standard errors clustered
 * by rep (a rep's deals share their habits).
 */
import { fitLinear, fitLinearClustered } from '@revlab/stats'
import type { BehaviourToOutcome, EnablementInputs } from './types.js'
import { ciText, fmt } from './format.js'

const dummies = (values: string[], prefix: string): Record<string, number[]> => {
  const levels = [...new Set(values)].sort().slice(1)
  return Object.fromEntries(levels.map((l) => [`${prefix}:${l}`, values.map((v) => (v === l ? 1 : 0))]))
}

export function behaviourToOutcome(inputs: EnablementInputs): BehaviourToOutcome {
  const sums = new Map<string, { total: number; n: number }>()
  for (const c of inputs.calls) {
    if (c.dealId === null) continue
    const cell = sums.get(c.dealId) ?? { total: 0, n: 0 }
    cell.total += c.openQuestions
    cell.n += 1
    sums.set(c.dealId, cell)
  }
  const deals = inputs.deals.filter((d) => d.amountCents > 0 && sums.has(d.id))
  const adjustedFor = ['segment', 'deal kind', 'year created']
  const method =
    'OLS: ln(amount) ~ mean open questions per call + segment + kind + year created; the larger of the CR1 (clustered by rep, t(reps − 1)) and the conventional 95% CI'
  const meanOpen = deals.map((d) => {
    const cell = sums.get(d.id) as { total: number; n: number }
    return cell.total / cell.n
  })
  const y = deals.map((d) => Math.log(d.amountCents))
  const columns = {
    mean_open_questions: meanOpen,
    ...dummies(
      deals.map((d) => d.segment),
      'segment',
    ),
    ...dummies(
      deals.map((d) => d.kind),
      'kind',
    ),
    ...dummies(
      deals.map((d) => d.createdAt.slice(0, 4)),
      'year',
    ),
  }
  const fit = fitLinearClustered(
    y,
    columns,
    deals.map((d) => d.ownerId),
  )
  const classical = fitLinear(y, columns)
  const robust =
    fit.status === 'ok' ? fit.coefficients.find((x) => x.name === 'mean_open_questions') : undefined
  const plain =
    classical.status === 'ok'
      ? classical.coefficients.find((x) => x.name === 'mean_open_questions')
      : undefined
  // The larger of the cluster-robust and the conventional interval: with few reps CR1 can understate the noise.
  const c = robust && plain ? (plain.se > robust.se ? plain : robust) : robust
  if (!c)
    return {
      estimate: null,
      ci95: null,
      deals: deals.length,
      reps: new Set(deals.map((d) => d.ownerId)).size,
      method,
      adjustedFor,
      percentPerQuestion: null,
      sentence: `Not enough deals with calls to relate open questions to deal size (${fit.status === 'ok' ? 'term missing' : fit.reason}).`,
    }
  const pct = (x: number): string => `${fmt((Math.exp(x) - 1) * 100, 1)}%`
  const covers = c.ci95[0] <= 0 && c.ci95[1] >= 0
  return {
    estimate: c.estimate,
    ci95: c.ci95,
    deals: deals.length,
    reps: fit.status === 'ok' ? fit.clusters : 0,
    method,
    adjustedFor,
    percentPerQuestion: Math.exp(c.estimate) - 1,
    sentence: covers
      ? `No detectable link between open questions and deal size: ${fmt(c.estimate, 3)} per question on ln(amount) (${ciText(c.ci95, 3)}).`
      : `Each extra open discovery question per call goes with ${pct(c.estimate)} ${c.estimate > 0 ? 'bigger' : 'smaller'} deals (ln amount ${fmt(c.estimate, 3)}, ${ciText(c.ci95, 3)}), same segment, kind and year. This is an association, not proof of cause.`,
  }
}
