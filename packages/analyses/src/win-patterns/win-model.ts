/**
 * The win model on its own: the win-patterns logistic model (L2, indicator
 * design) fitted on training deals and applied to every deal, for scoring
 * held-out deals (and, later, forecasts). Numeric bins are cut on every
 * deal's values (no outcomes are used for that); the fit uses training deals only.
 */
import type { DealOutcomeInputs } from '@revlab/domain'
import { fitLogistic, type Coefficient } from '@revlab/stats'
import { buildDealTable } from './deal-table.js'
import { designColumns } from './design.js'

export type WinModel =
  | { status: 'ok'; coefficients: Coefficient[]; probabilities: Float64Array; trainRows: number }
  | { status: 'insufficient-data'; reason: string }

/** A column's values at the rows `idx`, one byte each (a loop: `Uint8Array.from` with a map function is slow). */
function rowsOf(values: ArrayLike<number>, idx: Int32Array): Uint8Array {
  const out = new Uint8Array(idx.length)
  for (let j = 0; j < idx.length; j++) out[j] = values[idx[j] as number] as number
  return out
}

export function fitWinModel(
  inputs: DealOutcomeInputs,
  options: { l2?: number; train?: (index: number) => boolean } = {},
): WinModel {
  const table = buildDealTable(inputs)
  const train = options.train ?? (() => true)
  const trainIdx = Int32Array.from(
    Array.from({ length: table.n }, (_, i) => i).filter((i) => table.closed[i] === 1 && train(i)),
  )
  const columns = designColumns(table, trainIdx, new Map(), 10)
  const won = new Array<boolean>(trainIdx.length)
  for (let j = 0; j < trainIdx.length; j++) won[j] = table.won[trainIdx[j] as number] === 1
  const fit = fitLogistic(won, Object.fromEntries(columns.map((c) => [c.term, rowsOf(c.values, trainIdx)])), {
    l2: options.l2 ?? 1,
  })
  if (fit.status !== 'ok') return { status: 'insufficient-data', reason: fit.reason }
  const beta = new Map(fit.coefficients.map((c) => [c.name, c.estimate]))
  const eta = new Float64Array(table.n).fill(beta.get('(Intercept)') ?? 0)
  for (const col of columns) {
    const b = beta.get(col.term) ?? 0
    for (let i = 0; i < table.n; i++)
      if (col.values[i] !== 0) eta[i] = (eta[i] as number) + b * (col.values[i] as number)
  }
  return {
    status: 'ok',
    coefficients: fit.coefficients,
    probabilities: eta.map((e) => 1 / (1 + Math.exp(-e))),
    trainRows: trainIdx.length,
  }
}
