/**
 * Our statistics against R on the same inputs (fixtures/make-reference.R
 * wrote fixtures/reference.json). Tolerances: 1e-9 where the method is exact
 * arithmetic (regression estimates and standard errors, Wilson bounds),
 * 1e-10 relative for distribution functions.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  fitLinear,
  fitLogistic,
  fitWithinGroups,
  normalCdf,
  normalQuantile,
  studentTQuantile,
  wilsonInterval,
} from './index.js'

type Reference = {
  wilson: { x: number; n: number; lo: number; hi: number }[]
  normal_quantile: { p: number[]; q: number[] }
  normal_cdf: { x: number[]; p: number[] }
  t_quantile: { df: number; p: number[]; q: number[] }[]
  linear: {
    y: number[]
    x1: number[]
    x2: number[]
    estimate: number[]
    se: number[]
    lo: number[]
    hi: number[]
    sigma: number
  }
  fixed_effects: {
    y: number[]
    x: number[]
    g: string[]
    estimate: number
    se: number
    lo: number
    hi: number
  }
  logistic: {
    y: number[]
    z1: number[]
    z2: number[]
    z3: number[]
    estimate: number[]
    se: number[]
    deviance: number
  }
}

const ref = JSON.parse(
  fs.readFileSync(new URL('../fixtures/reference.json', import.meta.url), 'utf8'),
) as Reference

const close = (actual: number, expected: number, tolerance: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)))
}

describe('against R', () => {
  it.each(ref.wilson)('Wilson interval $x/$n as prop.test(correct = FALSE)', ({ x, n, lo, hi }) => {
    const ci = wilsonInterval(x, n)
    close(ci?.[0] ?? NaN, lo, 1e-9)
    close(ci?.[1] ?? NaN, hi, 1e-9)
  })

  it('normal quantile as qnorm', () => {
    ref.normal_quantile.p.forEach((p, i) =>
      close(normalQuantile(p), ref.normal_quantile.q[i] as number, 1e-10),
    )
  })

  it('normal CDF as pnorm', () => {
    ref.normal_cdf.x.forEach((x, i) => close(normalCdf(x), ref.normal_cdf.p[i] as number, 1e-10))
  })

  it.each(ref.t_quantile)('t quantile with $df df as qt', ({ df, p, q }) => {
    p.forEach((pi, i) => close(studentTQuantile(pi, df), q[i] as number, 1e-8))
  })

  it('linear regression as lm: estimates, standard errors, confint', () => {
    const { y, x1, x2 } = ref.linear
    const fit = fitLinear(y, { x1, x2 })
    if (fit.status !== 'ok') throw new Error(fit.reason)
    fit.coefficients.forEach((c, i) => {
      close(c.estimate, ref.linear.estimate[i] as number, 1e-9)
      close(c.se, ref.linear.se[i] as number, 1e-9)
      close(c.ci95[0], ref.linear.lo[i] as number, 1e-9)
      close(c.ci95[1], ref.linear.hi[i] as number, 1e-9)
    })
    close(fit.residualSd, ref.linear.sigma, 1e-9)
  })

  it('within-group regression as lm(y ~ x + factor(g))', () => {
    const { y, x, g } = ref.fixed_effects
    const fit = fitWithinGroups(y, { x }, g)
    if (fit.status !== 'ok') throw new Error(fit.reason)
    const [c] = fit.coefficients
    close(c?.estimate ?? NaN, ref.fixed_effects.estimate, 1e-9)
    close(c?.se ?? NaN, ref.fixed_effects.se, 1e-9)
    close(c?.ci95[0] ?? NaN, ref.fixed_effects.lo, 1e-9)
    close(c?.ci95[1] ?? NaN, ref.fixed_effects.hi, 1e-9)
  })

  it('logistic regression as glm(binomial): estimates, standard errors, deviance', () => {
    const { y, z1, z2, z3 } = ref.logistic
    const fit = fitLogistic(y as (0 | 1)[], { z1, z2, z3 })
    if (fit.status !== 'ok') throw new Error(fit.reason)
    fit.coefficients.forEach((c, i) => {
      close(c.estimate, ref.logistic.estimate[i] as number, 1e-7)
      close(c.se, ref.logistic.se[i] as number, 1e-6)
    })
    close(fit.deviance, ref.logistic.deviance, 1e-7)
  })
})

describe('edge cases', () => {
  it('has no interval for n = 0', () => expect(wilsonInterval(0, 0)).toBeNull())
  it('says when there are fewer rows than terms', () => {
    expect(fitLinear([1, 2], { a: [1, 2], b: [3, 1] })).toMatchObject({ status: 'insufficient-data' })
  })
  it('says when terms are collinear', () => {
    expect(fitLinear([1, 2, 3, 5], { a: [1, 2, 3, 4], b: [2, 4, 6, 8] })).toMatchObject({
      status: 'insufficient-data',
      reason: 'terms are collinear',
    })
  })
})
