/**
 * Dense bitsets over closed deals, for counting combination support fast.
 * Bits are counted 16 at a time from a table (two loads per 32-bit word),
 * which is several times faster in V8 than the shift-and-mask popcount.
 */
const POP16 = (() => {
  const t = new Uint8Array(65536)
  for (let i = 1; i < 65536; i++) t[i] = (t[i >>> 1] as number) + (i & 1)
  return t
})()

export const popcount32 = (v: number): number =>
  (POP16[v & 0xffff] as number) + (POP16[(v >>> 16) & 0xffff] as number)

/** Bit r is set where flags[positions[r]] is 1. */
export function toBitset(flags: ArrayLike<number>, positions: Int32Array): Uint32Array {
  const bits = new Uint32Array(Math.ceil(positions.length / 32))
  for (let pos = 0; pos < positions.length; pos++)
    if (flags[positions[pos] as number] === 1)
      bits[pos >>> 5] = (bits[pos >>> 5] as number) | (1 << (pos & 31))
  return bits
}

/** Set bits. */
export function count(a: Uint32Array): number {
  let n = 0
  for (let w = 0; w < a.length; w++) n += popcount32(a[w] as number)
  return n
}

export function countAnd(a: Uint32Array, b: Uint32Array, c?: Uint32Array, d?: Uint32Array): number {
  let n = 0
  for (let w = 0; w < a.length; w++) {
    let v = (a[w] as number) & (b[w] as number)
    if (c) v &= c[w] as number
    if (d) v &= d[w] as number
    n += popcount32(v)
  }
  return n
}

/**
 * Into `out`: the bits of `a & b` and their count and, among them, the count
 * of those also in `wins` (one pass for a combination's n and wins).
 */
export function andCounts(
  a: Uint32Array,
  b: Uint32Array,
  wins: Uint32Array,
  out: Uint32Array,
): { n: number; wins: number } {
  let n = 0
  let w = 0
  for (let k = 0; k < a.length; k++) {
    const v = (a[k] as number) & (b[k] as number)
    out[k] = v
    n += (POP16[v & 0xffff] as number) + (POP16[v >>> 16] as number)
    const u = v & (wins[k] as number)
    w += (POP16[u & 0xffff] as number) + (POP16[u >>> 16] as number)
  }
  return { n, wins: w }
}

/** The count of `a & b`, and of `a & b & wins`, packed as n · 2²⁶ + wins (both < 2²⁶). */
export function countAndWins(a: Uint32Array, b: Uint32Array, wins: Uint32Array): number {
  let n = 0
  let w = 0
  for (let k = 0; k < a.length; k++) {
    const v = (a[k] as number) & (b[k] as number)
    n += (POP16[v & 0xffff] as number) + (POP16[v >>> 16] as number)
    const u = v & (wins[k] as number)
    w += (POP16[u & 0xffff] as number) + (POP16[u >>> 16] as number)
  }
  return n * 67108864 + w
}

export function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length)
  for (let w = 0; w < a.length; w++) out[w] = (a[w] as number) & (b[w] as number)
  return out
}

/**
 * Set bits of `bits` in each range [starts[k], starts[k + 1]) of bit positions
 * (ascending starts), into out[k]: per-day tallies when the bits follow the
 * deals in time order.
 */
export function countPerRange(bits: Uint32Array, starts: Int32Array, out: Float64Array): Float64Array {
  for (let k = 0; k + 1 < starts.length; k++) {
    const a = starts[k] as number
    const b = starts[k + 1] as number
    if (a >= b) {
      out[k] = 0
      continue
    }
    const wa = a >>> 5
    const wb = (b - 1) >>> 5
    // Bits from a's position up in its word, and up to b − 1's position in the last word.
    const head = -1 << (a & 31)
    const tail = -1 >>> (31 - ((b - 1) & 31))
    let n: number
    if (wa === wb) n = popcount32((bits[wa] as number) & head & tail)
    else {
      n = popcount32((bits[wa] as number) & head)
      for (let w = wa + 1; w < wb; w++) n += popcount32(bits[w] as number)
      n += popcount32((bits[wb] as number) & tail)
    }
    out[k] = n
  }
  return out
}
