/**
 * Win patterns and cycle time: the deal outcomes the store hands the
 * analyses (point in time: only what was known on the as-of date), and the
 * JSON the analyses answer with (snake_case, as `revlab analyze … --json`
 * prints it and the API serves it).
 */
import { z } from 'zod'

export type DealOutcomeSignal = {
  key: string
  label: string
  group: string
  valueType: 'boolean' | 'category' | 'number'
}

export type DealOutcome = {
  id: string
  ownerId: string
  segment: string
  /** UTC date the deal was created. */
  createdOn: string
  /** Close date for closed deals (on or before asOf); ignored for open deals. */
  closeDate: string
  isClosed: boolean
  isWon: boolean
  amountCents: number
  /** The latest value of each signal observed on or before asOf ('true'/'false' for booleans). */
  signals: Record<string, string>
}

export type DealOutcomeInputs = { asOf: string; signals: DealOutcomeSignal[]; deals: DealOutcome[] }

export type DealOutcomeFilters = { segment?: string; since?: string; asOf: string }

const Ci = z.tuple([z.number(), z.number()])
const NullableCi = z.tuple([z.number().nullable(), z.number().nullable()])

/** Every estimate carries its interval, its n and how it was computed. */
export const EstimateSchema = z.object({
  estimate: z.number().nullable(),
  ci95: Ci.nullable(),
  n: z.number(),
  method: z.string(),
})
export type Estimate = z.infer<typeof EstimateSchema>

export const EVIDENCE_LEVELS = ['strong', 'moderate', 'inconclusive', 'thin'] as const
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number]

export const DaysToCloseSchema = z.object({
  median: z.number().nullable(),
  ci95: NullableCi,
  n: z.number(),
  events: z.number(),
})

export const SignalPatternSchema = z.object({
  key: z.string(),
  label: z.string(),
  group: z.string(),
  value: z.string(),
  n: z.number(),
  wins: z.number(),
  open: z.number(),
  win_rate: EstimateSchema,
  shrunk_win_rate: EstimateSchema,
  win_rate_without: EstimateSchema,
  lift: z.object({ estimate: z.number().nullable(), ci95: Ci.nullable() }),
  p_value: z.number().nullable(),
  q_value: z.number().nullable(),
  evidence: z.enum(EVIDENCE_LEVELS),
  days_to_close: DaysToCloseSchema,
})
export type SignalPattern = z.infer<typeof SignalPatternSchema>

export const CombinationPatternSchema = z.object({
  items: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
  n: z.number(),
  wins: z.number(),
  win_rate: EstimateSchema,
  lift: z.object({ estimate: z.number().nullable(), ci95: Ci.nullable() }),
  p_value: z.number(),
  q_value: z.number(),
  survives_correction: z.boolean(),
  evidence: z.enum(EVIDENCE_LEVELS),
  days_to_close: DaysToCloseSchema,
})
export type CombinationPattern = z.infer<typeof CombinationPatternSchema>

export const ModelTermSchema = z.object({
  term: z.string(),
  key: z.string(),
  value: z.string(),
  ratio: EstimateSchema,
  p_value: z.number(),
  q_value: z.number(),
  evidence: z.enum(EVIDENCE_LEVELS),
})
export type ModelTerm = z.infer<typeof ModelTermSchema>

export const WinPatternModelSchema = z.object({
  logistic: z
    .object({
      method: z.string(),
      n: z.number(),
      l2: z.number(),
      in_sample_auc: z.number().nullable(),
      terms: z.array(ModelTermSchema),
    })
    .nullable(),
  cox: z
    .object({ method: z.string(), n: z.number(), events: z.number(), terms: z.array(ModelTermSchema) })
    .nullable(),
  note: z.string(),
})

export const KaplanMeierPointSchema = z.object({
  t: z.number(),
  s: z.number(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
})

export const WinPatternCurvesSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string(),
  with: z.array(KaplanMeierPointSchema),
  without: z.array(KaplanMeierPointSchema),
  log_rank_p: z.number().nullable(),
})

export const WinPatternsSchema = z.object({
  as_of: z.string(),
  filters: z.object({ segment: z.string().nullable(), since: z.string().nullable() }),
  closed_deals: z.number(),
  open_deals: z.number(),
  base_rate: EstimateSchema,
  min_support: z.number(),
  signals: z.array(SignalPatternSchema),
  combinations: z.array(CombinationPatternSchema),
  combinations_tested: z.number(),
  combination_guard: z.string(),
  model: WinPatternModelSchema,
  sentences: z.array(z.string()),
  curves: WinPatternCurvesSchema.nullable(),
})
export type WinPatterns = z.infer<typeof WinPatternsSchema>

export const WinPatternsQuerySchema = z.object({
  segment: z.string().optional(),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'since is YYYY-MM-DD')
    .optional(),
  curve: z.string().optional(),
})

export const CycleTimeGroupSchema = z.object({
  key: z.string(),
  value: z.string(),
  n: z.number(),
  events: z.number(),
  median_days: z.number().nullable(),
  ci95: NullableCi,
  curve: z.array(KaplanMeierPointSchema),
})

export const CycleTimeSchema = z.object({
  as_of: z.string(),
  by: z.string().nullable(),
  method: z.string(),
  groups: z.array(CycleTimeGroupSchema),
  log_rank: z.object({ chisq: z.number(), df: z.number(), p_value: z.number() }).nullable(),
  cumulative_win: z.object({
    method: z.string(),
    n: z.number(),
    by_day: z.array(
      z.object({ day: z.number(), won: EstimateSchema, lost: z.number(), still_open: z.number() }),
    ),
  }),
  sentences: z.array(z.string()),
})
export type CycleTime = z.infer<typeof CycleTimeSchema>

export const CycleTimeQuerySchema = z.object({
  by: z.string().optional(),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'asOf is YYYY-MM-DD')
    .optional(),
  segment: z.string().optional(),
})
