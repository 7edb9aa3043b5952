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

/**
 * Rows of a design matrix in compressed sparse form (indicator designs are
 * mostly zeros): row r's columns are `index[rowStart[r] … rowStart[r + 1] − 1]`,
 * in increasing order, with their values in `value` — or no `value` array
 * (null) when every stored value is 1, an indicator design, which saves the
 * memory and lets loops skip the multiplications. Column numbers are stored
 * in the smallest array that holds them (bytes up to 256 columns).
 */
export type SparseIndex = Uint8Array | Uint16Array | Int32Array
export type SparseRows = { rowStart: Int32Array; index: SparseIndex; value: Float64Array | null }

/**
 * Builds sparse rows from columns, with an optional leading intercept column
 * of ones and optional per-column offsets subtracted (for centering). Columns
 * are read as Uint8Array (indicators, as they come) or Float64Array (anything
 * else is copied into one), so that the loops below see two array kinds only.
 */
export function toSparseRows(
  columns: readonly ArrayLike<number>[],
  n: number,
  options: { intercept?: boolean; offsets?: readonly number[]; rowOrder?: ArrayLike<number> } = {},
): SparseRows {
  const shift = options.intercept ? 1 : 0
  const cols = columns.map((col, j) => inRowOrder(col, n, options.offsets?.[j] ?? 0, options.rowOrder))
  const rowStart = new Int32Array(n + 1)
  for (let r = 0; r < n; r++) rowStart[r + 1] = shift
  let ones = true
  for (const col of cols) {
    const allOne = col instanceof Uint8Array ? countNonZeroU8(col, rowStart) : countNonZeroF64(col, rowStart)
    if (!allOne) ones = false
  }
  for (let r = 0; r < n; r++) rowStart[r + 1] = (rowStart[r + 1] as number) + (rowStart[r] as number)
  const total = rowStart[n] as number
  const width = cols.length + shift
  const index =
    width <= 0x100 ? new Uint8Array(total) : width <= 0x10000 ? new Uint16Array(total) : new Int32Array(total)
  const value = ones ? null : new Float64Array(total)
  // Column by column, rowStart[r] as row r's next free slot (rows list their columns in increasing
  // order); afterwards rowStart[r] has moved to where row r + 1 starts, and is shifted back.
  if (shift) {
    for (let r = 0; r < n; r++) {
      const at = rowStart[r] as number
      if (value) value[at] = 1
      rowStart[r] = at + 1
    }
  }
  cols.forEach((col, j) => {
    if (col instanceof Uint8Array) fillU8(col, j + shift, rowStart, index, value)
    else fillF64(col, j + shift, rowStart, index, value)
  })
  rowStart.copyWithin(1, 0, n)
  rowStart[0] = 0
  return { rowStart, index, value }
}

/** A column with its offset subtracted, in row order, as Uint8Array (when it already is one, offset 0) or Float64Array. */
function inRowOrder(
  col: ArrayLike<number>,
  n: number,
  offset: number,
  order: ArrayLike<number> | undefined,
): Uint8Array | Float64Array {
  if (!order && offset === 0 && (col instanceof Uint8Array || col instanceof Float64Array)) return col
  const out = new Float64Array(n)
  for (let r = 0; r < n; r++) out[r] = (col[order ? (order[r] as number) : r] as number) - offset
  return out
}

/** Adds each row's non-zero count (at r + 1); true when every non-zero value is 1. */
function countNonZeroU8(col: Uint8Array, rowStart: Int32Array): boolean {
  let other = 0
  for (let r = 0; r < col.length; r++) {
    const v = col[r] as number
    rowStart[r + 1] = (rowStart[r + 1] as number) + (v !== 0 ? 1 : 0)
    other |= v & 0xfe
  }
  return other === 0
}

function countNonZeroF64(col: Float64Array, rowStart: Int32Array): boolean {
  let ones = true
  for (let r = 0; r < col.length; r++) {
    const v = col[r] as number
    if (v === 0) continue
    rowStart[r + 1] = (rowStart[r + 1] as number) + 1
    if (v !== 1) ones = false
  }
  return ones
}

/** Writes a column's non-zero entries into their rows (their values too, unless `value` is null). */
function fillU8(
  col: Uint8Array,
  j: number,
  fill: Int32Array,
  index: SparseIndex,
  value: Float64Array | null,
): void {
  for (let r = 0; r < col.length; r++) {
    const v = col[r] as number
    if (v === 0) continue
    const at = fill[r] as number
    index[at] = j
    if (value) value[at] = v
    fill[r] = at + 1
  }
}

function fillF64(
  col: Float64Array,
  j: number,
  fill: Int32Array,
  index: SparseIndex,
  value: Float64Array | null,
): void {
  for (let r = 0; r < col.length; r++) {
    const v = col[r] as number
    if (v === 0) continue
    const at = fill[r] as number
    index[at] = j
    if (value) value[at] = v
    fill[r] = at + 1
  }
}
