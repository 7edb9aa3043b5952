import { describe, expect, it } from 'vitest'
import { createRng, deriveSeed } from './random.js'

const draws = (n: number, draw: () => number): number[] => Array.from({ length: n }, draw)

const meanOf = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length

const varianceOf = (values: number[]): number => {
  const mean = meanOf(values)
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1)
}

describe('createRng', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRng(42)
    const b = createRng(42)
    expect(draws(1000, () => a.next())).toEqual(draws(1000, () => b.next()))
  })

  it('gives different sequences for neighbouring seeds', () => {
    const a = draws(10, () => createRng(1).next())
    const first = createRng(1)
    const second = createRng(2)
    expect(draws(10, () => first.next())).not.toEqual(draws(10, () => second.next()))
    expect(a.every((v) => v === a[0])).toBe(true)
  })

  it('keeps next() in [0, 1) with a uniform mean and variance', () => {
    const rng = createRng(7)
    const values = draws(100_000, () => rng.next())
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    expect(meanOf(values)).toBeCloseTo(0.5, 2)
    expect(varianceOf(values)).toBeCloseTo(1 / 12, 2)
  })

  it('keeps int(lo, hi) inclusive and hits every value', () => {
    const rng = createRng(3)
    const values = draws(10_000, () => rng.int(-2, 3))
    expect(new Set(values)).toEqual(new Set([-2, -1, 0, 1, 2, 3]))
  })

  it.each([
    [0, 1],
    [10, 2.5],
    [-4, 0.1],
  ])('normal(%s, %s) has that mean and sd over 100k draws', (mean, sd) => {
    const rng = createRng(11)
    const values = draws(100_000, () => rng.normal(mean, sd))
    expect(Math.abs(meanOf(values) - mean)).toBeLessThan((4 * sd) / Math.sqrt(100_000))
    expect(Math.sqrt(varianceOf(values)) / sd).toBeGreaterThan(0.985)
    expect(Math.sqrt(varianceOf(values)) / sd).toBeLessThan(1.015)
  })

  it.each([0.5, 3.2, 12, 45, 400])('poisson(%s) has mean = variance = %s over 100k draws', (mean) => {
    const rng = createRng(5)
    const values = draws(100_000, () => rng.poisson(mean))
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true)
    expect(Math.abs(meanOf(values) - mean)).toBeLessThan(4 * Math.sqrt(mean / 100_000))
    expect(varianceOf(values) / mean).toBeGreaterThan(0.97)
    expect(varianceOf(values) / mean).toBeLessThan(1.03)
  })

  it('matches the Poisson probability of zero for a small mean', () => {
    const rng = createRng(9)
    const zeros = draws(100_000, () => rng.poisson(1.5)).filter((v) => v === 0).length / 100_000
    expect(zeros).toBeCloseTo(Math.exp(-1.5), 2)
  })

  it('has the log-normal median exp(mu)', () => {
    const rng = createRng(13)
    const values = draws(100_001, () => rng.logNormal(Math.log(80), 0.5)).sort((x, y) => x - y)
    expect(values[50_000]).toBeGreaterThan(79)
    expect(values[50_000]).toBeLessThan(81)
  })

  it('draws bernoulli(p) at rate p', () => {
    const rng = createRng(17)
    const rate = draws(100_000, () => (rng.bernoulli(0.3) ? 1 : 0)).reduce((s, v) => s + v, 0) / 100_000
    expect(rate).toBeCloseTo(0.3, 2)
  })

  it('picks, weighs, shuffles and samples without losing items', () => {
    const rng = createRng(19)
    const items = ['a', 'b', 'c', 'd', 'e']
    expect(items).toContain(rng.pick(items))
    expect(rng.shuffle(items).slice().sort()).toEqual(items)
    const sampled = rng.sample(items, 3)
    expect(new Set(sampled).size).toBe(3)
    const heavy = draws(10_000, () => (rng.weighted(['x', 'y'], [9, 1]) === 'x' ? 1 : 0))
    expect(meanOf(heavy)).toBeCloseTo(0.9, 1)
    expect(() => rng.pick([])).toThrow()
  })

  it('forks children that depend on the label, not on how far the parent has run', () => {
    const parent = createRng(23)
    const early = parent.fork('deals').next()
    parent.next()
    parent.next()
    expect(parent.fork('deals').next()).toBe(early)
    expect(parent.fork('calls').next()).not.toBe(early)
    expect(deriveSeed(23, 'deals')).toBe(deriveSeed(23, 'deals'))
    expect(deriveSeed(23, 1)).not.toBe(deriveSeed(23, 2))
  })
})
