import { invertSymmetric } from './linear-algebra.js'
import { regularizedGammaQ } from './distributions.js'

export type LogRank = {
  groups: string[]
  observed: number[]
  expected: number[]
  chisq: number
  df: number
  pValue: number
}

/**
 * The log-rank test of equal survival across groups, as R's
 * `survdiff(Surv(time, event) ~ group)`: observed and expected events per
 * group and the chi-square statistic on k − 1 degrees of freedom.
 */
export function logRankTest(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  group: ArrayLike<string>,
): LogRank {
  const n = time.length
  const groups = [...new Set(Array.from(group))].sort()
  const k = groups.length
  const gIndex = new Map(groups.map((g, i) => [g, i]))
  const gi = Int32Array.from({ length: n }, (_, i) => gIndex.get(group[i] as string) as number)
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (time[a] as number) - (time[b] as number),
  )
  const atRisk = new Array<number>(k).fill(0)
  for (let i = 0; i < n; i++) atRisk[gi[i] as number] = (atRisk[gi[i] as number] as number) + 1
  const observed = new Array<number>(k).fill(0)
  const expected = new Array<number>(k).fill(0)
  const v = Array.from({ length: k }, () => new Array<number>(k).fill(0))
  let total = n
  for (let pos = 0; pos < n;) {
    const t = time[order[pos] as number] as number
    const dg = new Array<number>(k).fill(0)
    const leaving = new Array<number>(k).fill(0)
    let d = 0
    while (pos < n && time[order[pos] as number] === t) {
      const i = order[pos] as number
      const g = gi[i] as number
      const e = event[i]
      if (e === true || e === 1) {
        dg[g] = (dg[g] as number) + 1
        d++
      }
      leaving[g] = (leaving[g] as number) + 1
      pos++
    }
    if (d > 0) {
      for (let a = 0; a < k; a++) {
        const na = atRisk[a] as number
        observed[a] = (observed[a] as number) + (dg[a] as number)
        expected[a] = (expected[a] as number) + (d * na) / total
        if (total > 1) {
          const f = (d * (total - d)) / (total - 1) / total
          for (let b = 0; b < k; b++) {
            const nb = atRisk[b] as number
            const row = v[a] as number[]
            row[b] = (row[b] as number) + f * na * ((a === b ? 1 : 0) - nb / total)
          }
        }
      }
    }
    for (let a = 0; a < k; a++) atRisk[a] = (atRisk[a] as number) - (leaving[a] as number)
    total -= leaving.reduce((s, x) => s + x, 0)
  }
  const df = k - 1
  let chisq = 0
  if (df > 0) {
    const sub = v.slice(0, df).map((row) => row.slice(0, df))
    const inv = invertSymmetric(sub)
    const diff = observed.slice(0, df).map((o, i) => o - (expected[i] as number))
    if (inv) {
      for (let a = 0; a < df; a++)
        for (let b = 0; b < df; b++)
          chisq += (diff[a] as number) * ((inv[a] as number[])[b] as number) * (diff[b] as number)
    } else chisq = NaN
  }
  const pValue = df > 0 && Number.isFinite(chisq) ? regularizedGammaQ(df / 2, chisq / 2) : NaN
  return { groups, observed, expected, chisq, df, pValue }
}
