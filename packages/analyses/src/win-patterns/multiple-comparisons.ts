import { normalCdf } from '@revlab/stats'

/** Benjamini-Hochberg adjusted p-values (q-values), in the input order; as R's p.adjust(p, "BH"). */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p)
  const q = new Array<number>(m).fill(1)
  let running = 1
  order.forEach(({ p, i }, rank) => {
    running = Math.min(running, (p * m) / (m - rank))
    q[i] = Math.min(1, running)
  })
  return q
}

/**
 * Two-sided p-value of the two-proportion z test with pooled variance
 * (R's prop.test(c(x1, x2), c(n1, n2), correct = FALSE)).
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  if (n1 === 0 || n2 === 0) return { z: 0, p: 1 }
  const pooled = (x1 + x2) / (n1 + n2)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
  if (!(se > 0)) return { z: 0, p: 1 }
  const z = (x1 / n1 - x2 / n2) / se
  return { z, p: 2 * (1 - normalCdf(Math.abs(z))) }
}
