import { describe, expect, it } from 'vitest'
import { bootstrap, monteCarlo } from './index.js'

describe('seeded resampling', () => {
  const data = Array.from({ length: 200 }, (_, i) => (i * 37) % 101)
  const mean = (idx: Int32Array): number => idx.reduce((s, i) => s + (data[i] as number), 0) / idx.length

  it('bootstrap is reproducible from its seed and brackets the estimate', () => {
    const a = bootstrap(data.length, mean, { replicates: 400, seed: 7 })
    const b = bootstrap(data.length, mean, { replicates: 400, seed: 7 })
    expect(a).toEqual(b)
    expect(a.ci95[0]).toBeLessThan(a.estimate)
    expect(a.ci95[1]).toBeGreaterThan(a.estimate)
    // The percentile interval of a mean is close to ±1.96 standard errors.
    const sd = Math.sqrt(data.reduce((s, x) => s + (x - a.estimate) ** 2, 0) / data.length)
    expect(a.ci95[1] - a.ci95[0]).toBeCloseTo((2 * 1.96 * sd) / Math.sqrt(data.length), -0.5)
  })

  it('Monte Carlo quantiles of a known distribution', () => {
    const mc = monteCarlo((rng) => rng.normal(10, 2), { replicates: 40_000, seed: 3 })
    expect(mc.p50).toBeCloseTo(10, 1)
    expect(mc.p10).toBeCloseTo(10 - 1.2816 * 2, 1)
    expect(mc.p90).toBeCloseTo(10 + 1.2816 * 2, 1)
    expect(monteCarlo((rng) => rng.next(), { replicates: 10, seed: 3 }).draws).toEqual(
      monteCarlo((rng) => rng.next(), { replicates: 10, seed: 3 }).draws,
    )
  })
})
