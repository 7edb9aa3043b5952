/**
 * A seeded pseudo-random number generator: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, 128-bit state, passes PractRand/BigCrush),
 * seeded through splitmix32 so that nearby seeds (1, 2, 3…) give unrelated
 * streams. Analyses and generators take an `Rng` instead of calling
 * `Math.random()`, so every result can be reproduced from its seed.
 */

export type Rng = {
  /** The seed this generator was created from. */
  readonly seed: number
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number
  /** Uniform in [lo, hi). */
  float(lo: number, hi: number): number
  normal(mean?: number, sd?: number): number
  /** exp(Normal(mu, sigma)): `mu` and `sigma` are on the log scale. */
  logNormal(mu: number, sigma: number): number
  poisson(mean: number): number
  exponential(rate: number): number
  bernoulli(p: number): boolean
  pick<T>(items: readonly T[]): T
  weighted<T>(items: readonly T[], weights: readonly number[]): T
  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[]
  /** `count` distinct items in random order (all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[]
  /** An independent child generator, derived from this generator's seed and a label (not from its position). */
  fork(label: string | number): Rng
}

const UINT32 = 4294967296

/** FNV-1a, 32-bit: turns a label into a number for seed derivation. */
export const hashString = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** splitmix32's finalizer: a bijective 32-bit mix with good avalanche. */
export const mix32 = (value: number): number => {
  let z = (value + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}

/** A child seed that depends only on the parent seed and the label, so sub-streams stay stable when others change. */
export const deriveSeed = (seed: number, label: string | number): number =>
  mix32(
    (mix32(seed >>> 0) ^ (typeof label === 'number' ? mix32(label + 0x632be5ab) : hashString(label))) >>> 0,
  )

// Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let sum = LANCZOS[0] ?? 0
  for (let i = 1; i < 9; i += 1) sum += (LANCZOS[i] ?? 0) / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

export const createRng = (seed: number): Rng => {
  const normalizedSeed = seed >>> 0
  // splitmix32 expands the 32-bit seed into sfc32's 128-bit state.
  let sm = normalizedSeed
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0
    let z = sm
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
    return (z ^ (z >>> 15)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = 1
  const sfc32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Discard the first outputs: sfc32 recommends a short warm-up.
  for (let i = 0; i < 12; i += 1) sfc32()

  const next = (): number => sfc32() / UINT32

  // Box–Muller yields two normals per pair of uniforms; keep the spare.
  let spare: number | null = null
  const standardNormal = (): number => {
    if (spare !== null) {
      const value = spare
      spare = null
      return value
    }
    let u = next()
    while (u === 0) u = next()
    const v = next()
    const radius = Math.sqrt(-2 * Math.log(u))
    spare = radius * Math.sin(2 * Math.PI * v)
    return radius * Math.cos(2 * Math.PI * v)
  }

  const poisson = (mean: number): number => {
    if (!(mean > 0)) return 0
    if (mean < 30) {
      // Knuth: count uniforms until their product drops below e^-mean.
      const limit = Math.exp(-mean)
      let count = 0
      let product = next()
      while (product > limit) {
        count += 1
        product *= next()
      }
      return count
    }
    // Hörmann (1993) PTRS: transformed rejection with squeeze, exact for mean >= 10.
    const sqrtMean = Math.sqrt(mean)
    const logMean = Math.log(mean)
    const bb = 0.931 + 2.53 * sqrtMean
    const aa = -0.059 + 0.02483 * bb
    const invAlpha = 1.1239 + 1.1328 / (bb - 3.4)
    const vr = 0.9277 - 3.6224 / (bb - 2)
    for (;;) {
      const u = next() - 0.5
      const v = next()
      const us = 0.5 - Math.abs(u)
      const k = Math.floor(((2 * aa) / us + bb) * u + mean + 0.43)
      if (us >= 0.07 && v <= vr) return k
      if (k < 0 || (us < 0.013 && v > us)) continue
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(aa / (us * us) + bb) <=
        -mean + k * logMean - logGamma(k + 1)
      ) {
        return k
      }
    }
  }

  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1))

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick: no items to pick from')
    return items[Math.floor(next() * items.length)] as T
  }

  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = items.slice()
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1))
      const tmp = copy[i] as T
      copy[i] = copy[j] as T
      copy[j] = tmp
    }
    return copy
  }

  return {
    seed: normalizedSeed,
    next,
    int,
    float: (lo, hi) => lo + next() * (hi - lo),
    normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
    logNormal: (mu, sigma) => Math.exp(mu + sigma * standardNormal()),
    poisson,
    exponential: (rate) => -Math.log(1 - next()) / rate,
    bernoulli: (p) => next() < p,
    pick,
    weighted: <T>(items: readonly T[], weights: readonly number[]): T => {
      if (items.length === 0 || items.length !== weights.length) {
        throw new Error('weighted: items and weights must be non-empty and the same length')
      }
      let total = 0
      for (const weight of weights) total += weight
      let target = next() * total
      for (let i = 0; i < items.length; i += 1) {
        target -= weights[i] ?? 0
        if (target < 0) return items[i] as T
      }
      return items[items.length - 1] as T
    },
    shuffle,
    sample: <T>(items: readonly T[], count: number): T[] => shuffle(items).slice(0, Math.max(0, count)),
    fork: (label) => createRng(deriveSeed(normalizedSeed, label)),
  }
}
