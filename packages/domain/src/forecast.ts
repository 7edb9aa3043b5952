/**
 * The forecast: per open deal a win probability (a model fitted on what was
 * known at the time) and a chance of closing in the period (conditional
 * survival), the period's bookings as a simulated distribution, and a
 * point-in-time backtest against the CRM's stage-probability forecast. The
 * JSON `revlab analyze forecast --json` prints and the API serves.
 */
import { z } from 'zod'

export const PERIOD_PATTERN = /^\d{4}-Q[1-4]$/

export const BookingsDistributionSchema = z.object({
  /** Won in the period before the as-of date (already booked). */
  booked_cents: z.number(),
  /** Expected from the open pipeline: Σ P(win) × P(close in period) × amount. */
  pipeline_expected_cents: z.number(),
  /** Expected from deals not yet created, resampled from the same part of past quarters. */
  new_deals_expected_cents: z.number(),
  expected_cents: z.number(),
  p10_cents: z.number(),
  p50_cents: z.number(),
  p90_cents: z.number(),
  /** The CRM's forecast: booked + Σ stage probability × amount over the open pipeline. */
  stage_baseline_cents: z.number(),
  /** Bookings quotas of the period (null when nobody here carries one). */
  target_cents: z.number().nullable(),
  /** The quota carriers' own bookings, median of the simulation (what the target is measured against); null without a target. */
  carriers_p50_cents: z.number().nullable(),
  /** P(the quota carriers' bookings reach their quotas); null without a target. */
  probability_of_target: z.number().nullable(),
})
export type BookingsDistribution = z.infer<typeof BookingsDistributionSchema>

export const ForecastDealSchema = z.object({
  id: z.string(),
  owner_id: z.string(),
  owner_name: z.string(),
  team: z.string(),
  kind: z.string(),
  stage: z.string(),
  amount_cents: z.number(),
  age_days: z.number(),
  win_probability: z.number(),
  close_in_period_probability: z.number(),
  /** P(won within the period) = win × close-in-period (taken as independent). */
  period_win_probability: z.number(),
  expected_cents: z.number(),
  /** The median remaining time to close given the deal's age, as a date; null beyond the data. */
  expected_close_date: z.string().nullable(),
  stage_probability: z.number(),
})
export type ForecastDeal = z.infer<typeof ForecastDealSchema>

export const CalibrationPointSchema = z.object({
  lo: z.number(),
  hi: z.number(),
  n: z.number(),
  mean_predicted: z.number(),
  observed_rate: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
})

export const BacktestPeriodSchema = z.object({
  period: z.string(),
  as_of: z.string(),
  status: z.enum(['ok', 'insufficient-data']),
  note: z.string(),
  open_deals: z.number(),
  actual_cents: z.number(),
  /** Won in the period from deals open on its first day (what both forecasts speak for). */
  actual_from_pipeline_cents: z.number(),
  model: z.object({
    expected_cents: z.number(),
    pipeline_expected_cents: z.number(),
    p10_cents: z.number(),
    p50_cents: z.number(),
    p90_cents: z.number(),
    covered: z.boolean(),
    error_cents: z.number(),
    pipeline_error_cents: z.number(),
    brier: z.number().nullable(),
  }),
  baseline: z.object({ expected_cents: z.number(), error_cents: z.number(), brier: z.number().nullable() }),
})
export type BacktestPeriod = z.infer<typeof BacktestPeriodSchema>

export const ForecastSchema = z.object({
  as_of: z.string(),
  period: z.object({ key: z.string(), start: z.string(), end: z.string() }),
  team: z.string().nullable(),
  method: z.object({
    win_model: z.string(),
    survival: z.string(),
    simulation: z.string(),
    baseline: z.string(),
    replicates: z.number(),
    seed: z.number(),
  }),
  model: z.object({
    status: z.enum(['ok', 'insufficient-data']),
    training_rows: z.number(),
    training_deals: z.number(),
    snapshots: z.number(),
    note: z.string(),
  }),
  open_deals: z.number(),
  deals: z.array(ForecastDealSchema),
  bookings: z.object({
    total: BookingsDistributionSchema,
    by_team: z.array(BookingsDistributionSchema.extend({ team: z.string() })),
    by_rep: z.array(
      BookingsDistributionSchema.extend({ person_id: z.string(), name: z.string(), team: z.string() }),
    ),
    /** The simulated total as a histogram, for the chart. */
    histogram: z.array(z.object({ lo_cents: z.number(), hi_cents: z.number(), probability: z.number() })),
  }),
  backtest: z.object({
    periods: z.array(BacktestPeriodSchema),
    summary: z.object({
      periods: z.number(),
      skipped_periods: z.array(z.string()),
      model_brier: z.number().nullable(),
      baseline_brier: z.number().nullable(),
      model_mean_abs_error_cents: z.number().nullable(),
      model_pipeline_mean_abs_error_cents: z.number().nullable(),
      baseline_mean_abs_error_cents: z.number().nullable(),
      p10_p90_coverage: z.number().nullable(),
      model_beats_baseline: z.boolean().nullable(),
      verdict: z.string(),
    }),
    calibration: z.object({
      model: z.array(CalibrationPointSchema),
      baseline: z.array(CalibrationPointSchema),
    }),
  }),
  sentences: z.array(z.string()),
})
export type Forecast = z.infer<typeof ForecastSchema>

export const ForecastQuerySchema = z.object({
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'asOf is YYYY-MM-DD')
    .optional(),
  period: z.string().regex(PERIOD_PATTERN, 'period is YYYY-Qn').optional(),
  team: z.string().optional(),
})
