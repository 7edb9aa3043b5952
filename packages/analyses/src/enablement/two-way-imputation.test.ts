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

  describe('another program rolled out in the same periods', () => {
    // 24 units in 4 regions over 20 periods; program A reaches the regions at periods 4, 8, 12, 16 and adds 1.5,
    // program B reaches them in the opposite order (16, 12, 8, 4) and adds nothing. B's not-yet-trained
    // comparison rows are mostly A-trained, so without adjusting for A, B reads as negative.
    const aStart = [4, 8, 12, 16]
    const bStart = [16, 12, 8, 4]
    const simulate = (noise: () => number, adjust: boolean): PanelObservation[] => {
      const obs: PanelObservation[] = []
      for (let u = 0; u < 24; u++) {
        const region = u % 4
        const a = aStart[region] as number
        const b = bStart[region] as number
        for (let t = 0; t < 20; t++)
          for (let k = 0; k < 2; k++)
            obs.push({
              unit: `u${u}`,
              period: t,
              y: u * 0.1 + Math.sin(t) + (t >= a ? 1.5 : 0) + noise(),
              eventTime: t - b,
              ...(adjust && { covariates: [t >= a ? 1 : 0] }),
            })
      }
      return obs
    }
    const limits = { minControls: 2, maxEventTime: Number.POSITIVE_INFINITY }

    it('adjusts for it: exact without noise, and the same as least squares with the covariate', () => {
      expect(
        imputationFit(
          simulate(() => 0, false),
          (e) => e,
          limits,
        ).att as number,
      ).toBeLessThan(-0.3)
      expect(
        imputationFit(
          simulate(() => 0, true),
          (e) => e,
          limits,
        ).att as number,
      ).toBeCloseTo(0, 8)
      // Against a dense least squares of y ~ unit + period + covariate on the untreated rows.
      let state = 7
      const noise = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2
      const obs = simulate(noise, true)
      const units = [...new Set(obs.map((o) => o.unit))]
      // Periods with untreated rows (from period 16 on every unit is trained in B: nothing to impute from).
      const periods = [...new Set(obs.filter((o) => (o.eventTime as number) < 0).map((o) => o.period))]
      const row = (o: PanelObservation): number[] => [
        ...units.map((u) => (o.unit === u ? 1 : 0)),
        ...periods.slice(1).map((t) => (o.period === t ? 1 : 0)),
        ...(o.covariates ?? []),
      ]
      const p = units.length + periods.length
      const xtx = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0))
      for (const o of obs) {
        if ((o.eventTime as number) >= 0) continue
        const z = row(o)
        for (let i = 0; i < p; i++) {
          const r = xtx[i] as number[]
          for (let j = 0; j < p; j++) r[j] = (r[j] as number) + (z[i] as number) * (z[j] as number)
          r[p] = (r[p] as number) + (z[i] as number) * o.y
        }
      }
      for (let c = 0; c < p; c++) {
        const pivot = xtx[c] as number[]
        for (let r = 0; r < p; r++) {
          if (r === c) continue
          const target = xtx[r] as number[]
          const f = (target[c] as number) / (pivot[c] as number)
          for (let j = c; j <= p; j++) target[j] = (target[j] as number) - f * (pivot[j] as number)
        }
      }
      const coef = xtx.map((r, i) => (r[p] as number) / (r[i] as number))
      const treated = obs.filter((o) => (o.eventTime as number) >= 0 && periods.includes(o.period))
      const att =
        treated.reduce((s, o) => s + o.y - row(o).reduce((a, z, i) => a + z * (coef[i] as number), 0), 0) /
        treated.length
      const fit = imputationFit(obs, (e) => e, { minControls: 0, maxEventTime: Number.POSITIVE_INFINITY })
      expect(fit.att as number).toBeCloseTo(att, 7)
    })

    it('covers zero for the null program only when adjusted', () => {
      let state = 99
      const uniform = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648
      const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
      const covered = { adjusted: 0, jackknife: 0, unadjusted: 0 }
      const runs = 40
      for (let r = 0; r < runs; r++) {
        const covers = (ci: [number, number] | null): number => (ci && ci[0] <= 0 && 0 <= ci[1] ? 1 : 0)
        const adjusted = simulate(normal, true)
        covered.adjusted += covers(imputationEstimate(adjusted, (e) => e, limits).ci95)
        covered.jackknife += covers(
          imputationEstimate(adjusted, (e) => e, { ...limits, interval: 'jackknife' }).ci95,
        )
        covered.unadjusted += covers(imputationEstimate(simulate(normal, false), (e) => e, limits).ci95)
      }
      expect(covered.adjusted / runs).toBeGreaterThan(0.85)
      expect(covered.jackknife / runs).toBeGreaterThan(0.85)
      expect(covered.unadjusted / runs).toBeLessThan(0.5)
    })
  })

  it('leaves out treated periods with too few untreated units', () => {
    const fit = imputationFit(panel(), (e) => e, { minControls: 100, maxEventTime: Number.POSITIVE_INFINITY })
    expect(fit.att).toBeNull()
    expect(fit.treatedUsed).toBe(0)
  })
})
