/** Small dense matrices as arrays of rows: enough for regression normal equations. */
export type Matrix = number[][]

/** Inverse of a symmetric positive-definite matrix by Cholesky; null when singular. */
export function invertSymmetric(a: Matrix): Matrix | null {
  const n = a.length
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[]
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[]
      let sum = (a[i] as number[])[j] as number
      for (let k = 0; k < j; k++) sum -= (li[k] as number) * (lj[k] as number)
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs((a[i] as number[])[i] as number)))) return null
        li[i] = Math.sqrt(sum)
      } else {
        li[j] = sum / (lj[j] as number)
      }
    }
  }
  // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    const row = inv[i] as number[]
    row[i] = 1 / ((l[i] as number[])[i] as number)
    for (let j = 0; j < i; j++) {
      let sum = 0
      for (let k = j; k < i; k++)
        sum -= ((l[i] as number[])[k] as number) * ((inv[k] as number[])[j] as number)
      row[j] = sum / ((l[i] as number[])[i] as number)
    }
  }
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0
      for (let k = i; k < n; k++)
        sum += ((inv[k] as number[])[i] as number) * ((inv[k] as number[])[j] as number)
      ;(out[i] as number[])[j] = sum
      ;(out[j] as number[])[i] = sum
    }
  }
  return out
}

export function multiplyVector(a: Matrix, v: readonly number[]): number[] {
  return a.map((row) => row.reduce((s, x, j) => s + x * (v[j] as number), 0))
}

/** Rows of a design matrix in compressed sparse form (indicator designs are mostly zeros). */
export type SparseRows = { rowStart: Int32Array; index: Int32Array; value: Float64Array }

/**
 * Builds sparse rows from columns, column by column (sequential reads), with
 * an optional leading intercept column of ones and optional per-column
 * offsets subtracted (for centering).
 */
export function toSparseRows(
  columns: readonly ArrayLike<number>[],
  n: number,
  options: { intercept?: boolean; offsets?: readonly number[]; rowOrder?: ArrayLike<number> } = {},
): SparseRows {
  const shift = options.intercept ? 1 : 0
  const offsets = options.offsets ?? columns.map(() => 0)
  const order = options.rowOrder
  const counts = new Int32Array(n + 1)
  for (let r = 0; r < n; r++) counts[r + 1] = shift
  columns.forEach((col, j) => {
    const off = offsets[j] as number
    for (let r = 0; r < n; r++) {
      const i = order ? (order[r] as number) : r
      if ((col[i] as number) - off !== 0) counts[r + 1] = (counts[r + 1] as number) + 1
    }
  })
  for (let r = 0; r < n; r++) counts[r + 1] = (counts[r + 1] as number) + (counts[r] as number)
  const rowStart = counts
  const total = rowStart[n] as number
  const index = new Int32Array(total)
  const value = new Float64Array(total)
  const fill = Int32Array.from(rowStart.subarray(0, n))
  if (shift) {
    for (let r = 0; r < n; r++) {
      const at = fill[r] as number
      index[at] = 0
      value[at] = 1
      fill[r] = at + 1
    }
  }
  columns.forEach((col, j) => {
    const off = offsets[j] as number
    for (let r = 0; r < n; r++) {
      const i = order ? (order[r] as number) : r
      const v = (col[i] as number) - off
      if (v !== 0) {
        const at = fill[r] as number
        index[at] = j + shift
        value[at] = v
        fill[r] = at + 1
      }
    }
  })
  return { rowStart, index, value }
}
