/**
 * The forecast's checks for `revlab demo verify`: on the demo company the
 * point-in-time backtest must beat or match the CRM's stage probabilities on
 * Brier score and on calibration, and the model's P10–P90 must hold what
 * actually closed in most backtest quarters.
 */
import type { Forecast } from '@revlab/domain'
import type { EffectCheck } from './types.js'

/** Expected calibration error: the deal-weighted mean |predicted − observed| over the bins. */
export function calibrationError(bins: Forecast['backtest']['calibration']['model']): number | null {
  const n = bins.reduce((s, b) => s + b.n, 0)
  if (n === 0) return null
  return bins.reduce((s, b) => s + b.n * Math.abs(b.mean_predicted - b.observed_rate), 0) / n
}

/**
 * The calibration error a perfectly calibrated forecast would still show by
 * chance on these bins: Σ (n_b / N) · E|observed − p_b| with the observed rate
 * ~ Binomial(n_b, p_b) / n_b, approximated by √(2/π) · √(p_b (1 − p_b) / n_b).
 */
export function calibrationNoise(bins: Forecast['backtest']['calibration']['model']): number {
  const n = bins.reduce((s, b) => s + b.n, 0)
  if (n === 0) return 0
  return bins.reduce(
    (s, b) =>
      s + (b.n / n) * Math.sqrt(2 / Math.PI) * Math.sqrt((b.mean_predicted * (1 - b.mean_predicted)) / b.n),
    0,
  )
}

/** "Matches" on Brier allows this much above the baseline. */
export const BRIER_TOLERANCE = 0.005
/** "Most" backtest quarters. */
export const MIN_COVERAGE = 0.5

export function verifyForecast(forecast: Forecast): EffectCheck[] {
  const s = forecast.backtest.summary
  const periods = forecast.backtest.periods
  const deals = periods.reduce((n, p) => n + p.open_deals, 0)
  const modelEce = calibrationError(forecast.backtest.calibration.model)
  const baselineEce = calibrationError(forecast.backtest.calibration.baseline)
  const noise = calibrationNoise(forecast.backtest.calibration.model)
  const covered = periods.filter((p) => p.model.covered).length
  return [
    {
      key: 'forecast:backtest_brier',
      description:
        "The backtest's Brier score (deals won within the quarter) beats or matches the stage baseline's.",
      metric: 'brier_score (planted = the stage baseline to beat)',
      planted: round(s.baseline_brier ?? NaN),
      estimate: s.model_brier,
      ci95: null,
      covered:
        s.model_brier !== null &&
        s.baseline_brier !== null &&
        s.model_brier <= s.baseline_brier + BRIER_TOLERANCE,
      method: `forecast backtest over ${s.periods} quarters, each as of its first day`,
      n: deals,
    },
    {
      key: 'forecast:backtest_calibration',
      description: "The backtest's calibration error beats or matches the stage baseline's.",
      metric: 'expected_calibration_error (planted = the stage baseline to beat)',
      planted: round(baselineEce ?? NaN),
      estimate: modelEce,
      ci95: null,
      covered: modelEce !== null && baselineEce !== null && modelEce <= baselineEce + noise,
      method:
        'deal-weighted mean |predicted − observed| over ten probability bins; "matches" = within what chance gives a calibrated forecast on these bins',
      n: deals,
      note: `chance alone: ${noise.toFixed(3)}`,
    },
    {
      key: 'forecast:p10_p90_coverage',
      description: "The model's P10–P90 holds the quarter's actual bookings in most backtest quarters.",
      metric: `share_of_quarters_covered (planted = at least ${MIN_COVERAGE})`,
      planted: MIN_COVERAGE,
      estimate: s.p10_p90_coverage,
      ci95: null,
      covered: s.p10_p90_coverage !== null && s.p10_p90_coverage >= MIN_COVERAGE,
      method: `${covered} of ${periods.length} quarters inside P10–P90 (nominal 80%)`,
      n: periods.length,
      ...(periods.length ? {} : { note: 'no quarter had enough history to backtest' }),
    },
  ]
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4
