/**
 * Cluster-robust OLS (CR1) and two-sample t power against R on the same
 * inputs (fixtures/make-enablement-reference.R wrote
 * fixtures/enablement-reference.json; R is not needed to run this test).
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fitLinearClustered } from './cluster-robust.js'
import { twoSampleTPower, twoSampleTSampleSize } from './power.js'

type Reference = {
  clustered: {
    y: number[]
    x1: number[]
    x2: number[]
    cluster: string[]
    names: string[]
    estimate: number[]
    se: number[]
    lo: number[]
    hi: number[]
  }
  sampleSize: { delta: number; sd: number; power: number; n: number }[]
  power: { n: number; delta: number; sd: number; power: number }[]
}

const ref = JSON.parse(
  fs.readFileSync(new URL('../fixtures/enablement-reference.json', import.meta.url), 'utf8'),
) as Reference

describe('cluster-robust OLS against R (vcovCL HC1 written out in base R)', () => {
  it('matches estimates, CR1 standard errors and t(G − 1) intervals', () => {
    const r = ref.clustered
    const fit = fitLinearClustered(r.y, { x1: r.x1, x2: r.x2 }, r.cluster)
    expect(fit.status).toBe('ok')
    if (fit.status !== 'ok') return
    expect(fit.clusters).toBe(24)
    fit.coefficients.forEach((c, j) => {
      expect(c.name).toBe(r.names[j])
      expect(c.estimate).toBeCloseTo(r.estimate[j] as number, 9)
      expect(c.se).toBeCloseTo(r.se[j] as number, 9)
      expect(c.ci95[0]).toBeCloseTo(r.lo[j] as number, 7)
      expect(c.ci95[1]).toBeCloseTo(r.hi[j] as number, 7)
    })
  })

  it('refuses a single cluster and collinear terms', () => {
    expect(fitLinearClustered([1, 2, 3, 4], { x: [1, 2, 3, 5] }, ['a', 'a', 'a', 'a']).status).toBe(
      'insufficient-data',
    )
    expect(
      fitLinearClustered([1, 2, 3, 4], { x: [1, 2, 3, 4], z: [2, 4, 6, 8] }, ['a', 'b', 'a', 'b']),
    ).toEqual({
      status: 'insufficient-data',
      reason: 'terms are collinear',
    })
  })
})

describe('two-sample t power against R power.t.test', () => {
  it.each(ref.power)('power at n = $n, delta = $delta, sd = $sd', (p) => {
    expect(twoSampleTPower(p.n, p.delta, p.sd)).toBeCloseTo(p.power, 6)
  })

  it.each(ref.sampleSize)('n per group for delta = $delta, sd = $sd, power = $power', (p) => {
    // R's uniroot stops at tol ≈ 1e-4 on n, so agree to that.
    expect(Math.abs(twoSampleTSampleSize(p.delta, p.sd, p.power) - p.n)).toBeLessThan(2e-3)
  })

  it('rejects impossible requests', () => {
    expect(twoSampleTSampleSize(0, 1)).toBeNaN()
    expect(twoSampleTSampleSize(1, 0)).toBeNaN()
  })
})
