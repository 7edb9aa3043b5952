/** The forecast's demo-verify checks on hand-made backtest summaries with known answers. */
import { describe, expect, it } from 'vitest'
import type { Forecast } from '@revlab/domain'
import { calibrationError, calibrationNoise, verifyForecast } from './verify-forecast.js'

const bin = (n: number, meanPredicted: number, observed: number) => ({
  lo: 0,
  hi: 1,
  n,
  mean_predicted: meanPredicted,
  observed_rate: observed,
  ci95: [0, 1] as [number, number],
})

const forecastWith = (over: {
  model: ReturnType<typeof bin>[]
  baseline: ReturnType<typeof bin>[]
  modelBrier: number
  baselineBrier: number
  covered: boolean[]
}): Forecast =>
  ({
    backtest: {
      periods: over.covered.map((covered, i) => ({
        period: `2025-Q${i + 1}`,
        open_deals: 100,
        model: { covered },
      })),
      summary: {
        periods: over.covered.length,
        model_brier: over.modelBrier,
        baseline_brier: over.baselineBrier,
        p10_p90_coverage: over.covered.filter(Boolean).length / over.covered.length,
      },
      calibration: { model: over.model, baseline: over.baseline },
    },
  }) as unknown as Forecast

describe('forecast checks for demo verify', () => {
  it('computes the calibration error and what chance alone gives', () => {
    // (100·|0.1−0.2| + 300·|0.5−0.4|) / 400 = 0.1
    expect(calibrationError([bin(100, 0.1, 0.2), bin(300, 0.5, 0.4)])).toBeCloseTo(0.1, 12)
    expect(calibrationError([])).toBeNull()
    // √(2/π)·√(0.25/100) = 0.03989…
    expect(calibrationNoise([bin(100, 0.5, 0.5)])).toBeCloseTo(Math.sqrt(2 / Math.PI) * 0.05, 12)
  })

  it('passes when the model beats or matches the baseline and fails when it does not', () => {
    const good = verifyForecast(
      forecastWith({
        model: [bin(100, 0.5, 0.52)],
        baseline: [bin(100, 0.5, 0.55)],
        modelBrier: 0.12,
        baselineBrier: 0.124,
        covered: [true, true, false],
      }),
    )
    expect(good.map((c) => [c.key, c.covered])).toEqual([
      ['forecast:backtest_brier', true],
      ['forecast:backtest_calibration', true],
      ['forecast:p10_p90_coverage', true],
    ])
    const bad = verifyForecast(
      forecastWith({
        // 0.2 off, beyond baseline 0.01 + chance 0.04.
        model: [bin(100, 0.5, 0.7)],
        baseline: [bin(100, 0.5, 0.51)],
        modelBrier: 0.2,
        baselineBrier: 0.12,
        covered: [true, false, false],
      }),
    )
    expect(bad.map((c) => c.covered)).toEqual([false, false, false])
  })
})
