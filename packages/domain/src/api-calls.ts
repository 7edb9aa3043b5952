/**
 * The calls API (call intelligence, issue 5): list, one call with its
 * transcript, evidence, scorecard and summary, and rep behaviour trends.
 */
import { z } from 'zod'

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')

export const CALL_METHODOLOGIES = ['meddpicc', 'discovery'] as const
export type CallMethodologyKey = (typeof CALL_METHODOLOGIES)[number]

export const CallListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  ownerId: z.string().optional(),
  dealId: z.string().optional(),
  accountId: z.string().optional(),
  /** First day (UTC) included. */
  from: isoDay.optional(),
  /** Last day (UTC) included. */
  to: isoDay.optional(),
  /** Words in the title, deal or account name, or anything said on the call. */
  q: z.string().optional(),
  /** Only calls where this evidence kind was found (e.g. `economic_buyer`). */
  evidence: z.string().optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
})
export type CallListQuery = z.infer<typeof CallListQuerySchema>

export const CallSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  startedAt: z.string(),
  durationS: z.number().nullable(),
  source: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dealId: z.string().nullable(),
  dealName: z.string().nullable(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  /** Internal share of words, 0-1; null when not analysed or sides unknown. */
  talkRatio: z.number().nullable(),
  questions: z.number().nullable(),
  openQuestions: z.number().nullable(),
  /** Distinct evidence kinds found on the call, sorted. */
  evidenceKinds: z.array(z.string()),
})
export type CallSummary = z.infer<typeof CallSummarySchema>

export const CallListSchema = z.object({
  data: z.array(CallSummarySchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
})
export type CallList = z.infer<typeof CallListSchema>

const NamedSchema = z.object({ id: z.string(), name: z.string() })

export const CallFiltersSchema = z.object({
  owners: z.array(NamedSchema),
  accounts: z.array(NamedSchema),
  evidenceKinds: z.array(z.string()),
  methodologies: z.array(z.object({ key: z.string(), name: z.string() })),
})
export type CallFilters = z.infer<typeof CallFiltersSchema>

export const CallDetailQuerySchema = z.object({
  methodology: z.enum(CALL_METHODOLOGIES).default('meddpicc'),
})
export type CallDetailQuery = z.infer<typeof CallDetailQuerySchema>

const SideSchema = z.enum(['internal', 'external', 'unknown'])

/** Where a sentence sits: utterance index (`turn`), sentence index within it, ms offset when timed. */
const PositionSchema = z.object({ turn: z.number(), sentence: z.number(), ms: z.number().nullable() })

export const CallDetailSchema = z.object({
  call: CallSummarySchema.extend({ metadata: z.record(z.string(), z.string()) }),
  /** The transcript: one entry per stored utterance, split into the sentences positions refer to. */
  utterances: z.array(
    z.object({
      seq: z.number(),
      speaker: z.string(),
      side: SideSchema,
      startMs: z.number().nullable(),
      endMs: z.number().nullable(),
      sentences: z.array(z.string()),
    }),
  ),
  speakers: z.array(
    z.object({
      name: z.string(),
      side: SideSchema,
      turns: z.number(),
      words: z.number(),
      talkShare: z.number().nullable(),
      speakingS: z.number().nullable(),
      questions: z.number(),
      openQuestions: z.number(),
      longestMonologueWords: z.number(),
    }),
  ),
  metrics: z.object({
    talkRatio: z.number().nullable(),
    interactivity: z.number(),
    questions: z.number(),
    openQuestions: z.number(),
    longestMonologueWords: z.number(),
    painUncovered: z.boolean(),
    valueBeforePrice: z.boolean().nullable(),
    durationS: z.number().nullable(),
  }),
  evidence: z.array(
    z.object({ kind: z.string(), text: z.string(), speaker: z.string(), position: PositionSchema }),
  ),
  questions: z.array(
    z.object({ speaker: z.string(), text: z.string(), open: z.boolean(), position: PositionSchema }),
  ),
  entities: z.object({
    money: z.array(z.string()),
    timeframes: z.array(z.string()),
    organizations: z.array(z.string()),
    titles: z.array(z.string()),
  }),
  summary: z.array(z.string()),
  actionItems: z.array(
    z.object({ text: z.string(), owner: z.string(), due: z.string().nullable(), position: PositionSchema }),
  ),
  scorecard: z.object({
    methodology: z.string(),
    key: z.enum(CALL_METHODOLOGIES),
    score: z.number(),
    passed: z.boolean(),
    items: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        weight: z.number(),
        met: z.boolean(),
        evidence: z.array(z.object({ speaker: z.string(), text: z.string(), turn: z.number() })),
        value: z.number().nullable(),
      }),
    ),
  }),
})
export type CallDetail = z.infer<typeof CallDetailSchema>

export const CallTrendsQuerySchema = z.object({
  period: z.enum(['week', 'month']).default('month'),
  ownerId: z.string().optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
})
export type CallTrendsQuery = z.infer<typeof CallTrendsQuerySchema>

const BehaviorPointSchema = z.object({
  period: z.string(),
  calls: z.number(),
  talkRatio: z.number().nullable(),
  openQuestionsPerCall: z.number(),
  questionsPerCall: z.number(),
})
const BehaviorSeriesSchema = z.object({
  key: z.string(),
  name: z.string(),
  points: z.array(BehaviorPointSchema),
})

export const CallTrendsSchema = z.object({
  status: z.enum(['ok', 'insufficient-data']),
  period: z.enum(['week', 'month']),
  team: BehaviorSeriesSchema,
  reps: z.array(BehaviorSeriesSchema),
})
export type CallTrends = z.infer<typeof CallTrendsSchema>
