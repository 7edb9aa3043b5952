/**
 * The imputation estimator against R: lm(y ~ unit + period) on the untreated
 * observations, mean(y − predicted) over the treated ones
 * (packages/stats/fixtures/make-enablement-reference.R), and its cluster
 * intervals (analytic and jackknife).
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { imputationEstimate, imputationFit, type PanelObservation } from './two-way-imputation.js'

type Ref = { imputation: { y: number[]; unit: string[]; period: number[]; treated: boolean[]; att: number } }
const ref = JSON.parse(
  fs.readFileSync(new URL('../../../stats/fixtures/enablement-reference.json', import.meta.url), 'utf8'),
) as Ref

const panel = (): PanelObservation[] => {
  const r = ref.imputation
  // Treatment starts per unit at its first treated period.
  const start = new Map<string, number>()
  r.unit.forEach((u, i) => {
    if (!r.treated[i]) return
    const p = r.period[i] as number
    start.set(u, Math.min(start.get(u) ?? Infinity, p))
  })
  return r.y.map((y, i) => {
    const u = r.unit[i] as string
    const s = start.get(u)
    return {
      unit: u,
      period: r.period[i] as number,
      y,
      eventTime: s === undefined ? null : (r.period[i] as number) - s,
    }
  })
}

const noLimits = { minControls: 0, maxEventTime: Number.POSITIVE_INFINITY }

describe('two-way imputation estimator', () => {
  it('matches R: lm on untreated, mean of observed minus predicted on treated', () => {
    const fit = imputationFit(panel(), (e) => e, noLimits)
    expect(fit.att).toBeCloseTo(ref.imputation.att, 8)
    expect(fit.treatedDropped).toBe(0)
  })

  it('recovers a planted constant effect with cluster intervals around it, analytic and jackknife alike', () => {
    const a = imputationEstimate(panel(), (e) => Math.min(e, 3), noLimits)
    const j = imputationEstimate(panel(), (e) => Math.min(e, 3), { ...noLimits, interval: 'jackknife' })
    expect(a).toEqual(imputationEstimate(panel(), (e) => Math.min(e, 3), noLimits))
    expect(j.estimate).toBe(a.estimate)
    expect(a.inference.df).toBe(a.units - 1)
    for (const r of [a, j]) {
      const [lo, hi] = r.ci95 as [number, number]
      // The R data plant 1.2.
      expect(lo).toBeLessThan(1.2)
      expect(hi).toBeGreaterThan(1.2)
      expect(r.bins.some((x) => x.bin < 0)).toBe(true)
    }
    // The two variance estimates agree to within a factor of two on well-behaved data.
    const ratio = (j.se as number) / (a.se as number)
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
  })

  it('holds its coverage when nothing is planted (simulated null outcomes on a staggered design)', () => {
    // 40 units in 4 cohorts trained at periods 6, 9, 12 and never, 18 periods, unit effects and noise only.
    let state = 12345
    const uniform = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648
    const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
    const covered = { analytic: 0, jackknife: 0 }
    const runs = 120
    for (let r = 0; r < runs; r++) {
      const obs: PanelObservation[] = []
      for (let u = 0; u < 40; u++) {
        const start = [6, 9, 12, null][u % 4] ?? null
        const level = normal()
        for (let t = 0; t < 18; t++)
          for (let k = 0; k < 3; k++)
            obs.push({
              unit: `u${u}`,
              period: t,
              y: level + normal(),
              eventTime: start === null ? null : t - start,
            })
      }
      const limits = { minControls: 2, maxEventTime: Number.POSITIVE_INFINITY }
      const a = imputationEstimate(obs, (e) => e, limits).ci95 as [number, number]
      const j = imputationEstimate(obs, (e) => e, { ...limits, interval: 'jackknife' }).ci95 as [
        number,
        number,
      ]
      if (a[0] <= 0 && 0 <= a[1]) covered.analytic += 1
      if (j[0] <= 0 && 0 <= j[1]) covered.jackknife += 1
    }
    expect(covered.analytic / runs).toBeGreaterThan(0.88)
    expect(covered.jackknife / runs).toBeGreaterThan(0.9)
    expect(covered.jackknife / runs).toBeLessThan(1)
  })

  it('leaves out treated periods with too few untreated units', () => {
    const fit = imputationFit(panel(), (e) => e, { minControls: 100, maxEventTime: Number.POSITIVE_INFINITY })
    expect(fit.att).toBeNull()
    expect(fit.treatedUsed).toBe(0)
  })
})
