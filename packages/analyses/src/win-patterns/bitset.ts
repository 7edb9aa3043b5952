/** Dense bitsets over closed deals, for counting combination support fast. */
export const popcount32 = (v: number): number => {
  v -= (v >>> 1) & 0x55555555
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

export function toBitset(flags: ArrayLike<number>, positions: Int32Array): Uint32Array {
  const bits = new Uint32Array(Math.ceil(positions.length / 32))
  positions.forEach((deal, pos) => {
    if (flags[deal] === 1) bits[pos >>> 5] = (bits[pos >>> 5] as number) | (1 << (pos & 31))
  })
  return bits
}

export function countAnd(a: Uint32Array, b: Uint32Array, c?: Uint32Array, d?: Uint32Array): number {
  let count = 0
  for (let w = 0; w < a.length; w++) {
    let v = (a[w] as number) & (b[w] as number)
    if (c) v &= c[w] as number
    if (d) v &= d[w] as number
    if (v !== 0) count += popcount32(v)
  }
  return count
}

export function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length)
  for (let w = 0; w < a.length; w++) out[w] = (a[w] as number) & (b[w] as number)
  return out
}
