/**
 * The sparse, indicator-only paths of the Cox and logistic fits against R
 * (fixtures/make-indicator-models-reference.R wrote
 * fixtures/indicator-models-reference.json: 600 rows, four 0/1 terms, 46
 * distinct whole-day times, so most event times are tied): coxph(ties =
 * "efron") and glm(binomial) on the event rows. Tolerance 1e-6 for the
 * iterative fits, 1e-9 for log-likelihoods and deviance. Also the sparse-row
 * layout itself and ROC AUC with tied scores.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fitCox, fitCoxRows, fitLogistic, fitLogisticRows, rocAuc, timeSlots, toSparseRows } from './index.js'

type Reference = {
  time: number[]
  event: number[]
  won: number[]
  a: number[]
  b: number[]
  c1: number[]
  c2: number[]
  cox: { estimate: number[]; se: number[]; loglik: number[] }
  logistic: { estimate: number[]; se: number[]; deviance: number }
}
const ref = JSON.parse(
  fs.readFileSync(new URL('../fixtures/indicator-models-reference.json', import.meta.url), 'utf8'),
) as Reference

const close = (actual: number, expected: number, tol: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)))
}
const terms = ['a', 'b', 'c1', 'c2'] as const
const columns = Object.fromEntries(terms.map((t) => [t, Uint8Array.from(ref[t])]))

describe('sparse indicator designs against R', () => {
  it('toSparseRows keeps indicators as column numbers only, rows in increasing column order', () => {
    const rows = toSparseRows(Object.values(columns), ref.time.length)
    expect(rows.value).toBeNull()
    expect(rows.index).toBeInstanceOf(Uint8Array)
    for (let r = 0; r < 20; r++) {
      const expected = terms.flatMap((t, j) => (ref[t][r] === 1 ? [j] : []))
      expect(Array.from(rows.index.subarray(rows.rowStart[r], rows.rowStart[r + 1]))).toEqual(expected)
    }
    const withNumber = toSparseRows([Uint8Array.from([0, 1, 1, 0]), [0, 2.5, 0, -1]], 4, { intercept: true })
    expect(Array.from(withNumber.rowStart)).toEqual([0, 1, 4, 6, 8])
    expect(Array.from(withNumber.index)).toEqual([0, 0, 1, 2, 0, 1, 0, 2])
    expect(Array.from(withNumber.value ?? [])).toEqual([1, 1, 1, 2.5, 1, 1, 1, -1])
  })

  it('Cox, Efron ties, as coxph: from columns, and from sparse rows with the caller’s time slots', () => {
    const fromColumns = fitCox(ref.time, ref.event, columns)
    const rows = toSparseRows(Object.values(columns), ref.time.length)
    const fromRows = fitCoxRows(ref.time, ref.event, terms, rows, { timeSlots: timeSlots(ref.time) })
    for (const fit of [fromColumns, fromRows]) {
      if (fit.status !== 'ok') throw new Error(fit.reason)
      fit.coefficients.forEach((c, i) => {
        close(c.estimate, ref.cox.estimate[i] as number, 1e-6)
        close(c.se, ref.cox.se[i] as number, 1e-6)
      })
      close(fit.loglik[0], ref.cox.loglik[0] as number, 1e-9)
      close(fit.loglik[1], ref.cox.loglik[1] as number, 1e-9)
    }
  })

  it('logistic regression as glm on a subset of the rows of one design', () => {
    const eventRows = Int32Array.from(
      ref.event.flatMap((e, i) => (e === 1 ? [i] : [])),
      (i) => i,
    )
    const y = Array.from(eventRows, (i) => ref.won[i] === 1)
    const subset = Object.fromEntries(
      terms.map((t) => [t, Array.from(eventRows, (i) => ref[t][i] as number)]),
    )
    const rows = toSparseRows(Object.values(columns), ref.time.length)
    const fits = [
      fitLogistic(y, subset),
      fitLogisticRows(
        Uint8Array.from(y, (v) => (v ? 1 : 0)),
        terms,
        rows,
        { rows: eventRows },
      ),
    ]
    for (const fit of fits) {
      if (fit.status !== 'ok') throw new Error(fit.reason)
      fit.coefficients.forEach((c, i) => {
        close(c.estimate, ref.logistic.estimate[i] as number, 1e-6)
        close(c.se, ref.logistic.se[i] as number, 1e-6)
      })
      close(fit.deviance, ref.logistic.deviance, 1e-9)
    }
  })

  it('ROC AUC with tied scores counts ties half (Mann-Whitney with average ranks)', () => {
    const y = [1, 0, 1, 0, 1, 0, 0, 1]
    const score = [0.9, 0.9, 0.5, 0.5, 0.5, 0.1, -0, 0]
    // Pairs: positive above negative 1, tie ½.
    let sum = 0
    let pairs = 0
    y.forEach((yi, i) =>
      y.forEach((yj, j) => {
        if (yi !== 1 || yj !== 0) return
        pairs++
        sum += (score[i] as number) > (score[j] as number) ? 1 : score[i] === score[j] ? 0.5 : 0
      }),
    )
    expect(rocAuc(y, score)).toBe(sum / pairs)
    expect(rocAuc(y, [NaN, ...score.slice(1)])).toBeNull()
  })
})
