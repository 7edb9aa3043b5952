/**
 * Survival, shrinkage, Firth, Cox and classification metrics against R on the
 * same inputs (fixtures/make-models-reference.R wrote
 * fixtures/models-reference.json). Tolerances: 1e-9 for closed-form
 * arithmetic (Kaplan-Meier, log-rank, Aalen-Johansen, metrics, quantiles),
 * 1e-8 for Beta quantiles, 1e-6 for iterative fits (Cox, Firth) and 1e-5 for
 * the one-dimensional empirical-Bayes optimum.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  brierScore,
  calibrationBins,
  cumulativeIncidence,
  estimatePriorStrength,
  fitCox,
  fitFirthLogistic,
  jeffreysInterval,
  kaplanMeier,
  logLoss,
  logRankTest,
  quantile,
  rocAuc,
  shrinkTowardBaseRate,
} from './index.js'

type Nullable = (number | null)[]
type Reference = {
  jeffreys: { x: number; n: number; lo: number; hi: number }[]
  shrinkage: { wins: number; n: number; base: number; m: number; estimate: number; lo: number; hi: number }[]
  prior_strength: { wins: number[]; n: number[]; base: number; m: number }
  kaplan_meier: {
    time: number[]
    event: number[]
    t: number[]
    n_risk: number[]
    n_event: number[]
    n_censor: number[]
    surv: number[]
    std_err: Nullable
    lower: Nullable
    upper: Nullable
    median: number | null
    median_lo: number | null
    median_hi: number | null
  }[]
  log_rank: {
    time: number[]
    event: number[]
    group: string[]
    group2: string[]
    observed: number[]
    expected: number[]
    chisq: number
    p: number
    chisq2: number
    p2: number
  }
  cox: {
    time: number[]
    event: number[]
    x1: number[]
    x2: number[]
    x3: number[]
    estimate: number[]
    se: number[]
    loglik: number[]
  }
  firth: { y: number[]; x1: number[]; x2: number[]; estimate: number[]; se: number[]; penalized: number }[]
  aalen_johansen: {
    time: number[]
    status: number[]
    t: number[]
    cif1: number[]
    cif2: number[]
    surv: number[]
  }
  metrics: {
    y: number[]
    p: number[]
    auc: number
    brier: number
    log_loss: number
    cal_n: number[]
    cal_pred: number[]
    cal_obs: number[]
  }
  quantile: { x: number[]; p: number[]; q: number[] }
}

const ref = JSON.parse(
  fs.readFileSync(new URL('../fixtures/models-reference.json', import.meta.url), 'utf8'),
) as Reference

const close = (
  actual: number | null | undefined,
  expected: number | null | undefined,
  tolerance: number,
): void => {
  if (expected === null || expected === undefined) {
    expect(actual ?? null).toBeNull()
    return
  }
  expect(actual).not.toBeNull()
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    tolerance * Math.max(1, Math.abs(expected)),
  )
}

describe('against R', () => {
  it.each(ref.jeffreys)('Jeffreys interval $x/$n as qbeta(x + ½, n − x + ½)', ({ x, n, lo, hi }) => {
    const ci = jeffreysInterval(x, n)
    close(ci?.[0], lo, 1e-8)
    close(ci?.[1], hi, 1e-8)
  })

  it.each(ref.shrinkage)('beta-binomial shrinkage $wins/$n toward $base with m = $m', (s) => {
    const r = shrinkTowardBaseRate(s.wins, s.n, s.base, s.m)
    close(r.estimate, s.estimate, 1e-12)
    close(r.ci95[0], s.lo, 1e-8)
    close(r.ci95[1], s.hi, 1e-8)
  })

  it('empirical-Bayes prior strength as optimize() on the marginal likelihood', () => {
    const { wins, n, base, m } = ref.prior_strength
    const groups = wins.map((w, i) => ({ wins: w, n: n[i] as number }))
    close(estimatePriorStrength(groups, base), m, 1e-5)
  })

  it.each(ref.kaplan_meier.map((k, i) => ({ ...k, i })))(
    'Kaplan-Meier data set $i as survfit + quantile',
    (k) => {
      const km = kaplanMeier(k.time, k.event)
      expect(km.steps.map((s) => s.time)).toEqual(k.t)
      expect(km.steps.map((s) => s.nRisk)).toEqual(k.n_risk)
      expect(km.steps.map((s) => s.nEvent)).toEqual(k.n_event)
      expect(km.steps.map((s) => s.nCensor)).toEqual(k.n_censor)
      km.steps.forEach((s, j) => {
        close(s.survival, k.surv[j], 1e-12)
        close(Number.isFinite(s.stdErr) ? s.stdErr : null, k.std_err[j], 1e-12)
        close(s.lower, k.lower[j], 1e-9)
        close(s.upper, k.upper[j], 1e-9)
      })
      close(km.median, k.median, 1e-12)
      close(km.medianCi95[0], k.median_lo, 1e-12)
      close(km.medianCi95[1], k.median_hi, 1e-12)
    },
  )

  it('log-rank test as survdiff, three groups and two', () => {
    const { time, event, group, group2 } = ref.log_rank
    const three = logRankTest(time, event, group)
    three.observed.forEach((o, i) => close(o, ref.log_rank.observed[i], 1e-12))
    three.expected.forEach((e, i) => close(e, ref.log_rank.expected[i], 1e-9))
    close(three.chisq, ref.log_rank.chisq, 1e-9)
    close(three.pValue, ref.log_rank.p, 1e-9)
    expect(three.df).toBe(2)
    const two = logRankTest(time, event, group2)
    close(two.chisq, ref.log_rank.chisq2, 1e-9)
    close(two.pValue, ref.log_rank.p2, 1e-9)
  })

  it('Cox proportional hazards as coxph(ties = "efron")', () => {
    const { time, event, x1, x2, x3 } = ref.cox
    const fit = fitCox(time, event, { x1, x2, x3 })
    if (fit.status !== 'ok') throw new Error(fit.reason)
    fit.coefficients.forEach((c, i) => {
      close(c.estimate, ref.cox.estimate[i], 1e-6)
      close(c.se, ref.cox.se[i], 1e-6)
    })
    close(fit.loglik[0], ref.cox.loglik[0], 1e-9)
    close(fit.loglik[1], ref.cox.loglik[1], 1e-9)
  })

  it.each(ref.firth.map((f, i) => ({ ...f, i })))('Firth logistic regression, data set $i', (f) => {
    const fit = fitFirthLogistic(f.y as (0 | 1)[], { x1: f.x1, x2: f.x2 })
    if (fit.status !== 'ok') throw new Error(fit.reason)
    fit.coefficients.forEach((c, i) => {
      close(c.estimate, f.estimate[i], 1e-6)
      close(c.se, f.se[i], 1e-6)
    })
    close(fit.penalizedLoglik, f.penalized, 1e-9)
  })

  it('Aalen-Johansen cumulative incidence as survfit(Surv(t, factor(status)))', () => {
    const { time, status } = ref.aalen_johansen
    const ci = cumulativeIncidence(time, status)
    expect(ci.causes).toEqual([1, 2])
    expect(ci.steps.map((s) => s.time)).toEqual(ref.aalen_johansen.t)
    ci.steps.forEach((s, j) => {
      close(s.incidence[0], ref.aalen_johansen.cif1[j], 1e-12)
      close(s.incidence[1], ref.aalen_johansen.cif2[j], 1e-12)
      close(s.survival, ref.aalen_johansen.surv[j], 1e-12)
    })
  })

  it('ROC AUC, Brier score, log loss and calibration bins', () => {
    const { y, p } = ref.metrics
    close(rocAuc(y, p), ref.metrics.auc, 1e-12)
    close(brierScore(y, p), ref.metrics.brier, 1e-12)
    close(logLoss(y, p), ref.metrics.log_loss, 1e-12)
    const bins = calibrationBins(y, p)
    expect(bins.map((b) => b.n)).toEqual(ref.metrics.cal_n)
    bins.forEach((b, i) => {
      close(b.meanPredicted, ref.metrics.cal_pred[i], 1e-12)
      close(b.observedRate, ref.metrics.cal_obs[i], 1e-12)
    })
  })

  it('quantile as R type 7', () => {
    const { x, p, q } = ref.quantile
    p.forEach((pi, i) => close(quantile(x, pi), q[i], 1e-12))
  })
})

describe('edge cases', () => {
  it('Firth stays finite under complete separation where plain ML diverges', () => {
    const fit = fitFirthLogistic([0, 0, 0, 1, 1, 1], { x: [1, 2, 3, 4, 5, 6] })
    expect(fit.status).toBe('ok')
    if (fit.status === 'ok') expect(Number.isFinite(fit.coefficients[1]?.estimate)).toBe(true)
  })
  it('AUC is null with one class', () => expect(rocAuc([1, 1], [0.2, 0.4])).toBeNull())
  it('Kaplan-Meier median is null when the curve never reaches one half', () => {
    expect(kaplanMeier([1, 2, 3, 4], [1, 0, 0, 0]).median).toBeNull()
  })
})
