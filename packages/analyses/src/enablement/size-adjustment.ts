/**
 * Deal size net of what the deal is: ln(amount) minus its segment and kind
 * effects (OLS over every deal), so a comparison of trained and untrained
 * reps' deal sizes is not swamped by an enterprise renewal landing on one
 * side. Segment and kind do not depend on training, so adjusting for them
 * removes noise, not effect.
 */
import { fitLinear } from '@revlab/stats'
import type { EnablementInputs } from './types.js'

export function adjustedLogAmounts(inputs: EnablementInputs): Map<string, number> {
  const deals = inputs.deals.filter((d) => d.amountCents > 0)
  const y = deals.map((d) => Math.log(d.amountCents))
  const columns: Record<string, number[]> = {}
  for (const [prefix, key] of [
    ['segment', (d: (typeof deals)[number]) => d.segment],
    ['kind', (d: (typeof deals)[number]) => d.kind],
  ] as const) {
    const levels = [...new Set(deals.map(key))].sort().slice(1)
    for (const level of levels) columns[`${prefix}:${level}`] = deals.map((d) => (key(d) === level ? 1 : 0))
  }
  const fit = fitLinear(y, columns)
  if (fit.status !== 'ok') return new Map(deals.map((d, i) => [d.id, y[i] as number]))
  const names = Object.keys(columns)
  const coef = new Map(fit.coefficients.map((c) => [c.name, c.estimate]))
  const intercept = coef.get('(Intercept)') ?? 0
  return new Map(
    deals.map((d, i) => {
      let fitted = intercept
      for (const name of names) fitted += (coef.get(name) ?? 0) * ((columns[name] as number[])[i] as number)
      // Keep the mean level so the figures still read as ln(amount).
      return [d.id, (y[i] as number) - fitted + intercept]
    }),
  )
}
