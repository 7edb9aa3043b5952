/**
 * The JSON the API speaks, as zod schemas: the server validates with them and
 * builds its OpenAPI document from them; the web app uses the inferred types.
 */
import { z } from 'zod'
import { USER_ROLES } from './records.js'

export const SessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  personId: z.string().nullable(),
})
export type SessionUser = z.infer<typeof SessionUserSchema>

export const LoginRequestSchema = z.object({
  email: z.string().trim().min(3, 'enter the email you sign in with'),
  password: z.string().min(1, 'enter your password'),
})
export type LoginRequest = z.infer<typeof LoginRequestSchema>

/** `csrfToken` is null when the caller authenticated with an API token (no cookie, so no CSRF). */
export const SessionResponseSchema = z.object({ user: SessionUserSchema, csrfToken: z.string().nullable() })
export type SessionResponse = z.infer<typeof SessionResponseSchema>

export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }),
})

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['duckdb', 'postgres']),
  schemaVersion: z.string(),
})

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const
export type DealStatus = (typeof DEAL_STATUSES)[number]

const Ci95Schema = z.tuple([z.number(), z.number()])

export const PipelineFiltersSchema = z.object({
  segment: z.string().optional(),
  region: z.string().optional(),
  ownerId: z.string().optional(),
})
export type PipelineFilters = z.infer<typeof PipelineFiltersSchema>

export const PipelineOverviewSchema = z.object({
  asOf: z.string(),
  totals: z.object({
    openDeals: z.number(),
    openAmountCents: z.number(),
    closedDeals: z.number(),
    wonDeals: z.number(),
    winRate: z.number().nullable(),
    winRateCi95: Ci95Schema.nullable(),
  }),
  openByStage: z.array(
    z.object({
      stageModelId: z.string(),
      stageModelName: z.string(),
      stageKey: z.string(),
      stageName: z.string(),
      position: z.number(),
      deals: z.number(),
      amountCents: z.number(),
    }),
  ),
  byQuarter: z.array(
    z.object({
      quarter: z.string(),
      closed: z.number(),
      won: z.number(),
      winRate: z.number().nullable(),
      ci95: Ci95Schema.nullable(),
      wonAmountCents: z.number(),
    }),
  ),
})
export type PipelineOverview = z.infer<typeof PipelineOverviewSchema>

export const DealListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  status: z.enum(DEAL_STATUSES).optional(),
  stageKey: z.string().optional(),
  /** Narrows `stageKey` to one stage model (two models may share a key). */
  stageModelId: z.string().optional(),
  ownerId: z.string().optional(),
  segment: z.string().optional(),
  region: z.string().optional(),
  q: z.string().optional(),
  sort: z.enum(['amount', 'closeDate', 'createdAt', 'name']).default('closeDate'),
  order: z.enum(['asc', 'desc']).default('desc'),
})
export type DealListQuery = z.infer<typeof DealListQuerySchema>

export const DealSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  kind: z.string(),
  stageModelId: z.string(),
  stageKey: z.string(),
  stageName: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  createdAt: z.string(),
  closeDate: z.string(),
  status: z.enum(DEAL_STATUSES),
  segment: z.string(),
  region: z.string(),
  competitor: z.string().nullable(),
  lossReason: z.string().nullable(),
})
export type DealSummary = z.infer<typeof DealSummarySchema>

export const DealListSchema = z.object({
  data: z.array(DealSummarySchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
})
export type DealList = z.infer<typeof DealListSchema>

export const DealDetailSchema = z.object({
  /** The server's today: the current stage's days run up to it. */
  asOf: z.string(),
  deal: DealSummarySchema,
  stageHistory: z.array(
    z.object({
      stageKey: z.string(),
      stageName: z.string(),
      enteredAt: z.string(),
      exitedAt: z.string().nullable(),
      /** Days in the stage; the current stage counts up to `asOf`. */
      days: z.number(),
    }),
  ),
  signals: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      value: z.string(),
      observedAt: z.string(),
      source: z.string(),
      evidence: z.string().nullable(),
      /** Budget signals: strong (prior spend, fresh funding, hypergrowth) or weak ("we'll find it in planning"). */
      strength: z.enum(['strong', 'weak']).nullable().optional(),
    }),
  ),
  stakeholders: z.array(
    z.object({ contactId: z.string(), name: z.string(), title: z.string(), roles: z.array(z.string()) }),
  ),
})
export type DealDetail = z.infer<typeof DealDetailSchema>

export const DealFiltersSchema = z.object({
  owners: z.array(z.object({ id: z.string(), name: z.string() })),
  stages: z.array(
    z.object({
      stageModelId: z.string(),
      stageModelName: z.string(),
      key: z.string(),
      name: z.string(),
      position: z.number(),
    }),
  ),
  segments: z.array(z.string()),
  regions: z.array(z.string()),
})
export type DealFilters = z.infer<typeof DealFiltersSchema>
